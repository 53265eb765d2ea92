import { secretsInText } from '#shared/messages/templates.js';
import { KIND_HEADER } from '#shared/messages/message.js';
import type { SmsOutbox } from './sms-outbox.js';
import type { DeadLetter, InProcessQueue, Retrying } from './local-queue.js';

export interface SentItem {
  status: 'sent';
  channel: 'email' | 'sms';
  to: string;
  kind: string;
  subject?: string;
  text: string;
  sentAt: string;
  pin?: string;
  token?: string;
}

export type FailedItem = { status: 'failed' } & DeadLetter;
export type RetryingItem = { status: 'retrying' } & Retrying;
export type OutboxItem = SentItem | FailedItem | RetryingItem;

export interface Outbox {
  items: OutboxItem[];
  /** The email sink is a separate server: when it is down, the rest is still listed. */
  emailSink: 'ok' | 'unreachable';
}

export interface OutboxReader {
  read(to?: string): Promise<Outbox>;
}

interface SesStoreEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Long enough for a busy sink, short enough that a hung one does not hang the outbox. */
const SINK_TIMEOUT_MS = 2000;

async function sentEmails(sesEndpoint: string): Promise<SentItem[] | undefined> {
  let emails: SesStoreEmail[];
  try {
    const response = await fetch(`${sesEndpoint}/store`, { signal: AbortSignal.timeout(SINK_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    ({ emails } = (await response.json()) as { emails: SesStoreEmail[] });
  } catch {
    return undefined;
  }
  return emails.flatMap((email) =>
    email.destination.to.map((address) => ({
      status: 'sent' as const,
      channel: 'email' as const,
      to: address,
      kind: email.headers?.find((h) => h.name === KIND_HEADER)?.value ?? 'unknown',
      subject: email.subject,
      text: email.body.text ?? '',
      sentAt: new Date(email.at * 1000).toISOString(),
      ...secretsInText(email.body.text ?? ''),
    })),
  );
}

const when = (item: OutboxItem) => (item.status === 'sent' ? item.sentAt : item.status === 'failed' ? item.failedAt : item.lastFailedAt);

/**
 * `GET /_local/outbox`: what the local SES sink (aws-ses-v2-local) and the
 * SMS outbox received, and what could not be delivered (dead letters, and
 * messages waiting for a retry), newest first. It waits for what is on its
 * way to the queue (`catchUp`) and for attempts under way, so a script
 * reading right after a request sees its message, but not through a retry
 * schedule.
 */
export function outboxReader(sesEndpoint: string, sms: SmsOutbox, queue: InProcessQueue, catchUp: () => Promise<void>): OutboxReader {
  return {
    async read(to) {
      await catchUp();
      await queue.settled();
      const emails = await sentEmails(sesEndpoint);
      const items: OutboxItem[] = [
        ...(emails ?? []),
        ...sms.records().map((record) => ({ status: 'sent' as const, channel: 'sms' as const, ...record, ...secretsInText(record.text) })),
        ...queue.deadLetters.map((deadLetter) => ({ status: 'failed' as const, ...deadLetter })),
        ...queue.retrying().map((retrying) => ({ status: 'retrying' as const, ...retrying })),
      ];
      const wanted = to?.trim().toLowerCase();
      return {
        items: items
          .filter((item) => !wanted || item.to.toLowerCase() === wanted)
          .map((item, index) => ({ item, index }))
          .sort((a, b) => when(b.item).localeCompare(when(a.item)) || b.index - a.index)
          .map(({ item }) => item),
        emailSink: emails ? 'ok' : 'unreachable',
      };
    },
  };
}
