import type { LocalWebhookQueue } from '#shared/domain/webhooks/queue.js';
import { InProcessSqsQueue, type SqsHandler } from './in-process-sqs.js';

/**
 * The deployed webhook queue (infra/constructs/change-events.ts), which local
 * mode mirrors; test/infra/local-queue-parity.test.ts fails if they drift.
 */
export const DEPLOYED_WEBHOOK_QUEUE = { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 } as const;

/**
 * Local mode's stand-in for the webhook queue: the real webhook-sender
 * handler for each job after its delay. A job it reports failed is
 * StaffGate's own failure, not the receiver's (the receiver's are retried
 * by the delivery's own schedule).
 */
export class InProcessWebhookQueue extends InProcessSqsQueue implements LocalWebhookQueue {
  constructor(sender: () => Promise<SqsHandler>) {
    super('Webhook job', DEPLOYED_WEBHOOK_QUEUE, sender);
  }
}
