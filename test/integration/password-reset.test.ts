import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { latestToken, makeSignedInOwner, OWNER_PASSWORD, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { itemsOfPartition } from '../support/table.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

const NEW_PASSWORD = 'a brand new passphrase';
const ask = (login: string, headers: Record<string, string> = {}) => api.request('POST', '/v1/auth/password-reset', { json: { login }, headers });
const confirm = (token: string, newPassword = NEW_PASSWORD) =>
  api.request('POST', '/v1/auth/password-reset/confirm', { json: { token, newPassword } });

async function resetToken(email: string): Promise<string> {
  const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(email)}`);
  const item = body.items.find((entry: { kind: string }) => entry.kind === 'password_reset');
  if (!item?.token) throw new Error('no reset message');
  return item.token;
}

describe('POST /v1/auth/password-reset', () => {
  it('answers the same 202 for a login that exists and one that does not', async () => {
    const owner = await makeSignedInOwner(api);
    const known = await ask(owner.email);
    const unknown = await ask(uniqueEmail('nobody'));
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
  });

  it('sends a reset link by the login’s own channel, and nothing for an unknown login', async () => {
    const owner = await makeSignedInOwner(api);
    const nobody = uniqueEmail('nobody');
    await ask(owner.email);
    await ask(nobody);
    expect(await resetToken(owner.email)).toMatch(/^acc_[0-9a-z]+\.rst_[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect((await api.request('GET', `/_local/outbox?to=${encodeURIComponent(nobody)}`)).body.items).toEqual([]);
  });

  it('throttles a login after 5 requests in a window with 429', async () => {
    const owner = await makeSignedInOwner(api);
    for (let i = 0; i < 5; i += 1) expect((await ask(owner.email)).status).toBe(202);
    const blocked = await ask(owner.email);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('POST /v1/auth/password-reset: the work behind the 202', () => {
  const sentResets = async (to: string) =>
    ((await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`)).body.items as { kind: string }[]).filter((item) => item.kind === 'password_reset');
  const jobsOf = async (address: string) => (await itemsOfPartition(`CLIENT#${address}`)).filter((item) => item.entity === 'outboxMessage');

  it('commits one sealed job with the address, the same for a login that exists and one that does not', async () => {
    const owner = await makeSignedInOwner(api);
    const nobody = uniqueEmail('nobody');
    await ask(owner.email, { 'x-forwarded-for': '192.0.2.10' });
    await ask(nobody, { 'x-forwarded-for': '192.0.2.11' });
    const [known, unknown] = [await jobsOf('192.0.2.10'), await jobsOf('192.0.2.11')];
    expect(known).toHaveLength(1);
    expect(unknown).toHaveLength(1);
    for (const [job, login] of [[known[0], owner.email], [unknown[0], nobody]] as const) {
      expect(Object.keys(job ?? {}).sort()).toEqual(['channel', 'createdAt', 'entity', 'kind', 'messageId', 'pk', 'sealed', 'sk', 'ttl']);
      expect(job).toMatchObject({ kind: 'password_reset_request', channel: 'email', sk: expect.stringMatching(/^OUTBOX#msg_/) });
      expect(JSON.stringify(job)).not.toContain(login.split('@')[0]);
    }
  });

  it('issues and sends one link when the stream delivers a job twice', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email, { 'x-forwarded-for': '192.0.2.12' });
    const token = await resetToken(owner.email);
    const [job] = await jobsOf('192.0.2.12');
    const { handler } = await import('#functions/table-stream/handler.js');
    const redelivered = { Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(job) } }] } as unknown as DynamoDBStreamEvent;
    expect((await handler(redelivered)).batchItemFailures).toEqual([]);
    await api.stack.drainMessages();
    expect(await sentResets(owner.email)).toHaveLength(1);
    expect((await confirm(token)).status).toBe(204);
  });
});

describe('POST /v1/auth/password-reset/confirm', () => {
  it('sets the new password: the old one stops working and the new one signs in', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    expect((await confirm(await resetToken(owner.email))).status).toBe(204);
    expect((await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD } })).status).toBe(401);
    expect((await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: NEW_PASSWORD } })).status).toBe(200);
  });

  it('ends every session of the account', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    await confirm(await resetToken(owner.email));
    expect((await api.request('GET', '/v1/me', { token: owner.token })).status).toBe(401);
  });

  it('works once', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const token = await resetToken(owner.email);
    expect((await confirm(token)).status).toBe(204);
    const again = await confirm(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
  });

  it('ends every earlier link when a newer one is issued, whether or not the newer one is used', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const older = await resetToken(owner.email);
    await ask(owner.email);
    const newer = await resetToken(owner.email);
    expect(newer).not.toBe(older);

    const refused = await confirm(older);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_token');
    expect((await confirm(newer)).status).toBe(204);
    expect((await confirm(older, 'yet another passphrase')).status).toBe(400);
  });

  it('expires after 30 minutes', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const token = await resetToken(owner.email);
    clock.advance(30 * 60_000 + 1000);
    expect((await confirm(token)).body.code).toBe('invalid_token');
  });

  it.each([
    ['a tampered secret', (t: string) => `${t.slice(0, -2)}AA`],
    ['garbage', () => 'not-a-token'],
  ])('refuses %s with invalid_token', async (_label, mutate) => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const response = await confirm(mutate(await resetToken(owner.email)));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_token');
  });

  it('refuses a weak new password with weak_password and keeps the token usable', async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const token = await resetToken(owner.email);
    expect((await confirm(token, 'password')).body.code).toBe('weak_password');
    expect((await confirm(token)).status).toBe(204);
  });

  it("refuses a new password built from the salon's name or the account's email, saying which, and keeps the token usable", async () => {
    const owner = await makeSignedInOwner(api);
    await ask(owner.email);
    const token = await resetToken(owner.email);
    const fromSalon = await confirm(token, 'Solsken2024!');
    expect(fromSalon.status).toBe(400);
    expect(fromSalon.body).toMatchObject({ code: 'weak_password', detail: expect.stringMatching(/is built from the salon's name/) });
    const fromEmail = await confirm(token, `${owner.email.split('@')[0]}2024`);
    expect(fromEmail.body).toMatchObject({ code: 'weak_password', detail: expect.stringMatching(/is built from your email address/) });
    expect((await confirm(token, 'abcabcabc')).body.detail).toMatch(/repeats a short pattern/);
    expect((await confirm(token)).status).toBe(204);
  });
});

describe('invitations of a salon', () => {
  it('lists, resends (the old token answers 404) and revokes', async () => {
    const owner = await makeSignedInOwner(api);
    const level = (await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token, json: { name: 'Rec', template: 'reception' } })).body.id;
    const email = uniqueEmail('stylist');
    const staff = (await api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, { token: owner.token, json: { firstName: 'Eva', lastName: 'Lind', email, accessLevelId: level } })).body.id;
    const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff, channel: 'email' } });
    const firstToken = await latestToken(api, email);

    const resent = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations/${invited.body.id}/resend`, { token: owner.token });
    expect(resent.status).toBe(201);
    expect(resent.body.id).not.toBe(invited.body.id);
    expect((await api.request('POST', '/v1/invitations/lookup', { json: { token: firstToken } })).status).toBe(404);
    const secondToken = await latestToken(api, email);
    expect((await api.request('POST', '/v1/invitations/lookup', { json: { token: secondToken } })).status).toBe(200);

    const list = await api.request('GET', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token });
    const statuses = Object.fromEntries(list.body.items.map((item: { id: string; status: string }) => [item.id, item.status]));
    expect(statuses[invited.body.id]).toBe('revoked');
    expect(statuses[resent.body.id]).toBe('pending');

    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/invitations/${resent.body.id}`, { token: owner.token })).status).toBe(204);
    expect((await api.request('POST', '/v1/invitations/lookup', { json: { token: secondToken } })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/invitations/${resent.body.id}`, { token: owner.token })).status).toBe(404);
  });

  it("answers 404 when resending another salon's invitation", async () => {
    const body = { name: 'Trial', plan: 'trial', owner: { firstName: 'O', lastName: 'P', email: uniqueEmail() } };
    const created = await api.operator('POST', '/v1/operator/tenants', body);
    const owner = await makeSignedInOwner(api, { plan: 'trial' });
    expect(created.status).toBe(201);
    const foreign = await api.request('POST', `/v1/tenants/${created.body.tenant.id}/invitations/${created.body.owner.invitation.id}/resend`, { token: owner.token });
    expect(foreign.status).toBe(404);
  });
});
