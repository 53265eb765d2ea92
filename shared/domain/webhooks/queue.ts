import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../../clients/sqs.js';
import { config } from '../../config.js';

/** A delivery to attempt: the key of its item, nothing else (the payload and the secret stay in the table). */
export interface DeliveryJob {
  pk: string;
  sk: string;
}

/** SQS delays a message by at most 15 minutes; a later attempt is re-queued until it is due. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** Local mode's stand-in for the webhook queue: runs the webhook-sender handler after the delay. */
export interface LocalWebhookQueue {
  send(body: string, delayMs: number): void;
}

let localQueue: LocalWebhookQueue | undefined;

export function useLocalWebhookQueue(queue: LocalWebhookQueue): void {
  localQueue = queue;
}

export async function enqueueDelivery(job: DeliveryJob, delayMs = 0): Promise<void> {
  const body = JSON.stringify({ pk: job.pk, sk: job.sk });
  const queueUrl = config().webhookQueueUrl;
  if (queueUrl) {
    const DelaySeconds = Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds }));
    return;
  }
  if (!localQueue) throw new Error('No webhook queue configured: set WEBHOOK_QUEUE_URL');
  localQueue.send(body, Math.max(0, delayMs));
}
