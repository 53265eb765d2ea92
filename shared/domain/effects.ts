import { secretBox } from '../clients/secret-box.js';
import { clock } from '../clock.js';
import { newId } from '../crypto/tokens.js';
import { auditPut } from '../data/repositories/audit.js';
import { clientOutboxStep, outboxStep } from '../data/repositories/outbox.js';
import type { Step } from '../data/transaction.js';
import type { OutboxJob, OutgoingMessage } from '../messages/message.js';
import { type AuditInput, auditEvent } from './audit/audit.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from './tenants/settings.js';
import { recentTenantSettings } from './tenants/settings-cache.js';

/**
 * What a change records and sends besides itself: its audit events and the
 * messages it sends. Every mutation hands these to the repository write that
 * makes the change, which commits them in the same TransactWriteItems — so a
 * change, its events and its messages commit together or not at all, and a
 * failure answers without anything having been sent.
 */
export interface Effects {
  audit?: AuditInput[];
  messages?: { message: OutgoingMessage; accountId?: string }[];
}

/** A message's content is sealed under its own id: it may hold a PIN or a token. */
export const outboxContext = (messageId: string) => `outbox:${messageId}`;

/**
 * `settings`: the salon's settings when the caller already read them (PIN
 * entry reads the tenant in its batch read); otherwise each event's retention
 * comes from the settings cache, which may cost a read once a minute.
 */
export async function effectSteps(effects: Effects, settings?: { auditRetentionDays?: number | undefined }): Promise<Step[]> {
  const steps: Step[] = [];
  for (const input of effects.audit ?? []) {
    const known = settings ?? (await recentTenantSettings(input.tenantId));
    const retentionDays = known?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    steps.push({ item: { Put: auditPut(auditEvent(input, retentionDays)) }, onFail: () => new Error('audit event id collision') });
  }
  for (const { message, accountId } of effects.messages ?? []) {
    const messageId = newId('msg');
    const nowMs = clock.nowMs();
    steps.push(
      outboxStep(
        {
          messageId,
          kind: message.kind,
          channel: message.channel,
          ...(message.tenantId ? { tenantId: message.tenantId } : {}),
          ...(message.staffId ? { staffId: message.staffId } : {}),
          sealed: await secretBox().seal(JSON.stringify(message), outboxContext(messageId)),
          createdAt: new Date(nowMs).toISOString(),
          ttl: Math.ceil(nowMs / 1000) + 86_400,
        },
        accountId,
      ),
    );
  }
  return steps;
}

/**
 * The outbox item of a job (see OutboxJob) a client asked for: sealed under
 * its own id like a message (a job may name a login), delivered by the same
 * stream, which runs it instead of queueing it.
 */
export async function clientJobStep(job: OutboxJob, sourceIp: string): Promise<Step> {
  const messageId = newId('msg');
  const nowMs = clock.nowMs();
  return clientOutboxStep(
    {
      messageId,
      kind: job.kind,
      channel: job.channel,
      sealed: await secretBox().seal(JSON.stringify(job), outboxContext(messageId)),
      createdAt: new Date(nowMs).toISOString(),
      ttl: Math.ceil(nowMs / 1000) + 86_400,
    },
    sourceIp,
  );
}
