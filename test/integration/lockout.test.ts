import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { type ApiResponse, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  // Its parallel fetches, unlocks or acceptances come in bursts.
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Wrong PINs, distinctive so that the audit can be searched for them. */
const WRONG = ['482913', '739184', '915372', '264819', '507316', '836142', '371958', '640527'];

interface Salon {
  owner: SignedInOwner;
  branchId: string;
  terminals: { id: string; token: string }[];
  /** Eva's PIN, generated: the right PIN. */
  pin: string;
}

/** A salon of its own with `terminals` terminals and one staff member (Eva) whose PIN is none of WRONG. */
async function makeSalon(terminals = 2): Promise<Salon> {
  const owner = await makeSignedInOwner(api);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  const registered = [];
  for (let i = 0; i < terminals; i += 1) {
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
      token: owner.token,
      json: { name: `Desk ${i + 1}`, branchId: branch.body.id },
    });
    expect(response.status).toBe(201);
    registered.push({ id: response.body.id as string, token: response.body.token as string });
  }
  const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
  const eva = await makeStaff(api, owner, { accessLevelId: level.id });
  let pin = '';
  do {
    const generated = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${eva.id}/pin`, { token: owner.token, json: { generate: true } });
    expect(generated.status).toBe(200);
    pin = generated.body.pin;
  } while (WRONG.includes(pin));
  return { owner, branchId: branch.body.id, terminals: registered, pin };
}

function terminal(salon: Salon, index: number): { id: string; token: string } {
  const found = salon.terminals[index];
  if (!found) throw new Error(`no terminal ${index}`);
  return found;
}

const unlock = (terminalToken: string, pin: string) => api.request('POST', '/v1/terminal/unlock', { token: terminalToken, json: { pin } });

async function wrongPins(terminalToken: string, count: number, from = 0): Promise<ApiResponse[]> {
  const responses = [];
  for (let i = 0; i < count; i += 1) responses.push(await unlock(terminalToken, WRONG[(from + i) % WRONG.length] as string));
  return responses;
}

function expectLocked(response: ApiResponse, retryAfter?: { min: number; max: number }) {
  expect(response.status).toBe(423);
  expect(response.body.code).toBe('terminal_locked');
  const seconds = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(seconds)).toBe(true);
  if (retryAfter) {
    expect(seconds).toBeGreaterThanOrEqual(retryAfter.min);
    expect(seconds).toBeLessThanOrEqual(retryAfter.max);
  }
}

/**
 * What Retry-After may say of a lock of `lockSeconds` set after `setFromMs` (test clock, taken before the request
 * that locks) and read by a request answered by now: the lock's length less the time that may have passed
 * between the two (moves of the test clock, and real time, however slow the machine), down to `max`.
 */
function lockLeft(lockSeconds: number, setFromMs: number, max: number): { min: number; max: number } {
  return { min: Math.ceil(lockSeconds - (clock.nowMs() - setFromMs) / SECOND), max };
}

async function expectUnlocks(terminalToken: string, pin: string) {
  const response = await unlock(terminalToken, pin);
  expect(response.status).toBe(200);
  await api.request('POST', '/v1/terminal/lock', { token: response.body.token });
}

const patchSettings = (owner: SignedInOwner, json: Record<string, unknown>) =>
  api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json });
const clearLockouts = (caller: { tenantId: string; token: string }, json: Record<string, unknown>) =>
  api.request('POST', `/v1/tenants/${caller.tenantId}/pin-lockouts/clear`, { token: caller.token, json });

/** The salon's hourly failure budget: keep a test from straddling the turn of the hour (run before creating its salon). */
function awayFromHourBoundary() {
  const intoHour = clock.nowMs() % HOUR;
  if (intoHour > HOUR - 3 * MINUTE) clock.advance(HOUR - intoHour + SECOND);
}

describe('terminal lockout after wrong PINs', () => {
  it('locks a terminal at the fifth wrong PIN: 423 terminal_locked with Retry-After of 5 minutes', async () => {
    const salon = await makeSalon();
    const token = terminal(salon, 0).token;

    const lockFrom = clock.nowMs();
    const responses = await wrongPins(token, 5);

    for (const response of responses.slice(0, 4)) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_pin');
    }
    expectLocked(responses[4] as ApiResponse, { min: 299, max: 300 });
    const later = await unlock(token, WRONG[5] as string);
    expectLocked(later, lockLeft(300, lockFrom, 300));
  });

  it('refuses even the right PIN on a locked terminal', async () => {
    const salon = await makeSalon();
    const token = terminal(salon, 0).token;
    const lockFrom = clock.nowMs();
    await wrongPins(token, 5);

    const refused = await unlock(token, salon.pin);
    expectLocked(refused, lockLeft(300, lockFrom, 300));
  });

  it('leaves the other terminals of the salon working', async () => {
    const salon = await makeSalon();
    await wrongPins(terminal(salon, 0).token, 5);

    await expectUnlocks(terminal(salon, 1).token, salon.pin);
    expectLocked(await unlock(terminal(salon, 0).token, salon.pin));
  });

  it('unlocks with the right PIN once the 5 minutes have passed', async () => {
    const salon = await makeSalon();
    const token = terminal(salon, 0).token;
    const lockFrom = clock.nowMs();
    await wrongPins(token, 5);

    clock.advance(2 * MINUTE);
    const refused = await unlock(token, salon.pin);
    expectLocked(refused, lockLeft(300, lockFrom, 180));
    clock.advance(3 * MINUTE + SECOND);

    await expectUnlocks(token, salon.pin);
  });

  it('doubles the lock each time it repeats: 300 s, then 600 s, then 1200 s', async () => {
    const salon = await makeSalon();
    const token = terminal(salon, 0).token;

    expectLocked((await wrongPins(token, 5)).at(-1) as ApiResponse, { min: 299, max: 300 });
    clock.advance(300 * SECOND + SECOND);
    await expectUnlocks(token, salon.pin);

    const second = await wrongPins(token, 5);
    for (const response of second.slice(0, 4)) expect(response.status).toBe(401);
    expectLocked(second[4] as ApiResponse, { min: 599, max: 600 });
    clock.advance(300 * SECOND + SECOND);
    expectLocked(await unlock(token, salon.pin));
    clock.advance(300 * SECOND);
    await expectUnlocks(token, salon.pin);

    expectLocked((await wrongPins(token, 5)).at(-1) as ApiResponse, { min: 1199, max: 1200 });
  });
});

describe('the salon-wide budget of wrong PINs', () => {
  it('locks PIN entry on every terminal of the salon when the hourly budget is spent, even for the right PIN', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon(3);
    const patched = await patchSettings(salon.owner, { lockout: { tenantFailuresPerHour: 8, maxAttempts: 20 } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings.lockout).toMatchObject({ tenantFailuresPerHour: 8, maxAttempts: 20 });

    const first = [...(await wrongPins(terminal(salon, 0).token, 3, 0)), ...(await wrongPins(terminal(salon, 1).token, 3, 3))];
    const last = await wrongPins(terminal(salon, 2).token, 2, 6);

    for (const response of [...first, last[0] as ApiResponse]) expect(response.status).toBe(401);
    expectLocked(last[1] as ApiResponse, { min: 3000, max: 3600 });
    for (const { token } of salon.terminals) expectLocked(await unlock(token, salon.pin), { min: 3000, max: 3600 });

    clock.advance(20 * MINUTE);
    for (const { token } of salon.terminals) expectLocked(await unlock(token, salon.pin));
  });

  it('is lifted early by a manager (POST pin-lockouts/clear {} → 204), without refilling the rolling hour\'s budget', async () => {
    const salon = await makeSalon(3);
    expect((await patchSettings(salon.owner, { lockout: { tenantFailuresPerHour: 8, maxAttempts: 20 } })).status).toBe(200);
    await wrongPins(terminal(salon, 0).token, 4, 0);
    clock.advance(25 * MINUTE);
    await wrongPins(terminal(salon, 1).token, 4, 4);
    for (const { token } of salon.terminals) expectLocked(await unlock(token, salon.pin));

    const cleared = await clearLockouts(salon.owner, {});

    expect(cleared.status).toBe(204);
    // The lock is gone, but eight wrong PINs still stand in the last hour: nothing more may be tested yet.
    expectLocked(await unlock(terminal(salon, 2).token, salon.pin), { min: 1, max: 35 * 60 });
    // Once the first four age out of the rolling hour, four attempts are free again, whatever the clock hour.
    clock.advance(35 * MINUTE + SECOND);
    for (const { token } of salon.terminals) await expectUnlocks(token, salon.pin);
    expect((await unlock(terminal(salon, 2).token, WRONG[0] as string)).status).toBe(401);
    await expectUnlocks(terminal(salon, 2).token, salon.pin);
  });
});

describe('clearing one terminal', () => {
  it('lifts that terminal lock with {terminalId}', async () => {
    const salon = await makeSalon();
    const locked = terminal(salon, 0);
    await wrongPins(locked.token, 5);
    expectLocked(await unlock(locked.token, salon.pin));

    const cleared = await clearLockouts(salon.owner, { terminalId: locked.id });

    expect(cleared.status).toBe(204);
    await expectUnlocks(locked.token, salon.pin);
  });

  it('needs settings.manage', async () => {
    const salon = await makeSalon();
    const level = await makeAccessLevel(api, salon.owner, { grants: { 'staff.view': true, 'clients.view': true } });
    const member = await makeSignedInMember(api, salon.owner, level.id);
    const locked = terminal(salon, 0);
    await wrongPins(locked.token, 5);

    const response = await clearLockouts(member, { terminalId: locked.id });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expectLocked(await unlock(locked.token, salon.pin));
  });
});

describe('the audit trail of PIN entry', () => {
  interface AuditEvent {
    action: string;
    actor: { type: string; id: string };
    target: { type: string; id: string } | null;
    details: Record<string, unknown> | null;
  }

  async function allEvents(owner: SignedInOwner): Promise<{ events: AuditEvent[]; text: string }> {
    const events: AuditEvent[] = [];
    let text = '';
    let cursor: string | null = null;
    do {
      const response: ApiResponse = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
        token: owner.token,
      });
      expect(response.status).toBe(200);
      events.push(...response.body.items);
      text += response.text;
      cursor = response.body.nextCursor;
    } while (cursor);
    return { events, text };
  }

  it('records every failure, lock and clearing, never with the PIN that was tried', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon();
    expect((await patchSettings(salon.owner, { lockout: { maxAttempts: 3, tenantFailuresPerHour: 5 } })).status).toBe(200);
    const [a, b] = [terminal(salon, 0), terminal(salon, 1)];

    const onA = await wrongPins(a.token, 3, 0);
    expectLocked(onA[2] as ApiResponse);
    const onB = await wrongPins(b.token, 2, 3);
    expect(onB[0]?.status).toBe(401);
    expectLocked(onB[1] as ApiResponse, { min: 3000, max: 3600 });
    expect((await clearLockouts(salon.owner, { terminalId: a.id })).status).toBe(204);
    expect((await clearLockouts(salon.owner, {})).status).toBe(204);

    const { events, text } = await allEvents(salon.owner);
    const of = (action: string) => events.filter((event) => event.action === action);
    expect(of('pin.failed')).toHaveLength(5);
    expect(of('pin.failed').filter((event) => event.target?.id === a.id)).toHaveLength(3);
    for (const event of of('pin.failed')) expect(event.actor).toMatchObject({ type: 'terminal' });
    expect(of('pin.terminal_locked')).toEqual([expect.objectContaining({ target: { type: 'terminal', id: a.id } })]);
    expect(of('pin.tenant_locked')).toHaveLength(1);
    expect(of('pin.lockout_cleared').map((event) => event.target)).toEqual(
      expect.arrayContaining([
        { type: 'terminal', id: a.id },
        { type: 'tenant', id: salon.owner.tenantId },
      ]),
    );
    expect(of('pin.lockout_cleared')).toHaveLength(2);
    for (const pin of [...WRONG.slice(0, 5), salon.pin]) expect(text).not.toContain(pin);
  });
});

describe('who can spend the budgets', () => {
  const damage = (token: string) => `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

  it("spends nothing of a terminal's run or the salon's hour on unlocks with a damaged terminal token", async () => {
    const salon = await makeSalon();
    expect((await patchSettings(salon.owner, { lockout: { tenantFailuresPerHour: 5, maxAttempts: 5 } })).status).toBe(200);
    // A first unlock leaves the terminal's token copy on the salon's PIN budget item: the damaged tokens meet it.
    await expectUnlocks(terminal(salon, 0).token, salon.pin);

    const damaged = await Promise.all(Array.from({ length: 30 }, (_, i) => unlock(damage(terminal(salon, 0).token), WRONG[i % WRONG.length] as string)));

    for (const response of damaged) expect(response.status).toBe(401);
    expect((await wrongPins(terminal(salon, 0).token, 4)).map((response) => response.status)).toEqual([401, 401, 401, 401]);
    await expectUnlocks(terminal(salon, 0).token, salon.pin);
  });

  it("spends nothing with a revoked terminal's token, and the salon's other terminals keep their budget", async () => {
    const salon = await makeSalon();
    expect((await patchSettings(salon.owner, { lockout: { tenantFailuresPerHour: 5, maxAttempts: 5 } })).status).toBe(200);
    await expectUnlocks(terminal(salon, 0).token, salon.pin);
    expect((await api.request('DELETE', `/v1/tenants/${salon.owner.tenantId}/terminals/${terminal(salon, 0).id}`, { token: salon.owner.token })).status).toBe(204);

    for (const pin of [...WRONG, salon.pin]) expect((await unlock(terminal(salon, 0).token, pin)).status).toBe(401);

    expect((await wrongPins(terminal(salon, 1).token, 4)).map((response) => response.status)).toEqual([401, 401, 401, 401]);
    await expectUnlocks(terminal(salon, 1).token, salon.pin);
  });

  it('applies a change of the lockout policy at the next PIN: maxAttempts 3 locks at the third wrong PIN', async () => {
    const salon = await makeSalon();
    // Warm: this process has read the salon's policy (5 attempts) at a PIN entry.
    await expectUnlocks(terminal(salon, 0).token, salon.pin);
    expect((await patchSettings(salon.owner, { lockout: { maxAttempts: 3 } })).status).toBe(200);

    const responses = await wrongPins(terminal(salon, 0).token, 3);

    expect(responses.slice(0, 2).map((response) => response.status)).toEqual([401, 401]);
    expectLocked(responses[2] as ApiResponse);
    expectLocked(await unlock(terminal(salon, 0).token, salon.pin));
  });

  it('applies a raised policy at the next PIN too: maxAttempts 7 locks at the seventh wrong PIN, not the fifth', async () => {
    const salon = await makeSalon();
    await expectUnlocks(terminal(salon, 0).token, salon.pin);
    expect((await patchSettings(salon.owner, { lockout: { maxAttempts: 7 } })).status).toBe(200);

    const responses = await wrongPins(terminal(salon, 0).token, 7);

    expect(responses.slice(0, 6).map((response) => response.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expectLocked(responses[6] as ApiResponse);
  });
});

describe('a right PIN never spends a budget', () => {
  it("gives back the attempts of a right PIN whose approval is refused (403): a valid PIN cannot lock the salon", async () => {
    const salon = await makeSalon();
    expect((await patchSettings(salon.owner, { lockout: { tenantFailuresPerHour: 5, maxAttempts: 5 } })).status).toBe(200);
    const session = await unlock(terminal(salon, 0).token, salon.pin);
    expect(session.status).toBe(200);

    for (let i = 0; i < 8; i += 1) {
      const refused = await api.request('POST', '/v1/terminal/approve', { token: session.body.token, json: { pin: salon.pin, permission: 'clients.view' } });
      expect(refused.status).toBe(403);
    }

    expect((await wrongPins(terminal(salon, 1).token, 4)).map((response) => response.status)).toEqual([401, 401, 401, 401]);
    await expectUnlocks(terminal(salon, 1).token, salon.pin);
  });
});

describe('a revoked terminal', () => {
  it('bars its token on the PIN budget item: a reservation made after the revocation neither meets nor writes the token copy', async () => {
    const { reserve, GuardMismatchError } = await import('#shared/data/attempt-budgets.js');
    const budgets = await import('#shared/domain/terminals/pin-budgets.js');
    const { sha256 } = await import('#shared/crypto/tokens.js');
    const salon = await makeSalon();
    const desk = terminal(salon, 0);
    await expectUnlocks(desk.token, salon.pin);
    const lockout = { maxAttempts: 5, lockSeconds: 300, tenantFailuresPerHour: 20 };
    const specs = [{ spec: budgets.terminalPinBudget(salon.owner.tenantId, lockout, desk.id) }, { spec: budgets.tenantPinBudget(salon.owner.tenantId, lockout) }];
    const guard = (establish: boolean) => ({
      attribute: budgets.terminalKeyAttribute(desk.id),
      value: sha256(desk.token.split('.').at(-1) as string),
      establish,
      barredBy: budgets.terminalRevokedAttribute(desk.id),
    });
    expect((await api.request('DELETE', `/v1/tenants/${salon.owner.tenantId}/terminals/${desk.id}`, { token: salon.owner.token })).status).toBe(204);

    // As a PIN entry that read the terminal just before the revocation would: after the read, establishing the copy.
    await expect(reserve(specs, clock.nowMs(), guard(true))).rejects.toBeInstanceOf(GuardMismatchError);
    await expect(reserve(specs, clock.nowMs(), guard(false))).rejects.toBeInstanceOf(GuardMismatchError);
    expect((await unlock(desk.token, salon.pin)).status).toBe(401);
    expect((await wrongPins(terminal(salon, 1).token, 4)).map((response) => response.status)).toEqual([401, 401, 401, 401]);
  });
});
