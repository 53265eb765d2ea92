import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { clock } from '#shared/clock.js';
import type { OutgoingMessage } from '#shared/messages/message.js';
import type { LocalQueue } from '#shared/messages/queue.js';
import { asWorker } from './dynamo-requests.js';

/**
 * The deployed message queue (infra/constructs/messaging.ts), which local
 * mode mirrors; test/infra/local-queue-parity.test.ts fails if they drift.
 */
export const DEPLOYED_QUEUE = { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 } as const;

/** LOCAL_RETRY_SCALE's default: 180 s between attempts become 0.9 s, the whole schedule 3.6 s. */
export const DEFAULT_RETRY_SCALE = 0.005;

export function retryScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LOCAL_RETRY_SCALE;
  if (raw === undefined || raw === '') return DEFAULT_RETRY_SCALE;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`LOCAL_RETRY_SCALE must be a positive number, got ${raw}`);
  return value;
}

/**
 * When each receive after the first comes, in ms after the one before. SQS
 * has no backoff of its own and the sender asks for none: a failed record
 * reappears when its visibility timeout, counted from its receive, runs out.
 * So the deployed schedule is evenly spaced, and so is this one.
 */
export function retrySchedule(scale: number, queue: { visibilityTimeoutSeconds: number; maxReceiveCount: number } = DEPLOYED_QUEUE): number[] {
  return Array.from({ length: queue.maxReceiveCount - 1 }, () => Math.round(queue.visibilityTimeoutSeconds * 1000 * scale));
}

/** A message that was not delivered, without its text: kind, address and the secret it carried, for local scripts. */
export interface DeadLetter {
  messageId: string;
  kind: string;
  channel: string;
  to: string;
  failedAt: string;
  attempts: number;
  reason: string;
  pin?: string;
  token?: string;
}

/** A message between two attempts. */
export interface Retrying extends Omit<DeadLetter, 'failedAt'> {
  lastFailedAt: string;
  nextAttemptAt: string;
}

type SenderModule = Pick<typeof import('#functions/message-sender/handler.js'), 'handler' | 'observeFailures'>;

interface Waiting {
  state: Retrying;
  timer: NodeJS.Timeout;
  /** Ends the wait now: `true` runs the next attempt, `false` dead-letters the message instead. */
  end(proceed: boolean): void;
}

function summary(messageId: string, body: string): Omit<DeadLetter, 'failedAt' | 'attempts' | 'reason'> {
  let message: Partial<OutgoingMessage> = {};
  try {
    message = JSON.parse(body) as Partial<OutgoingMessage>;
  } catch {
    // Kept as "unknown": the handler has already said it cannot read it.
  }
  return {
    messageId,
    kind: message.kind ?? 'unknown',
    channel: message.channel ?? 'unknown',
    to: message.to ?? '',
    ...('pin' in message && message.pin ? { pin: message.pin } : {}),
    ...('token' in message && message.token ? { token: message.token } : {}),
  };
}

/**
 * Local stand-in for SQS + the event source mapping: each message is handed
 * to the real message-sender handler in an SQS event, failed ones are received
 * again on the deployed schedule (scaled by LOCAL_RETRY_SCALE), and after the
 * last receive they are kept as dead letters (in a JSON-lines file under
 * DATA_DIR, or in memory), never dropped silently.
 */
export class InProcessQueue implements LocalQueue {
  private readonly delays: number[];
  private readonly maxReceives = DEPLOYED_QUEUE.maxReceiveCount;
  private readonly deliveries = new Set<Promise<void>>();
  private readonly attempting = new Set<Promise<unknown>>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly reasons = new Map<string, string>();
  private readonly memory: DeadLetter[] = [];
  private sender: Promise<SenderModule> | undefined;
  private stopping = false;

  constructor(
    private readonly loadSender: () => Promise<SenderModule>,
    private readonly options: { deadLetterFile: string | undefined },
  ) {
    this.delays = retrySchedule(retryScale());
    if (options.deadLetterFile) mkdirSync(dirname(options.deadLetterFile), { recursive: true });
  }

  send(body: string): void {
    const delivery = this.deliver(randomUUID(), body).finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  get deadLetters(): DeadLetter[] {
    const file = this.options.deadLetterFile;
    if (!file) return [...this.memory];
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DeadLetter);
  }

  /** Messages waiting for their next attempt. */
  retrying(): Retrying[] {
    return [...this.waiting.values()].map((waiting) => waiting.state);
  }

  /**
   * Resolves when no message is in the middle of an attempt: each one sent
   * so far is delivered, dead-lettered or waiting for its next attempt.
   * Readers of the outbox wait this long, not through a retry schedule.
   */
  async settled(): Promise<void> {
    while (this.attempting.size > 0) await Promise.allSettled([...this.attempting]);
  }

  /** Resolves when every message sent so far has been delivered or dead-lettered. */
  async drain(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  /**
   * Lets attempts under way finish, and dead-letters the messages still
   * waiting for a retry rather than holding the shutdown for the rest of
   * their schedule (12 minutes at scale 1).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const waiting of [...this.waiting.values()]) waiting.end(false);
    await this.drain();
  }

  private async deliver(messageId: string, body: string): Promise<void> {
    const about = summary(messageId, body);
    let reason = 'unknown';
    let attempts = 0;
    for (let receive = 1; receive <= this.maxReceives; receive += 1) {
      const receivedAt = performance.now();
      attempts = receive;
      const attempt = this.attempt(messageId, body, receive);
      this.attempting.add(attempt);
      const failure = await attempt.finally(() => this.attempting.delete(attempt));
      if (failure === undefined) return;
      reason = failure;
      if (receive === this.maxReceives) break;
      const next = `attempt ${receive + 1}/${this.maxReceives}`;
      // As with SQS, the visibility timeout runs from the receive, not from the failure.
      const delay = Math.max(0, (this.delays[receive - 1] ?? 0) - (performance.now() - receivedAt));
      if (!this.stopping) {
        console.warn(`Message ${messageId} (${about.kind} by ${about.channel}) failed (${reason}), ${next} in ${(delay / 1000).toFixed(1)} s`);
      }
      const now = clock.nowMs();
      const state: Retrying = {
        ...about,
        attempts: receive,
        reason,
        lastFailedAt: new Date(now).toISOString(),
        nextAttemptAt: new Date(now + delay).toISOString(),
      };
      if (this.stopping || !(await this.wait(state, delay))) {
        reason = `local mode stopped before ${next}; last: ${reason}`;
        break;
      }
    }
    this.bury({ ...about, failedAt: clock.now().toISOString(), attempts, reason });
  }

  /** One receive of the message by the real handler; resolves to why it failed, or undefined once delivered. */
  private async attempt(messageId: string, body: string, receive: number): Promise<string | undefined> {
    const record = { messageId, body, attributes: { ApproximateReceiveCount: String(receive) } } as unknown as SQSRecord;
    try {
      const sender = await this.loadedSender();
      const { batchItemFailures } = await asWorker(() => sender.handler({ Records: [record] }));
      if (batchItemFailures.length === 0) return undefined;
      return this.reasons.get(messageId) ?? 'failed';
    } catch (error) {
      // A handler that throws, or cannot even load, fails the whole batch, as with SQS.
      return `handler threw ${(error as Error).name}`;
    } finally {
      this.reasons.delete(messageId);
    }
  }

  private loadedSender(): Promise<SenderModule> {
    this.sender ??= this.loadSender().then((sender) => {
      sender.observeFailures(({ messageId, reason }) => this.reasons.set(messageId, reason));
      return sender;
    });
    return this.sender;
  }

  private wait(state: Retrying, delay: number): Promise<boolean> {
    return new Promise((resolve) => {
      const end = (proceed: boolean) => {
        clearTimeout(waiting.timer);
        this.waiting.delete(state.messageId);
        resolve(proceed);
      };
      const waiting: Waiting = { state, timer: setTimeout(() => end(true), delay), end };
      this.waiting.set(state.messageId, waiting);
    });
  }

  private bury(deadLetter: DeadLetter): void {
    if (this.options.deadLetterFile) appendFileSync(this.options.deadLetterFile, `${JSON.stringify(deadLetter)}\n`);
    else this.memory.push(deadLetter);
    const { messageId, kind, channel, reason, attempts } = deadLetter;
    console.error(`Message ${messageId} (${kind} by ${channel}) failed (${reason}) after ${attempts} attempt(s): moved to the dead letters, see GET /_local/outbox`);
  }
}
