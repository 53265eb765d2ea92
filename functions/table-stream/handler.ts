import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { secretBox } from '#shared/clients/secret-box.js';
import type { OutboxMessageAttributes } from '#shared/data/entities.js';
import { outboxContext } from '#shared/domain/effects.js';
import { logger } from '#shared/logger.js';
import type { OutgoingMessage } from '#shared/messages/message.js';
import { enqueueMessage } from '#shared/messages/queue.js';

/**
 * Consumes the table's stream. An outbox item appears here only once the
 * transaction that wrote it (with the change and its audit event) has
 * committed; its message is opened and handed to the message queue, whose
 * consumer sends it with retries and a dead-letter queue. A record that
 * fails is reported, so the stream retries from it (at least once: a message
 * may rarely be queued twice, never lost).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'outboxMessage') continue;
    try {
      const outbox = unmarshall(image as Record<string, AttributeValue>) as OutboxMessageAttributes;
      const message = JSON.parse(await secretBox().open(outbox.sealed, outboxContext(outbox.messageId))) as OutgoingMessage;
      await enqueueMessage(message);
      logger.info('Message queued', { messageId: outbox.messageId, kind: outbox.kind, channel: outbox.channel });
    } catch (error) {
      logger.error('Outbox message not queued; the stream will retry', { error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      // Stream records of a shard are ordered: nothing after a failure may be reported as done.
      break;
    }
  }
  return { batchItemFailures };
}
