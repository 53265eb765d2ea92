import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { MAX_PIN_RENEWALS_PER_HOUR } from '#shared/domain/pins/policy.js';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner, uniquePhone } from '../support/builders.js';
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

const DAY = 86_400_000;
const RENEW = '/v1/session/pin/renew';

interface Salon {
  owner: SignedInOwner;
  terminalToken: string;
  levelId: string;
}

/** A salon of its own: owner signed in, a branch with a terminal, and a plain level to give staff. */
async function makeSalon(): Promise<Salon> {
  const owner = await makeSignedInOwner(api);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
    token: owner.token,
    json: { name: 'Front desk', branchId: branch.body.id },
  });
  expect(terminal.status).toBe(201);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
  return { owner, terminalToken: terminal.body.token, levelId };
}

/** A staff member with the given contact fields and a PIN the owner generated (returned once). */
async function staffWithPin(salon: Salon, contact: { email?: string; phone?: string }) {
  const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId, email: undefined, ...contact });
  const generated = await api.request('PUT', `/v1/tenants/${salon.owner.tenantId}/staff/${staff.id}/pin`, { token: salon.owner.token, json: { generate: true } });
  expect(generated.status).toBe(200);
  return { id: staff.id, pin: generated.body.pin as string };
}

const unlock = (salon: Salon, pin: string) => api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, json: { pin } });

/** A terminal session opened with `pin`. */
async function sessionWith(salon: Salon, pin: string): Promise<string> {
  const response = await unlock(salon, pin);
  expect(response.status).toBe(200);
  return response.body.token;
}

const renew = (token: string, headers: Record<string, string> = {}) => api.request('POST', RENEW, { token, headers });

async function outbox(to: string) {
  const response = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return response.body.items as { channel: string; to: string; kind: string; text: string; pin?: string }[];
}

const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
const patchSettings = (owner: SignedInOwner, json: unknown) => api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json });

describe('POST /v1/session/pin/renew', () => {
  it('from a terminal session: 204 without a body, a new PIN arrives by SMS and unlocks, and the old PIN no longer does', async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await staffWithPin(salon, { phone });
    const session = await sessionWith(salon, eva.pin);

    const response = await renew(session);

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const [message, ...others] = await outbox(phone);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ channel: 'sms', to: phone, kind: 'pin', pin: expect.stringMatching(/^\d{6}$/) });
    expect(message?.pin).not.toBe(eva.pin);
    const unlocked = await unlock(salon, message?.pin as string);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.staff.id).toBe(eva.id);
    expect((await unlock(salon, eva.pin)).body.code).toBe('invalid_pin');
  });

  it('sends the new PIN by email to a member without a phone', async () => {
    const salon = await makeSalon();
    const email = `eva.${Date.now()}@salon.example`;
    const eva = await staffWithPin(salon, { email });

    expect((await renew(await sessionWith(salon, eva.pin))).status).toBe(204);

    const [message] = await outbox(email);
    expect(message).toMatchObject({ channel: 'email', to: email, kind: 'pin' });
    expect((await unlock(salon, message?.pin as string)).body.staff.id).toBe(eva.id);
  });

  it('from a back-office session, the salon named by X-Tenant-Id: the caller gets a PIN of their own by email', async () => {
    const salon = await makeSalon();

    const response = await renew(salon.owner.token, { 'x-tenant-id': salon.owner.tenantId });

    expect(response.status).toBe(204);
    const [message] = await outbox(salon.owner.email);
    expect(message).toMatchObject({ channel: 'email', kind: 'pin' });
    expect((await unlock(salon, message?.pin as string)).body.staff.id).toBe(salon.owner.staffId);
    expect((await getStaff(salon.owner, salon.owner.staffId)).body.hasPin).toBe(true);
  });

  it('from a back-office session without a salon named: 400 validation_failed, and nothing is sent', async () => {
    const salon = await makeSalon();

    const response = await renew(salon.owner.token);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect((await outbox(salon.owner.email)).filter((message) => message.kind === 'pin')).toEqual([]);
  });

  it('without a session: 401', async () => {
    expect((await api.request('POST', RENEW)).status).toBe(401);
    expect((await api.request('POST', RENEW, { token: 'not-a-session' })).status).toBe(401);
  });

  it('for a member with neither phone nor email: 409 no_contact, and the PIN stays as it was', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon, {});
    const before = (await getStaff(salon.owner, eva.id)).body;

    const response = await renew(await sessionWith(salon, eva.pin));

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('no_contact');
    expect((await getStaff(salon.owner, eva.id)).body.pinSetAt).toBe(before.pinSetAt);
    expect((await unlock(salon, eva.pin)).body.staff.id).toBe(eva.id);
  });

  it(`allows ${MAX_PIN_RENEWALS_PER_HOUR} renewals per member and rolling hour, then 429 with Retry-After until a slot frees`, async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await staffWithPin(salon, { phone });
    const session = await sessionWith(salon, eva.pin);
    for (let i = 0; i < MAX_PIN_RENEWALS_PER_HOUR; i += 1) expect((await renew(session)).status).toBe(204);

    const refused = await renew(session);

    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await outbox(phone)).toHaveLength(MAX_PIN_RENEWALS_PER_HOUR);

    clock.advance((retryAfter + 1) * 1000);
    // The terminal session idled out meanwhile: unlock with the newest PIN.
    const [newest] = await outbox(phone);
    expect((await renew(await sessionWith(salon, newest?.pin as string))).status).toBe(204);
  });

  it(`sends at most ${MAX_PIN_RENEWALS_PER_HOUR} PINs for a burst of 20 renewals at once; the rest answer 429`, async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await staffWithPin(salon, { phone });
    const session = await sessionWith(salon, eva.pin);

    const responses = await Promise.all(Array.from({ length: 20 }, () => renew(session)));

    const statuses = responses.map((response) => response.status);
    const sent = statuses.filter((status) => status === 204).length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(MAX_PIN_RENEWALS_PER_HOUR);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - sent);
    for (const response of responses.filter((r) => r.status === 429)) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const messages = await outbox(phone);
    expect(messages).toHaveLength(sent);
    // Exactly one of the PINs sent is the member's PIN now.
    const unlocking = [];
    for (const message of messages) {
      const response = await unlock(salon, message.pin as string);
      if (response.status === 200) unlocking.push(message.pin);
    }
    expect(unlocking).toHaveLength(1);
  });

  it('is audited as pin.set by the member, with method renew and the channel, and the PIN appears in no answer or audit event', async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const eva = await staffWithPin(salon, { phone });

    const response = await renew(await sessionWith(salon, eva.pin));

    expect(response.status).toBe(204);
    const [message] = await outbox(phone);
    const audit = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/audit?action=pin.set`, { token: salon.owner.token });
    expect(audit.status).toBe(200);
    const renewal = audit.body.items.find((event: { details?: { method?: string } }) => event.details?.method === 'renew');
    expect(renewal).toMatchObject({
      actor: { type: 'staff', id: eva.id },
      target: { type: 'staff', id: eva.id },
      details: { generated: true, sentBy: 'sms', method: 'renew' },
    });
    const everything = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/audit?limit=200`, { token: salon.owner.token });
    expect(everything.text).not.toContain(message?.pin as string);
    expect((await getStaff(salon.owner, eva.id)).text).not.toContain(message?.pin as string);
  });
});

describe('pinSetAt in staff answers', () => {
  it('is null without a PIN and the time the PIN was set with one, in GET …/staff/{id} and the list; a renewal moves it', async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const kim = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId, phone });
    expect((await getStaff(salon.owner, kim.id)).body).toMatchObject({ hasPin: false, pinSetAt: null });

    const eva = await staffWithPin(salon, { phone: uniquePhone() });
    const set = (await getStaff(salon.owner, eva.id)).body;
    expect(set.hasPin).toBe(true);
    expect(Math.abs(Date.parse(set.pinSetAt) - Date.now())).toBeLessThan(60_000);
    const list = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/staff`, { token: salon.owner.token });
    expect(list.body.items.find((item: { id: string }) => item.id === eva.id).pinSetAt).toBe(set.pinSetAt);

    clock.advance(DAY);
    expect((await renew(await sessionWith(salon, eva.pin))).status).toBe(204);
    const login = await api.request('POST', '/v1/auth/login', { json: { login: salon.owner.email, password: 'correct horse battery staple' } });
    const renewed = await getStaff({ ...salon.owner, token: login.body.token }, eva.id);
    expect(Date.parse(renewed.body.pinSetAt) - Date.parse(set.pinSetAt)).toBeGreaterThanOrEqual(DAY);
  });
});

describe('the PIN age policy (settings.pinMaxAgeDays)', () => {
  it('is off (null) by default, takes 30–3650 whole days, and null turns it off again', async () => {
    const salon = await makeSalon();
    const tenant = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}`, { token: salon.owner.token });
    expect(tenant.body.settings.pinMaxAgeDays).toBeNull();

    for (const pinMaxAgeDays of [29, 3651, 30.5, '90', 0, -1]) {
      const refused = await patchSettings(salon.owner, { pinMaxAgeDays });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'pinMaxAgeDays' })] });
    }
    for (const pinMaxAgeDays of [30, 3650, null]) {
      const accepted = await patchSettings(salon.owner, { pinMaxAgeDays });
      expect(accepted.status).toBe(200);
      expect(accepted.body.settings.pinMaxAgeDays).toBe(pinMaxAgeDays);
    }
    // Other settings changes keep it.
    await patchSettings(salon.owner, { pinMaxAgeDays: 90 });
    expect((await patchSettings(salon.owner, { autoLogoutSeconds: 600 })).body.settings.pinMaxAgeDays).toBe(90);
  });

  it('flags an unlock with a PIN older than the limit (pinRenewalDue: true) and still unlocks; a renewed PIN is not flagged', async () => {
    const salon = await makeSalon();
    expect((await patchSettings(salon.owner, { pinMaxAgeDays: 30 })).status).toBe(200);
    const phone = uniquePhone();
    const eva = await staffWithPin(salon, { phone });
    const fresh = await unlock(salon, eva.pin);
    expect(fresh.status).toBe(200);
    expect(fresh.body).not.toHaveProperty('pinRenewalDue');

    clock.advance(29 * DAY);
    expect((await unlock(salon, eva.pin)).body).not.toHaveProperty('pinRenewalDue');
    clock.advance(2 * DAY);
    const old = await unlock(salon, eva.pin);

    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ staff: { id: eva.id }, pinRenewalDue: true });
    expect((await renew(old.body.token)).status).toBe(204);
    const [message] = await outbox(phone);
    const renewed = await unlock(salon, message?.pin as string);
    expect(renewed.status).toBe(200);
    expect(renewed.body).not.toHaveProperty('pinRenewalDue');
  });

  it('flags nothing while the limit is off, however old the PIN', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon, { phone: uniquePhone() });

    clock.advance(400 * DAY);
    const response = await unlock(salon, eva.pin);

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('pinRenewalDue');
  });
});
