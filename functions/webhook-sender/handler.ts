import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliver } from '#shared/domain/webhooks/deliveries.js';
import type { DeliveryJob } from '#shared/domain/webhooks/queue.js';
import { logger } from '#shared/logger.js';

/**
 * Consumes the webhook queue: one attempt per message (see `deliver`), the
 * batch's messages side by side. A
 * receiver that fails is not an error here — its next attempt is queued
 * with a delay. Only StaffGate's own failures (the table, the key) report
 * the message, which SQS then hands over again, and after its receives
 * parks in the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  // Side by side: a batch takes one attempt's time (at most DELIVERY_TIMEOUT_MS), however many of its receivers hang.
  const outcomes = await Promise.allSettled(
    event.Records.map(async (record) => {
      const job = JSON.parse(record.body) as DeliveryJob;
      await deliver({ pk: job.pk, sk: job.sk });
    }),
  );
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') return;
    logger.error('Webhook delivery not attempted; the queue will retry', { error: (outcome.reason as Error).name });
    batchItemFailures.push({ itemIdentifier: event.Records[index]?.messageId ?? '' });
  });
  return { batchItemFailures };
}
