import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalImportQueue } from '#shared/domain/staff/import-queue.js';
import { asWorker } from './dynamo-requests.js';
import { retryScale } from './local-queue.js';

type ImportHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The deployed import queue (infra/constructs/staff-imports.ts), which local
 * mode mirrors; test/infra/staff-imports.test.ts fails if they drift.
 */
export const DEPLOYED_IMPORT_QUEUE = { visibilityTimeoutSeconds: 360, maxReceiveCount: 5 } as const;

/**
 * Local mode's stand-in for the staff import queue: runs the real
 * staff-import handler for each message after its delay. A message the
 * handler reports failed comes back after the visibility timeout, scaled
 * like the message queue's, up to the deployed number of receives; then it
 * is dropped with a line on stderr, as SQS would park it.
 */
export class InProcessImportQueue implements LocalImportQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  /** Messages handed to the handler so far (receives, retries included). */
  received = 0;

  constructor(private readonly worker: () => Promise<ImportHandler>) {}

  send(body: string, delayMs: number): void {
    this.schedule(body, delayMs, 1);
  }

  /** Resolves once no slice is running or waiting. */
  async settled(): Promise<void> {
    while (this.running > 0 || this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private schedule(body: string, delayMs: number, receive: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(body, receive);
    }, delayMs);
    this.timers.add(timer);
  }

  private async run(body: string, receive: number): Promise<void> {
    if (this.stopped) return;
    this.running += 1;
    this.received += 1;
    let failed = false;
    try {
      const handler = await this.worker();
      const record = { messageId: randomUUID(), body, attributes: { ApproximateReceiveCount: String(receive) } };
      failed = (await asWorker(() => handler({ Records: [record] } as unknown as SQSEvent))).batchItemFailures.length > 0;
    } catch {
      failed = true;
    } finally {
      this.running -= 1;
    }
    if (!failed) return;
    if (receive >= DEPLOYED_IMPORT_QUEUE.maxReceiveCount) {
      console.error(`Import slice dropped after ${receive} receives (the deployed queue would dead-letter it): ${body}`);
      return;
    }
    this.schedule(body, Math.round(DEPLOYED_IMPORT_QUEUE.visibilityTimeoutSeconds * 1000 * retryScale()), receive + 1);
  }
}
