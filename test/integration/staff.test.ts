import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const staffPath = (owner: SignedInOwner) => `/v1/tenants/${owner.tenantId}/staff`;
const memberPath = (owner: SignedInOwner, staffId: string) => `${staffPath(owner)}/${staffId}`;

const createStaff = (owner: SignedInOwner, json: Record<string, unknown>) => api.request('POST', staffPath(owner), { token: owner.token, json });
const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', memberPath(owner, staffId), { token: owner.token });
const patchStaff = (owner: SignedInOwner, staffId: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.request('PATCH', memberPath(owner, staffId), { token: owner.token, json, headers });
const archiveStaff = (owner: SignedInOwner, staffId: string) => api.request('DELETE', memberPath(owner, staffId), { token: owner.token });
const listStaff = (owner: SignedInOwner, query = '') => api.request('GET', `${staffPath(owner)}${query}`, { token: owner.token });
const login = (email: string) => api.request('POST', '/v1/auth/login', { json: { login: email, password: OWNER_PASSWORD } });
const salonAs = (owner: SignedInOwner, token: string) => api.request('GET', `/v1/tenants/${owner.tenantId}`, { token });

async function listedIds(owner: SignedInOwner, query: string): Promise<string[]> {
  const response = await listStaff(owner, query);
  expect(response.status).toBe(200);
  return response.body.items.map((staff: { id: string }) => staff.id).sort();
}

/** A salon with an owner and a plain access level to give staff. */
async function salon() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { template: 'specialist' });
  return { owner, levelId: level.id };
}

async function makeBranch(owner: SignedInOwner, name: string): Promise<string> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } });
  expect(response.status).toBe(201);
  expect(response.body).toMatchObject({ id: expect.any(String), name });
  return response.body.id;
}

describe('POST /v1/tenants/{tenantId}/staff', () => {
  it('creates an active staff member with the fields of api.md and no PIN', async () => {
    const { owner, levelId } = await salon();
    const branchId = await makeBranch(owner, 'Södermalm');
    const response = await createStaff(owner, {
      firstName: 'Maja',
      lastName: 'Lindqvist',
      email: 'maja.lindqvist@salon.example',
      phone: '+46701234567',
      accessLevelId: levelId,
      branchIds: [branchId],
      employeeId: 'emp-17',
      tags: ['colourist'],
      externalId: 'hr-4711',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      firstName: 'Maja',
      lastName: 'Lindqvist',
      email: 'maja.lindqvist@salon.example',
      phone: '+46701234567',
      accessLevelId: levelId,
      branchIds: [branchId],
      employeeId: 'emp-17',
      tags: ['colourist'],
      externalId: 'hr-4711',
      status: 'active',
      hasPin: false,
      version: 1,
    });
  });

  it('shows no secret or internal fields', async () => {
    const { owner, levelId } = await salon();
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId });
    for (const key of ['pk', 'sk', 'search', 'accountId', 'pinHash', 'sessionsNotBefore', 'tenantId']) expect(response.body).not.toHaveProperty(key);
  });

  it('normalises the phone number to E.164', async () => {
    const { owner, levelId } = await salon();
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', phone: '+46 70-123 45 67', accessLevelId: levelId });
    expect(response.status).toBe(201);
    expect(response.body.phone).toBe('+46701234567');
  });

  it('lower-cases the email address', async () => {
    const { owner, levelId } = await salon();
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', email: 'Maja.Lind@Salon.Example', accessLevelId: levelId });
    expect(response.status).toBe(201);
    expect(response.body.email).toBe('maja.lind@salon.example');
  });

  it('refuses an unknown access level with 400 unknown_access_level', async () => {
    const { owner } = await salon();
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: 'lvl_01unknown' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_access_level');
  });

  it('refuses an unknown branch with 400 unknown_branch and leaves nothing behind', async () => {
    const { owner, levelId } = await salon();
    const before = await listedIds(owner, '');
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId, branchIds: ['brn_01unknown'] });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_branch');
    expect(await listedIds(owner, '')).toEqual(before);
    // The level counts no holder: it can still be deleted.
    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/access-levels/${levelId}`, { token: owner.token })).status).toBe(204);
  });

  it('refuses an external id another staff member of the salon has with 409 external_id_taken', async () => {
    const { owner, levelId } = await salon();
    await makeStaff(api, owner, { accessLevelId: levelId, externalId: 'hr-1' });
    const response = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId, externalId: 'hr-1' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('external_id_taken');
  });

  it('allows an external id that another salon uses', async () => {
    const first = await salon();
    const second = await salon();
    expect((await createStaff(first.owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: first.levelId, externalId: 'hr-1' })).status).toBe(201);
    expect((await createStaff(second.owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: second.levelId, externalId: 'hr-1' })).status).toBe(201);
  });

  it.each([
    ['changed', { externalId: 'hr-2' }],
    ['removed', { externalId: null }],
  ])('frees an external id once it is %s', async (_label, patch) => {
    const { owner, levelId } = await salon();
    const holder = await makeStaff(api, owner, { accessLevelId: levelId, externalId: 'hr-1' });
    expect((await patchStaff(owner, holder.id, patch)).status).toBe(200);
    expect((await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId, externalId: 'hr-1' })).status).toBe(201);
  });

  it('frees the external id of an archived staff member', async () => {
    const { owner, levelId } = await salon();
    const holder = await makeStaff(api, owner, { accessLevelId: levelId, externalId: 'hr-1' });
    expect((await archiveStaff(owner, holder.id)).status).toBe(204);
    expect((await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId, externalId: 'hr-1' })).status).toBe(201);
  });
});

describe('GET /v1/tenants/{tenantId}/staff/{staffId}', () => {
  it('gets one staff member', async () => {
    const { owner, levelId } = await salon();
    const created = await createStaff(owner, { firstName: 'Maja', lastName: 'Lind', accessLevelId: levelId, tags: ['senior'] });
    const response = await getStaff(owner, created.body.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created.body);
  });

  it('answers an unknown staff id with 404 not_found', async () => {
    const { owner } = await salon();
    const response = await getStaff(owner, 'stf_01unknown');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });
});

describe('GET /v1/tenants/{tenantId}/staff', () => {
  it('filters by tag', async () => {
    const { owner, levelId } = await salon();
    const colourist = await makeStaff(api, owner, { accessLevelId: levelId, tags: ['colourist', 'senior'] });
    await makeStaff(api, owner, { accessLevelId: levelId, tags: ['barber'] });
    expect(await listedIds(owner, '?tag=colourist')).toEqual([colourist.id]);
  });

  it('filters by branch, counting staff without branches as working in every branch', async () => {
    const { owner, levelId } = await salon();
    const north = await makeBranch(owner, 'North');
    const south = await makeBranch(owner, 'South');
    const northOnly = await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [north] });
    await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [south] });
    const everywhere = await makeStaff(api, owner, { accessLevelId: levelId });
    expect(await listedIds(owner, `?branchId=${north}`)).toEqual([northOnly.id, everywhere.id, owner.staffId].sort());
  });

  it('leaves archived staff out by default, but not suspended ones', async () => {
    const { owner, levelId } = await salon();
    const kept = await makeStaff(api, owner, { accessLevelId: levelId });
    const suspended = await makeStaff(api, owner, { accessLevelId: levelId });
    const archived = await makeStaff(api, owner, { accessLevelId: levelId });
    await patchStaff(owner, suspended.id, { status: 'suspended' });
    await archiveStaff(owner, archived.id);
    expect(await listedIds(owner, '')).toEqual([kept.id, suspended.id, owner.staffId].sort());
  });

  it.each(['archived', 'suspended'] as const)('lists only %s staff when asked by status', async (status) => {
    const { owner, levelId } = await salon();
    await makeStaff(api, owner, { accessLevelId: levelId });
    const target = await makeStaff(api, owner, { accessLevelId: levelId });
    const response = status === 'archived' ? await archiveStaff(owner, target.id) : await patchStaff(owner, target.id, { status: 'suspended' });
    expect(response.status).toBeLessThan(300);
    expect(await listedIds(owner, `?status=${status}`)).toEqual([target.id]);
  });

  it.each([
    ['the first name', 'MAJ'],
    ['the last name', 'lindq'],
    ['the email address', 'Maja.L'],
  ])('finds staff by a prefix of %s, in any letter case', async (_label, q) => {
    const { owner, levelId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Maja', lastName: 'Lindqvist', email: uniqueEmail('maja.l') });
    await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Eva', lastName: 'Holm', email: uniqueEmail('eva.h') });
    expect(await listedIds(owner, `?q=${encodeURIComponent(q)}`)).toEqual([maja.id]);
  });

  it('does not match text inside a word', async () => {
    const { owner, levelId } = await salon();
    await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Maja', lastName: 'Lindqvist' });
    expect(await listedIds(owner, '?q=qvist')).toEqual([]);
  });

  it('pages through every staff member once with limit and nextCursor', async () => {
    const { owner, levelId } = await salon();
    for (let i = 0; i < 4; i += 1) await makeStaff(api, owner, { accessLevelId: levelId });
    const everyone = await listedIds(owner, '');
    expect(everyone).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listStaff(owner, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((staff: { id: string }) => staff.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(cursor).toBeNull();
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(everyone);
  });

  it('pages through a filtered list', async () => {
    const { owner, levelId } = await salon();
    const tagged: string[] = [];
    for (let i = 0; i < 3; i += 1) tagged.push((await makeStaff(api, owner, { accessLevelId: levelId, tags: ['night'] })).id);
    await makeStaff(api, owner, { accessLevelId: levelId });
    const first = await listStaff(owner, '?tag=night&limit=2');
    const second = await listStaff(owner, `?tag=night&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((staff: { id: string }) => staff.id).sort()).toEqual(tagged.sort());
  });

  it.each([
    ['a garbage cursor', '?cursor=garbage'],
    ['a cursor of another shape', `?cursor=${Buffer.from(JSON.stringify({ pk: 'TENANT#ten_x', sk: 'STAFF#stf_x' })).toString('base64url')}`],
    ['limit=0', '?limit=0'],
    ['limit=201', '?limit=201'],
    ['an unknown status', '?status=retired'],
  ])('refuses %s with 400 validation_failed', async (_label, query) => {
    const { owner } = await salon();
    const response = await listStaff(owner, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it("refuses a cursor from another salon's list", async () => {
    const first = await salon();
    const second = await salon();
    for (let i = 0; i < 2; i += 1) await makeStaff(api, first.owner, { accessLevelId: first.levelId });
    const page = await listStaff(first.owner, '?limit=1');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const response = await listStaff(second.owner, `?limit=1&cursor=${page.body.nextCursor}`);
    expect(response.status).toBe(400);
  });
});

describe('PATCH /v1/tenants/{tenantId}/staff/{staffId}', () => {
  it('changes the given fields and bumps the version', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Eva', tags: ['junior'] });
    const response = await patchStaff(owner, staff.id, { firstName: 'Evelina', tags: ['senior'], employeeId: 'emp-9' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ firstName: 'Evelina', lastName: 'Lind', tags: ['senior'], employeeId: 'emp-9', version: staff.version + 1 });
    expect((await getStaff(owner, staff.id)).body).toEqual(response.body);
  });

  it('accepts If-Match with the current version', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    const response = await patchStaff(owner, staff.id, { lastName: 'Holm' }, { 'if-match': String(staff.version) });
    expect(response.status).toBe(200);
  });

  it('refuses a stale If-Match with 412 version_conflict and changes nothing', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    await patchStaff(owner, staff.id, { lastName: 'Holm' });
    const response = await patchStaff(owner, staff.id, { lastName: 'Berg' }, { 'if-match': String(staff.version) });
    expect(response.status).toBe(412);
    expect(response.body.code).toBe('version_conflict');
    expect((await getStaff(owner, staff.id)).body).toMatchObject({ lastName: 'Holm', version: staff.version + 1 });
  });

  it('removes the email address when it is set to null', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    const response = await patchStaff(owner, staff.id, { email: null });
    expect(response.status).toBe(200);
    expect(response.body.email).toBeNull();
    expect((await getStaff(owner, staff.id)).body.email).toBeNull();
  });

  it('stops finding a staff member by a removed email', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId, email: uniqueEmail('zorro') });
    await patchStaff(owner, staff.id, { email: null });
    expect(await listedIds(owner, '?q=zorro')).toEqual([]);
  });

  it.each([
    ['an unknown access level', { accessLevelId: 'lvl_01unknown' }, 'unknown_access_level'],
    ['an unknown branch', { branchIds: ['brn_01unknown'] }, 'unknown_branch'],
  ])('refuses %s with 400 and changes nothing', async (_label, patch, code) => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    const before = await getStaff(owner, staff.id);
    const response = await patchStaff(owner, staff.id, patch);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
    expect((await getStaff(owner, staff.id)).body).toEqual(before.body);
  });

  it("applies a member's new access level at once", async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    const levels = `/v1/tenants/${owner.tenantId}/access-levels`;
    expect((await api.request('GET', levels, { token: member.token })).status).toBe(403);
    const viewer = await makeAccessLevel(api, owner, { grants: { 'access.view': true } });
    expect((await patchStaff(owner, member.staffId, { accessLevelId: viewer.id })).status).toBe(200);
    expect((await api.request('GET', levels, { token: member.token })).status).toBe(200);
  });

  it('answers 404 for an unknown or archived staff member', async () => {
    const { owner, levelId } = await salon();
    const archived = await makeStaff(api, owner, { accessLevelId: levelId });
    await archiveStaff(owner, archived.id);
    expect((await patchStaff(owner, 'stf_01unknown', { lastName: 'Holm' })).status).toBe(404);
    expect((await patchStaff(owner, archived.id, { lastName: 'Holm' })).status).toBe(404);
  });

  it('lets staff edit their own name', async () => {
    const { owner } = await salon();
    const response = await patchStaff(owner, owner.staffId, { firstName: 'Annika' });
    expect(response.status).toBe(200);
    expect(response.body.firstName).toBe('Annika');
  });

  it.each([
    ['suspend themselves', () => ({ status: 'suspended' })],
    ['change their own access level', (levelId: string) => ({ accessLevelId: levelId })],
  ])('refuses staff who %s with 403 escalation_denied', async (_label, patch) => {
    const { owner, levelId } = await salon();
    const before = await getStaff(owner, owner.staffId);
    const response = await patchStaff(owner, owner.staffId, patch(levelId));
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await getStaff(owner, owner.staffId)).body).toEqual(before.body);
  });
});

describe('suspending staff', () => {
  it("ends the suspended member's access to the salon at once", async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    expect((await salonAs(owner, member.token)).status).toBe(200);
    const response = await patchStaff(owner, member.staffId, { status: 'suspended' });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('suspended');
    expect([401, 404]).toContain((await salonAs(owner, member.token)).status);
  });

  it('refuses a suspended member who signs in again', async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    await patchStaff(owner, member.staffId, { status: 'suspended' });
    const again = await login(member.email);
    expect(again.status).toBe(200);
    expect((await salonAs(owner, again.body.token)).status).toBe(404);
  });

  it('makes a reactivated member sign in again: the old session stays refused, a new login works', async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    await patchStaff(owner, member.staffId, { status: 'suspended' });
    const reactivated = await patchStaff(owner, member.staffId, { status: 'active' });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.status).toBe('active');
    const old = await salonAs(owner, member.token);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('session_expired');
    const fresh = await login(member.email);
    expect((await salonAs(owner, fresh.body.token)).status).toBe(200);
  });
});

describe('POST /v1/tenants/{tenantId}/staff/{staffId}/sessions/revoke', () => {
  it("ends the staff member's sessions in the salon; a new login works", async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    const response = await api.request('POST', `${memberPath(owner, member.staffId)}/sessions/revoke`, { token: owner.token });
    expect(response.status).toBe(204);
    const old = await salonAs(owner, member.token);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('session_expired');
    const fresh = await login(member.email);
    expect((await salonAs(owner, fresh.body.token)).status).toBe(200);
  });

  it('answers 404 for an unknown staff member', async () => {
    const { owner } = await salon();
    const response = await api.request('POST', `${memberPath(owner, 'stf_01unknown')}/sessions/revoke`, { token: owner.token });
    expect(response.status).toBe(404);
  });
});

describe('DELETE /v1/tenants/{tenantId}/staff/{staffId}', () => {
  it('archives the staff member and erases their personal data', async () => {
    const { owner, levelId } = await salon();
    const branchId = await makeBranch(owner, 'North');
    const staff = await makeStaff(api, owner, {
      accessLevelId: levelId,
      firstName: 'Greta',
      lastName: 'Garbo',
      phone: '+46709876543',
      externalId: 'hr-erase',
      employeeId: 'emp-erase',
      tags: ['vip'],
      branchIds: [branchId],
    });
    expect((await archiveStaff(owner, staff.id)).status).toBe(204);
    const response = await getStaff(owner, staff.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: staff.id,
      status: 'archived',
      firstName: '',
      lastName: '',
      email: null,
      phone: null,
      externalId: null,
      employeeId: null,
      tags: [],
    });
  });

  it('ends the archived member\'s membership: /v1/me no longer lists the salon and their session is refused there', async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    expect((await archiveStaff(owner, member.staffId)).status).toBe(204);
    const me = await api.request('GET', '/v1/me', { token: member.token });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([]);
    expect([401, 404]).toContain((await salonAs(owner, member.token)).status);
  });

  it('keeps the audit events about the archived staff member, by id', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    await archiveStaff(owner, staff.id);
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit`, { token: owner.token });
    const actions = audit.body.items
      .filter((event: { target: { id: string } | null }) => event.target?.id === staff.id)
      .map((event: { action: string }) => event.action);
    expect(actions).toEqual(['staff.archived', 'staff.created']);
  });

  it('leaves no copy of the erased name, email or phone on the staff record', async () => {
    const { owner, levelId } = await salon();
    const email = uniqueEmail('erase-me');
    const staff = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Zlatan', lastName: 'Quixote', email, phone: '+46709876501' });
    await archiveStaff(owner, staff.id);
    const record = (await allItems()).find((item) => item.sk === `STAFF#${staff.id}`);
    expect(record).toBeDefined();
    const raw = JSON.stringify(record);
    for (const erased of [email, 'Zlatan', 'zlatan', 'Quixote', 'quixote', '+46709876501']) expect(raw).not.toContain(erased);
  });

  it('refuses a stale If-Match with 412 version_conflict and keeps the staff member', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    await patchStaff(owner, staff.id, { lastName: 'Holm' });
    const response = await api.request('DELETE', memberPath(owner, staff.id), { token: owner.token, headers: { 'if-match': String(staff.version) } });
    expect(response.status).toBe(412);
    expect(response.body.code).toBe('version_conflict');
    expect((await getStaff(owner, staff.id)).body).toMatchObject({ status: 'active', lastName: 'Holm' });
  });

  it('answers a second archive with 404', async () => {
    const { owner, levelId } = await salon();
    const staff = await makeStaff(api, owner, { accessLevelId: levelId });
    await archiveStaff(owner, staff.id);
    const response = await archiveStaff(owner, staff.id);
    expect(response.status).toBe(404);
  });

  it('refuses the owner archiving themselves with 403', async () => {
    const { owner } = await salon();
    const response = await archiveStaff(owner, owner.staffId);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await getStaff(owner, owner.staffId)).body.status).toBe('active');
  });
});
