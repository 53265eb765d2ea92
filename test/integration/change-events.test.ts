import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let owner: SignedInOwner;
let stylist = '';
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  stylist = (await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } })).id;
});
afterAll(async () => {
  await api.stop();
});

interface Event {
  id: string;
  type: string;
  tenantId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

async function events(tenantId = owner.tenantId): Promise<Event[]> {
  const response = await api.request('GET', `/_local/events?tenantId=${tenantId}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

/** The events a step made: those not there before it. */
async function eventsOf(step: () => Promise<unknown>): Promise<Event[]> {
  const before = new Set((await events()).map((event) => event.id));
  await step();
  return (await events()).filter((event) => !before.has(event.id));
}

const path = (rest: string) => `/v1/tenants/${owner.tenantId}${rest}`;

describe('change events (GET /_local/events)', () => {
  it('a created staff member makes one staff.created event with ids only', async () => {
    let staffId = '';
    const made = await eventsOf(async () => {
      staffId = (await makeStaff(api, owner, { accessLevelId: stylist, firstName: 'Greta', lastName: 'Holm', email: 'greta.holm@salon.example' })).id;
    });
    expect(made).toEqual([
      { id: expect.stringMatching(/^evt_/), type: 'staff.created', tenantId: owner.tenantId, occurredAt: expect.any(String), data: { staffId, accessLevelId: stylist, status: 'active' } },
    ]);
    expect(JSON.stringify(made)).not.toMatch(/Greta|Holm|greta\.holm/);
  });

  it('a name change is staff.updated naming the fields, never their values', async () => {
    const staff = await makeStaff(api, owner, { accessLevelId: stylist });
    const made = await eventsOf(() => api.request('PATCH', path(`/staff/${staff.id}`), { token: owner.token, json: { firstName: 'Märta' } }));
    expect(made.map((event) => [event.type, event.data])).toEqual([['staff.updated', { staffId: staff.id, fields: ['firstName'] }]]);
    expect(JSON.stringify(made)).not.toContain('Märta');
  });

  it('a level change is staff.level_changed with the previous level', async () => {
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: stylist });
    const made = await eventsOf(() => api.request('PATCH', path(`/staff/${staff.id}`), { token: owner.token, json: { accessLevelId: level.id } }));
    expect(made.map((event) => [event.type, event.data])).toEqual([
      ['staff.level_changed', { staffId: staff.id, accessLevelId: level.id, previousAccessLevelId: staff.accessLevelId, fields: ['accessLevelId'] }],
    ]);
  });

  it('branches and terminal edits make branch.* and terminal.updated events, without names', async () => {
    let branchId = '';
    let otherBranchId = '';
    let terminalId = '';
    const made = await eventsOf(async () => {
      branchId = (await api.request('POST', path('/branches'), { token: owner.token, json: { name: 'Kungsholmen' } })).body.id;
      otherBranchId = (await api.request('POST', path('/branches'), { token: owner.token, json: { name: 'Vasastan' } })).body.id;
      await api.request('PATCH', path(`/branches/${branchId}`), { token: owner.token, json: { name: 'Kungsholmen Nord' } });
      terminalId = (await api.request('POST', path('/terminals'), { token: owner.token, json: { name: 'Desk', branchId } })).body.id;
      await api.request('PATCH', path(`/terminals/${terminalId}`), { token: owner.token, json: { name: 'Front desk', branchId: otherBranchId } });
      await api.request('DELETE', path(`/branches/${branchId}`), { token: owner.token });
    });
    expect(made.map((event) => [event.type, event.data]).reverse()).toEqual([
      ['branch.created', { branchId }],
      ['branch.created', { branchId: otherBranchId }],
      ['branch.updated', { branchId, fields: ['name'] }],
      ['terminal.registered', { terminalId, branchId }],
      ['terminal.updated', { terminalId, fields: ['branchId', 'name'], branchId: otherBranchId }],
      ['branch.deleted', { branchId }],
    ]);
    expect(JSON.stringify(made)).not.toMatch(/Kungsholmen|Vasastan|desk/i);
  });

  it('suspension, session revocation and archiving each make their event', async () => {
    const staff = await makeStaff(api, owner, { accessLevelId: stylist });
    const made = await eventsOf(async () => {
      await api.request('POST', path(`/staff/${staff.id}/sessions/revoke`), { token: owner.token });
      await api.request('PATCH', path(`/staff/${staff.id}`), { token: owner.token, json: { status: 'suspended' } });
      await api.request('DELETE', path(`/staff/${staff.id}`), { token: owner.token });
    });
    expect(made.map((event) => event.type).reverse()).toEqual(['session.revoked', 'staff.suspended', 'staff.archived']);
    expect(made.every((event) => event.data.staffId === staff.id)).toBe(true);
  });

  it('access levels: created, updated, deleted', async () => {
    const made = await eventsOf(async () => {
      const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } });
      const replaced = await api.request('PUT', path(`/access-levels/${level.id}`), {
        token: owner.token,
        json: { name: 'Renamed level', grants: { 'calendar.view': true, 'clients.view': true } },
      });
      expect(replaced.status).toBe(200);
      expect((await api.request('DELETE', path(`/access-levels/${level.id}`), { token: owner.token })).status).toBe(204);
    });
    expect(made.map((event) => event.type).reverse()).toEqual(['access_level.created', 'access_level.updated', 'access_level.deleted']);
  });

  it('an access level saved with no grants left: updated, as any other (its audit record holds an empty map)', async () => {
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } });
    const made = await eventsOf(async () => {
      const emptied = await api.request('PUT', path(`/access-levels/${level.id}`), { token: owner.token, json: { name: 'Nothing yet', grants: {} } });
      expect(emptied.status).toBe(200);
    });
    expect(made.map((event) => [event.type, event.data.accessLevelId])).toEqual([['access_level.updated', level.id]]);
  });

  it('PINs: set and removed (pin.retired), terminals: registered and revoked', async () => {
    const staff = await makeStaff(api, owner, { accessLevelId: stylist });
    const branch = await api.request('POST', path('/branches'), { token: owner.token, json: { name: 'Centrum' } });
    const made = await eventsOf(async () => {
      expect((await api.request('PUT', path(`/staff/${staff.id}/pin`), { token: owner.token, json: { generate: true } })).status).toBe(200);
      expect((await api.request('DELETE', path(`/staff/${staff.id}/pin`), { token: owner.token })).status).toBe(204);
      const terminal = await api.request('POST', path('/terminals'), { token: owner.token, json: { name: 'Desk', branchId: branch.body.id } });
      expect((await api.request('DELETE', path(`/terminals/${terminal.body.id}`), { token: owner.token })).status).toBe(204);
    });
    expect(made.map((event) => [event.type, event.data]).reverse()).toEqual([
      ['pin.set', { staffId: staff.id }],
      ['pin.retired', { staffId: staff.id, reason: 'removed' }],
      ['terminal.registered', { terminalId: expect.stringMatching(/^trm_/), branchId: branch.body.id }],
      ['terminal.revoked', { terminalId: expect.stringMatching(/^trm_/) }],
    ]);
  });

  it('a refused change makes no event', async () => {
    const made = await eventsOf(async () => {
      const refused = await api.request('POST', path('/staff'), { token: owner.token, json: { firstName: 'Ida', lastName: 'Ek', accessLevelId: 'lvl_missing' } });
      expect(refused.status).toBeGreaterThanOrEqual(400);
    });
    expect(made).toEqual([]);
  });

  it('lists only the named salon, newest first', async () => {
    const other = await makeSignedInOwner(api);
    await makeAccessLevel(api, other, { grants: { 'calendar.view': true } });
    const listed = await events(other.tenantId);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((event) => event.tenantId === other.tenantId)).toBe(true);
    const times = listed.map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
