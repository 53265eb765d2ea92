import { AsyncResource } from 'node:async_hooks';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../../clients/sqs.js';
import { config } from '../../config.js';

/** A slice of an import job to run: the job's key and when the message was sent (epoch ms). */
export interface ImportSliceMessage {
  tenantId: string;
  importId: string;
  sentAt: number;
}

/** Local mode's stand-in for the import queue: runs the staff-import handler after the delay. */
export interface LocalImportQueue {
  send(body: string, delayMs: number): void;
}

let localQueue: { queue: LocalImportQueue; scope: AsyncResource } | undefined;

export function useLocalImportQueue(queue: LocalImportQueue): void {
  // Sends come from inside requests; a worker must not run in the request's context (its Idempotency-Key marker), so sends run in this one.
  localQueue = { queue, scope: new AsyncResource('LocalImportQueue') };
}

export async function enqueueImportSlice(job: { tenantId: string; importId: string }, delayMs = 0): Promise<void> {
  const body = JSON.stringify({ tenantId: job.tenantId, importId: job.importId, sentAt: Date.now() } satisfies ImportSliceMessage);
  const queueUrl = config().staffImportQueueUrl;
  if (queueUrl) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: Math.ceil(delayMs / 1000) }));
    return;
  }
  if (!localQueue) throw new Error('No staff import queue configured: set STAFF_IMPORT_QUEUE_URL');
  const { queue, scope } = localQueue;
  scope.runInAsyncScope(() => queue.send(body, delayMs));
}
