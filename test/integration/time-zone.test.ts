import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessSnapshotDecider, type AccessSnapshotClaims } from '#shared/access-snapshot/decide.js';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
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

/** Moves the service's clock (the local stack runs in this process) to an instant. */
function setNow(iso: string): void {
  clock.advance(Date.parse(iso) - clock.nowMs());
}

const STOCKHOLM = 'Europe/Stockholm';
const NEW_YORK = 'America/New_York';
/**
 * Europe/Stockholm springs forward on 2027-03-28 (02:00 CET → 03:00 CEST): that
 * local day has 23 hours, starts at 2027-03-27T23:00Z and ends at 2027-03-28T22:00Z.
 * New York is on EDT (UTC−4) since 2027-03-14.
 */
const STOCKHOLM_28TH_STARTS = '2027-03-27T23:00:00.000Z';
const STOCKHOLM_29TH_STARTS = '2027-03-28T22:00:00.000Z';
const SECOND_BEFORE = (iso: string) => new Date(Date.parse(iso) - 1000).toISOString();
/**
 * 23:58 on the 28th in Stockholm: late in the day, for the boundary, yet early enough that a request (argon2 on
 * a busy two-core CI machine, 10–30 times slower than alone) surely ends within the day. Tests set it again
 * right before each request that must fall on the 28th, so that the margin is not shared by several.
 */
const LAST_MINUTES_OF_28TH = '2027-03-28T21:58:00.000Z';
/** 23:50 on the 28th in Stockholm: when the slow part (a login) happens before the last minutes are checked. */
const LATE_ON_28TH = '2027-03-28T21:50:00.000Z';

const getTenant = (owner: SignedInOwner, token = owner.token) => api.request('GET', `/v1/tenants/${owner.tenantId}`, { token });
const patchSettings = (owner: SignedInOwner, json: Record<string, unknown>) =>
  api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json });
const staffPath = (owner: SignedInOwner, staffId = '') => `/v1/tenants/${owner.tenantId}/staff${staffId ? `/${staffId}` : ''}`;
const login = (email: string) => api.request('POST', '/v1/auth/login', { json: { login: email, password: OWNER_PASSWORD } });

/** A salon in `timeZone` (set with PATCH settings, as a salon would), its owner signed in. */
async function salonIn(timeZone: string): Promise<SignedInOwner> {
  const owner = await makeSignedInOwner(api);
  const patched = await patchSettings(owner, { timeZone });
  expect(patched.status, patched.text).toBe(200);
  return owner;
}

describe('the salon time zone (settings.timeZone)', () => {
  it("defaults a new salon to its deployment region's zone (eu-west-1: Europe/Dublin)", async () => {
    const owner = await makeSignedInOwner(api);
    const tenant = await getTenant(owner);
    expect(tenant.status).toBe(200);
    expect(tenant.body.settings.timeZone).toBe('Europe/Dublin');
  });

  it('takes a zone when the operator creates the salon', async () => {
    const owner = await makeSignedInOwner(api, { timeZone: NEW_YORK });
    expect((await getTenant(owner)).body.settings.timeZone).toBe(NEW_YORK);
  });

  it('changes with PATCH settings, stored in its canonical spelling', async () => {
    const owner = await makeSignedInOwner(api);
    const patched = await patchSettings(owner, { timeZone: 'europe/stockholm' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.settings.timeZone).toBe(STOCKHOLM);
    expect((await getTenant(owner)).body.settings.timeZone).toBe(STOCKHOLM);
  });

  it.each([['Mars/Olympus_Mons'], ['+01:00'], ['Europe/Stockholm '.repeat(5)], [''], [42], [null]])(
    'refuses the zone %j with 400 and changes nothing',
    async (timeZone) => {
      const owner = await makeSignedInOwner(api);
      const before = await getTenant(owner);
      const patched = await patchSettings(owner, { timeZone });
      expect(patched.status).toBe(400);
      expect(patched.body.code).toBe('validation_failed');
      expect((await getTenant(owner)).body).toEqual(before.body);
    },
  );

  it('refuses an unknown zone at salon creation with 400', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', {
      name: 'Salong Måne',
      plan: 'paid',
      owner: { firstName: 'Anna', lastName: 'Berg', email: `tz.${Date.now()}@salon.example` },
      timeZone: 'Atlantis/Capital',
    });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('validation_failed');
  });
});

describe('a `days` history limit counts local days across DST (POST /v1/authorize)', () => {
  // 00:30 on 2027-03-29 in Stockholm (CEST), the day after spring-forward; 18:30 on 2027-03-28 in New York (EDT).
  const NOW = '2027-03-28T22:30:00.000Z';

  async function memberWithOneDayOfHistory(timeZone: string) {
    setNow(NOW);
    const owner = await salonIn(timeZone);
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true, 'calendar.history': { days: 1 } } });
    return { owner, member: await makeSignedInMember(api, owner, level.id) };
  }

  const check = (token: string, tenantId: string, date: string) =>
    api.request('POST', '/v1/authorize', { token, headers: { 'x-tenant-id': tenantId }, json: { permission: 'calendar.history', resource: { date } } });

  it("in Stockholm, allows from the first instant of yesterday's local day (00:00 CET) and not a second before", async () => {
    const { owner, member } = await memberWithOneDayOfHistory(STOCKHOLM);
    const first = await check(member.token, owner.tenantId, STOCKHOLM_28TH_STARTS);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ allowed: true, reason: 'granted' });
    expect((await check(member.token, owner.tenantId, SECOND_BEFORE(STOCKHOLM_28TH_STARTS))).body).toMatchObject({ allowed: false, reason: 'history_limit' });
    expect((await check(member.token, owner.tenantId, '2027-03-28')).body).toMatchObject({ allowed: true });
    expect((await check(member.token, owner.tenantId, '2027-03-27')).body).toMatchObject({ allowed: false, reason: 'history_limit' });
  });

  it('in New York, where it is still the 28th at the same instant, allows the 27th', async () => {
    const { owner, member } = await memberWithOneDayOfHistory(NEW_YORK);
    expect((await check(member.token, owner.tenantId, SECOND_BEFORE(STOCKHOLM_28TH_STARTS))).body).toMatchObject({ allowed: true });
    expect((await check(member.token, owner.tenantId, '2027-03-27')).body).toMatchObject({ allowed: true });
    // 00:00 EDT on the 27th is 04:00Z.
    expect((await check(member.token, owner.tenantId, '2027-03-27T03:59:59Z')).body).toMatchObject({ allowed: false, reason: 'history_limit' });
  });

  it("carries the zone in the access snapshot, whose decider answers as POST /v1/authorize does", async () => {
    const { owner, member } = await memberWithOneDayOfHistory(STOCKHOLM);
    const issued = await api.request('POST', '/v1/access-snapshot', { token: member.token, headers: { 'x-tenant-id': owner.tenantId } });
    expect(issued.status, issued.text).toBe(200);
    const payload = JSON.parse(Buffer.from(String(issued.body.snapshot).split('.')[1] ?? '', 'base64url').toString('utf8')) as AccessSnapshotClaims;
    expect(payload.subject.timeZone).toBe(STOCKHOLM);
    const decider = accessSnapshotDecider(payload);
    // Asked at the snapshot's own issue time (the same local day as the requests): the snapshot lasts only a
    // minute, which the requests in between may outlast on a busy machine, and then it rightly answers nothing.
    const issuedAtMs = payload.iat * 1000;
    for (const date of [STOCKHOLM_28TH_STARTS, SECOND_BEFORE(STOCKHOLM_28TH_STARTS), '2027-03-27', '2027-03-28']) {
      const served = await check(member.token, owner.tenantId, date);
      expect(decider.can('calendar.history', { date }, issuedAtMs)).toEqual(served.body);
    }
  });
});

describe('audit day filters count local days (GET …/audit?from=&to=)', () => {
  it("lists an event at 00:30 Stockholm time under its local date, not its UTC one", async () => {
    setNow('2027-03-28T22:30:00.000Z');
    const owner = await salonIn(STOCKHOLM);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Natt' } });
    expect(branch.status).toBe(201);
    const listed = async (query: string) => {
      const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=branch.created&${query}`, { token: owner.token });
      expect(response.status, response.text).toBe(200);
      return response.body.items.length as number;
    };
    expect(await listed('from=2027-03-29&to=2027-03-29')).toBe(1);
    expect(await listed('from=2027-03-28&to=2027-03-28')).toBe(0);
    expect(await listed('to=2027-03-28')).toBe(0);
    expect(await listed('from=2027-03-29')).toBe(1);
  });

  it('refuses a date that does not exist, or a from day after the to day, with 400', async () => {
    const owner = await makeSignedInOwner(api);
    for (const query of ['from=2027-02-30', 'from=2027-03-29&to=2027-03-28']) {
      const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?${query}`, { token: owner.token });
      expect(response.status).toBe(400);
    }
  });
});

describe('staff startsOn and endsOn', () => {
  it('are set at creation, shown, changed and cleared with null by PATCH', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, startsOn: '2027-04-01', endsOn: '2027-09-30' });
    const shown = await api.request('GET', staffPath(owner, staff.id), { token: owner.token });
    expect(shown.body).toMatchObject({ startsOn: '2027-04-01', endsOn: '2027-09-30' });
    const patched = await api.request('PATCH', staffPath(owner, staff.id), { token: owner.token, json: { startsOn: null, endsOn: '2027-10-31' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ startsOn: null, endsOn: '2027-10-31' });
    const cleared = await api.request('PATCH', staffPath(owner, staff.id), { token: owner.token, json: { endsOn: null } });
    expect(cleared.body).toMatchObject({ startsOn: null, endsOn: null });
  });

  it.each([
    ['an end before the start', { startsOn: '2027-04-02', endsOn: '2027-04-01' }],
    ['a date that does not exist', { startsOn: '2027-02-29' }],
    ['a date-time', { endsOn: '2027-04-01T00:00:00Z' }],
  ])('refuses %s with 400 at creation', async (_label, dates) => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const response = await api.request('POST', staffPath(owner), {
      token: owner.token,
      json: { firstName: 'Eva', lastName: 'Lind', accessLevelId: level.id, ...dates },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('refuses a PATCH whose end falls before the stored start, and changes nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, startsOn: '2027-04-01' });
    const response = await api.request('PATCH', staffPath(owner, staff.id), { token: owner.token, json: { endsOn: '2027-03-31' } });
    expect(response.status).toBe(400);
    expect((await api.request('GET', staffPath(owner, staff.id), { token: owner.token })).body).toMatchObject({ endsOn: null, version: staff.version });
  });

  it('may not be changed by the member themselves (403 escalation_denied)', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await api.request('PATCH', staffPath(owner, owner.staffId), { token: owner.token, json: { endsOn: '2099-12-31' } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });
});

describe('outside their days a member cannot reach the salon (password login)', () => {
  async function memberStarting(timeZone: string, dates: Record<string, string>) {
    setNow('2027-03-27T12:00:00.000Z');
    const owner = await salonIn(timeZone);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const member = await makeSignedInMember(api, owner, level.id, dates);
    return { owner, member };
  }

  it('accepts the invitation before startsOn, but the salon answers 404 (as for a suspended member) until that local day', async () => {
    const { owner, member } = await memberStarting(STOCKHOLM, { startsOn: '2027-03-29' });
    expect((await getTenant(owner, member.token)).status).toBe(404);
    setNow(LATE_ON_28TH);
    const early = await login(member.email);
    expect(early.status).toBe(200);
    setNow(LAST_MINUTES_OF_28TH);
    expect((await getTenant(owner, early.body.token)).status).toBe(404);
    setNow(STOCKHOLM_29TH_STARTS);
    // A session from before the start works from the start: the dates are not a revocation.
    expect((await getTenant(owner, early.body.token)).status).toBe(200);
    const onTheDay = await login(member.email);
    expect((await getTenant(owner, onTheDay.body.token)).status).toBe(200);
  });

  it('counts the start day in the salon\'s zone: at the same instant a New York member has not started yet', async () => {
    const { owner, member } = await memberStarting(NEW_YORK, { startsOn: '2027-03-29' });
    setNow(STOCKHOLM_29TH_STARTS);
    const signedIn = await login(member.email);
    expect((await getTenant(owner, signedIn.body.token)).status).toBe(404);
    // 00:00 EDT on the 29th (a new login: the first one has long been idle).
    setNow('2027-03-29T04:00:00.000Z');
    const onTheDay = await login(member.email);
    expect((await getTenant(owner, onTheDay.body.token)).status).toBe(200);
  });

  it('allows through the whole endsOn day and ends an existing session once it has passed', async () => {
    const { owner, member } = await memberStarting(STOCKHOLM, { endsOn: '2027-03-28' });
    setNow(LATE_ON_28TH);
    const late = await login(member.email);
    setNow(LAST_MINUTES_OF_28TH);
    expect((await getTenant(owner, late.body.token)).status).toBe(200);
    const check = () =>
      api.request('POST', '/v1/authorize', { token: late.body.token, headers: { 'x-tenant-id': owner.tenantId }, json: { permission: 'clients.view' } });
    setNow(LAST_MINUTES_OF_28TH);
    expect((await check()).body).toMatchObject({ allowed: true });
    setNow(STOCKHOLM_29TH_STARTS);
    expect((await getTenant(owner, late.body.token)).status).toBe(404);
    expect((await check()).status).toBe(404);
  });
});

describe('outside their days a member cannot unlock a terminal with their PIN', () => {
  async function deskIn(timeZone: string, dates: Record<string, string>) {
    setNow('2027-03-27T12:00:00.000Z');
    const owner = await salonIn(timeZone);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branch.body.id } });
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, ...dates });
    const pin = await api.request('PUT', `${staffPath(owner, staff.id)}/pin`, { token: owner.token, json: { generate: true } });
    expect(pin.status).toBe(200);
    const unlock = () => api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token as string, json: { pin: pin.body.pin as string } });
    return { owner, staff, unlock };
  }

  it('answers invalid_pin before startsOn, as for a suspended member, and unlocks from the first instant of that local day', async () => {
    const { unlock } = await deskIn(STOCKHOLM, { startsOn: '2027-03-29' });
    setNow(LAST_MINUTES_OF_28TH);
    const early = await unlock();
    expect(early.status).toBe(401);
    expect(early.body.code).toBe('invalid_pin');
    setNow(STOCKHOLM_29TH_STARTS);
    expect((await unlock()).status).toBe(200);
  });

  it('unlocks through the endsOn day; afterwards refuses the PIN and ends the terminal session', async () => {
    const { unlock } = await deskIn(STOCKHOLM, { endsOn: '2027-03-28' });
    setNow(LAST_MINUTES_OF_28TH);
    const unlocked = await unlock();
    expect(unlocked.status, unlocked.text).toBe(200);
    const session = () => api.request('GET', '/v1/session', { token: unlocked.body.token as string });
    setNow(LAST_MINUTES_OF_28TH);
    expect((await session()).status).toBe(200);
    setNow(STOCKHOLM_29TH_STARTS);
    const ended = await session();
    expect(ended.status).toBe(401);
    expect(ended.body.code).toBe('session_expired');
    const late = await unlock();
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('invalid_pin');
  });

  it("counts the salon's days: a New York member whose last day is the 28th still unlocks at 00:00 Stockholm time", async () => {
    const { unlock } = await deskIn(NEW_YORK, { endsOn: '2027-03-28' });
    setNow(STOCKHOLM_29TH_STARTS);
    expect((await unlock()).status).toBe(200);
    // 00:00 EDT on the 29th.
    setNow('2027-03-29T04:00:00.000Z');
    expect((await unlock()).status).toBe(401);
  });

  it('applies dates set after the PIN: a PATCH moves them onto the PIN it unlocks with', async () => {
    const { owner, staff, unlock } = await deskIn(STOCKHOLM, {});
    expect((await unlock()).status).toBe(200);
    const patched = await api.request('PATCH', staffPath(owner, staff.id), { token: owner.token, json: { startsOn: '2027-04-01' } });
    expect(patched.status, patched.text).toBe(200);
    expect((await unlock()).status).toBe(401);
  });
});
