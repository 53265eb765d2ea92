import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeSignedInOwner, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { codeAt } from '../support/totp.js';

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

const login = (owner: SignedInOwner, totp?: string) =>
  api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, ...(totp ? { totp } : {}) } });
const session = (token: string) => api.request('GET', '/v1/session', { token });
const tenantOf = (owner: SignedInOwner, token: string) => api.request('GET', `/v1/tenants/${owner.tenantId}`, { token });

/** Starts enrolment from `token`'s session; the secret, pending until a code from it is confirmed. */
async function startEnrolment(token: string): Promise<string> {
  const started = await api.request('POST', '/v1/auth/totp', { token, json: { password: OWNER_PASSWORD } });
  expect(started.status).toBe(200);
  return started.body.secret as string;
}

/** Filling an account's 100 slots is 99 logins (argon2 each) one after another: minutes on a busy 2-core machine. */
const FULL_RING_TIMEOUT_MS = 240_000;

const confirm = (token: string, secret: string) => api.request('POST', '/v1/auth/totp/confirm', { token, json: { code: codeAt(secret) } });

async function expectEnded(owner: SignedInOwner, token: string) {
  const described = await session(token);
  expect(described.status).toBe(401);
  expect(described.body.code).toBe('session_expired');
  expect((await api.request('GET', '/v1/me', { token })).status).toBe(401);
  expect((await tenantOf(owner, token)).status).toBe(401);
}

async function expectWorking(owner: SignedInOwner, token: string) {
  expect((await session(token)).status).toBe(200);
  expect((await api.request('GET', '/v1/me', { token })).status).toBe(200);
  expect((await tenantOf(owner, token)).status).toBe(200);
}

describe('turning two-factor login on ends every other session of the account', () => {
  it('session B gets 401 on its next request; session A, which confirmed, keeps working with its token', async () => {
    const owner = await makeSignedInOwner(api);
    const a = owner.token;
    const b = (await login(owner)).body.token as string;
    await expectWorking(owner, b);

    const secret = await startEnrolment(a);
    // Starting enrolment changes nothing yet.
    await expectWorking(owner, b);
    const confirmed = await confirm(a, secret);
    expect(confirmed.status).toBe(200);

    await expectEnded(owner, b);
    await expectWorking(owner, a);
    const sessions = await api.request('GET', '/v1/auth/sessions', { token: a });
    expect(sessions.body.items).toEqual([expect.objectContaining({ current: true })]);
    // Ended for good, not only for one request.
    await expectEnded(owner, b);
  });

  it('ends every other session of a full ring of 100, and logins afterwards need the code and work', async () => {
    const owner = await makeSignedInOwner(api);
    const others: string[] = [];
    for (let i = 0; i < 99; i += 1) others.push((await login(owner)).body.token as string);
    const secret = await startEnrolment(owner.token);
    expect((await confirm(owner.token, secret)).status).toBe(200);
    clock.advance(90_000);

    for (const token of [others[0], others[50], others[98]] as string[]) await expectEnded(owner, token);
    await expectWorking(owner, owner.token);

    const withoutCode = await login(owner);
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.body.code).toBe('totp_required');
    const withCode = await login(owner, codeAt(secret));
    expect(withCode.status).toBe(200);
    await expectWorking(owner, withCode.body.token);
    // The freed slots are free again: the new login ended nobody.
    await expectWorking(owner, owner.token);
    const sessions = await api.request('GET', '/v1/auth/sessions?limit=200', { token: withCode.body.token });
    expect(sessions.body.items).toHaveLength(2);
  }, FULL_RING_TIMEOUT_MS);

  it('refuses a session without a second factor that read the account before it was turned on (401 totp_required)', async () => {
    const owner = await makeSignedInOwner(api);
    // Loaded after the local stack started: the DynamoDB client reads its configuration at load.
    const { getAccount } = await import('#shared/data/repositories/accounts.js');
    const { startBackofficeSession } = await import('#shared/domain/auth/sessions.js');
    const { UnauthorizedError } = await import('#shared/errors.js');
    const secret = await startEnrolment(owner.token);
    // A login that checked the password (no second factor then) and is about to take its slot...
    const readBefore = await getAccount(owner.accountId);
    if (!readBefore) throw new Error('no account');
    // ...while the enrolment is confirmed from another session.
    expect((await confirm(owner.token, secret)).status).toBe(200);
    const late = startBackofficeSession(readBefore, { sourceIp: '192.0.2.1', userAgent: undefined }, false, []);
    await expect(late).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(late).rejects.toMatchObject({ code: 'totp_required' });
    const sessions = await api.request('GET', '/v1/auth/sessions', { token: owner.token });
    expect(sessions.body.items).toHaveLength(1);
  });

  it('with logins racing the confirmation, no session opened without a second factor outlives it', async () => {
    for (let round = 0; round < 4; round += 1) {
      const owner = await makeSignedInOwner(api);
      const secret = await startEnrolment(owner.token);
      let [confirmed, ...logins] = await Promise.all([confirm(owner.token, secret), login(owner), login(owner)]);
      // Transactions on the one account item may collide: the loser answers 409 concurrent_update, and may be sent again.
      while (confirmed?.status === 409 && confirmed.body.code === 'concurrent_update') confirmed = await confirm(owner.token, secret);
      expect(confirmed?.status).toBe(200);
      for (const racing of logins) {
        // Either it committed first (and the confirmation ended it) or after (and had no code to bring).
        if (racing.status === 200) await expectEnded(owner, racing.body.token);
        else expect(['totp_required', 'concurrent_update']).toContain(racing.body.code);
      }
      await expectWorking(owner, owner.token);
    }
  }, 60_000);

  it('keeps no lasting exception: a password reset afterwards ends the confirming session too', async () => {
    const owner = await makeSignedInOwner(api);
    const secret = await startEnrolment(owner.token);
    expect((await confirm(owner.token, secret)).status).toBe(200);
    expect((await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } })).status).toBe(202);
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
    const resetToken = body.items.find((item: { kind: string }) => item.kind === 'password_reset')?.token;
    const newPassword = 'a brand new passphrase 42';
    expect((await api.request('POST', '/v1/auth/password-reset/confirm', { json: { token: resetToken, newPassword } })).status).toBe(204);
    await expectEnded(owner, owner.token);
  });

  it('is refused (401 session_expired) from a session that has ended in between, and two-factor login stays off', async () => {
    const owner = await makeSignedInOwner(api);
    const secret = await startEnrolment(owner.token);
    const other = (await login(owner)).body.token as string;
    const list = await api.request('GET', '/v1/auth/sessions', { token: other });
    const ownerSessionId = list.body.items.find((item: { current: boolean }) => !item.current).id as string;
    // Loaded after the local stack started: the DynamoDB client reads its configuration at load.
    const { confirmTotpEnrolment } = await import('#shared/domain/auth/two-factor.js');
    const { endSession } = await import('#shared/domain/auth/sessions.js');
    await endSession(owner.accountId, ownerSessionId);
    await expect(confirmTotpEnrolment(owner.accountId, ownerSessionId, codeAt(secret))).rejects.toMatchObject({ code: 'session_expired' });
    await expectWorking(owner, other);
    expect((await login(owner)).status).toBe(200);
  });
});
