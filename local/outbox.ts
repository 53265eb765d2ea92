import { secretsInText } from '#shared/messages/templates.js';
import { KIND_HEADER } from '#shared/messages/message.js';
import type { SmsOutbox } from './sms-outbox.js';
import type { InProcessQueue } from './local-queue.js';

export interface OutboxItem {
  channel: 'email' | 'sms';
  to: string;
  kind: string;
  subject?: string;
  text: string;
  sentAt: string;
  pin?: string;
  token?: string;
}

export interface OutboxReader {
  read(to?: string): Promise<OutboxItem[]>;
}

interface SesStoreEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/**
 * `GET /_local/outbox`: what the local SES sink (aws-ses-v2-local) and the
 * SMS outbox received, newest first. It waits for queued messages first, so a
 * script reading right after a request sees its message.
 */
export function outboxReader(sesEndpoint: string, sms: SmsOutbox, queue: InProcessQueue): OutboxReader {
  return {
    async read(to) {
      await queue.drain();
      const response = await fetch(`${sesEndpoint}/store`);
      const { emails } = (await response.json()) as { emails: SesStoreEmail[] };
      const items: OutboxItem[] = [
        ...emails.flatMap((email) =>
          email.destination.to.map((address) => ({
            channel: 'email' as const,
            to: address,
            kind: email.headers?.find((h) => h.name === KIND_HEADER)?.value ?? 'unknown',
            subject: email.subject,
            text: email.body.text ?? '',
            sentAt: new Date(email.at * 1000).toISOString(),
            ...secretsInText(email.body.text ?? ''),
          })),
        ),
        ...sms.records().map((record) => ({ channel: 'sms' as const, ...record, ...secretsInText(record.text) })),
      ];
      const wanted = to?.trim().toLowerCase();
      return items
        .filter((item) => !wanted || item.to.toLowerCase() === wanted)
        .map((item, index) => ({ item, index }))
        .sort((a, b) => b.item.sentAt.localeCompare(a.item.sentAt) || b.index - a.index)
        .map(({ item }) => item);
    },
  };
}
