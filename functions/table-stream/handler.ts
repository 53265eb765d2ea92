import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { secretBox } from '#shared/clients/secret-box.js';
import type { OutboxMessageAttributes } from '#shared/data/entities.js';
import { outboxContext } from '#shared/domain/effects.js';
import { logger } from '#shared/logger.js';
import { isJob, type OutboxContent, type OutboxJob } from '#shared/messages/message.js';
import { issuePasswordReset } from '#shared/messages/password-reset-job.js';
import { enqueueMessage } from '#shared/messages/queue.js';

/** Runs a job (see OutboxJob); `jobId` is its outbox item's id. Each kind is safe to run twice. */
async function runJob(job: OutboxJob, jobId: string): Promise<void> {
  switch (job.kind) {
    case 'password_reset_request':
      return issuePasswordReset(job, jobId);
  }
}

/**
 * Consumes the table's stream. An outbox item appears here only once the
 * transaction that wrote it (with the change and its audit event) has
 * committed; its message is opened and handed to the message queue, whose
 * consumer sends it with retries and a dead-letter queue. A job (work a
 * request leaves for after its answer, such as looking up the login of a
 * password-reset request) is opened the same way and run here; the messages
 * it commits come back through this stream. A record that fails is
 * reported, so the stream retries from it (at least once: a message may
 * rarely be queued twice, never lost; a job run twice does its work once).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'outboxMessage') continue;
    try {
      const outbox = unmarshall(image as Record<string, AttributeValue>) as OutboxMessageAttributes;
      const content = JSON.parse(await secretBox().open(outbox.sealed, outboxContext(outbox.messageId))) as OutboxContent;
      if (isJob(content)) {
        await runJob(content, outbox.messageId);
        logger.info('Job done', { messageId: outbox.messageId, kind: outbox.kind });
        continue;
      }
      await enqueueMessage(content);
      logger.info('Message queued', { messageId: outbox.messageId, kind: outbox.kind, channel: outbox.channel });
    } catch (error) {
      // The error's name only: a message could carry what the item holds.
      logger.error('Outbox item not handled; the stream will retry', { kind: image.kind?.S, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      // Stream records of a shard are ordered: nothing after a failure may be reported as done.
      break;
    }
  }
  return { batchItemFailures };
}
