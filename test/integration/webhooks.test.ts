import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { allItems } from '../support/table.js';
import { newId } from '#shared/crypto/tokens.js';
import type { ChangeEvent } from '#shared/events/change-events.js';

// The whole 24 h retry schedule in about 17 s (set before the stack loads its configuration): short enough for
// a test, long enough for several attempts (each a few table writes and a request) on a slow, busy CI machine.
process.env.WEBHOOK_RETRY_SCALE = '0.0002';

let api: TestApi;
let owner: SignedInOwner;
let stylist = '';
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  stylist = (await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } })).id;
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.stop();
  delete process.env.WEBHOOK_RETRY_SCALE;
});

const path = (rest: string, tenantId = owner.tenantId) => `/v1/tenants/${tenantId}${rest}`;

async function createWebhook(json: Record<string, unknown>, as: SignedInOwner = owner) {
  const response = await api.request('POST', path('/webhooks', as.tenantId), { token: as.token, json });
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; secret: string; url: string; types: string[]; status: string };
}

async function deliveries(webhookId: string) {
  const response = await api.request('GET', path(`/webhooks/${webhookId}/deliveries`), { token: owner.token });
  expect(response.status, response.text).toBe(200);
  return response.body.items as { id: string; eventId: string; type: string; status: string; attempts: number; responseStatus: number | null; error: string | null }[];
}

/** Waits (bounded) until `check` passes: deliveries happen after the answer, from the table's stream. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await api.stack.drainEvents();
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}


describe('webhooks', () => {
  it('registers an endpoint: 201 with a Standard Webhooks secret shown once, never listed again', async () => {
    const created = await createWebhook({ url: 'https://hooks.salon-app.example/staffgate?key=abc', types: ['staff.created'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.status).toBe('active');
    const listed = await api.request('GET', path('/webhooks'), { token: owner.token });
    expect(listed.body.items.find((item: { id: string }) => item.id === created.id)).toBeDefined();
    expect(listed.text).not.toContain(created.secret);
    const fetched = await api.request('GET', path(`/webhooks/${created.id}`), { token: owner.token });
    expect(fetched.text).not.toContain(created.secret);
    const stored = await allItems();
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    // The audit trail keeps the origin only: a path or query may carry the receiver's own token.
    const audited = stored.filter((item) => item.action === 'webhook.created' && (item.target as { id: string }).id === created.id);
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain('key=abc');
  });

  it.each([
    ['plain http to a public host', 'http://hooks.salon-app.example/x'],
    ['a private address', 'https://10.0.0.7/x'],
    ['the metadata service', 'https://169.254.169.254/latest/meta-data'],
    ['an IPv6 link-local address', 'https://[fe80::1]/x'],
    ['an IPv4-mapped private address', 'https://[::ffff:192.168.1.10]/x'],
    ['credentials in the URL', 'https://user:pw@hooks.salon-app.example/x'],
    ['a private name', 'https://printer.local/x'],
    ['not a URL', 'hooks.salon-app.example'],
    ['another scheme', 'ftp://hooks.salon-app.example/x'],
  ])('refuses %s with 400 and writes nothing', async (_label, url) => {
    const before = (await api.request('GET', path('/webhooks'), { token: owner.token })).body.items.length;
    const response = await api.request('POST', path('/webhooks'), { token: owner.token, json: { url, types: ['staff.created'] } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors[0].path).toBe('url');
    expect((await api.request('GET', path('/webhooks'), { token: owner.token })).body.items.length).toBe(before);
  });

  it('refuses an unknown event type', async () => {
    const response = await api.request('POST', path('/webhooks'), { token: owner.token, json: { url: receiver.url(), types: ['staff.teleported'] } });
    expect(response.status).toBe(400);
  });

  it('needs settings.manage', async () => {
    const member = await makeSignedInMember(api, owner, stylist);
    const response = await api.request('POST', path('/webhooks'), { token: member.token, json: { url: receiver.url(), types: ['staff.created'] } });
    expect(response.status).toBe(403);
  });

  it('delivers a subscribed event, signed so the receiver verifies it, and lists the delivery as succeeded', async () => {
    const hook = await createWebhook({ url: receiver.url('/signed'), types: ['staff.created'] });
    const staff = await makeStaff(api, owner, { accessLevelId: stylist });
    const listed = await eventually(() => deliveries(hook.id), (items) => items.some((item) => item.status === 'succeeded'));
    expect(listed).toEqual([expect.objectContaining({ type: 'staff.created', status: 'succeeded', attempts: 1, responseStatus: 200, error: null })]);
    const request = receiver.received.find((candidate) => candidate.headers['webhook-id'] === listed[0]?.eventId);
    expect(request).toBeDefined();
    const verified = new Webhook(hook.secret).verify(request?.body ?? '', request?.headers as Record<string, string>) as { type: string; data: { staffId: string } };
    expect(verified.type).toBe('staff.created');
    expect(verified.data.staffId).toBe(staff.id);
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(request?.body ?? '', request?.headers as Record<string, string>)).toThrow();
  });

  it('is not handed an event that occurred before it was created, even when the stream hands the event over later', async () => {
    const hook = await createWebhook({ url: receiver.url('/late'), types: ['staff.updated'] });
    const event = (occurredAt: string): ChangeEvent => ({
      id: newId('evt'),
      type: 'staff.updated',
      tenantId: owner.tenantId,
      occurredAt,
      data: { staffId: 'stf_01m8pegnk4kgjwsfz0kbndvq39', fields: ['firstName'] },
    });
    const before = event(new Date(Date.now() - 60_000).toISOString());
    const after = event(new Date(Date.now() + 1_000).toISOString());
    // Loaded here, not at the top: the module reads the stack's configuration, which beforeAll sets.
    const { fanOut } = await import('#shared/domain/webhooks/deliveries.js');
    await fanOut([before, after]);
    expect((await deliveries(hook.id)).map((delivery) => delivery.eventId)).toEqual([after.id]);
  });

  it('sends only the types a webhook subscribes to', async () => {
    const hook = await createWebhook({ url: receiver.url('/levels-only'), types: ['access_level.created'] });
    await makeStaff(api, owner, { accessLevelId: stylist });
    await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const listed = await eventually(() => deliveries(hook.id), (items) => items.length > 0 && items.every((item) => item.status !== 'pending'));
    expect(listed.map((item) => item.type)).toEqual(['access_level.created']);
  });

  it('test: 202 with the event id, and a webhook.test event reaches that webhook alone', async () => {
    const hook = await createWebhook({ url: receiver.url('/tested'), types: ['staff.archived'] });
    const other = await createWebhook({ url: receiver.url('/not-tested'), types: ['staff.archived'] });
    const tested = await api.request('POST', path(`/webhooks/${hook.id}/test`), { token: owner.token });
    expect(tested.status).toBe(202);
    const listed = await eventually(() => deliveries(hook.id), (items) => items.some((item) => item.status === 'succeeded'));
    expect(listed).toEqual([expect.objectContaining({ eventId: tested.body.eventId, type: 'webhook.test', status: 'succeeded' })]);
    expect(await deliveries(other.id)).toEqual([]);
    const request = receiver.received.find((candidate) => candidate.headers['webhook-id'] === tested.body.eventId);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
  });

  it('a rotated secret signs beside the previous one, so receivers holding either verify', async () => {
    const hook = await createWebhook({ url: receiver.url('/rotated'), types: ['staff.created'] });
    const rotated = await api.request('POST', path(`/webhooks/${hook.id}/rotate-secret`), { token: owner.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await api.request('POST', path(`/webhooks/${hook.id}/test`), { token: owner.token });
    const listed = await eventually(() => deliveries(hook.id), (items) => items.some((item) => item.status === 'succeeded'));
    const request = receiver.received.find((candidate) => candidate.headers['webhook-id'] === listed[0]?.eventId);
    expect(String(request?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret as string]) {
      expect(() => new Webhook(secret).verify(request?.body ?? '', request?.headers as Record<string, string>)).not.toThrow();
    }
  });

  it('does not follow a redirect: the attempt fails and is retried', async () => {
    receiver.answerWith((request) => (request.body.includes('"webhook.test"') && request.headers['webhook-id'] ? { status: 302, headers: { location: 'http://169.254.169.254/' } } : { status: 200 }));
    const hook = await createWebhook({ url: receiver.url('/redirecting'), types: ['staff.created'] });
    await api.request('POST', path(`/webhooks/${hook.id}/test`), { token: owner.token });
    const listed = await eventually(() => deliveries(hook.id), (items) => (items[0]?.attempts ?? 0) >= 1 && items[0]?.error !== null);
    expect(listed[0]).toMatchObject({ responseStatus: 302, error: 'redirect_not_followed' });
    receiver.answerWith(() => ({ status: 200 }));
  });

  it('retries a failing receiver for the whole window, then fails the delivery and disables the webhook with a webhook.disabled event', async () => {
    const failing = await startReceiver();
    failing.answerWith(() => ({ status: 500 }));
    try {
      const hook = await createWebhook({ url: failing.url('/down'), types: ['staff.created'] });
      await makeStaff(api, owner, { accessLevelId: stylist });
      const listed = await eventually(() => deliveries(hook.id), (items) => items[0]?.status === 'failed', 75_000);
      expect(listed[0]).toMatchObject({ status: 'failed', responseStatus: 500, error: 'http_status' });
      // How many attempts fit the scaled-down window depends on how fast the local queue turns over (the schedule is retry-schedule's unit test).
      expect(listed[0]?.attempts).toBeGreaterThanOrEqual(3);
      expect(failing.received.length).toBe(listed[0]?.attempts);
      const webhook = await api.request('GET', path(`/webhooks/${hook.id}`), { token: owner.token });
      expect(webhook.body).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
      const events = await eventually(
        async () => (await api.request('GET', `/_local/events?tenantId=${owner.tenantId}`)).body.items as { type: string; data: { webhookId?: string } }[],
        (items) => items.some((event) => event.type === 'webhook.disabled'),
      );
      expect(events.find((event) => event.type === 'webhook.disabled')?.data).toEqual({ webhookId: hook.id });
      const enabled = await api.request('PATCH', path(`/webhooks/${hook.id}`), { token: owner.token, json: { status: 'active' } });
      expect(enabled.body).toMatchObject({ status: 'active', disabledAt: null });
    } finally {
      await failing.close();
    }
  }, 150_000);

  it('a repeated create with the same Idempotency-Key returns the first answer and makes one webhook', async () => {
    const salon = await makeSignedInOwner(api);
    const send = () =>
      api.request('POST', path('/webhooks', salon.tenantId), {
        token: salon.token,
        json: { url: receiver.url('/once'), types: ['staff.created'] },
        headers: { 'idempotency-key': 'create-webhook-once' },
      });
    const first = await send();
    const second = await send();
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await api.request('GET', path('/webhooks', salon.tenantId), { token: salon.token })).body.items).toHaveLength(1);
  });

  it('a salon has at most 10 webhooks, also when they are created at once', async () => {
    const salon = await makeSignedInOwner(api);
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, index) =>
        api.request('POST', path('/webhooks', salon.tenantId), { token: salon.token, json: { url: receiver.url(`/many/${index}`), types: ['staff.created'] } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201).length).toBeLessThanOrEqual(10);
    expect(answers.map((answer) => answer.status).filter((status) => status !== 201 && status !== 409)).toEqual([]);
    const listed = await api.request('GET', path('/webhooks', salon.tenantId), { token: salon.token });
    expect(listed.body.items.length).toBe(answers.filter((answer) => answer.status === 201).length);
    const more = await api.request('POST', path('/webhooks', salon.tenantId), { token: salon.token, json: { url: receiver.url('/more'), types: ['staff.created'] } });
    if (listed.body.items.length === 10) expect(more.body.code).toBe('too_many_webhooks');
  });

  it('DELETE removes the webhook: 204, then 404', async () => {
    const hook = await createWebhook({ url: receiver.url('/gone'), types: ['staff.created'] });
    expect((await api.request('DELETE', path(`/webhooks/${hook.id}`), { token: owner.token })).status).toBe(204);
    expect((await api.request('GET', path(`/webhooks/${hook.id}`), { token: owner.token })).status).toBe(404);
    expect((await api.request('DELETE', path(`/webhooks/${hook.id}`), { token: owner.token })).status).toBe(404);
  });
});
