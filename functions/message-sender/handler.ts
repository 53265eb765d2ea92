import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '#shared/logger.js';
import { deliver } from '#shared/messages/deliver.js';
import type { OutgoingMessage } from '#shared/messages/message.js';

/**
 * Consumes the message queue. A record that fails is reported back so SQS
 * retries only that one; after the queue's maxReceiveCount it moves to the
 * dead-letter queue, where an alarm watches it. Nothing is dropped silently.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as OutgoingMessage;
      await deliver(message);
      logger.info('Message sent', { kind: message.kind, channel: message.channel, messageId: record.messageId });
    } catch (error) {
      logger.error('Message not sent; will retry', { messageId: record.messageId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
