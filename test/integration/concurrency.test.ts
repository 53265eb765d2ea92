import argon2 from 'argon2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '#shared/clock.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import { makeAccessLevel, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { type ApiResponse, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Every attempt budget holds however many requests arrive at once: a burst
 * of BURST parallel requests gets at most the budget's worth of secrets
 * evaluated, and the right secret is refused once the budget is spent.
 * A PIN counts as evaluated when its answer was decided (an unlock, or a
 * `pin.failed` event); a password when argon2 verified it.
 */
const BURST = 200;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
  vi.restoreAllMocks();
});

const statuses = (responses: ApiResponse[]) =>
  responses.reduce<Record<number, number>>((count, { status }) => ({ ...count, [status]: (count[status] ?? 0) + 1 }), {});

/**
 * A 503 with Retry-After refused a request without evaluating anything: the
 * suite's one DynamoDB Local, shared with the file running beside this one,
 * can be slower than the 20 s dependency budget for the tail of a burst, and
 * the service then answers as it must (try again later).
 */
const shed = (response: ApiResponse) =>
  response.status === 503 && response.body?.code === 'service_unavailable' && response.headers.get('retry-after') !== null;

/**
 * A burst's answers are the limit's refusals but for at most `allowed`
 * answers of the `evaluated` kinds, and nothing else (any other answer is
 * named). Shedding is a slow tail's, not the rule: the limit's own status
 * answers at least half the burst.
 */
function expectRefused(responses: ApiResponse[], refusal: number, evaluated: number[], allowed: number): void {
  const unexpected = responses
    .filter((response) => response.status !== refusal && !shed(response) && !evaluated.includes(response.status))
    .map((response) => `${response.status} ${response.body?.code ?? response.text.slice(0, 80)}`);
  expect(unexpected).toEqual([]);
  expect(responses.filter((response) => response.status === refusal || shed(response)).length).toBeGreaterThanOrEqual(responses.length - allowed);
  expect(responses.filter((response) => response.status === refusal).length).toBeGreaterThanOrEqual(responses.length / 2);
}

async function auditCount(owner: SignedInOwner, action: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await api.request(
      'GET',
      `/v1/tenants/${owner.tenantId}/audit?action=${action}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      { token: owner.token },
    );
    expect(page.status).toBe(200);
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

interface FrontDesk {
  owner: SignedInOwner;
  terminals: string[];
  pin: string;
}

/** A salon with terminals and one staff member whose generated PIN is `pin`. */
async function frontDesk(terminalCount: number, lockout: Record<string, number>): Promise<FrontDesk> {
  const owner = await makeSignedInOwner(api);
  const patched = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { lockout } });
  expect(patched.status).toBe(200);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Main' } });
  const terminals: string[] = [];
  for (let i = 0; i < terminalCount; i += 1) {
    const registered = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
      token: owner.token,
      json: { name: `Desk ${i}`, branchId: branch.body.id },
    });
    terminals.push(registered.body.token);
  }
  const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
  const eva = await makeStaff(api, owner, { accessLevelId: level.id });
  const generated = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${eva.id}/pin`, { token: owner.token, json: { generate: true } });
  return { owner, terminals, pin: generated.body.pin };
}

/** A 6-digit PIN that is not `pin` (none of the salon's other staff has a PIN). */
const wrongPin = (pin: string, i: number) => String((Number(pin) + 1 + i) % 1_000_000).padStart(6, '0');

const unlock = (terminal: string, pin: string) => api.request('POST', '/v1/terminal/unlock', { token: terminal, json: { pin } });

describe('PIN entry under a burst', () => {
  it(`evaluates at most the terminal's 5 attempts of ${BURST} parallel PINs, and then refuses the right one`, async () => {
    const desk = await frontDesk(1, { maxAttempts: 5, tenantFailuresPerHour: 100 });
    const terminal = desk.terminals[0] as string;
    const responses = await Promise.all([
      ...Array.from({ length: BURST - 1 }, (_, i) => unlock(terminal, wrongPin(desk.pin, i))),
      unlock(terminal, desk.pin),
    ]);
    const counts = statuses(responses);
    const evaluated = (await auditCount(desk.owner, 'pin.failed')) + (await auditCount(desk.owner, 'terminal.unlocked'));
    expect(evaluated).toBeLessThanOrEqual(5);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(5);
    expectRefused(responses, 423, [401, 200], 5);
    if (!counts[200]) expect((await unlock(terminal, desk.pin)).status).toBe(423);
  });

  it(`evaluates at most the salon's hourly budget of ${BURST} parallel PINs across its terminals`, async () => {
    const desk = await frontDesk(4, { maxAttempts: 20, tenantFailuresPerHour: 8 });
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => unlock(desk.terminals[i % 4] as string, wrongPin(desk.pin, i))),
    );
    const counts = statuses(responses);
    expect(await auditCount(desk.owner, 'pin.failed')).toBeLessThanOrEqual(8);
    expect(await auditCount(desk.owner, 'pin.tenant_locked')).toBe(1);
    expect(counts[401] ?? 0).toBeLessThanOrEqual(8);
    expectRefused(responses, 423, [401], 8);
    for (const terminal of desk.terminals) expect((await unlock(terminal, desk.pin)).status).toBe(423);
  });

  it('lets no sequence of lockout clears test more PINs in an hour than the salon budget', async () => {
    const desk = await frontDesk(2, { maxAttempts: 3, tenantFailuresPerHour: 10 });
    let tested = 0;
    for (let round = 0; round < 8; round += 1) {
      const responses = await Promise.all(
        Array.from({ length: 25 }, (_, i) => unlock(desk.terminals[i % 2] as string, wrongPin(desk.pin, round * 25 + i))),
      );
      tested += responses.filter((response) => response.status === 401).length;
      for (const body of [{}, { terminalId: undefined }]) {
        const cleared = await api.request('POST', `/v1/tenants/${desk.owner.tenantId}/pin-lockouts/clear`, { token: desk.owner.token, json: body });
        expect(cleared.status).toBe(204);
      }
      clock.advance(60_000);
    }
    expect(tested).toBeLessThanOrEqual(10);
    expect(await auditCount(desk.owner, 'pin.failed')).toBeLessThanOrEqual(10);
    expect((await unlock(desk.terminals[0] as string, desk.pin)).status).toBe(423);
  });
});

describe('login under a burst', () => {
  it(`checks at most 10 of ${BURST} parallel passwords for one account, and then refuses the right one`, async () => {
    const owner = await makeSignedInOwner(api);
    const verify = vi.spyOn(argon2, 'verify');
    const login = (password: string, ip: number) =>
      api.request('POST', '/v1/auth/login', { json: { login: owner.email, password }, headers: { 'x-forwarded-for': `198.51.100.${ip % 250}` } });
    const responses = await Promise.all([...Array.from({ length: BURST - 1 }, (_, i) => login(`wrong password ${i}`, i)), login(OWNER_PASSWORD, 7)]);
    const counts = statuses(responses);
    expect(verify.mock.calls.length).toBeLessThanOrEqual(10);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(10);
    expectRefused(responses, 429, [401, 200], 10);
    if (!counts[200]) expect((await login(OWNER_PASSWORD, 8)).status).toBe(429);
  });

  it(`answers at most 10 of ${BURST} parallel codes when turning two-factor login off`, async () => {
    const owner = await makeSignedInOwner(api);
    const enrol = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
    expect(enrol.status).toBe(200);
    const code = hotp(base32Decode(enrol.body.secret), stepAt(clock.nowMs()));
    const confirmed = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code } });
    expect(confirmed.status).toBe(200);
    const session = await api.request('POST', '/v1/auth/login', {
      json: { login: owner.email, password: OWNER_PASSWORD, totp: confirmed.body.recoveryCodes[0] },
    });
    expect(session.status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api.request('DELETE', '/v1/auth/totp', { token: session.body.token, json: { password: OWNER_PASSWORD, code: String(100000 + i) } }),
      ),
    );
    const counts = statuses(responses);
    expect((counts[400] ?? 0) + (counts[204] ?? 0)).toBeLessThanOrEqual(10);
    expectRefused(responses, 429, [400, 204], 10);
  });
});

describe('typed PINs under a burst', () => {
  it(`reveals at most 5 taken PINs of ${BURST} typed at once by one manager`, async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const holder = await makeStaff(api, owner, { accessLevelId: level.id });
    const taken = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${holder.id}/pin`, { token: owner.token, json: { generate: true } });
    const targets = await Promise.all(Array.from({ length: 4 }, () => makeStaff(api, owner, { accessLevelId: level.id })));
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${targets[i % 4]?.id}/pin`, { token: owner.token, json: { pin: taken.body.pin } }),
      ),
    );
    const counts = statuses(responses);
    expect(counts[409] ?? 0).toBeLessThanOrEqual(5);
    expectRefused(responses, 429, [409], 5);
    expect(await auditCount(owner, 'pin.conflict')).toBeLessThanOrEqual(5);
  });
});

describe('password-reset requests under a burst', () => {
  it(`sends at most 5 reset links of ${BURST} parallel requests for one login`, async () => {
    const owner = await makeSignedInOwner(api);
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email }, headers: { 'x-forwarded-for': `203.0.113.${i % 250}` } }),
      ),
    );
    const counts = statuses(responses);
    expect(counts[202] ?? 0).toBeLessThanOrEqual(5);
    expectRefused(responses, 429, [202], 5);
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
    expect(body.items.filter((item: { kind: string }) => item.kind === 'password_reset').length).toBeLessThanOrEqual(5);
  });
});

const RACE_ROUNDS = 20;
/** Twenty rounds of argon2 and transactions: on two busy cores this takes longer than vitest's default 30 s. */
const RACE_TIMEOUT_MS = 120_000;

describe('races, each repeated', () => {
  it(`lets one of two parallel accepts of an invitation win, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const staff = await makeStaff(api, owner, { accessLevelId: level.id });
      await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff.id, channel: 'email' } });
      const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(staff.email)}`);
      const token = body.items[0].token as string;
      const answers = await Promise.all([0, 1].map(() => api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } })));
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      const reread = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token });
      expect(reread.body.status).toBe('active');
    }
  }, RACE_TIMEOUT_MS);

  it(`applies one of two updates with the same If-Match, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    let version = staff.version;
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const answers = await Promise.all(
        ['Anna', 'Bea'].map((firstName) =>
          api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, {
            token: owner.token,
            json: { firstName },
            headers: { 'if-match': String(version) },
          }),
        ),
      );
      const won = answers.filter((answer) => answer.status === 200);
      expect(won).toHaveLength(1);
      const reread = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token });
      expect(reread.body.firstName).toBe(won[0]?.body.firstName);
      version = reread.body.version;
    }
  }, RACE_TIMEOUT_MS);

  it(`gives one externalId to one of two staff created at once, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const externalId = `ext-${round}`;
      const answers = await Promise.all(
        [0, 1].map(() =>
          api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, {
            token: owner.token,
            json: { firstName: 'Eva', lastName: 'Lind', accessLevelId: level.id, externalId },
          }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 409)).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`never leaves a level deleted while a staff member is given it, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    const keep = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: keep.id });
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
      const [deleted, assigned] = await Promise.all([
        api.request('DELETE', `/v1/tenants/${owner.tenantId}/access-levels/${level.id}`, { token: owner.token }),
        api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token, json: { accessLevelId: level.id } }),
      ]);
      const reread = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token });
      const levelNow = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels/${level.id}`, { token: owner.token });
      expect(deleted.status === 204 && assigned.status === 200).toBe(false);
      if (reread.body.accessLevelId === level.id) expect(levelNow.status).toBe(200);
      await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token, json: { accessLevelId: keep.id } });
    }
  }, RACE_TIMEOUT_MS);

  it(`never leaves a PIN of the old length looking current when a length switch races a PIN set, ${RACE_ROUNDS} times`, async () => {
    const desk = await frontDesk(1, { maxAttempts: 20, tenantFailuresPerHour: 100 });
    const level = await makeAccessLevel(api, desk.owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, desk.owner, { accessLevelId: level.id });
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const length = round % 2 === 0 ? 4 : 6;
      const [set] = await Promise.all([
        api.request('PUT', `/v1/tenants/${desk.owner.tenantId}/staff/${staff.id}/pin`, { token: desk.owner.token, json: { generate: true } }),
        api.request('PATCH', `/v1/tenants/${desk.owner.tenantId}/settings`, { token: desk.owner.token, json: { pinLength: length } }),
      ]);
      const reread = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/staff/${staff.id}`, { token: desk.owner.token });
      if (set.status === 200 && reread.body.hasPin) {
        expect(set.body.pin).toHaveLength(length);
        expect((await unlock(desk.terminals[0] as string, set.body.pin)).status).toBe(200);
      }
    }
  }, RACE_TIMEOUT_MS);

  it(`accepts one TOTP code for one of two parallel logins, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    const enrol = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
    const secret = enrol.body.secret as string;
    const confirmed = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code: hotp(base32Decode(secret), stepAt(clock.nowMs())) } });
    expect(confirmed.status).toBe(200);
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      // A fresh time step each round (every code may be used once), and the losers' spent attempts well inside the login budget.
      clock.advance(120_000);
      const code = hotp(base32Decode(secret), stepAt(clock.nowMs()));
      const answers = await Promise.all(
        [0, 1].map(() => api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, totp: code } })),
      );
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`lets one approval through one of two parallel checks, ${RACE_ROUNDS} times`, async () => {
    const desk = await frontDesk(1, { maxAttempts: 20, tenantFailuresPerHour: 100 });
    const requesterLevel = await makeAccessLevel(api, desk.owner, { grants: { 'appointments.view': true, 'appointments.delete': 'approval' } });
    const requester = await makeStaff(api, desk.owner, { accessLevelId: requesterLevel.id });
    const requesterPin = (await api.request('PUT', `/v1/tenants/${desk.owner.tenantId}/staff/${requester.id}/pin`, { token: desk.owner.token, json: { generate: true } })).body.pin;
    const managerLevel = await makeAccessLevel(api, desk.owner, { grants: { 'appointments.view': true, 'appointments.delete': true } });
    const manager = await makeStaff(api, desk.owner, { accessLevelId: managerLevel.id });
    const managerPin = (await api.request('PUT', `/v1/tenants/${desk.owner.tenantId}/staff/${manager.id}/pin`, { token: desk.owner.token, json: { generate: true } })).body.pin;
    const session = (await unlock(desk.terminals[0] as string, requesterPin)).body.token as string;
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      const approved = await api.request('POST', '/v1/terminal/approve', { token: session, json: { pin: managerPin, permission: 'appointments.delete' } });
      expect(approved.status).toBe(200);
      const answers = await Promise.all(
        [0, 1].map(() =>
          api.request('POST', '/v1/authorize', { token: session, json: { permission: 'appointments.delete', approvalToken: approved.body.approvalToken } }),
        ),
      );
      expect(answers.filter((answer) => answer.body.allowed === true)).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);

  it(`uses one reset link once when it is sent twice at once, ${RACE_ROUNDS} times`, async () => {
    const owner = await makeSignedInOwner(api);
    for (let round = 0; round < RACE_ROUNDS; round += 1) {
      clock.advance(20 * 60_000);
      expect((await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } })).status).toBe(202);
      const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
      const token = body.items.find((item: { kind: string }) => item.kind === 'password_reset').token as string;
      const answers = await Promise.all(
        [0, 1].map((i) => api.request('POST', '/v1/auth/password-reset/confirm', { json: { token, newPassword: `fresh harbour light ${round} ${i}` } })),
      );
      expect(answers.filter((answer) => answer.status === 204)).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);
});
