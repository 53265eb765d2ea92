import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDynamoRequests } from '#local/dynamo-requests.js';
import { clock } from '#shared/clock.js';
import { makeSignedInOwner, OWNER_PASSWORD, type SignedInOwner, uniqueEmail } from '../support/builders.js';
import { type ApiResponse, startTestApi, type TestApi } from '../support/local-api.js';

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

/**
 * Filling an account's 100 slots is 99 logins (argon2 each) one after another, and throttling a client address
 * 101: minutes on a busy 2-core machine.
 */
const FULL_RING_TIMEOUT_MS = 240_000;

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
    // 101 logins one after another, each an argon2 verification (unknown logins verify a dummy hash): a time limit, not an assertion.
  }, FULL_RING_TIMEOUT_MS);

  it('costs four DynamoDB requests when it succeeds', async () => {
    const owner = await makeSignedInOwner(api);
    const requests = await countDynamoRequests();
    try {
      expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
      expect(requests.count).toBe(4);
    } finally {
      requests.stop();
    }
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

interface SessionListItem {
  id: string;
  createdAt: string;
  current: boolean;
}

const sessionsOf = (token: string, query = '') => api.request('GET', `/v1/auth/sessions${query}`, { token });

/** Every live session of the account, through the pages. */
async function allSessions(token: string): Promise<SessionListItem[]> {
  const items: SessionListItem[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await sessionsOf(token, `?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Logs the owner in until the account has `total` sessions (the owner's own is the first); returns the new tokens, oldest first. */
async function signInUntil(owner: SignedInOwner, total: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let count = 1; count < total; count += 1) {
    const response = await login(owner.email, OWNER_PASSWORD);
    expect(response.status).toBe(200);
    tokens.push(response.body.token);
  }
  return tokens;
}

const isSignedIn = async (token: string) => (await api.request('GET', '/v1/me', { token })).status === 200;

describe('GET /v1/auth/sessions pages', () => {
  it('through every live session once, newest first, with limit and cursor', async () => {
    const owner = await makeSignedInOwner(api);
    await signInUntil(owner, 7);
    const seen: SessionListItem[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await sessionsOf(owner.token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      sizes.push(page.body.items.length);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(new Set(seen.map((session) => session.id)).size).toBe(7);
    expect(seen.map((session) => session.createdAt)).toEqual(seen.map((session) => session.createdAt).sort().reverse());
    expect(seen.filter((session) => session.current)).toHaveLength(1);
    expect(seen[seen.length - 1]?.current).toBe(true);
    const whole = await sessionsOf(owner.token);
    expect(whole.body.items.map((session: SessionListItem) => session.id)).toEqual(seen.map((session) => session.id));
    expect(whole.body.nextCursor).toBeNull();
  });

  it('keeps paging when the session after the cursor ends in between', async () => {
    const owner = await makeSignedInOwner(api);
    const tokens = await signInUntil(owner, 4);
    const first = await sessionsOf(owner.token, '?limit=1');
    await api.request('POST', '/v1/auth/logout', { token: tokens[tokens.length - 1] as string });
    await api.request('POST', '/v1/auth/logout', { token: tokens[tokens.length - 2] as string });
    const rest = await sessionsOf(owner.token, `?cursor=${first.body.nextCursor}`);
    expect(rest.status).toBe(200);
    expect(rest.body.items).toHaveLength(2);
  });

  it('leaves out sessions that idled out', async () => {
    const owner = await makeSignedInOwner(api);
    await signInUntil(owner, 2);
    clock.advance(31 * 60_000);
    const fresh = await login(owner.email, OWNER_PASSWORD);
    expect((await sessionsOf(fresh.body.token)).body.items).toEqual([expect.objectContaining({ current: true })]);
  });

  it.each([
    ['limit=0', '?limit=0'],
    ['limit=201', '?limit=201'],
    ['a forged cursor', `?cursor=${Buffer.from('2026-01-01T00:00:00.000Z#not-a-session').toString('base64url')}`],
    ['a cursor that is not base64url', '?cursor=%2B%2F%3D'],
  ])('refuses %s with 400 validation_failed', async (_label, query) => {
    const owner = await makeSignedInOwner(api);
    const response = await sessionsOf(owner.token, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('at most 100 live sessions per account', () => {
  it('the 101st login ends the oldest session, at the same cost of four requests', async () => {
    const owner = await makeSignedInOwner(api);
    const tokens = await signInUntil(owner, 100);
    expect(await allSessions(owner.token)).toHaveLength(100);
    const requests = await countDynamoRequests();
    let newest: ApiResponse;
    try {
      newest = await login(owner.email, OWNER_PASSWORD);
      expect(newest.status).toBe(200);
      expect(requests.count).toBe(4);
    } finally {
      requests.stop();
    }
    expect(await isSignedIn(owner.token)).toBe(false);
    expect(await isSignedIn(tokens[0] as string)).toBe(true);
    const live = await allSessions(newest.body.token);
    expect(live).toHaveLength(100);
    expect(live[0]?.current).toBe(true);
  }, FULL_RING_TIMEOUT_MS);

  it('a logout, or ending a session by id, frees its slot: the oldest stays', async () => {
    const owner = await makeSignedInOwner(api);
    const tokens = await signInUntil(owner, 100);
    expect((await api.request('POST', '/v1/auth/logout', { token: tokens[50] as string })).status).toBe(204);
    const other = (await allSessions(owner.token)).find((session) => !session.current) as SessionListItem;
    expect((await api.request('DELETE', `/v1/auth/sessions/${other.id}`, { token: owner.token })).status).toBe(204);
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
    expect(await isSignedIn(owner.token)).toBe(true);
    expect(await allSessions(owner.token)).toHaveLength(100);
    // Full again: the next login ends the oldest.
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200);
    expect(await isSignedIn(owner.token)).toBe(false);
  }, FULL_RING_TIMEOUT_MS);

  it('after a password reset, a login takes a cut-off session’s slot and the list shows only live sessions', async () => {
    const owner = await makeSignedInOwner(api);
    const tokens = await signInUntil(owner, 100);
    expect((await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } })).status).toBe(202);
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
    const resetToken = body.items.find((item: { kind: string }) => item.kind === 'password_reset')?.token;
    const password = 'a brand new passphrase 42';
    expect((await api.request('POST', '/v1/auth/password-reset/confirm', { json: { token: resetToken, newPassword: password } })).status).toBe(204);
    expect(await isSignedIn(tokens[98] as string)).toBe(false);
    const fresh = await login(owner.email, password);
    expect(fresh.status).toBe(200);
    expect(await allSessions(fresh.body.token)).toHaveLength(1);
  }, FULL_RING_TIMEOUT_MS);

  it('20 parallel logins at 99 sessions: never more than 100 live, never a 5xx', async () => {
    const owner = await makeSignedInOwner(api);
    await signInUntil(owner, 99);
    const responses = await Promise.all(Array.from({ length: 20 }, () => login(owner.email, OWNER_PASSWORD)));
    const statuses = responses.map((response) => response.status);
    // 429: the login's attempt budget lets 10 password checks run at once (lockout.test.ts); the rest never reach a session.
    expect(statuses.every((status) => status === 200 || status === 409 || status === 429)).toBe(true);
    expect(responses.filter((response) => response.status === 409).every((response) => response.body.code === 'concurrent_update')).toBe(true);
    const signedIn = responses.find((response) => response.status === 200);
    expect(signedIn).toBeDefined();
    expect(await allSessions(signedIn?.body.token)).toHaveLength(100);
  }, FULL_RING_TIMEOUT_MS);

  it('20 sessions starting at once at 99 (no attempt budget in the way): each starts or answers concurrent_update', async () => {
    const owner = await makeSignedInOwner(api);
    await signInUntil(owner, 99);
    // Loaded after the local stack started: the DynamoDB client reads its configuration at load.
    const { getAccount } = await import('#shared/data/repositories/accounts.js');
    const { startBackofficeSession } = await import('#shared/domain/auth/sessions.js');
    const { ConcurrentUpdateError } = await import('#shared/data/transaction.js');
    const account = await getAccount(owner.accountId);
    const client = { sourceIp: '192.0.2.1', userAgent: undefined };
    if (!account) throw new Error('no account');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => startBackofficeSession(account, client, false, [])));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.every((outcome) => (outcome as PromiseRejectedResult).reason instanceof ConcurrentUpdateError)).toBe(true);
    const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.token] : []));
    expect(started.length).toBeGreaterThan(0);
    expect(await allSessions(started[0] as string)).toHaveLength(100);
    const live = await Promise.all([owner.token, ...started].map(isSignedIn));
    expect(live.filter(Boolean).length).toBeLessThanOrEqual(100);
  }, FULL_RING_TIMEOUT_MS);
});
