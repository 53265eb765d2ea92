import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliver } from '#shared/domain/webhooks/deliveries.js';
import type { DeliveryJob } from '#shared/domain/webhooks/queue.js';
import { logger } from '#shared/logger.js';

/**
 * Consumes the webhook queue: one attempt per message (see `deliver`). A
 * receiver that fails is not an error here — its next attempt is queued
 * with a delay. Only StaffGate's own failures (the table, the key) report
 * the message, which SQS then hands over again, and after its receives
 * parks in the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const job = JSON.parse(record.body) as DeliveryJob;
      await deliver({ pk: job.pk, sk: job.sk });
    } catch (error) {
      logger.error('Webhook delivery not attempted; the queue will retry', { error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
