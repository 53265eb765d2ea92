import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalWebhookQueue } from '#shared/domain/webhooks/queue.js';
import { asWorker } from './dynamo-requests.js';
import { retryScale } from './local-queue.js';

type SenderHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The deployed webhook queue (infra/constructs/change-events.ts), which local
 * mode mirrors; test/infra/local-queue-parity.test.ts fails if they drift.
 */
export const DEPLOYED_WEBHOOK_QUEUE = { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 } as const;

/**
 * Local mode's stand-in for the webhook queue: runs the real webhook-sender
 * handler for each job after its delay. A job the handler reports failed
 * (StaffGate's own failure, not the receiver's) comes back after the
 * visibility timeout, scaled like the message queue's, up to the deployed
 * number of receives; then it is dropped with a line on stderr, as SQS
 * would park it in the dead-letter queue.
 */
export class InProcessWebhookQueue implements LocalWebhookQueue {
  /** Each waiting job's timer, with when it is due (epoch ms). */
  private readonly timers = new Map<NodeJS.Timeout, number>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly sender: () => Promise<SenderHandler>) {}

  send(body: string, delayMs: number): void {
    this.schedule(body, delayMs, 1);
  }

  /** Resolves once no job is running and none is due within `withinMs`. */
  async settled(withinMs: number): Promise<void> {
    for (;;) {
      const horizon = Date.now() + withinMs;
      if (this.running === 0 && ![...this.timers.values()].some((dueAt) => dueAt <= horizon)) return;
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 25);
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private schedule(body: string, delayMs: number, receive: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(body, receive);
    }, delayMs);
    this.timers.set(timer, Date.now() + delayMs);
  }

  private async run(body: string, receive: number): Promise<void> {
    if (this.stopped) return;
    this.running += 1;
    let failed = false;
    try {
      const handler = await this.sender();
      const messageId = randomUUID();
      const result = await asWorker(() => handler({ Records: [{ messageId, body, attributes: { ApproximateReceiveCount: String(receive) } }] } as unknown as SQSEvent));
      failed = result.batchItemFailures.length > 0;
    } catch {
      failed = true;
    } finally {
      this.running -= 1;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
    if (!failed) return;
    if (receive >= DEPLOYED_WEBHOOK_QUEUE.maxReceiveCount) {
      console.error(`Webhook job dropped after ${receive} receives (the deployed queue would dead-letter it): ${body}`);
      return;
    }
    this.schedule(body, Math.round(DEPLOYED_WEBHOOK_QUEUE.visibilityTimeoutSeconds * 1000 * retryScale()), receive + 1);
  }
}
