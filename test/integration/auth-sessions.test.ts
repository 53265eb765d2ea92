import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeSignedInOwner, OWNER_PASSWORD, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

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

const login = (loginId: string, password: string, headers: Record<string, string> = {}) =>
  api.request('POST', '/v1/auth/login', { json: { login: loginId, password }, headers });

describe('POST /v1/auth/login', () => {
  it('signs in with email and password and lists the memberships', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await login(owner.email, OWNER_PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body.token).toMatch(/^acc_[0-9a-z]+\.ses_[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(response.body.account).toEqual({ id: owner.accountId, email: owner.email, phone: null });
    expect(response.body.memberships).toEqual([{ tenantId: owner.tenantId, tenantName: 'Salong Solsken', staffId: owner.staffId }]);
    expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('accepts the login in any letter case', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await login(owner.email.toUpperCase(), OWNER_PASSWORD)).status).toBe(200);
  });

  it('issues a new token on every login', async () => {
    const owner = await makeSignedInOwner(api);
    const first = await login(owner.email, OWNER_PASSWORD);
    const second = await login(owner.email, OWNER_PASSWORD);
    expect(first.body.token).not.toBe(second.body.token);
  });

  it('gives the same answer for an unknown login and a wrong password', async () => {
    const owner = await makeSignedInOwner(api);
    const wrongPassword = await login(owner.email, 'wrong password here');
    const unknownLogin = await login(uniqueEmail('nobody'), 'wrong password here');
    expect(wrongPassword.status).toBe(401);
    expect(unknownLogin.status).toBe(401);
    expect(unknownLogin.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body.code).toBe('invalid_credentials');
  });

  it('throttles a login after 10 failures with 429 and Retry-After, even for the right password', async () => {
    const owner = await makeSignedInOwner(api);
    for (let i = 0; i < 10; i += 1) expect((await login(owner.email, `wrong ${i} password`)).status).toBe(401);
    const blocked = await login(owner.email, OWNER_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    clock.advance(retryAfter * 1000);
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
  });

  it('throttles a client address after 100 failures across different logins', async () => {
    const owner = await makeSignedInOwner(api);
    const address = { 'x-forwarded-for': '192.0.2.77' };
    for (let i = 0; i < 100; i += 1) await login(uniqueEmail(`spray${i}`), 'sprayed password', address);
    expect((await login(owner.email, OWNER_PASSWORD, address)).status).toBe(429);
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
  });

  it('throttles unknown logins the same way, so throttling does not reveal which logins exist', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 10; i += 1) await login(email, `wrong ${i} password`);
    expect((await login(email, 'anything at all')).status).toBe(429);
  });
});

describe('sessions', () => {
  it('answers /v1/me with the account and memberships', async () => {
    const owner = await makeSignedInOwner(api);
    const me = await api.request('GET', '/v1/me', { token: owner.token });
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(owner.accountId);
    expect(me.body.memberships[0].tenantId).toBe(owner.tenantId);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'garbage'],
    ['a forged secret', 'acc_01x.ses_01x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses /v1/me with %s', async (_label, token) => {
    const me = await api.request('GET', '/v1/me', token ? { token } : {});
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('unauthorized');
  });

  it('refuses a token whose secret was altered', async () => {
    const owner = await makeSignedInOwner(api);
    const altered = owner.token.slice(0, -1) + (owner.token.endsWith('A') ? 'B' : 'A');
    expect((await api.request('GET', '/v1/me', { token: altered })).status).toBe(401);
  });

  it('ends the session at once on logout', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await api.request('POST', '/v1/auth/logout', { token: owner.token })).status).toBe(204);
    expect((await api.request('GET', '/v1/me', { token: owner.token })).status).toBe(401);
  });

  it('keeps other sessions of the account alive on logout', async () => {
    const owner = await makeSignedInOwner(api);
    const other = await login(owner.email, OWNER_PASSWORD);
    await api.request('POST', '/v1/auth/logout', { token: owner.token });
    expect((await api.request('GET', '/v1/me', { token: other.body.token })).status).toBe(200);
  });

  it('lists the account sessions, marking the current one, without secrets', async () => {
    const owner = await makeSignedInOwner(api);
    await login(owner.email, OWNER_PASSWORD, { 'user-agent': 'SalonApp/2.1' });
    const list = await api.request('GET', '/v1/auth/sessions', { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.body.items.some((s: { userAgent: string }) => s.userAgent === 'SalonApp/2.1')).toBe(true);
    expect(list.body.items[0]).toMatchObject({ kind: 'backoffice' });
    expect(JSON.stringify(list.body)).not.toMatch(/secret|hash/i);
    expect(list.body.nextCursor).toBeNull();
  });

  it('ends another session by id', async () => {
    const owner = await makeSignedInOwner(api);
    const other = await login(owner.email, OWNER_PASSWORD);
    const list = await api.request('GET', '/v1/auth/sessions', { token: owner.token });
    const otherId = list.body.items.find((s: { current: boolean }) => !s.current).id;
    expect((await api.request('DELETE', `/v1/auth/sessions/${otherId}`, { token: owner.token })).status).toBe(204);
    expect((await api.request('GET', '/v1/me', { token: other.body.token })).status).toBe(401);
  });

  it("answers 404 when ending another account's session", async () => {
    const alice = await makeSignedInOwner(api);
    const bob = await makeSignedInOwner(api);
    const bobSessions = await api.request('GET', '/v1/auth/sessions', { token: bob.token });
    const response = await api.request('DELETE', `/v1/auth/sessions/${bobSessions.body.items[0].id}`, { token: alice.token });
    expect(response.status).toBe(404);
    expect((await api.request('GET', '/v1/me', { token: bob.token })).status).toBe(200);
  });

  it('expires after 30 minutes without activity', async () => {
    const owner = await makeSignedInOwner(api);
    clock.advance(30 * 60_000 + 1000);
    expect((await api.request('GET', '/v1/me', { token: owner.token })).status).toBe(401);
  });

  it('stays alive while used, up to its absolute lifetime of 12 hours', async () => {
    const owner = await makeSignedInOwner(api);
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 20) {
      clock.advance(20 * 60_000);
      const me = await api.request('GET', '/v1/me', { token: owner.token });
      if (elapsed + 20 < 12 * 60) expect(me.status).toBe(200);
      else expect(me.status).toBe(401);
    }
  });
});

describe('GET /v1/tenants/{tenantId}', () => {
  it('shows a member the tenant with its settings, plan and residency', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: owner.tenantId, plan: 'paid', residency: 'EU', settings: { pinLength: 6 } });
  });

  it("answers another tenant's id exactly as an unknown one: 404", async () => {
    const alice = await makeSignedInOwner(api);
    const bob = await makeSignedInOwner(api);
    const foreign = await api.request('GET', `/v1/tenants/${bob.tenantId}`, { token: alice.token });
    const unknown = await api.request('GET', '/v1/tenants/ten_01nonexistent', { token: alice.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
  });

  it('requires a session', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`)).status).toBe(401);
  });
});
