import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requireEnv } from '#shared/config.js';
import type { Channel } from '#shared/data/entities.js';
import { putAuditEvent } from '#shared/data/repositories/audit.js';
import { auditEvent } from '#shared/domain/audit/audit.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '#shared/domain/tenants/settings.js';
import { recentTenantSettings } from '#shared/domain/tenants/settings-cache.js';
import { logger } from '#shared/logger.js';
import { deliver } from '#shared/messages/deliver.js';
import type { OutgoingMessage } from '#shared/messages/message.js';

/**
 * The queue's maxReceiveCount, given by the stack that sets it, so the two
 * cannot drift: a record failing on this receive goes to the dead-letter
 * queue next. Read at cold start, like the rest of the configuration.
 */
const MAX_RECEIVES = (() => {
  const raw = requireEnv('MESSAGE_MAX_RECEIVES');
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`MESSAGE_MAX_RECEIVES must be a positive integer, got ${raw}`);
  return value;
})();

const SERVICE: Record<Channel, string> = { email: 'SES', sms: 'SNS' };
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Why a send failed, fit for logs and a salon's audit trail: the error's code
 * or name only. Never its message, which SES fills with addresses.
 */
function failureReason(error: unknown, channel: Channel | undefined): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  const what = typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown error';
  if (!channel) return `unreadable message (${what})`;
  return NETWORK_CODES.has(what) ? `${SERVICE[channel]} unreachable (${what})` : `${SERVICE[channel]} refused or failed (${what})`;
}

interface RecordFailure {
  messageId: string;
  reason: string;
}

let failureObserver: ((failure: RecordFailure) => void) | undefined;

/**
 * Local mode only: SQS keeps no reason with a failed record, but the
 * in-process queue shows one with each retry and dead letter.
 */
export function observeFailures(observer: (failure: RecordFailure) => void): void {
  failureObserver = observer;
}

/**
 * Consumes the message queue. A record that fails is reported back so SQS
 * retries only that one; after the queue's maxReceiveCount it moves to the
 * dead-letter queue, where an alarm watches it. Nothing is dropped silently.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let message: OutgoingMessage | undefined;
    try {
      message = JSON.parse(record.body) as OutgoingMessage;
      await deliver(message);
      logger.info('Message sent', { kind: message.kind, channel: message.channel, messageId: record.messageId });
    } catch (error) {
      const reason = failureReason(error, message?.channel);
      failureObserver?.({ messageId: record.messageId, reason });
      await reportFailure(record, message, reason);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function reportFailure(record: SQSRecord, message: OutgoingMessage | undefined, reason: string): Promise<void> {
  // Lambda always sets it; an event built by hand without it counts as a first receive.
  const attempts = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  const facts = { messageId: record.messageId, kind: message?.kind, channel: message?.channel, attempts, maxReceives: MAX_RECEIVES, reason };
  if (attempts < MAX_RECEIVES) {
    logger.warn('Message not sent; the queue will retry it', facts);
    return;
  }
  logger.error('Message not sent on its last attempt; the queue moves it to the dead-letter queue', facts);
  if (!message?.tenantId) return;
  try {
    const retentionDays = (await recentTenantSettings(message.tenantId))?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    await putAuditEvent(
      auditEvent(
        {
          tenantId: message.tenantId,
          actor: { type: 'system', id: 'message-sender' },
          action: 'message.failed',
          ...(message.staffId ? { target: { type: 'staff', id: message.staffId } } : {}),
          details: { kind: message.kind, channel: message.channel, attempts, reason },
        },
        retentionDays,
      ),
    );
  } catch (error) {
    // Thrown, it would fail the whole batch and resend the messages that did go out.
    logger.error('Audit event message.failed not recorded', { messageId: record.messageId, error: (error as Error).name });
  }
}
