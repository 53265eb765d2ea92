import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SmsPublisher } from '#shared/clients/sns.js';
import { clock } from '#shared/clock.js';
import { SMS_KIND_ATTRIBUTE } from '#shared/messages/message.js';

export interface SmsRecord {
  to: string;
  text: string;
  kind: string;
  sentAt: string;
}

/**
 * Local mode's SMS sink: receives exactly what would be published to SNS and
 * keeps it, in a JSON-lines file under DATA_DIR or in memory.
 */
export class SmsOutbox implements SmsPublisher {
  private readonly memory: SmsRecord[] = [];

  constructor(private readonly file: string | undefined) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  async publish(input: PublishCommandInput): Promise<void> {
    if (!input.PhoneNumber || !input.Message) throw new Error('SMS needs PhoneNumber and Message');
    const record: SmsRecord = {
      to: input.PhoneNumber,
      text: input.Message,
      kind: input.MessageAttributes?.[SMS_KIND_ATTRIBUTE]?.StringValue ?? 'unknown',
      sentAt: clock.now().toISOString(),
    };
    if (this.file) appendFileSync(this.file, `${JSON.stringify(record)}\n`);
    else this.memory.push(record);
  }

  records(): SmsRecord[] {
    if (!this.file) return [...this.memory];
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SmsRecord);
  }
}
