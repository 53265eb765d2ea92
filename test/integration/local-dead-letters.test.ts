import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import type { PinMessage } from '#shared/messages/message.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { uniquePhone } from '../support/builders.js';
import { captureLogs } from '../support/log-capture.js';

const dataDir = mkdtempSync(join(tmpdir(), 'staffgate-dead-letters-'));
const tableName = `staffgate-dead-letters-${randomBytes(4).toString('hex')}`;
const logs = captureLogs('INFO');
let running: LocalStack | undefined;

/** Local mode as `npm start` runs it with DATA_DIR, on the run's DynamoDB Local. */
async function start(retryScale: string): Promise<LocalStack> {
  process.env.LOCAL_RETRY_SCALE = retryScale;
  running = await startLocalStack({
    port: 0,
    dataDir,
    operatorToken: 'test-operator-token-dead-letters',
    region: 'eu-west-1',
    residency: 'EU',
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName,
  });
  return running;
}

async function stop(): Promise<void> {
  await running?.stop();
  running = undefined;
}

/** SNS refusing every SMS, as it does when the account's spend limit is reached. */
async function breakSms(): Promise<void> {
  const { useSmsPublisher } = await import('#shared/clients/sns.js');
  useSmsPublisher({
    publish: async () => {
      throw Object.assign(new Error('No quota left for account'), { name: 'ThrottledException' });
    },
  });
}

async function outbox(stack: LocalStack, to: string) {
  const response = await fetch(`${stack.url}/_local/outbox?to=${encodeURIComponent(to)}`);
  return { status: response.status, body: (await response.json()) as { items: Record<string, unknown>[]; emailSink: string } };
}

function pinFor(to: string, pin: string): PinMessage {
  return { kind: 'pin', channel: 'sms', to, locale: 'sv', tenantName: 'Salong Solsken', firstName: 'Eva', pin };
}

afterAll(async () => {
  await stop();
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local dead letters with DATA_DIR', () => {
  it('survive a restart', async () => {
    const phone = uniquePhone();
    const first = await start('0.0005');
    await breakSms();
    const { enqueueMessage } = await import('#shared/messages/queue.js');
    await enqueueMessage(pinFor(phone, '640215'));
    await first.queue.drain();
    await stop();
    expect(existsSync(join(dataDir, 'dead-letters.jsonl'))).toBe(true);

    const second = await start('0.0005');
    const { status, body } = await outbox(second, phone);

    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        status: 'failed',
        messageId: expect.any(String),
        kind: 'pin',
        channel: 'sms',
        to: phone,
        failedAt: expect.any(String),
        attempts: 5,
        reason: 'SNS refused or failed (ThrottledException)',
        pin: '640215',
      },
    ]);
    await stop();
  });

  it('take in, at shutdown, messages still waiting for a retry, instead of holding the shutdown for their schedule', async () => {
    const phone = uniquePhone();
    // The deployed schedule unscaled: 3 minutes until the second attempt.
    const stack = await start('1');
    await breakSms();
    const { enqueueMessage } = await import('#shared/messages/queue.js');
    await enqueueMessage(pinFor(phone, '907316'));
    expect((await outbox(stack, phone)).body.items).toEqual([expect.objectContaining({ status: 'retrying', attempts: 1 })]);

    // Not the 180 s until the retry: the stack's own shutdown only, with room for a busy CI machine.
    const stopping = performance.now();
    await stop();
    expect(performance.now() - stopping).toBeLessThan(60_000);

    const restarted = await start('0.0005');
    expect((await outbox(restarted, phone)).body.items).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        reason: 'local mode stopped before attempt 2/5; last: SNS refused or failed (ThrottledException)',
      }),
    ]);
    expect(logs.text()).not.toContain('907316');
    expect(logs.text()).not.toContain('640215');
    // Room for the shutdown's 60 s above; a shutdown held for the 180 s schedule still fails, here at the latest.
  }, 150_000);
});
