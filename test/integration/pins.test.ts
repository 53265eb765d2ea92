import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { pinProblem } from '#shared/domain/pins/policy.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner, uniquePhone } from '../support/builders.js';
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

const HOUR = 3_600_000;

interface Salon {
  owner: SignedInOwner;
  terminalToken: string;
  levelId: string;
}

/** A salon of its own: owner signed in, a branch with a terminal, and a plain level to give staff. */
async function makeSalon(overrides: Record<string, unknown> = {}): Promise<Salon> {
  const owner = await makeSignedInOwner(api, overrides);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
    token: owner.token,
    json: { name: 'Front desk', branchId: branch.body.id },
  });
  expect(terminal.status).toBe(201);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'clients.view': true, 'appointments.create': true } })).id;
  return { owner, terminalToken: terminal.body.token, levelId };
}

const newStaff = (salon: Salon, body: Record<string, unknown> = {}) => makeStaff(api, salon.owner, { accessLevelId: salon.levelId, ...body });

const pinPath = (owner: { tenantId: string }, staffId: string) => `/v1/tenants/${owner.tenantId}/staff/${staffId}/pin`;
const putPin = (owner: { tenantId: string; token: string }, staffId: string, json: unknown) =>
  api.request('PUT', pinPath(owner, staffId), { token: owner.token, json });
const deletePin = (owner: { tenantId: string; token: string }, staffId: string) => api.request('DELETE', pinPath(owner, staffId), { token: owner.token });
const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
const unlock = (salon: Salon, pin: string) => api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, json: { pin } });

async function setTypedPin(salon: Salon, staffId: string, pin: string) {
  const response = await putPin(salon.owner, staffId, { pin });
  expect(response.status).toBe(204);
  expect(response.text).toBe('');
}

async function expectPinState(owner: SignedInOwner, staffId: string, state: { hasPin: boolean; needsNewPin?: boolean }) {
  const response = await getStaff(owner, staffId);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject(state);
}

/** Unlocks with `pin` and says whose session it opened. */
async function unlocksAs(salon: Salon, pin: string): Promise<string> {
  const response = await unlock(salon, pin);
  expect(response.status).toBe(200);
  await api.request('POST', '/v1/terminal/lock', { token: response.body.token });
  return response.body.staff.id;
}

async function outbox(to: string) {
  const response = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return response.body.items as { channel: string; to: string; kind: string; text: string; pin?: string }[];
}

/** Hourly counters: keep a test from straddling the turn of the hour (run before creating its salon). */
function awayFromHourBoundary() {
  const intoHour = clock.nowMs() % HOUR;
  if (intoHour > HOUR - 3 * 60_000) clock.advance(HOUR - intoHour + 1000);
}

describe('PUT /v1/tenants/{t}/staff/{s}/pin', () => {
  it('sets a typed PIN: 204 without a body, the staff member has a PIN, and it unlocks', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    await expectPinState(salon.owner, eva.id, { hasPin: false });

    await setTypedPin(salon, eva.id, '482913');

    await expectPinState(salon.owner, eva.id, { hasPin: true, needsNewPin: false });
    expect(await unlocksAs(salon, '482913')).toBe(eva.id);
  });

  it("generates a PIN of the salon's length (6 by default) and returns it once: 200 {pin}", async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);

    const response = await putPin(salon.owner, eva.id, { generate: true });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ pin: expect.stringMatching(/^\d{6}$/) });
    await expectPinState(salon.owner, eva.id, { hasPin: true });
    expect(await unlocksAs(salon, response.body.pin)).toBe(eva.id);
    expect(JSON.stringify((await getStaff(salon.owner, eva.id)).body)).not.toContain(response.body.pin);
  });

  it('generates 4-digit PINs for a salon created with pinLength 4', async () => {
    const salon = await makeSalon({ pinLength: 4 });
    const eva = await newStaff(salon);

    const response = await putPin(salon.owner, eva.id, { generate: true });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ pin: expect.stringMatching(/^\d{4}$/) });
    expect(await unlocksAs(salon, response.body.pin)).toBe(eva.id);
  });

  it('never generates a PIN that the PIN policy refuses', async () => {
    const salon = await makeSalon({ pinLength: 4 });
    const eva = await newStaff(salon);
    for (let i = 0; i < 25; i += 1) {
      const response = await putPin(salon.owner, eva.id, { generate: true });
      expect(response.status).toBe(200);
      expect(pinProblem(response.body.pin, 4)).toBeUndefined();
    }
  });

  it.each(['sms', 'email'] as const)('sends a generated PIN by %s: 204, and the PIN arrives in the outbox and unlocks', async (channel) => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await newStaff(salon, { phone });
    const to = channel === 'sms' ? phone : eva.email;

    const response = await putPin(salon.owner, eva.id, { generate: true, send: channel });

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const [message, ...others] = await outbox(to);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ channel, to, kind: 'pin', pin: expect.stringMatching(/^\d{6}$/) });
    expect(message?.text).toContain(message?.pin);
    expect(await unlocksAs(salon, message?.pin as string)).toBe(eva.id);
  });

  it('sends a typed PIN by SMS when asked to', async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await newStaff(salon, { phone });

    const response = await putPin(salon.owner, eva.id, { pin: '739184', send: 'sms' });

    expect(response.status).toBe(204);
    expect(await outbox(phone)).toEqual([expect.objectContaining({ channel: 'sms', kind: 'pin', pin: '739184' })]);
  });

  it('refuses to send by SMS to a staff member without a phone: 400 no_phone, and nothing changes', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);

    for (const json of [{ generate: true, send: 'sms' }, { pin: '482913', send: 'sms' }]) {
      const response = await putPin(salon.owner, eva.id, json);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('no_phone');
    }
    await expectPinState(salon.owner, eva.id, { hasPin: false });
    expect((await unlock(salon, '482913')).status).toBe(401);
  });

  it('refuses to send by email to a staff member without an email: 400 no_email, and nothing changes', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon, { email: undefined, phone: uniquePhone() });

    for (const json of [{ generate: true, send: 'email' }, { pin: '482913', send: 'email' }]) {
      const response = await putPin(salon.owner, eva.id, json);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('no_email');
    }
    await expectPinState(salon.owner, eva.id, { hasPin: false });
    expect((await unlock(salon, '482913')).status).toBe(401);
  });
});

describe('the PIN policy (400 invalid_pin)', () => {
  async function expectRefused(salon: Salon, pin: string, codes: string[] = ['invalid_pin']) {
    const eva = await newStaff(salon);
    const response = await putPin(salon.owner, eva.id, { pin });
    expect(response.status).toBe(400);
    expect(codes).toContain(response.body.code);
    await expectPinState(salon.owner, eva.id, { hasPin: false });
  }

  it.each([
    ['too short', '48291'],
    ['too long', '4829137'],
    ['4 digits', '4829'],
    ['one digit repeated', '111111'],
    ['one digit repeated (zeros)', '000000'],
    ['a straight run up', '123456'],
    ['a straight run up from 4', '456789'],
    ['a straight run down', '654321'],
    ['a straight run down to 0', '543210'],
    ['a common PIN (repeated triple)', '123123'],
    ['a common PIN (pairs)', '112233'],
    ['a common PIN (keypad rows)', '789456'],
    ['a common PIN (keypad cross)', '159753'],
  ])('refuses %s in a 6-digit salon: %s', async (_label, pin) => {
    await expectRefused(await makeSalon(), pin);
  });

  it.each([
    ['6 digits', '482913'],
    ['3 digits', '482'],
    ['one digit repeated', '7777'],
    ['a straight run up from 0', '0123'],
    ['a straight run up', '1234'],
    ['a straight run down', '3210'],
    ['a common PIN', '2000'],
    ['a common PIN', '6969'],
    ['a common PIN', '1313'],
    ['a year', '1987'],
    ['the first year refused', '1940'],
    ['the last year refused', '2030'],
  ])('refuses %s in a 4-digit salon: %s', async (_label, pin) => {
    await expectRefused(await makeSalon({ pinLength: 4 }), pin);
  });

  it('accepts 4-digit PINs just outside the refused years', async () => {
    const salon = await makeSalon({ pinLength: 4 });
    for (const pin of ['1939', '2031']) {
      const eva = await newStaff(salon);
      await setTypedPin(salon, eva.id, pin);
      expect(await unlocksAs(salon, pin)).toBe(eva.id);
    }
  });

  it.each([
    ['letters', '48a913'],
    ['a space', '482 13'],
    ['a sign', '-48291'],
    ['non-ASCII digits', '٤٨٢٩١٣'],
    ['an empty string', ''],
    ['a number instead of a string', 482913],
  ])('refuses a PIN with %s with 400 and stores nothing', async (_label, pin) => {
    await expectRefused(await makeSalon(), pin as string, ['invalid_pin', 'validation_failed']);
  });
});

describe('PINs are unique within a salon', () => {
  it('refuses a typed PIN that another staff member has: 409 pin_unavailable', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');

    const response = await putPin(salon.owner, ola.id, { pin: '482913' });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('pin_unavailable');
    await expectPinState(salon.owner, ola.id, { hasPin: false });
    expect(await unlocksAs(salon, '482913')).toBe(eva.id);
  });

  it('lets exactly one of eight concurrent requests for the same PIN have it (the others are taken, or past the typed-PIN budget)', async () => {
    const salon = await makeSalon();
    const staff = [];
    for (let i = 0; i < 8; i += 1) staff.push(await newStaff(salon, { firstName: `Staff${'abcdefgh'[i]}` }));

    const responses = await Promise.all(staff.map((member) => putPin(salon.owner, member.id, { pin: '739184' })));

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status !== 204 && status !== 409).every((status) => status === 429)).toBe(true);
    for (const response of responses.filter((r) => r.status === 409)) expect(response.body.code).toBe('pin_unavailable');
    const winner = staff[responses.findIndex((response) => response.status === 204)];
    expect(await unlocksAs(salon, '739184')).toBe(winner?.id);
    const withPin = [];
    for (const member of staff) if ((await getStaff(salon.owner, member.id)).body.hasPin) withPin.push(member.id);
    expect(withPin).toEqual([winner?.id]);
  });
});

describe('typed-PIN conflicts are throttled and audited', () => {
  it('refuses the sixth typed PIN of an hour after five conflicts with 429 and Retry-After, even for a free PIN; generating still works', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');
    for (let i = 0; i < 5; i += 1) {
      const conflict = await putPin(salon.owner, ola.id, { pin: '482913' });
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('pin_unavailable');
    }

    const throttled = await putPin(salon.owner, ola.id, { pin: '739184' });

    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await expectPinState(salon.owner, ola.id, { hasPin: false });
    expect((await unlock(salon, '739184')).status).toBe(401);

    const generated = await putPin(salon.owner, ola.id, { generate: true });
    expect(generated.status).toBe(200);
    expect(await unlocksAs(salon, generated.body.pin)).toBe(ola.id);
  });

  it('throttles per acting staff member: another manager may still type PINs', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon();
    const managerLevel = await makeAccessLevel(api, salon.owner, {
      grants: { 'appointments.view': true, 'staff.pin.manage': true, 'staff.view': true, 'clients.view': true, 'appointments.create': true },
    });
    const manager = await makeSignedInMember(api, salon.owner, managerLevel.id);
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');
    for (let i = 0; i < 5; i += 1) expect((await putPin(salon.owner, ola.id, { pin: '482913' })).status).toBe(409);
    expect((await putPin(salon.owner, ola.id, { pin: '739184' })).status).toBe(429);

    const response = await putPin(manager, ola.id, { pin: '739184' });

    expect(response.status).toBe(204);
    expect(await unlocksAs(salon, '739184')).toBe(ola.id);
  });

  it('lets typed PINs through again in the next hour', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');
    for (let i = 0; i < 5; i += 1) expect((await putPin(salon.owner, ola.id, { pin: '482913' })).status).toBe(409);
    const throttled = await putPin(salon.owner, ola.id, { pin: '739184' });
    expect(throttled.status).toBe(429);

    clock.advance((Number(throttled.headers.get('retry-after')) + 1) * 1000);
    // The owner's back-office session idled out meanwhile: sign in again.
    const login = await api.request('POST', '/v1/auth/login', { json: { login: salon.owner.email, password: OWNER_PASSWORD } });
    expect(login.status).toBe(200);

    const response = await putPin({ tenantId: salon.owner.tenantId, token: login.body.token }, ola.id, { pin: '739184' });
    expect(response.status).toBe(204);
  });

  it('audits every conflict as pin.conflict, never with the PIN', async () => {
    awayFromHourBoundary();
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');
    expect((await putPin(salon.owner, ola.id, { pin: '482913' })).status).toBe(409);
    expect((await putPin(salon.owner, ola.id, { pin: '482913' })).status).toBe(409);

    const audit = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/audit?action=pin.conflict`, { token: salon.owner.token });

    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(2);
    for (const event of audit.body.items) {
      expect(event).toMatchObject({ action: 'pin.conflict', actor: { type: 'staff', id: salon.owner.staffId }, target: { type: 'staff', id: ola.id } });
    }
    const everything = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/audit?limit=200`, { token: salon.owner.token });
    expect(everything.text).not.toContain('482913');
  });
});

describe('replacing and removing a PIN', () => {
  it('frees the old PIN when a staff member gets a new one, so a colleague can take it', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');

    await setTypedPin(salon, eva.id, '739184');
    await setTypedPin(salon, ola.id, '482913');

    expect(await unlocksAs(salon, '482913')).toBe(ola.id);
    expect(await unlocksAs(salon, '739184')).toBe(eva.id);
  });

  it('removes a PIN: 204, no PIN any more, the old PIN no longer unlocks and can be given to someone else', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    await setTypedPin(salon, eva.id, '482913');

    const response = await deletePin(salon.owner, eva.id);

    expect(response.status).toBe(204);
    await expectPinState(salon.owner, eva.id, { hasPin: false });
    const refused = await unlock(salon, '482913');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_pin');
    await setTypedPin(salon, ola.id, '482913');
    expect(await unlocksAs(salon, '482913')).toBe(ola.id);
  });
});

describe('who may manage PINs', () => {
  it("refuses a member with staff.pin.manage but fewer rights the owner's PIN: 403 escalation_denied", async () => {
    const salon = await makeSalon();
    const managerLevel = await makeAccessLevel(api, salon.owner, {
      grants: { 'appointments.view': true, 'staff.pin.manage': true, 'staff.view': true, 'clients.view': true, 'appointments.create': true },
    });
    const manager = await makeSignedInMember(api, salon.owner, managerLevel.id);

    for (const json of [{ pin: '482913' }, { generate: true }]) {
      const response = await putPin(manager, salon.owner.staffId, json);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('escalation_denied');
    }
    const removal = await deletePin(manager, salon.owner.staffId);
    expect(removal.status).toBe(403);
    expect(removal.body.code).toBe('escalation_denied');
    await expectPinState(salon.owner, salon.owner.staffId, { hasPin: false });
    expect((await unlock(salon, '482913')).status).toBe(401);

    // Someone whose rights the manager holds is theirs to give a PIN.
    const eva = await newStaff(salon);
    expect((await putPin(manager, eva.id, { pin: '482913' })).status).toBe(204);
  });

  it('refuses a member without staff.pin.manage: 403 not_permitted', async () => {
    const salon = await makeSalon();
    const level = await makeAccessLevel(api, salon.owner, { grants: { 'appointments.view': true, 'staff.view': true, 'staff.manage': true, 'clients.view': true, 'appointments.create': true } });
    const member = await makeSignedInMember(api, salon.owner, level.id);
    const eva = await newStaff(salon);

    for (const response of [await putPin(member, eva.id, { pin: '482913' }), await putPin(member, eva.id, { generate: true }), await deletePin(member, eva.id)]) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('not_permitted');
    }
    await expectPinState(salon.owner, eva.id, { hasPin: false });
  });
});

describe('switching the salon PIN length', () => {
  it('retires every PIN at once: old PINs stop unlocking, staff need a new PIN, and new 4-digit PINs work', async () => {
    const salon = await makeSalon();
    const eva = await newStaff(salon);
    const ola = await newStaff(salon, { firstName: 'Ola' });
    const kim = await newStaff(salon, { firstName: 'Kim' });
    await setTypedPin(salon, eva.id, '482913');
    const olasPin = (await putPin(salon.owner, ola.id, { generate: true })).body.pin as string;
    expect(await unlocksAs(salon, '482913')).toBe(eva.id);

    const response = await api.request('PATCH', `/v1/tenants/${salon.owner.tenantId}/settings`, { token: salon.owner.token, json: { pinLength: 4 } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ retiredPins: 2, settings: { pinLength: 4 } });
    for (const pin of ['482913', olasPin]) {
      const refused = await unlock(salon, pin);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('invalid_pin');
    }
    await expectPinState(salon.owner, eva.id, { hasPin: false, needsNewPin: true });
    await expectPinState(salon.owner, ola.id, { hasPin: false, needsNewPin: true });
    await expectPinState(salon.owner, kim.id, { hasPin: false, needsNewPin: false });

    expect((await putPin(salon.owner, eva.id, { pin: '482913' })).status).toBe(400);
    await setTypedPin(salon, eva.id, '4829');
    await expectPinState(salon.owner, eva.id, { hasPin: true, needsNewPin: false });
    expect(await unlocksAs(salon, '4829')).toBe(eva.id);
    const generated = await putPin(salon.owner, ola.id, { generate: true });
    expect(generated.body.pin).toMatch(/^\d{4}$/);
    expect(await unlocksAs(salon, generated.body.pin)).toBe(ola.id);
  });
});
