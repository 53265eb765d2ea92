import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { latestToken, makeSignedInOwner, makeTenantBody, uniquePhone } from '../support/builders.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';
import { captureLogs } from '../support/log-capture.js';
import { allItems } from '../support/table.js';
import { startReceiver } from '../support/webhook-receiver.js';

let logs: ReturnType<typeof captureLogs>;
const secrets = new Set<string>([TEST_OPERATOR_TOKEN]);
let api: TestApi;

function remember(...values: (string | undefined)[]) {
  for (const value of values) {
    if (!value) continue;
    secrets.add(value);
    // A token's secret part alone must not leak either.
    const parts = value.split('.');
    if (parts.length === 3 && parts[2]) secrets.add(parts[2]);
  }
}

beforeAll(async () => {
  logs = captureLogs();
  api = await startTestApi();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.stop();
});

describe('secrets across the foundation flows', () => {
  it('never appear in anything the service logged, nor in clear in the table', async () => {
    const password = 'a long and secret passphrase';
    const weakPassword = 'password1';
    const wrongPassword = 'definitely-the-wrong-secret';
    remember(password, weakPassword, wrongPassword);

    const emailBody = makeTenantBody();
    const phone = uniquePhone();
    expect((await api.operator('POST', '/v1/operator/tenants', emailBody)).status).toBe(201);
    expect((await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ owner: { firstName: 'O', lastName: 'P', phone } }))).status).toBe(201);
    const invitation = await latestToken(api, emailBody.owner.email);
    const smsInvitation = await latestToken(api, phone);
    remember(invitation, smsInvitation);

    await api.request('POST', '/v1/invitations/lookup', { json: { token: invitation } });
    expect((await api.request('POST', '/v1/invitations/accept', { json: { token: invitation, password: weakPassword } })).status).toBe(400);
    const accepted = await api.request('POST', '/v1/invitations/accept', { json: { token: invitation, password } });
    remember(accepted.body.token);
    const smsAccepted = await api.request('POST', '/v1/invitations/accept', { json: { token: smsInvitation, password } });
    remember(smsAccepted.body.token);

    const loggedIn = await api.request('POST', '/v1/auth/login', { json: { login: emailBody.owner.email, password } });
    remember(loggedIn.body.token);
    for (let i = 0; i < 11; i += 1) {
      await api.request('POST', '/v1/auth/login', { json: { login: emailBody.owner.email, password: wrongPassword } });
    }
    await api.request('GET', '/v1/me', { token: loggedIn.body.token });
    await api.request('GET', '/v1/auth/sessions', { token: loggedIn.body.token });
    await api.request('POST', '/v1/auth/logout', { token: loggedIn.body.token });
    await api.request('GET', '/v1/me', { token: loggedIn.body.token });
    await api.request('POST', '/v1/auth/login', { body: `{"login":"x","password":"${wrongPassword}"`, headers: { 'content-type': 'application/json' } });
    await api.request('GET', '/_local/outbox');

    const logged = logs.text();
    expect(logged).toContain('Message sent');
    for (const secret of secrets) expect(logged).not.toContain(secret);

    const stored = JSON.stringify(await allItems());
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('webhook signing secrets: shown once, never logged, never in clear in the table or its audit trail', async () => {
    const owner = await makeSignedInOwner(api);
    const receiver = await startReceiver();
    try {
      const created = await api.request('POST', `/v1/tenants/${owner.tenantId}/webhooks`, { token: owner.token, json: { url: receiver.url(), types: ['access_level.created'] } });
      expect(created.status).toBe(201);
      const rotated = await api.request('POST', `/v1/tenants/${owner.tenantId}/webhooks/${created.body.id}/rotate-secret`, { token: owner.token });
      const webhookSecrets = [created.body.secret as string, rotated.body.secret as string];
      // The base64 key inside each secret, the part an HMAC uses.
      const keys = webhookSecrets.map((secret) => secret.replace(/^whsec_/, ''));
      await api.request('POST', `/v1/tenants/${owner.tenantId}/webhooks/${created.body.id}/test`, { token: owner.token });
      for (let waited = 0; receiver.received.length === 0 && waited < 10_000; waited += 50) {
        await api.stack.drainEvents();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(receiver.received.length).toBeGreaterThan(0);
      await api.request('GET', `/v1/tenants/${owner.tenantId}/webhooks/${created.body.id}/deliveries`, { token: owner.token });
      const logged = logs.text();
      const stored = JSON.stringify(await allItems());
      for (const secret of [...webhookSecrets, ...keys]) {
        expect(logged).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
    } finally {
      await receiver.close();
    }
  });
});
