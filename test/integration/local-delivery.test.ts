import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvitationMessage, PinMessage } from '#shared/messages/message.js';
import { DEPLOYED_QUEUE, retrySchedule } from '../../local/local-queue.js';
import { makeSignedInOwner, type SignedInOwner, uniqueEmail, uniquePhone } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { captureLogs } from '../support/log-capture.js';

// The SES sink this file's stack starts, so a test can take it down as if it had crashed.
const sesSinks = vi.hoisted(() => [] as Server[]);
vi.mock('aws-ses-v2-local', async (importOriginal) => {
  const original = (await importOriginal()) as { default: unknown };
  const exported = original.default as ((config: unknown) => Promise<Server>) | { default: (config: unknown) => Promise<Server> };
  const start = typeof exported === 'function' ? exported : exported.default;
  return {
    default: async (config: unknown) => {
      const server = await start(config);
      sesSinks.push(server);
      return server;
    },
  };
});

// 180 s between receives deployed, 3.6 s here: ample time to look at a message between two attempts, and far
// more than what an attempt's own work (or a busy two-core CI machine) adds to or takes from a gap.
const SCALE = 0.02;
process.env.LOCAL_RETRY_SCALE = String(SCALE);
const INTERVAL_MS = retrySchedule(SCALE)[0] ?? 0;

let api: TestApi;
let owner: SignedInOwner;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  logs = captureLogs('INFO');
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  const [sink] = sesSinks;
  if (!sink) throw new Error('the SES sink was not started through aws-ses-v2-local');
  sink.closeAllConnections();
  await new Promise<void>((done) => sink.close(() => done()));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.stop();
});

describe('local delivery with the email sink down', () => {
  it('retries on the deployed schedule, dead-letters the message with a reason, audits it, and keeps its secret out of the logs', async () => {
    const { ses } = await import('#shared/clients/ses.js');
    const send = ses.send.bind(ses);
    const sentAt: number[] = [];
    vi.spyOn(ses, 'send').mockImplementation(((command: Parameters<typeof send>[0]) => {
      sentAt.push(performance.now());
      return send(command);
    }) as typeof ses.send);
    const { enqueueMessage } = await import('#shared/messages/queue.js');
    const to = uniqueEmail('unlucky');
    const invitation: InvitationMessage = {
      kind: 'invitation',
      channel: 'email',
      to,
      locale: 'en',
      tenantName: 'Salong Solsken',
      firstName: 'Eva',
      inviterName: null,
      token: 'ten_01local.inv_01delivery.n0tInTheLogsn0tInTheLogs',
      expiresAt: '2030-01-01T00:00:00.000Z',
      tenantId: owner.tenantId,
      staffId: owner.staffId,
    };

    await enqueueMessage(invitation);

    // Between two attempts: the outbox still answers, and says why the email is not there yet.
    const meanwhile = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.body.emailSink).toBe('unreachable');
    expect(meanwhile.body.items).toEqual([
      expect.objectContaining({
        status: 'retrying',
        kind: 'invitation',
        channel: 'email',
        to,
        reason: 'SES unreachable (ECONNREFUSED)',
        nextAttemptAt: expect.any(String),
      }),
    ]);

    await api.stack.queue.drain();

    expect(sentAt).toHaveLength(DEPLOYED_QUEUE.maxReceiveCount);
    const gaps = sentAt.slice(1).map((at, index) => at - (sentAt[index] ?? 0));
    for (const gap of gaps) {
      // Evenly spaced, as SQS redelivers: no faster than the scaled visibility timeout, and no backoff on top.
      // The gaps are between sends, each some work after its receive, so slowness moves them a little either way:
      // slack for that, but well short of an immediate retry and of a doubling backoff (2 × 3.6 s).
      expect(gap).toBeGreaterThan(INTERVAL_MS - 500);
      expect(gap).toBeLessThan(INTERVAL_MS + 3_000);
    }
    const retryLines = logs.text().match(/invitation by email\) failed \(SES unreachable \(ECONNREFUSED\)\), attempt \d\/5 in \d+\.\d s/g);
    expect(retryLines?.map((line) => /attempt (\d)/.exec(line)?.[1])).toEqual(['2', '3', '4', '5']);

    const { status, body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      emailSink: 'unreachable',
      items: [
        {
          status: 'failed',
          messageId: expect.any(String),
          kind: 'invitation',
          channel: 'email',
          to,
          failedAt: expect.any(String),
          attempts: 5,
          reason: 'SES unreachable (ECONNREFUSED)',
          token: invitation.token,
        },
      ],
    });

    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=message.failed`, { token: owner.token });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'message.failed',
        target: { type: 'staff', id: owner.staffId },
        details: { kind: 'invitation', channel: 'email', attempts: 5, reason: 'SES unreachable (ECONNREFUSED)' },
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(to);
    expect(JSON.stringify(audit.body)).not.toContain('n0tInTheLogs');

    expect(logs.text()).toContain('Message not sent on its last attempt');
    expect(logs.text()).not.toContain('n0tInTheLogs');
  });

  it('still lists SMS and dead letters, and says the email sink is unreachable', async () => {
    const { enqueueMessage } = await import('#shared/messages/queue.js');
    const phone = uniquePhone();
    const pin: PinMessage = { kind: 'pin', channel: 'sms', to: phone, locale: 'en', tenantName: 'Salong Solsken', firstName: 'Eva', pin: '582931' };
    await enqueueMessage(pin);

    const { status, body } = await api.request('GET', '/_local/outbox');

    expect(status).toBe(200);
    expect(body.emailSink).toBe('unreachable');
    expect(body.items).toContainEqual(expect.objectContaining({ status: 'sent', channel: 'sms', to: phone, kind: 'pin', pin: '582931' }));
    expect(body.items).toContainEqual(expect.objectContaining({ status: 'failed', channel: 'email', kind: 'invitation' }));
    expect(body.items.some((item: { channel: string; status: string }) => item.channel === 'email' && item.status === 'sent')).toBe(false);
    expect(logs.text()).not.toContain('582931');
  });
});
