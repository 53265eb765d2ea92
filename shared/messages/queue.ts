import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs.js';
import { config } from '../config.js';
import type { OutgoingMessage } from './message.js';

/** Local mode's stand-in for SQS: the local server registers one that runs the message-sender handler. */
export interface LocalQueue {
  send(body: string): void;
}

let localQueue: LocalQueue | undefined;

export function useLocalQueue(queue: LocalQueue): void {
  localQueue = queue;
}

/**
 * Every message leaves through here. Deployed it goes to the encrypted SQS
 * queue, whose consumer retries and dead-letters failures; locally to the
 * same consumer through the local queue.
 */
export async function enqueueMessage(message: OutgoingMessage): Promise<void> {
  const body = JSON.stringify(message);
  const queueUrl = config().messageQueueUrl;
  if (queueUrl) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    return;
  }
  if (!localQueue) throw new Error('No message queue configured: set MESSAGE_QUEUE_URL');
  localQueue.send(body);
}
