import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { asWorker } from './dynamo-requests.js';
import { retryScale } from './local-queue.js';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** What local mode copies of a deployed queue. */
export interface DeployedQueueShape {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

/**
 * Local mode's stand-in for an SQS queue with a Lambda consumer: runs the
 * real handler for each message after its delay, one record per event. A
 * message the handler reports failed comes back after the visibility
 * timeout, scaled like the message queue's, up to the deployed number of
 * receives; then it is dropped with a line on stderr, as SQS would park it
 * in the dead-letter queue.
 */
export class InProcessSqsQueue {
  /** Each waiting message's timer, with when it is due (epoch ms). */
  private readonly timers = new Map<NodeJS.Timeout, number>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;
  /** Messages handed to the handler so far (receives, retries included). */
  received = 0;

  constructor(
    /** What a message is, for the line on stderr ("Webhook job"). */
    private readonly what: string,
    private readonly deployed: DeployedQueueShape,
    private readonly handler: () => Promise<SqsHandler>,
  ) {}

  send(body: string, delayMs: number): void {
    this.schedule(body, delayMs, 1);
  }

  /** Resolves once no message is being handled and none is due within `withinMs` (default: none waits at all). */
  async settled(withinMs = Number.POSITIVE_INFINITY): Promise<void> {
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
    this.received += 1;
    let failed = false;
    try {
      const handler = await this.handler();
      const record = { messageId: randomUUID(), body, attributes: { ApproximateReceiveCount: String(receive) } };
      failed = (await asWorker(() => handler({ Records: [record] } as unknown as SQSEvent))).batchItemFailures.length > 0;
    } catch {
      failed = true;
    } finally {
      this.running -= 1;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
    if (!failed) return;
    if (receive >= this.deployed.maxReceiveCount) {
      console.error(`${this.what} dropped after ${receive} receives (the deployed queue would dead-letter it): ${body}`);
      return;
    }
    this.schedule(body, Math.round(this.deployed.visibilityTimeoutSeconds * 1000 * retryScale()), receive + 1);
  }
}
