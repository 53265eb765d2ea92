import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDynamoRequests } from '#local/dynamo-requests.js';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';
import { codeAt, toFreshStep } from '../support/totp.js';

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

async function enrol(owner: SignedInOwner) {
  const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
  expect(started.status).toBe(200);
  const secret = started.body.secret as string;
  const confirmed = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code: codeAt(secret) } });
  expect(confirmed.status).toBe(200);
  // Past the confirmation code's step and its drift window, so the tests' codes are fresh.
  clock.advance(90_000);
  return { secret, otpauthUri: started.body.otpauthUri as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('two-factor login (TOTP, RFC 6238)', () => {
  it('hands out a secret and an otpauth:// URI an authenticator app scans', async () => {
    const owner = await makeSignedInOwner(api);
    const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.otpauthUri).toBe(
      `otpauth://totp/${encodeURIComponent(`StaffGate:${owner.email}`)}?secret=${started.body.secret}&issuer=StaffGate&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('refuses a wrong confirmation code with invalid_code and stays off', async () => {
    const owner = await makeSignedInOwner(api);
    await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
    const response = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code: '000000' } });
    expect(response.body.code).toBe('invalid_code');
    expect((await login(owner)).status).toBe(200);
  });

  it('then requires a code at login: 401 totp_required without one', async () => {
    const owner = await makeSignedInOwner(api);
    await enrol(owner);
    const response = await login(owner);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('totp_required');
  });

  it('accepts a current code, and codes one step early or late (drift), but not two', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    toFreshStep();
    expect((await login(owner, codeAt(secret, -1))).status).toBe(200);
    clock.advance(60_000);
    toFreshStep();
    expect((await login(owner, codeAt(secret, +1))).status).toBe(200);
    clock.advance(60_000);
    toFreshStep();
    expect((await login(owner, codeAt(secret, -2))).status).toBe(401);
  });

  it('accepts each code once: a replay is refused and audited', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const code = codeAt(secret);
    expect((await login(owner, code)).status).toBe(200);
    const replay = await login(owner, code);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('totp_required');
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=account.totp_replay_refused`, {
      token: (await login(owner, codeAt(secret, 1))).body.token,
    });
    expect(audit.body.items).toHaveLength(1);
  });

  it('accepts each recovery code once', async () => {
    const owner = await makeSignedInOwner(api);
    const { recoveryCodes } = await enrol(owner);
    expect(recoveryCodes).toHaveLength(10);
    expect((await login(owner, recoveryCodes[0])).status).toBe(200);
    expect((await login(owner, recoveryCodes[0])).status).toBe(401);
    expect((await login(owner, recoveryCodes[1]?.toUpperCase())).status).toBe(200);
  });

  it('uses a code up in the same write that starts the session, ending the oldest at 100 sessions: four requests', async () => {
    const owner = await makeSignedInOwner(api);
    // Turning two-factor login on ends every other session, so the ring is filled afterwards (sessions opened with a second factor).
    const { secret, recoveryCodes } = await enrol(owner);
    // Loaded after the local stack started: the DynamoDB client reads its configuration at load.
    const { getAccount } = await import('#shared/data/repositories/accounts.js');
    const { startBackofficeSession } = await import('#shared/domain/auth/sessions.js');
    const tokens: string[] = [];
    for (let i = 0; i < 99; i += 1) {
      const account = await getAccount(owner.accountId);
      if (!account) throw new Error('no account');
      tokens.push((await startBackofficeSession(account, { sourceIp: '192.0.2.1', userAgent: undefined }, true, [])).token);
    }
    const requests = await countDynamoRequests();
    try {
      const withCode = await login(owner, codeAt(secret));
      expect(withCode.status).toBe(200);
      expect(requests.count).toBe(4);
    } finally {
      requests.stop();
    }
    expect((await api.request('GET', '/v1/me', { token: owner.token })).status).toBe(401);
    const withRecovery = await login(owner, recoveryCodes[0]);
    expect(withRecovery.status).toBe(200);
    expect((await api.request('GET', '/v1/me', { token: tokens[0] })).status).toBe(401);
    expect((await login(owner, recoveryCodes[0])).status).toBe(401);
    const sessions = await api.request('GET', '/v1/auth/sessions?limit=200', { token: withRecovery.body.token });
    expect(sessions.body.items).toHaveLength(100);
  }, 60_000);

  it('keeps the secret encrypted and the recovery codes hashed at rest', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret, recoveryCodes } = await enrol(owner);
    const stored = JSON.stringify(await allItems());
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) expect(stored).not.toContain(code);
  });

  it('turns off with a valid code', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const session = (await login(owner, codeAt(secret))).body.token;
    clock.advance(30_000);
    expect((await api.request('DELETE', '/v1/auth/totp', { token: session, json: { password: OWNER_PASSWORD, code: '123456' } })).body.code).toBe('invalid_code');
    expect((await api.request('DELETE', '/v1/auth/totp', { token: session, json: { password: OWNER_PASSWORD, code: codeAt(secret) } })).status).toBe(204);
    expect((await login(owner)).status).toBe(200);
  });
});

describe('changing the second factor needs the password (step-up)', () => {
  it('refuses to start enrolment with a wrong password (401 invalid_credentials), or none (400)', async () => {
    const owner = await makeSignedInOwner(api);
    const wrong = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: 'not the password at all' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect((await api.request('POST', '/v1/auth/totp', { token: owner.token })).status).toBe(400);
  });

  it('refuses to turn it off with a wrong password, even with a valid code', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const session = (await login(owner, codeAt(secret))).body.token;
    clock.advance(30_000);
    const refused = await api.request('DELETE', '/v1/auth/totp', { token: session, json: { password: 'not the password at all', code: codeAt(secret) } });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_credentials');
    expect((await login(owner)).status).toBe(401);
  });

  it('refuses to turn it off (409 two_factor_required) while a salon the account manages requires it', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const session = (await login(owner, codeAt(secret))).body.token;
    const required = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: session, json: { requireTwoFactorForAdmins: true } });
    expect(required.status).toBe(200);
    clock.advance(30_000);
    const refused = await api.request('DELETE', '/v1/auth/totp', { token: session, json: { password: OWNER_PASSWORD, code: codeAt(secret) } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('two_factor_required');
  });
});

describe('a salon that requires two-factor login for admins', () => {
  it('refuses an admin session opened without a second factor, and accepts one opened with it', async () => {
    const owner = await makeSignedInOwner(api);
    // The session that turned two-factor login on keeps working, but it was opened without a second factor.
    const { secret } = await enrol(owner);
    const required = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, {
      token: owner.token,
      json: { requireTwoFactorForAdmins: true },
    });
    expect(required.status).toBe(200);
    const refused = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('two_factor_required');

    const withCode = await login(owner, codeAt(secret));
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: withCode.body.token })).status).toBe(200);
  });
});

describe('turning requireTwoFactorForAdmins on needs two-factor login on one\'s own account', () => {
  const settings = (owner: SignedInOwner, token: string, json: Record<string, unknown>) =>
    api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token, json });
  const readBack = async (owner: SignedInOwner, token: string) =>
    (await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token })).body as { version: number; settings: { requireTwoFactorForAdmins: boolean } };

  it('is refused without it (409 two_factor_required_first, a problem document) and changes nothing; allowed after enrolling', async () => {
    const owner = await makeSignedInOwner(api);
    const before = await readBack(owner, owner.token);
    const refused = await settings(owner, owner.token, { requireTwoFactorForAdmins: true, autoLogoutSeconds: 600 });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:staffgate:problem:two_factor_required_first',
      title: 'Conflict',
      status: 409,
      code: 'two_factor_required_first',
      detail: expect.any(String),
    });
    const after = await readBack(owner, owner.token);
    expect(after.settings.requireTwoFactorForAdmins).toBe(false);
    expect(after).toEqual(before);

    const { secret } = await enrol(owner);
    expect((await settings(owner, owner.token, { requireTwoFactorForAdmins: true })).status).toBe(200);
    const withCode = (await login(owner, codeAt(secret))).body.token as string;
    expect((await readBack(owner, withCode)).settings.requireTwoFactorForAdmins).toBe(true);
  });

  it('refuses a staff member at a terminal whose account has no second factor, or who has no account; on again, or off, is never refused', async () => {
    const owner = await makeSignedInOwner(api);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
    const admin = await makeAccessLevel(api, owner, { grants: { 'settings.manage': true } });
    // A terminal each: an unlock ends the session of the terminal's previous one.
    const atTerminal = async (staffId: string, name: string) => {
      const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name, branchId: branch.body.id } });
      expect(terminal.status).toBe(201);
      const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staffId}/pin`, { token: owner.token, json: { generate: true } });
      expect(pin.status).toBe(200);
      const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
      expect(unlocked.status).toBe(200);
      return unlocked.body.token as string;
    };

    // A staff member without an account could never sign in with a second factor.
    const noAccount = await atTerminal((await makeStaff(api, owner, { accessLevelId: admin.id })).id, 'Front desk');
    const refused = await settings(owner, noAccount, { requireTwoFactorForAdmins: true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('two_factor_required_first');

    // The owner at the terminal: their linked account has no second factor yet, then has one.
    const ownerAtTerminal = await atTerminal(owner.staffId, 'Back office');
    expect((await settings(owner, ownerAtTerminal, { requireTwoFactorForAdmins: true })).body.code).toBe('two_factor_required_first');
    expect((await readBack(owner, owner.token)).settings.requireTwoFactorForAdmins).toBe(false);
    await enrol(owner);
    expect((await settings(owner, ownerAtTerminal, { requireTwoFactorForAdmins: true })).status).toBe(200);

    // Already on: on again is no change of the rule; off is never refused by it.
    expect((await settings(owner, noAccount, { requireTwoFactorForAdmins: true })).status).toBe(200);
    const off = await settings(owner, noAccount, { requireTwoFactorForAdmins: false });
    expect(off.status).toBe(200);
    expect(off.body.settings.requireTwoFactorForAdmins).toBe(false);
  });
});

describe('replacing a second factor', () => {
  it('is refused while two-factor login is on (409 totp_already_enabled): turning it off needs a code first', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const session = (await login(owner, codeAt(secret))).body.token;
    const again = await api.request('POST', '/v1/auth/totp', { token: session, json: { password: OWNER_PASSWORD } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('totp_already_enabled');
  });
});
