import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AuditEventAttributes } from '#shared/data/repositories/audit.js';
import { fanOut } from '#shared/domain/webhooks/deliveries.js';
import { CHANGE_ACTIONS, type ChangeEvent, changeEventOf, WEBHOOK_ONLY_TYPES } from '#shared/events/change-events.js';
import { EventsNotPutError, publishEvents } from '#shared/events/publish.js';
import { logger } from '#shared/logger.js';

/**
 * Consumes the table's stream for change events: each of StaffGate's own
 * audit events that records a change hosts follow becomes one event, put on
 * the region's bus and delivered to the salon's webhooks. The stream carries
 * an audit event only once the transaction that wrote it (with its change)
 * has committed, so no event exists for a change that did not happen.
 *
 * A failure reports the record it stopped at, and the stream retries from
 * there: an event may be put twice (consumers de-duplicate by `id`), never
 * skipped. After the retries the record's position lands in a dead-letter
 * queue (infra/constructs/data.ts).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const changes: { event: ChangeEvent; sequence: string }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    // The event source mapping's filter, again: locally every record of the stream comes here.
    if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'auditEvent' || image.source?.S !== 'staffgate') continue;
    if (!CHANGE_ACTIONS.includes(image.action?.S ?? '')) continue;
    let change: ChangeEvent | undefined;
    try {
      change = changeEventOf(unmarshall(image as Record<string, AttributeValue>) as AuditEventAttributes);
    } catch (error) {
      logger.error('Audit record not readable; the stream will retry', { error: (error as Error).name, sequence });
      // What came before it is published first; this record and the rest come again.
      return publishAndDeliver(changes, sequence);
    }
    if (change) changes.push({ event: change, sequence });
  }
  return publishAndDeliver(changes, undefined);
}

/** Publishes and delivers `changes` in order; `stoppedAt`: a later record that failed, reported after them. */
async function publishAndDeliver(changes: { event: ChangeEvent; sequence: string }[], stoppedAt: string | undefined): Promise<DynamoDBBatchResponse> {
  const failure = (sequence: string | undefined) => ({ batchItemFailures: sequence === undefined ? [] : [{ itemIdentifier: sequence }] });
  if (changes.length === 0) return failure(stoppedAt);
  try {
    await publishEvents(changes.map((change) => change.event).filter((change) => !WEBHOOK_ONLY_TYPES.has(change.type)));
  } catch (error) {
    const firstFailed = error instanceof EventsNotPutError ? changes.find((change) => change.event.id === error.failed[0]?.id) : changes[0];
    logger.error('Change events not put on the bus; the stream will retry', { error: (error as Error).name });
    return failure((firstFailed ?? changes[0])?.sequence);
  }
  // Webhooks after the bus: a retry of this batch puts its events again (consumers de-duplicate) and finds its deliveries made.
  for (const [index, change] of changes.entries()) {
    try {
      await fanOut([change.event]);
    } catch (error) {
      logger.error('Webhook deliveries not queued; the stream will retry', { error: (error as Error).name, eventId: change.event.id });
      // Records of a shard are ordered: this one and everything after it come again.
      return failure(changes[index]?.sequence);
    }
  }
  logger.info('Change events published', { count: changes.length });
  return failure(stoppedAt);
}
