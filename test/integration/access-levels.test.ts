import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { REQUIRED_PERMISSION_KEYS } from '../support/contract.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** Anyone signed in to one salon: an owner or a member. */
type Caller = Pick<SignedInOwner, 'tenantId' | 'token'>;

const levelsPath = (caller: Caller) => `/v1/tenants/${caller.tenantId}/access-levels`;
const levelPath = (caller: Caller, id: string) => `${levelsPath(caller)}/${id}`;

const createLevel = (caller: Caller, json: unknown) => api.request('POST', levelsPath(caller), { token: caller.token, json });
const listLevels = (caller: Caller) => api.request('GET', levelsPath(caller), { token: caller.token });
const getLevel = (caller: Caller, id: string) => api.request('GET', levelPath(caller, id), { token: caller.token });
const putLevel = (caller: Caller, id: string, json: unknown, headers: Record<string, string> = {}) =>
  api.request('PUT', levelPath(caller, id), { token: caller.token, json, headers });
const deleteLevel = (caller: Caller, id: string, headers: Record<string, string> = {}) =>
  api.request('DELETE', levelPath(caller, id), { token: caller.token, headers });

async function levelNames(caller: Caller): Promise<string[]> {
  const list = await listLevels(caller);
  return list.body.items.map((level: { name: string }) => level.name);
}

async function ownerLevelId(owner: SignedInOwner): Promise<string> {
  const list = await listLevels(owner);
  return list.body.items.find((level: { name: string }) => level.name === 'Owner').id;
}

async function catalog() {
  const response = await api.request('GET', '/v1/permissions');
  return response.body as {
    version: number;
    sections: { key: string; label: string; permissions: { key: string; label: string; forms: string[] }[] }[];
    templates: { key: string; label: string; grants: Record<string, unknown> }[];
  };
}

const RESTRICTED_GRANTS = {
  'appointments.view': true,
  'appointments.create': true,
  'calendar.view': { scope: 'own' },
  'calendar.history': { days: 30 },
  'sales.refund': { limit: 100 },
  'appointments.delete': 'approval',
};

/** A member who may manage access levels and staff, with some rights narrowed. */
const DELEGATE_GRANTS = {
  'access.view': true,
  'access.manage': true,
  'staff.view': true,
  'staff.manage': true,
  'calendar.view': { scope: 'own' },
  'sales.refund': { limit: 50 },
};

async function makeDelegate() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { grants: DELEGATE_GRANTS });
  const delegate = await makeSignedInMember(api, owner, level.id);
  return { owner, delegate, delegateLevelId: level.id };
}

describe('GET /v1/permissions', () => {
  it('serves the catalog without authentication', async () => {
    const response = await api.request('GET', '/v1/permissions');
    expect(response.status).toBe(200);
    expect(response.body.version).toEqual(expect.any(Number));
  });

  it('groups at least 60 permissions in at least 8 sections', async () => {
    const { sections } = await catalog();
    expect(sections.length).toBeGreaterThanOrEqual(8);
    expect(sections.flatMap((section) => section.permissions).length).toBeGreaterThanOrEqual(60);
  });

  it('lists every permission key api.md requires', async () => {
    const keys = (await catalog()).sections.flatMap((section) => section.permissions.map((permission) => permission.key));
    expect(keys).toEqual(expect.arrayContaining(REQUIRED_PERMISSION_KEYS));
  });

  it('lists every permission once', async () => {
    const keys = (await catalog()).sections.flatMap((section) => section.permissions.map((permission) => permission.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('offers the owner, manager, reception and specialist templates, and more', async () => {
    const keys = (await catalog()).templates.map((template) => template.key);
    expect(keys).toEqual(expect.arrayContaining(['owner', 'manager', 'reception', 'specialist']));
    expect(keys.length).toBeGreaterThan(4);
  });

  it('lets the owner template grant every permission of the catalog', async () => {
    const { sections, templates } = await catalog();
    const owner = templates.find((template) => template.key === 'owner');
    const keys = sections.flatMap((section) => section.permissions.map((permission) => permission.key));
    expect(Object.keys(owner?.grants ?? {}).sort()).toEqual([...keys].sort());
  });

  it('names the grant forms each permission accepts', async () => {
    const permissions = (await catalog()).sections.flatMap((section) => section.permissions);
    for (const permission of permissions) {
      expect(permission.forms.length).toBeGreaterThan(0);
      for (const form of permission.forms) expect(['allow', 'approval', 'scope', 'days', 'limit']).toContain(form);
    }
    const formsOf = (key: string) => permissions.find((permission) => permission.key === key)?.forms;
    expect(formsOf('calendar.view')).toContain('scope');
    expect(formsOf('calendar.history')).toContain('days');
    expect(formsOf('sales.refund')).toEqual(expect.arrayContaining(['limit', 'approval']));
    expect(formsOf('staff.manage')).toEqual(['allow']);
  });
});

describe('POST /v1/tenants/{tenantId}/access-levels', () => {
  it("creates a level from a template with the template's grants", async () => {
    const owner = await makeSignedInOwner(api);
    const specialist = (await catalog()).templates.find((template) => template.key === 'specialist');
    const response = await createLevel(owner, { name: 'Stylist', template: 'specialist' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.any(String), name: 'Stylist', version: 1, remoteAccess: true });
    expect(response.body.grants).toEqual(specialist?.grants);
  });

  it('shows the state of every section of the catalog', async () => {
    const owner = await makeSignedInOwner(api);
    const { sections } = await catalog();
    const response = await createLevel(owner, { name: 'Front desk', template: 'reception' });
    expect(response.body.sections.map((section: { key: string }) => section.key)).toEqual(sections.map((section) => section.key));
  });

  it.each([
    ['all', 'access', { 'access.view': true, 'access.manage': true }],
    ['some', 'calendar', { 'calendar.view': true }],
    ['some', 'calendar', { 'calendar.view': { scope: 'own' } }],
    ['some', 'appointments', { 'appointments.view': true, 'appointments.delete': 'approval' }],
    ['none', 'stock', { 'calendar.view': true }],
  ])('shows state "%s" for section %s when the level grants %j', async (state, section, grants) => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Tri-state', grants });
    expect(response.status).toBe(201);
    expect(response.body.sections).toContainEqual({ key: section, state });
  });

  it('creates a level from scratch with scoped, limited and approval grants', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Custom', grants: RESTRICTED_GRANTS });
    expect(response.status).toBe(201);
    expect(response.body.grants).toEqual(RESTRICTED_GRANTS);
    expect(response.body.permissions).toEqual(
      expect.arrayContaining([
        { key: 'appointments.view' },
        { key: 'appointments.create' },
        { key: 'calendar.view', scope: 'own' },
        { key: 'calendar.history', days: 30 },
        { key: 'sales.refund', limit: 100 },
        { key: 'appointments.delete', approval: true },
      ]),
    );
    expect(response.body.permissions).toHaveLength(6);
  });

  it('lists a staff scope with its employee ids', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Team lead', grants: { 'calendar.view': { scope: 'staff', employeeIds: ['emp-2', 'emp-1'] } } });
    expect(response.status).toBe(201);
    expect(response.body.permissions).toEqual([{ key: 'calendar.view', scope: 'staff', employeeIds: ['emp-1', 'emp-2'] }]);
  });

  it('stores {"scope":"all"} as true', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'All calendars', grants: { 'calendar.view': { scope: 'all' } } });
    expect(response.status).toBe(201);
    expect(response.body.grants).toEqual({ 'calendar.view': true });
    expect((await getLevel(owner, response.body.id)).body.grants).toEqual({ 'calendar.view': true });
  });

  it('drops grants that are false', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Checkbox tree', grants: { 'calendar.view': true, 'clients.view': false, 'sales.refund': false } });
    expect(response.status).toBe(201);
    expect(response.body.grants).toEqual({ 'calendar.view': true });
  });

  it('keeps remoteAccess:false when asked', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Terminal only', grants: { 'calendar.view': true }, remoteAccess: false });
    expect(response.status).toBe(201);
    expect(response.body.remoteAccess).toBe(false);
  });

  it('refuses an unknown permission with 400 unknown_permission and creates nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const before = await levelNames(owner);
    const response = await createLevel(owner, { name: 'Typo', grants: { 'calendar.view': true, 'calendar.teleport': true } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_permission');
    expect(await levelNames(owner)).toEqual(before);
  });

  it.each([
    ['a limit on a scoped permission', 'calendar.view', { limit: 5 }],
    ['a scope on a plain permission', 'staff.manage', { scope: 'own' }],
    ['negative history days', 'calendar.history', { days: -1 }],
    ['a staff scope without employees', 'calendar.view', { scope: 'staff', employeeIds: [] }],
    ['a string other than "approval"', 'appointments.delete', 'maybe'],
    ['a number', 'sales.refund', 100],
    ['approval on a permission that cannot be approved', 'staff.view', 'approval'],
  ])('refuses %s with 400 validation_failed at grants.<key> and creates nothing', async (_label, key, value) => {
    const owner = await makeSignedInOwner(api);
    const before = await levelNames(owner);
    const response = await createLevel(owner, { name: 'Malformed', grants: { [key]: value } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toContainEqual(expect.objectContaining({ path: `grants.${key}` }));
    expect(await levelNames(owner)).toEqual(before);
  });

  it("overlays the given grants on the template's: a key given replaces the template's grant, false removes it, the rest is kept", async () => {
    const owner = await makeSignedInOwner(api);
    const reception = (await catalog()).templates.find((template) => template.key === 'reception');
    const response = await createLevel(owner, {
      name: 'Front desk, tighter',
      template: 'reception',
      grants: { 'sales.discount': { limit: 20 }, 'calendar.view': { scope: 'own' }, 'clients.contacts.list': false, 'sales.refund': true, 'audit.view': true },
    });
    expect(response.status).toBe(201);
    const { 'clients.contacts.list': _removed, ...kept } = reception?.grants ?? {};
    expect(response.body.template).toBe('reception');
    expect(response.body.grants).toEqual({
      ...kept,
      'sales.discount': { limit: 20 },
      'calendar.view': { scope: 'own' },
      'sales.refund': true,
      'audit.view': true,
    });
    expect((await getLevel(owner, response.body.id)).body.grants).toEqual(response.body.grants);
  });

  it('takes a template with empty grants as the template itself', async () => {
    const owner = await makeSignedInOwner(api);
    const junior = (await catalog()).templates.find((template) => template.key === 'junior');
    const response = await createLevel(owner, { name: 'Apprentice', template: 'junior', grants: {} });
    expect(response.status).toBe(201);
    expect(response.body.grants).toEqual(junior?.grants);
  });

  it('lets the holder of a level created from a template and grants act on the overlaid rights', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await createLevel(owner, {
      name: 'Junior plus',
      template: 'junior',
      grants: { 'clients.notes.view': false, 'sales.refund': { limit: 30 } },
      remoteAccess: true,
    });
    expect(level.status).toBe(201);
    expect(level.body.remoteAccess).toBe(true);
    const member = await makeSignedInMember(api, owner, level.body.id, { employeeId: 'emp-1' });
    const check = async (permission: string, resource?: Record<string, unknown>) =>
      (
        await api.request('POST', '/v1/authorize', {
          token: member.token,
          headers: { 'x-tenant-id': owner.tenantId },
          json: { permission, ...(resource ? { resource } : {}) },
        })
      ).body;
    expect(await check('clients.view')).toEqual({ allowed: true, reason: 'granted' });
    expect(await check('clients.notes.view')).toEqual({ allowed: false, reason: 'not_granted' });
    expect(await check('sales.refund', { amount: 30 })).toEqual({ allowed: true, reason: 'granted' });
    expect(await check('sales.refund', { amount: 31 })).toEqual({ allowed: false, reason: 'over_limit' });
  });

  it('validates the given grants of a template level at grants.<key>', async () => {
    const owner = await makeSignedInOwner(api);
    const before = await levelNames(owner);
    const invalid = await createLevel(owner, { name: 'Bad overlay', template: 'reception', grants: { 'calendar.history': { limit: 5 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toContainEqual(expect.objectContaining({ path: 'grants.calendar.history' }));
    const unknown = await createLevel(owner, { name: 'Bad overlay', template: 'reception', grants: { 'calendar.teleport': false } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown_permission');
    expect(await levelNames(owner)).toEqual(before);
  });

  it('refuses an unknown template with 400 validation_failed', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'Nope', template: 'wizard' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('access level names', () => {
  it('refuses a name another level of the salon has, ignoring case and surrounding spaces, with 409 name_taken', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await createLevel(owner, { name: 'Reception', template: 'reception' })).status).toBe(201);
    const response = await createLevel(owner, { name: ' reception ', template: 'reception' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('name_taken');
    expect(await levelNames(owner)).toEqual(['Owner', 'Reception']);
  });

  it("refuses the name of the salon's Owner level", async () => {
    const owner = await makeSignedInOwner(api);
    const response = await createLevel(owner, { name: 'OWNER', grants: {} });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('name_taken');
  });

  it('allows a name that another salon uses', async () => {
    const first = await makeSignedInOwner(api);
    const second = await makeSignedInOwner(api);
    expect((await createLevel(first, { name: 'Reception', template: 'reception' })).status).toBe(201);
    expect((await createLevel(second, { name: 'Reception', template: 'reception' })).status).toBe(201);
  });

  it('refuses renaming a level to a name another level has with 409 name_taken', async () => {
    const owner = await makeSignedInOwner(api);
    await makeAccessLevel(api, owner, { name: 'Reception', template: 'reception' });
    const stylist = await makeAccessLevel(api, owner, { name: 'Stylist', template: 'specialist' });
    const response = await putLevel(owner, stylist.id, { name: 'RECEPTION', grants: stylist.grants });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('name_taken');
    expect((await getLevel(owner, stylist.id)).body).toMatchObject({ name: 'Stylist', version: 1 });
  });

  it('frees the old name when a level is renamed', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Reception', template: 'reception' });
    expect((await putLevel(owner, level.id, { name: 'Front desk', grants: level.grants })).status).toBe(200);
    expect((await createLevel(owner, { name: 'Reception', grants: { 'calendar.view': true } })).status).toBe(201);
  });

  it('lets a level change the letter case of its own name', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'reception', template: 'reception' });
    const response = await putLevel(owner, level.id, { name: 'Reception', grants: level.grants });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Reception');
  });
});

describe('GET /v1/tenants/{tenantId}/access-levels', () => {
  it('lists the levels of the salon sorted by name', async () => {
    const owner = await makeSignedInOwner(api);
    for (const name of ['Zeta', 'alpha', 'Mid']) await makeAccessLevel(api, owner, { name, grants: { 'calendar.view': true } });
    const response = await listLevels(owner);
    expect(response.status).toBe(200);
    expect(response.body.items.map((level: { name: string }) => level.name)).toEqual(['alpha', 'Mid', 'Owner', 'Zeta']);
    expect(response.body.nextCursor).toBeNull();
  });

  it('gets one level by id', async () => {
    const owner = await makeSignedInOwner(api);
    const created = await createLevel(owner, { name: 'Custom', grants: RESTRICTED_GRANTS });
    const response = await getLevel(owner, created.body.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created.body);
  });

  it.each([
    ['GET', () => ({})],
    ['PUT', () => ({ json: { name: 'Ghost', grants: {} } })],
    ['DELETE', () => ({})],
  ])('answers %s of an unknown level with 404 not_found', async (method, options) => {
    const owner = await makeSignedInOwner(api);
    const response = await api.request(method, levelPath(owner, 'lvl_01doesnotexist'), { token: owner.token, ...options() });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });
});

describe('PUT /v1/tenants/{tenantId}/access-levels/{id}', () => {
  it('replaces the name and grants and bumps the version', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    const response = await putLevel(owner, level.id, { name: 'Senior', grants: RESTRICTED_GRANTS });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: level.id, name: 'Senior', version: 2, grants: RESTRICTED_GRANTS });
    expect((await getLevel(owner, level.id)).body).toMatchObject({ name: 'Senior', version: 2, grants: RESTRICTED_GRANTS });
  });

  it('accepts If-Match with the current version', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    const response = await putLevel(owner, level.id, { name: 'Junior', grants: { 'calendar.view': true } }, { 'if-match': String(level.version) });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(level.version + 1);
  });

  it('refuses a stale If-Match with 412 version_conflict and changes nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    expect((await putLevel(owner, level.id, { name: 'Junior', grants: { 'calendar.view': true } })).status).toBe(200);
    const stale = await putLevel(owner, level.id, { name: 'Renamed', grants: { 'clients.view': true } }, { 'if-match': String(level.version) });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_conflict');
    expect((await getLevel(owner, level.id)).body).toMatchObject({ name: 'Junior', version: 2, grants: { 'calendar.view': true } });
  });

  it('refuses an unknown permission with 400 unknown_permission and changes nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    const response = await putLevel(owner, level.id, { name: 'Junior', grants: { 'calendar.teleport': true } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_permission');
    expect((await getLevel(owner, level.id)).body).toMatchObject({ version: 1, grants: level.grants });
  });
});

describe('DELETE /v1/tenants/{tenantId}/access-levels/{id}', () => {
  it('refuses to delete a level a staff member holds with 409 in_use', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    await makeStaff(api, owner, { accessLevelId: level.id });
    const response = await deleteLevel(owner, level.id);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('in_use');
    expect((await getLevel(owner, level.id)).status).toBe(200);
  });

  it('deletes a level nobody holds; it is gone afterwards', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    expect((await deleteLevel(owner, level.id)).status).toBe(204);
    expect((await getLevel(owner, level.id)).status).toBe(404);
  });

  it.each([
    ['moved to another level', (owner: SignedInOwner, staffId: string, otherLevelId: string) =>
      api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token, json: { accessLevelId: otherLevelId } })],
    ['archived', (owner: SignedInOwner, staffId: string) =>
      api.request('DELETE', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token })],
  ])('deletes a level once its only holder was %s', async (_label, release) => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const other = await makeAccessLevel(api, owner, { template: 'specialist' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    expect((await release(owner, staff.id, other.id)).status).toBeLessThan(300);
    expect((await deleteLevel(owner, level.id)).status).toBe(204);
    expect((await getLevel(owner, level.id)).status).toBe(404);
  });

  it('frees the name of a deleted level', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Seasonal', template: 'reception' });
    await deleteLevel(owner, level.id);
    expect((await createLevel(owner, { name: 'Seasonal', template: 'reception' })).status).toBe(201);
  });

  it('refuses a stale If-Match with 412 version_conflict and keeps the level', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    await putLevel(owner, level.id, { name: 'Junior', grants: { 'calendar.view': true } });
    const response = await deleteLevel(owner, level.id, { 'if-match': String(level.version) });
    expect(response.status).toBe(412);
    expect(response.body.code).toBe('version_conflict');
    expect((await getLevel(owner, level.id)).status).toBe(200);
  });

  it('accepts If-Match with the current version', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Junior', template: 'junior' });
    expect((await deleteLevel(owner, level.id, { 'if-match': String(level.version) })).status).toBe(204);
  });
});

describe('no escalation (403 escalation_denied)', () => {
  it('lets a member create a level with a subset of their own rights', async () => {
    const { delegate } = await makeDelegate();
    const response = await createLevel(delegate, {
      name: 'Narrower',
      grants: { 'calendar.view': { scope: 'own' }, 'sales.refund': { limit: 20 }, 'staff.view': true },
    });
    expect(response.status).toBe(201);
  });

  it.each([
    ['a broader scope', { 'calendar.view': true }],
    ['a higher limit', { 'sales.refund': { limit: 100 } }],
    ['approval instead of a limit', { 'sales.refund': 'approval' }],
    ['a right they lack', { 'settings.manage': true }],
    ['a template with rights they lack', undefined],
  ])('refuses a member creating a level with %s', async (_label, grants) => {
    const { delegate } = await makeDelegate();
    const before = await levelNames(delegate);
    const response = await createLevel(delegate, grants ? { name: 'Wider', grants } : { name: 'Wider', template: 'manager' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect(await levelNames(delegate)).toEqual(before);
  });

  it('checks a template overlaid by grants as a whole: false removes the template rights the member lacks', async () => {
    const { delegate } = await makeDelegate();
    // junior: calendar.view own, calendar.history 1 day, appointments.view, clients.view, clients.notes.view.
    const narrowed = await createLevel(delegate, {
      name: 'Junior, narrowed',
      template: 'junior',
      grants: {
        'calendar.history': false,
        'appointments.view': false,
        'appointments.comment': false,
        'clients.view': false,
        'clients.notes.view': false,
        'sales.refund': { limit: 50 },
      },
    });
    expect(narrowed.status).toBe(201);
    expect(narrowed.body).toMatchObject({ template: 'junior', grants: { 'calendar.view': { scope: 'own' }, 'sales.refund': { limit: 50 } } });
    expect(Object.keys(narrowed.body.grants)).toHaveLength(2);
  });

  it.each([
    ['a template right they lack is left in', { 'calendar.history': false, 'appointments.comment': false, 'clients.view': false, 'clients.notes.view': false }],
    [
      'a given grant is wider than theirs',
      { 'calendar.history': false, 'appointments.view': false, 'appointments.comment': false, 'clients.view': false, 'clients.notes.view': false, 'sales.refund': { limit: 51 } },
    ],
    [
      'a template right is widened beyond theirs',
      { 'calendar.history': false, 'appointments.view': false, 'appointments.comment': false, 'clients.view': false, 'clients.notes.view': false, 'calendar.view': true },
    ],
  ])('refuses a member creating a level from a template and grants when %s', async (_label, grants) => {
    const { delegate } = await makeDelegate();
    const before = await levelNames(delegate);
    const response = await createLevel(delegate, { name: 'Junior, wider', template: 'junior', grants });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect(await levelNames(delegate)).toEqual(before);
  });

  it('refuses a member widening a level they could edit', async () => {
    const { owner, delegate } = await makeDelegate();
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': { scope: 'own' } } });
    const response = await putLevel(delegate, level.id, { name: 'Widened', grants: { 'calendar.view': true } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('refuses a member editing the Owner level, even to narrow it', async () => {
    const { owner, delegate } = await makeDelegate();
    const ownerLevel = await ownerLevelId(owner);
    const response = await putLevel(delegate, ownerLevel, { name: 'Owner', grants: { 'calendar.view': { scope: 'own' } } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await getLevel(owner, ownerLevel)).body.version).toBe(1);
  });

  it('refuses a member deleting the Owner level', async () => {
    const { owner, delegate } = await makeDelegate();
    const ownerLevel = await ownerLevelId(owner);
    const response = await deleteLevel(delegate, ownerLevel);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('refuses a member deleting an unused level with rights they lack', async () => {
    const { owner, delegate } = await makeDelegate();
    const level = await makeAccessLevel(api, owner, { template: 'manager' });
    const response = await deleteLevel(delegate, level.id);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await getLevel(owner, level.id)).status).toBe(200);
  });

  it('refuses a member creating a staff member with a level that has rights they lack', async () => {
    const { owner, delegate } = await makeDelegate();
    const ownerLevel = await ownerLevelId(owner);
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, {
      token: delegate.token,
      json: { firstName: 'New', lastName: 'Boss', accessLevelId: ownerLevel },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('lets a member create a staff member with a level they cover', async () => {
    const { owner, delegate } = await makeDelegate();
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': { scope: 'own' } } });
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, {
      token: delegate.token,
      json: { firstName: 'New', lastName: 'Junior', accessLevelId: level.id },
    });
    expect(response.status).toBe(201);
  });

  it('refuses a member giving a staff member a level that has rights they lack', async () => {
    const { owner, delegate } = await makeDelegate();
    const low = await makeAccessLevel(api, owner, { grants: { 'calendar.view': { scope: 'own' } } });
    const staff = await makeStaff(api, owner, { accessLevelId: low.id });
    const ownerLevel = await ownerLevelId(owner);
    const response = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, {
      token: delegate.token,
      json: { accessLevelId: ownerLevel },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    const after = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token });
    expect(after.body.accessLevelId).toBe(low.id);
  });

  it.each([
    ['edit', 'PATCH', '', { json: { firstName: 'Hacked' } }],
    ['suspend', 'PATCH', '', { json: { status: 'suspended' } }],
    ['archive', 'DELETE', '', {}],
    ['end the sessions of', 'POST', '/sessions/revoke', {}],
  ])('refuses a member who tries to %s a staff member holding more rights than they do', async (_label, method, suffix, options) => {
    const { owner, delegate } = await makeDelegate();
    const ownerStaff = `/v1/tenants/${owner.tenantId}/staff/${owner.staffId}`;
    const before = await api.request('GET', ownerStaff, { token: owner.token });
    const response = await api.request(method, `${ownerStaff}${suffix}`, { token: delegate.token, ...options });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await api.request('GET', ownerStaff, { token: owner.token })).body).toEqual(before.body);
  });
});

describe('permissions of the access-level routes', () => {
  it('refuses listing levels without access.view with 403 not_permitted', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'staff.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    const response = await listLevels(member);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });

  it('refuses creating a level without access.manage with 403 not_permitted', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'access.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    expect((await listLevels(member)).status).toBe(200);
    const response = await createLevel(member, { name: 'Empty', grants: {} });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });
});

describe('holders of a level', () => {
  it('lose a right the moment it is taken from their level', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'access.view': true, 'staff.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    expect((await listLevels(member)).status).toBe(200);
    expect((await putLevel(owner, level.id, { name: 'Staff only', grants: { 'staff.view': true } })).status).toBe(200);
    const response = await listLevels(member);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });

  it('are refused remotely the moment their level turns remote access off', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'staff.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    expect((await putLevel(owner, level.id, { name: 'Terminal only', grants: { 'staff.view': true }, remoteAccess: false })).status).toBe(200);
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: member.token });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('remote_access_denied');
  });
});

describe('remote access', () => {
  it('refuses a member whose level has remoteAccess:false on the salon routes with 403 remote_access_denied', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const member = await makeSignedInMember(api, owner, level.id);
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: member.token });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('remote_access_denied');
  });

  it('still lets that member sign in and read /v1/me', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true }, remoteAccess: false });
    const member = await makeSignedInMember(api, owner, level.id);
    const login = await api.request('POST', '/v1/auth/login', { json: { login: member.email, password: OWNER_PASSWORD } });
    expect(login.status).toBe(200);
    const me = await api.request('GET', '/v1/me', { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body.memberships).toContainEqual(expect.objectContaining({ tenantId: owner.tenantId, staffId: member.staffId }));
  });
});

describe('access-level list pages (api.md list conventions)', () => {
  it('pages with limit and nextCursor through every level once', async () => {
    const owner = await makeSignedInOwner(api);
    for (const template of ['manager', 'reception', 'specialist']) await makeAccessLevel(api, owner, { template });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: any } = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
        token: owner.token,
      });
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      seen.push(response.body.items[0].id);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(4);
  });

  it.each(['limit=0', 'limit=201', 'cursor=bm90LWFuLWlk'])('refuses ?%s with 400', async (query) => {
    const owner = await makeSignedInOwner(api);
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels?${query}`, { token: owner.token });
    expect(response.status).toBe(400);
  });
});

describe('GET /v1/tenants/{tenantId}/permissions/{permission}/holders', () => {
  it('lists who holds a permission in any form, with the grant each holds, filtered by branch', async () => {
    const owner = await makeSignedInOwner(api);
    const branch = (await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Centrum' } })).body.id as string;
    const limited = await makeAccessLevel(api, owner, { grants: { 'sales.refund': { limit: 100 } } });
    const none = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const refunder = await makeStaff(api, owner, { firstName: 'Alva', lastName: 'Berg', accessLevelId: limited.id, branchIds: [branch] });
    await makeStaff(api, owner, { firstName: 'Bo', lastName: 'Ek', accessLevelId: none.id });
    const archived = await makeStaff(api, owner, { firstName: 'Cilla', lastName: 'Dahl', accessLevelId: limited.id });
    await api.request('DELETE', `/v1/tenants/${owner.tenantId}/staff/${archived.id}`, { token: owner.token });

    const holders = await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/sales.refund/holders`, { token: owner.token });
    expect(holders.status).toBe(200);
    const byId = new Map((holders.body.items as { staffId: string }[]).map((holder) => [holder.staffId, holder]));
    expect(byId.get(refunder.id)).toMatchObject({ displayName: 'Alva Berg', accessLevelId: limited.id, grant: { limit: 100 }, branchIds: [branch] });
    expect(byId.has(archived.id)).toBe(false);
    // The owner holds it outright; the level without it gives nobody a place.
    expect(byId.get(owner.staffId)).toMatchObject({ grant: true });
    expect(holders.body.items).toHaveLength(2);

    const elsewhere = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Hamnen' } });
    const atOtherBranch = await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/sales.refund/holders?branchId=${elsewhere.body.id}`, { token: owner.token });
    expect((atOtherBranch.body.items as { staffId: string }[]).map((holder) => holder.staffId)).toEqual([owner.staffId]);
  });

  it('answers 404 for a key the catalog does not have, and needs access.view', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/clients.teleport/holders`, { token: owner.token })).status).toBe(404);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/..%2F/holders`, { token: owner.token })).status).toBe(404);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/sales.refund/holders`, { token: member.token })).status).toBe(403);
  });
});

describe('section grants, parent rights and limits with approval above (api.md v1.1)', () => {
  it('stores a whole-section grant as sent and lists every permission of the section', async () => {
    const owner = await makeSignedInOwner(api);
    const created = await createLevel(owner, { name: 'Calendar keeper', grants: { 'calendar.*': true } });
    expect(created.status).toBe(201);
    const calendar = (await catalog()).sections.find((section) => section.key === 'calendar');

    const level = (await getLevel(owner, created.body.id)).body;

    expect(level.grants).toEqual({ 'calendar.*': true });
    expect(level.permissions.map((permission: { key: string }) => permission.key)).toEqual(calendar?.permissions.map((p) => p.key));
    expect(level.sections.find((section: { key: string }) => section.key === 'calendar').state).toBe('all');
  });

  it('refuses a right without its parent, naming the parent', async () => {
    const owner = await makeSignedInOwner(api);

    const response = await createLevel(owner, { name: 'Phones only', grants: { 'calendar.phone.view': true } });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual([{ path: 'grants.calendar.phone.view', message: 'calendar.phone.view needs calendar.view: grant calendar.view too.' }]);
    expect(await levelNames(owner)).not.toContain('Phones only');
  });

  it('refuses an edit that takes away a parent its children still need', async () => {
    const owner = await makeSignedInOwner(api);
    const created = await createLevel(owner, { name: 'Booker', grants: { 'appointments.view': true, 'appointments.create': true } });

    const response = await putLevel(owner, created.body.id, { name: 'Booker', grants: { 'appointments.create': true } }, { 'If-Match': '1' });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('needs appointments.view');
  });

  it('names each permission’s parent in the catalog', async () => {
    const booking = (await catalog()).sections.find((section) => section.key === 'appointments');
    expect(booking?.permissions.find((p) => p.key === 'appointments.create')).toMatchObject({ parent: 'appointments.view' });
    expect(booking?.permissions.find((p) => p.key === 'appointments.view')).not.toHaveProperty('parent');
  });

  it('keeps {limit, above:"approval"} and answers approval_required above the limit', async () => {
    const owner = await makeSignedInOwner(api);
    const created = await createLevel(owner, { name: 'Till', grants: { 'sales.refund': { limit: 100, above: 'approval' } } });
    expect(created.body.grants).toEqual({ 'sales.refund': { limit: 100, above: 'approval' } });
    const member = await makeSignedInMember(api, owner, created.body.id);
    const check = (amount: number) =>
      api.request('POST', '/v1/authorize', { token: member.token, headers: { 'X-Tenant-Id': owner.tenantId }, json: { permission: 'sales.refund', resource: { amount } } });

    expect((await check(100)).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await check(250)).body).toEqual({ allowed: false, reason: 'approval_required', approvalRequired: true });
  });

  it('lets no one give approval above a limit who cannot send their own amounts for approval', async () => {
    const { delegate } = await makeDelegate();

    const response = await createLevel(delegate, { name: 'Wider till', grants: { 'sales.refund': { limit: 10, above: 'approval' } } });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('lets no one give a whole section they do not hold all of', async () => {
    const { delegate } = await makeDelegate();

    const response = await createLevel(delegate, { name: 'All calendar', grants: { 'calendar.*': true } });

    expect(response.status).toBe(403);
    expect(response.body.detail).toContain('calendar.view');
  });
});
