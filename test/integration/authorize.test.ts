import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { countDynamoRequests } from '#local/dynamo-requests.js';
import { addDays, localDate, localDayStartMs } from '#shared/time/local-days.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let owner: SignedInOwner;
let member: Awaited<ReturnType<typeof makeSignedInMember>>;
/** The same level, limited to branch A, signed in to the back office. */
let branchMember: Awaited<ReturnType<typeof makeSignedInMember>>;
let levelId: string;
let branchA: string;
let branchB: string;

const grants = {
  'calendar.view': { scope: 'own' },
  'calendar.history': { days: 30 },
  'appointments.view': true,
  'appointments.create': { scope: 'staff', employeeIds: ['emp-1', 'emp-2'] },
  'appointments.delete': 'approval',
  'sales.refund': { limit: 100 },
  'clients.view': true,
  'mobile.app': true,
};

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  const branch = async (name: string) =>
    (await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } })).body.id as string;
  branchA = await branch('Södermalm');
  branchB = await branch('Vasastan');
  levelId = (await makeAccessLevel(api, owner, { grants })).id;
  member = await makeSignedInMember(api, owner, levelId, { employeeId: 'emp-1' });
  branchMember = await makeSignedInMember(api, owner, levelId, { employeeId: 'emp-1', branchIds: [branchA] });
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

/** `tenantId: null` sends no X-Tenant-Id header. */
const authorize = (body: unknown, token = member.token, tenantId: string | null = owner.tenantId) =>
  api.request('POST', '/v1/authorize', { token, json: body, ...(tenantId ? { headers: { 'x-tenant-id': tenantId } } : {}) });

/**
 * History limits count the salon's days (its time zone, the deployment's by default), not UTC's. Moves the
 * test clock back to the salon's latest midday, so that no local midnight passes during the test however slow
 * the machine (back, not forward: the signed-in sessions would idle out), and returns the salon's dates then.
 */
async function atSalonMidday(): Promise<{ today: string; daysAgo: (days: number) => string }> {
  const tenant = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token });
  expect(tenant.status).toBe(200);
  const timeZone: string = tenant.body.settings.timeZone;
  const nowMs = clock.nowMs();
  const todayMidday = localDayStartMs(localDate(nowMs, timeZone), timeZone) + 12 * 3_600_000;
  const midday = todayMidday <= nowMs ? todayMidday : localDayStartMs(addDays(localDate(nowMs, timeZone), -1), timeZone) + 12 * 3_600_000;
  clock.advance(midday - nowMs);
  const today = localDate(clock.nowMs(), timeZone);
  return { today, daysAgo: (days) => addDays(today, -days) };
}

describe('POST /v1/authorize', () => {
  it.each([
    ['a plain grant', { permission: 'clients.view' }, { allowed: true, reason: 'granted' }],
    ['a right not granted', { permission: 'clients.contacts.list' }, { allowed: false, reason: 'not_granted' }],
    ['a key not in the catalog', { permission: 'clients.teleport' }, { allowed: false, reason: 'unknown_permission' }],
    ['an approval grant', { permission: 'appointments.delete' }, { allowed: false, reason: 'approval_required', approvalRequired: true }],
    ['an own scope on their own employee', { permission: 'calendar.view', resource: { employeeId: 'emp-1' } }, { allowed: true, reason: 'granted' }],
    ["an own scope on a colleague's employee", { permission: 'calendar.view', resource: { employeeId: 'emp-9' } }, { allowed: false, reason: 'out_of_scope' }],
    ['an own scope without an employee', { permission: 'calendar.view' }, { allowed: false, reason: 'missing_context', missing: ['employeeId'] }],
    ['an own scope with a resource that names no employee', { permission: 'calendar.view', resource: { date: '2026-01-01' } }, { allowed: false, reason: 'missing_context', missing: ['employeeId'] }],
    ['a staff scope inside the list', { permission: 'appointments.create', resource: { employeeId: 'emp-2' } }, { allowed: true, reason: 'granted' }],
    ['a staff scope outside the list', { permission: 'appointments.create', resource: { employeeId: 'emp-3' } }, { allowed: false, reason: 'out_of_scope' }],
    ['a staff scope without an employee', { permission: 'appointments.create' }, { allowed: false, reason: 'missing_context', missing: ['employeeId'] }],
    ['an amount within the limit', { permission: 'sales.refund', resource: { amount: 100 } }, { allowed: true, reason: 'granted' }],
    ['an amount over the limit', { permission: 'sales.refund', resource: { amount: 100.5 } }, { allowed: false, reason: 'over_limit' }],
    ['an amount limit without an amount', { permission: 'sales.refund' }, { allowed: false, reason: 'missing_context', missing: ['amount'] }],
    ['an amount limit with a resource that names no amount', { permission: 'sales.refund', resource: { employeeId: 'emp-1' } }, { allowed: false, reason: 'missing_context', missing: ['amount'] }],
    ['a history limit without a date', { permission: 'calendar.history' }, { allowed: false, reason: 'missing_context', missing: ['date'] }],
    ['a right not granted, whatever the resource lacks', { permission: 'sales.card_refund' }, { allowed: false, reason: 'not_granted' }],
  ])('answers %s', async (_label, body, expected) => {
    const response = await authorize(body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected);
  });

  it('explains a check on request: the level that answered and its grant for the permission', async () => {
    const level = (await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels/${levelId}`, { token: owner.token })).body;
    const refund = await authorize({ permission: 'sales.refund', resource: { amount: 250 }, explain: true });
    expect(refund.body).toEqual({ allowed: false, reason: 'over_limit', explain: { levelId, levelName: level.name, grant: { limit: 100 } } });
    const batch = await authorize({
      checks: [
        { permission: 'clients.view', explain: true },
        { permission: 'clients.contacts.list', explain: true },
        { permission: 'clients.view' },
      ],
    });
    expect(batch.body.results).toEqual([
      { allowed: true, reason: 'granted', explain: { levelId, levelName: level.name, grant: true } },
      { allowed: false, reason: 'not_granted', explain: { levelId, levelName: level.name, grant: null } },
      { allowed: true, reason: 'granted' },
    ]);
  });

  it('limits history to the granted number of past days', async () => {
    const { today, daysAgo } = await atSalonMidday();
    expect((await authorize({ permission: 'calendar.history', resource: { date: today } })).body.allowed).toBe(true);
    expect((await authorize({ permission: 'calendar.history', resource: { date: daysAgo(30) } })).body.allowed).toBe(true);
    expect((await authorize({ permission: 'calendar.history', resource: { date: daysAgo(31) } })).body).toEqual({
      allowed: false,
      reason: 'history_limit',
    });
  });

  it('allows only the branches the staff member works in', async () => {
    expect((await authorize({ permission: 'clients.view', resource: { branchId: branchA } }, branchMember.token)).body.allowed).toBe(true);
    expect((await authorize({ permission: 'clients.view', resource: { branchId: branchB } }, branchMember.token)).body).toEqual({
      allowed: false,
      reason: 'branch_not_allowed',
    });
  });

  it.each([
    ['a plain grant', { permission: 'clients.view' }, { allowed: false, reason: 'missing_context', missing: ['branchId'] }],
    ['an approval grant', { permission: 'appointments.delete' }, { allowed: false, reason: 'missing_context', missing: ['branchId'] }],
    ['an amount limit without an amount', { permission: 'sales.refund' }, { allowed: false, reason: 'missing_context', missing: ['branchId', 'amount'] }],
    ['an amount limit with an amount', { permission: 'sales.refund', resource: { amount: 10 } }, { allowed: false, reason: 'missing_context', missing: ['branchId'] }],
    ['an own scope on a colleague', { permission: 'calendar.view', resource: { employeeId: 'emp-9' } }, { allowed: false, reason: 'out_of_scope' }],
    ['a right not granted', { permission: 'clients.contacts.list' }, { allowed: false, reason: 'not_granted' }],
    ['an amount limit in another branch', { permission: 'sales.refund', resource: { branchId: 'brn_elsewhere' } }, { allowed: false, reason: 'branch_not_allowed' }],
  ])('asks a back-office member limited to branches which branch, for %s', async (_label, body, expected) => {
    const response = await authorize(body, branchMember.token);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected);
  });

  it('takes the branch of a terminal session as the branch of a check that names none', async () => {
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
      token: owner.token,
      json: { name: 'Front desk', branchId: branchA },
    });
    expect(terminal.status).toBe(201);
    const staff = await makeStaff(api, owner, { accessLevelId: levelId, employeeId: 'emp-1', branchIds: [branchA] });
    const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staff.id}/pin`, { token: owner.token, json: { generate: true } });
    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
    expect(unlocked.status).toBe(200);
    const session = unlocked.body.token as string;

    expect((await authorize({ permission: 'clients.view' }, session, null)).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await authorize({ permission: 'clients.view', resource: { branchId: branchB } }, session, null)).body).toEqual({
      allowed: false,
      reason: 'branch_not_allowed',
    });
    expect((await authorize({ permission: 'sales.refund' }, session, null)).body).toEqual({ allowed: false, reason: 'missing_context', missing: ['amount'] });
    expect((await authorize({ permission: 'sales.refund', resource: { amount: 100 } }, session, null)).body).toEqual({ allowed: true, reason: 'granted' });
  });

  it('does not let an approval token through a check that lacks context', async () => {
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
      token: owner.token,
      json: { name: 'Till', branchId: branchA },
    });
    const managerLevel = await makeAccessLevel(api, owner, { grants: { 'sales.refund': true } });
    const withPin = async (accessLevelId: string, firstName: string) => {
      const staff = await makeStaff(api, owner, { accessLevelId, firstName });
      return (await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staff.id}/pin`, { token: owner.token, json: { generate: true } })).body
        .pin as string;
    };
    const requesterPin = await withPin(levelId, 'Eva');
    const approverPin = await withPin(managerLevel.id, 'Maja');
    const session = (await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: requesterPin } })).body.token as string;
    const approved = await api.request('POST', '/v1/terminal/approve', { token: session, json: { pin: approverPin, permission: 'sales.refund' } });
    expect(approved.status).toBe(200);

    const response = await authorize({ permission: 'sales.refund', approvalToken: approved.body.approvalToken }, session, null);
    expect(response.body).toEqual({ allowed: false, reason: 'missing_context', missing: ['amount'] });
  });

  it('treats a staff member without branches as working in every branch', async () => {
    expect((await authorize({ permission: 'clients.view', resource: { branchId: branchB } }, owner.token)).body.allowed).toBe(true);
  });

  it('answers a batch in order', async () => {
    const response = await authorize({
      checks: [
        { permission: 'clients.view' },
        { permission: 'sales.refund', resource: { amount: 500 } },
        { permission: 'appointments.delete' },
        { permission: 'sales.refund' },
      ],
    });
    expect(response.body.results).toEqual([
      { allowed: true, reason: 'granted' },
      { allowed: false, reason: 'over_limit' },
      { allowed: false, reason: 'approval_required', approvalRequired: true },
      { allowed: false, reason: 'missing_context', missing: ['amount'] },
    ]);
  });

  it('accepts a batch of 100 checks and refuses 101', async () => {
    const checks = (n: number) => Array.from({ length: n }, () => ({ permission: 'clients.view' }));
    expect((await authorize({ checks: checks(100) })).body.results).toHaveLength(100);
    expect((await authorize({ checks: checks(101) })).status).toBe(400);
  });

  it('takes the salon from the body when there is no X-Tenant-Id header', async () => {
    const response = await authorize({ permission: 'clients.view', tenantId: owner.tenantId }, member.token, null);
    expect(response.body).toEqual({ allowed: true, reason: 'granted' });
  });

  it('asks which salon when neither header nor body names one', async () => {
    const response = await authorize({ permission: 'clients.view' }, member.token, null);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('tenantId');
  });

  it("answers 404 for a salon the session's account is not a member of", async () => {
    const other = await makeSignedInOwner(api);
    expect((await authorize({ permission: 'clients.view' }, member.token, other.tenantId)).status).toBe(404);
  });

  it('requires a session', async () => {
    const response = await api.request('POST', '/v1/authorize', { json: { permission: 'clients.view' } });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a negative amount', { permission: 'sales.refund', resource: { amount: -1 } }],
    ['a date that is not a date', { permission: 'calendar.history', resource: { date: 'yesterday' } }],
    ['an unknown resource field', { permission: 'clients.view', resource: { clientId: 'c1' } }],
    ['both a permission and checks', { permission: 'clients.view', checks: [{ permission: 'clients.view' }] }],
    ['an empty batch', { checks: [] }],
  ])('refuses %s with 400', async (_label, body) => {
    const response = await authorize(body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('freshness and cost of authorization', () => {
  it('sees a change to the access level on the very next check', async () => {
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'mobile.app': true } });
    const someone = await makeSignedInMember(api, owner, level.id);
    expect((await authorize({ permission: 'clients.notes.view' }, someone.token)).body.allowed).toBe(false);

    const updated = await api.request('PUT', `/v1/tenants/${owner.tenantId}/access-levels/${level.id}`, {
      token: owner.token,
      json: { name: 'Changed', grants: { 'clients.view': true, 'clients.notes.view': true } },
    });
    expect(updated.status).toBe(200);

    expect((await authorize({ permission: 'clients.notes.view' }, someone.token)).body.allowed).toBe(true);
    expect((await authorize({ permission: 'mobile.app' }, someone.token)).body.allowed).toBe(false);
  });

  it('sees a new access level given to a staff member on the very next check', async () => {
    const narrow = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const broad = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'sales.refund': true } });
    const someone = await makeSignedInMember(api, owner, narrow.id);
    expect((await authorize({ permission: 'sales.refund' }, someone.token)).body.allowed).toBe(false);
    await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${someone.staffId}`, {
      token: owner.token,
      json: { accessLevelId: broad.id },
    });
    expect((await authorize({ permission: 'sales.refund' }, someone.token)).body.allowed).toBe(true);
  });

  it('costs one DynamoDB request when warm, single or batch of 100', async () => {
    const requests = await countDynamoRequests();
    try {
      await authorize({ permission: 'clients.view' });
      requests.reset();
      await authorize({ permission: 'clients.view' });
      expect(requests.count).toBe(1);
      requests.reset();
      await authorize({ checks: Array.from({ length: 100 }, (_, i) => ({ permission: i % 2 ? 'clients.view' : 'sales.refund', resource: { amount: i } })) });
      expect(requests.count).toBe(1);
    } finally {
      requests.stop();
    }
  });
});
