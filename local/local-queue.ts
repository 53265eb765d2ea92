import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalQueue } from '#shared/messages/queue.js';

type SqsHandler = (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/** Deployed: maxReceiveCount of the queue's redrive policy. */
const MAX_RECEIVES = 5;

/**
 * Local stand-in for SQS + the event source mapping: each message is handed
 * to the real message-sender handler in an SQS event; failed ones are
 * redelivered, then kept as dead letters, never dropped silently.
 */
export class InProcessQueue implements LocalQueue {
  private readonly inFlight = new Set<Promise<void>>();
  readonly deadLetters: { body: string; failedAt: string }[] = [];

  constructor(private readonly consumer: () => Promise<SqsHandler>) {}

  send(body: string): void {
    const delivery = this.deliver(body).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves when every message sent so far has been delivered or dead-lettered. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(body: string): Promise<void> {
    const handler = await this.consumer();
    const messageId = randomUUID();
    for (let receive = 1; receive <= MAX_RECEIVES; receive += 1) {
      const record = { messageId, body, attributes: { ApproximateReceiveCount: String(receive) } } as unknown as SQSRecord;
      try {
        const { batchItemFailures } = await handler({ Records: [record] });
        if (batchItemFailures.length === 0) return;
      } catch {
        // A thrown handler fails the whole batch, as with SQS; retried below.
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * receive));
    }
    this.deadLetters.push({ body, failedAt: new Date().toISOString() });
    console.error(`Message ${messageId} moved to the local dead-letter list after ${MAX_RECEIVES} attempts`);
  }
}
