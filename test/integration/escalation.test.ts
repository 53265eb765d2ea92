import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { latestToken, makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner, uniqueEmail } from '../support/builders.js';
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

const ADMIN = { 'access.view': true, 'access.manage': true, 'staff.view': true, 'staff.manage': true, 'settings.manage': true };

type Caller = { tenantId: string; token: string };

const levelPath = (caller: Caller, levelId: string) => `/v1/tenants/${caller.tenantId}/access-levels/${levelId}`;
const staffPath = (caller: Caller, staffId: string) => `/v1/tenants/${caller.tenantId}/staff/${staffId}`;
const putLevel = (caller: Caller, levelId: string, json: Record<string, unknown>) => api.request('PUT', levelPath(caller, levelId), { token: caller.token, json });
const patchStaff = (caller: Caller, staffId: string, json: Record<string, unknown>) => api.request('PATCH', staffPath(caller, staffId), { token: caller.token, json });
const getLevel = (caller: Caller, levelId: string) => api.request('GET', levelPath(caller, levelId), { token: caller.token });

async function ownerLevelOf(owner: SignedInOwner): Promise<{ id: string; grants: Record<string, unknown> }> {
  const me = await api.request('GET', staffPath(owner, owner.staffId), { token: owner.token });
  const level = await getLevel(owner, me.body.accessLevelId);
  return level.body;
}

/** A salon with its owner and a second full admin (on a level of their own), both signed in. */
async function twoAdmins() {
  const owner = await makeSignedInOwner(api);
  const adminLevel = await makeAccessLevel(api, owner, { name: 'Co-owner', template: 'owner' });
  const second = await makeSignedInMember(api, owner, adminLevel.id);
  const stylist = await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'clients.view': true } });
  return { owner, second, adminLevelId: adminLevel.id, stylistId: stylist.id };
}

describe('the last admin (409 last_admin)', () => {
  it('refuses an edit of the only admin’s level that takes away an admin right, and leaves it as it was', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await ownerLevelOf(owner);

    const response = await putLevel(owner, level.id, { name: 'Owner', grants: { 'staff.view': true } });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('last_admin');
    expect((await getLevel(owner, level.id)).body.grants).toEqual(level.grants);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token })).status).toBe(200);
  });

  it('allows that edit while another active member holds the admin rights, then refuses it for the one left', async () => {
    const { owner, second, adminLevelId } = await twoAdmins();
    const ownerLevel = await ownerLevelOf(owner);

    expect((await putLevel(second, ownerLevel.id, { name: 'Owner', grants: { 'staff.view': true } })).status).toBe(200);
    const last = await putLevel(second, adminLevelId, { name: 'Co-owner', grants: { ...ADMIN, 'settings.manage': false } });

    expect(last.status).toBe(409);
    expect(last.body.code).toBe('last_admin');
  });

  it('counts only active members: a suspended admin does not keep the salon administrable', async () => {
    const { owner, second, adminLevelId } = await twoAdmins();
    expect((await patchStaff(owner, second.staffId, { status: 'suspended' })).status).toBe(200);

    const response = await putLevel(owner, (await ownerLevelOf(owner)).id, { name: 'Owner', grants: ADMIN, remoteAccess: true });
    expect(response.status).toBe(200);
    const stripped = await putLevel(owner, (await ownerLevelOf(owner)).id, { name: 'Owner', grants: { ...ADMIN, 'staff.manage': false } });

    expect(stripped.status).toBe(409);
    expect(stripped.body.code).toBe('last_admin');
    expect((await getLevel(owner, adminLevelId)).status).toBe(200);
  });

  it('counts no admin with an end date: giving the only other admin an end date leaves one, so the last one cannot be demoted', async () => {
    const { owner, second, adminLevelId } = await twoAdmins();
    expect((await patchStaff(owner, second.staffId, { endsOn: '2099-12-31' })).status).toBe(200);

    const stripped = await putLevel(owner, (await ownerLevelOf(owner)).id, { name: 'Owner', grants: { ...ADMIN, 'staff.manage': false } });

    expect([stripped.status, stripped.body.code]).toEqual([409, 'last_admin']);
    expect((await getLevel(owner, adminLevelId)).status).toBe(200);
  });

  it('refuses an end date for the only admin (409 last_admin)', async () => {
    const { owner, second } = await twoAdmins();
    expect((await patchStaff(owner, second.staffId, { endsOn: '2099-12-31' })).status).toBe(200);

    const response = await patchStaff(second, owner.staffId, { endsOn: '2099-12-31' });

    expect([response.status, response.body.code]).toEqual([409, 'last_admin']);
  });

  it('lets exactly one of two admins who demote each other at the same moment succeed', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { owner, second, stylistId } = await twoAdmins();

      const [a, b] = await Promise.all([
        patchStaff(owner, second.staffId, { accessLevelId: stylistId }),
        patchStaff(second, owner.staffId, { accessLevelId: stylistId }),
      ]);

      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(['last_admin', 'concurrent_update']).toContain((a.status === 409 ? a : b).body.code);
      const winner = a.status === 200 ? owner : second;
      expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels`, { token: winner.token })).status).toBe(200);
    }
  });

  it('lets exactly one of two admins who suspend each other at the same moment succeed', async () => {
    const { owner, second } = await twoAdmins();

    const [a, b] = await Promise.all([patchStaff(owner, second.staffId, { status: 'suspended' }), patchStaff(second, owner.staffId, { status: 'suspended' })]);

    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('lets exactly one of two admins who archive each other at the same moment succeed', async () => {
    const { owner, second } = await twoAdmins();

    const [a, b] = await Promise.all([
      api.request('DELETE', staffPath(owner, second.staffId), { token: owner.token }),
      api.request('DELETE', staffPath(second, owner.staffId), { token: second.token }),
    ]);

    expect([a.status, b.status].sort()).toEqual([204, 409]);
  });
});

describe('owner recovery (POST /v1/operator/tenants/{tenantId}/owner-recovery)', () => {
  it('invites a new member with the Owner level: 201 {staff, invitation}, and the person who accepts can administer the salon', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', {
      name: 'Salong Lost Key',
      plan: 'trial',
      owner: { firstName: 'Gone', lastName: 'Away', email: uniqueEmail('gone') },
    });
    const tenantId = created.body.tenant.id as string;
    const email = uniqueEmail('rescued');

    const response = await api.operator('POST', `/v1/operator/tenants/${tenantId}/owner-recovery`, {
      owner: { firstName: 'Rita', lastName: 'Rescue', email },
    });

    expect(response.status).toBe(201);
    expect(response.body.staff).toMatchObject({ firstName: 'Rita', status: 'invited', accessLevelId: created.body.owner.staff.accessLevelId });
    expect(response.body.invitation).toMatchObject({ staffId: response.body.staff.id, channel: 'email' });
    const accepted = await api.request('POST', '/v1/invitations/accept', { json: { token: await latestToken(api, email), password: OWNER_PASSWORD } });
    expect(accepted.status).toBe(200);
    const levels = await api.request('GET', `/v1/tenants/${tenantId}/access-levels`, { token: accepted.body.token });
    expect(levels.status).toBe(200);
  });

  it('is audited as the operator’s tenant.owner_recovered', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await api.operator('POST', `/v1/operator/tenants/${owner.tenantId}/owner-recovery`, {
      owner: { firstName: 'Rita', lastName: 'Rescue', email: uniqueEmail('rescued') },
    });
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=tenant.owner_recovered`, { token: owner.token });
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'tenant.owner_recovered', actor: expect.objectContaining({ type: 'operator' }), target: { type: 'staff', id: response.body.staff.id } }),
    ]);
  });

  it('answers 404 for a salon that does not exist and 401 without the operator’s credentials', async () => {
    const body = { owner: { firstName: 'Rita', lastName: 'Rescue', email: uniqueEmail('rescued') } };
    expect((await api.operator('POST', '/v1/operator/tenants/ten_01ARZ3NDEKTSV4RRFFQ69G5FAV/owner-recovery', body)).status).toBe(404);
    const owner = await makeSignedInOwner(api);
    expect((await api.request('POST', `/v1/operator/tenants/${owner.tenantId}/owner-recovery`, { token: owner.token, json: body })).status).toBe(401);
  });

  it('refuses an owner without email or phone with 400', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await api.operator('POST', `/v1/operator/tenants/${owner.tenantId}/owner-recovery`, { owner: { firstName: 'Rita', lastName: 'Rescue' } });
    expect(response.status).toBe(400);
  });
});

describe('remote access is part of escalation', () => {
  it('refuses a terminal-only admin who gives their own level remote access (403 escalation_denied)', async () => {
    const owner = await makeSignedInOwner(api);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branch.body.id } });
    const deskAdmin = await makeAccessLevel(api, owner, { name: 'Desk admin', grants: ADMIN, remoteAccess: false });
    const ida = await makeStaff(api, owner, { accessLevelId: deskAdmin.id });
    const pin = await api.request('PUT', staffPath(owner, ida.id) + '/pin', { token: owner.token, json: { generate: true } });
    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
    expect(unlocked.status).toBe(200);
    const atDesk = { tenantId: owner.tenantId, token: unlocked.body.token as string };

    const own = await putLevel(atDesk, deskAdmin.id, { name: 'Desk admin', grants: ADMIN, remoteAccess: true });
    const created = await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, { token: atDesk.token, json: { name: 'Remote', grants: { 'clients.view': true }, remoteAccess: true } });

    expect(own.status).toBe(403);
    expect(own.body.code).toBe('escalation_denied');
    expect(created.status).toBe(403);
    expect((await getLevel(owner, deskAdmin.id)).body.remoteAccess).toBe(false);
  });
});

describe('nobody loosens what bounds their own power', () => {
  async function branchManager() {
    const owner = await makeSignedInOwner(api);
    const b1 = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Söder' } });
    const b2 = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Norr' } });
    const level = await makeAccessLevel(api, owner, { template: 'manager' });
    const manager = await makeSignedInMember(api, owner, level.id, { branchIds: [b1.body.id], employeeId: 'emp-1' });
    return { owner, manager, b1: b1.body.id as string, b2: b2.body.id as string, levelId: level.id };
  }

  it('refuses a branch-limited manager lifting their own branch limit, and authorize for the other branch stays denied', async () => {
    const { manager, b2 } = await branchManager();

    const response = await patchStaff(manager, manager.staffId, { branchIds: [] });
    const check = await api.request('POST', '/v1/authorize', { token: manager.token, json: { tenantId: manager.tenantId, permission: 'clients.view', resource: { branchId: b2 } } });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect(check.body.decision).not.toBe('granted');
  });

  it.each([
    ['employeeId', { employeeId: 'emp-2' }],
    ['status', { status: 'suspended' }],
    ['accessLevelId', { accessLevelId: 'the stylist level' }],
  ])('refuses a change of one’s own %s (403 escalation_denied)', async (_field, json) => {
    const { owner, manager } = await branchManager();
    const stylist = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const response = await patchStaff(manager, manager.staffId, 'accessLevelId' in json ? { accessLevelId: stylist.id } : json);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it.each([
    ['employeeId', { employeeId: null }, {}],
    ['endsOn', { endsOn: null }, { endsOn: '2099-12-31' }],
    ['overrides', { overrides: null }, { overrides: { 'audit.view': false } }],
  ])('refuses clearing one’s own %s with null, and keeps it (403 escalation_denied)', async (field, json, setByOwner) => {
    const { owner, manager } = await branchManager();
    if (Object.keys(setByOwner).length) {
      const set = await patchStaff(owner, manager.staffId, setByOwner);
      expect(set.status, set.text).toBe(200);
    }
    const before = (await api.request('GET', staffPath(owner, manager.staffId), { token: owner.token })).body;

    const response = await patchStaff(manager, manager.staffId, json);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await api.request('GET', staffPath(owner, manager.staffId), { token: owner.token })).body[field]).toEqual(before[field]);
  });

  it('still lets people fix their own name and phone', async () => {
    const { manager } = await branchManager();
    const response = await patchStaff(manager, manager.staffId, { firstName: 'Maja', phone: '+46701234567' });
    expect(response.status).toBe(200);
  });

  it('lets someone else who covers the result change those fields', async () => {
    const { owner, manager } = await branchManager();
    const response = await patchStaff(owner, manager.staffId, { branchIds: [], employeeId: 'emp-2' });
    expect(response.status).toBe(200);
  });

  it('refuses a branch-limited manager giving a colleague every branch, or acting on a colleague of every branch', async () => {
    const { owner, manager, b1, levelId } = await branchManager();
    const stylist = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const local = await makeStaff(api, owner, { accessLevelId: stylist.id, branchIds: [b1] });
    const everywhere = await makeStaff(api, owner, { accessLevelId: stylist.id });

    expect((await patchStaff(manager, local.id, { firstName: 'Lo' })).status).toBe(200);
    expect((await patchStaff(manager, local.id, { branchIds: [] })).body.code).toBe('escalation_denied');
    expect((await patchStaff(manager, everywhere.id, { firstName: 'Ev' })).body.code).toBe('escalation_denied');
    const created = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, {
      token: manager.token,
      json: { firstName: 'New', lastName: 'One', accessLevelId: levelId, branchIds: [] },
    });
    expect(created.body.code).toBe('escalation_denied');
  });
});

describe('managing staff who hold more', () => {
  it('needs access.manage to change a member’s level (staff.manage alone: 403 not_permitted)', async () => {
    const owner = await makeSignedInOwner(api);
    const managerLevel = await makeAccessLevel(api, owner, { template: 'manager' });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const a = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const b = await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'clients.view': true, 'appointments.create': true } });
    const stylist = await makeStaff(api, owner, { accessLevelId: a.id });

    const response = await patchStaff(manager, stylist.id, { accessLevelId: b.id });
    const rename = await patchStaff(manager, stylist.id, { firstName: 'Stina' });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expect(rename.status).toBe(200);
  });

  it('refuses a manager revoking or resending the Owner’s pending invitation (403 escalation_denied)', async () => {
    const owner = await makeSignedInOwner(api);
    const managerLevel = await makeAccessLevel(api, owner, { template: 'manager' });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const ownerLevel = await ownerLevelOf(owner);
    const coOwner = await makeStaff(api, owner, { accessLevelId: ownerLevel.id });
    const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: coOwner.id, channel: 'email' } });

    const revoked = await api.request('DELETE', `/v1/tenants/${owner.tenantId}/invitations/${invited.body.id}`, { token: manager.token });
    const resent = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations/${invited.body.id}/resend`, { token: manager.token });

    expect(revoked.status).toBe(403);
    expect(revoked.body.code).toBe('escalation_denied');
    expect(resent.status).toBe(403);
    const list = await api.request('GET', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token });
    expect(list.body.items.find((item: { id: string }) => item.id === invited.body.id).status).toBe('pending');
  });

  it.each([
    ['suspend', (owner: Caller, id: string) => patchStaff(owner, id, { status: 'suspended' })],
    ['archive', (owner: Caller, id: string) => api.request('DELETE', staffPath(owner, id), { token: owner.token })],
    ['end the sessions of', (owner: Caller, id: string) => api.request('POST', `${staffPath(owner, id)}/sessions/revoke`, { token: owner.token })],
    ['set the PIN of', (owner: Caller, id: string) => api.request('PUT', `${staffPath(owner, id)}/pin`, { token: owner.token, json: { generate: true } })],
  ])('refuses a manager who tries to %s the Owner (403 escalation_denied)', async (_action, act) => {
    const owner = await makeSignedInOwner(api);
    const managerLevel = await makeAccessLevel(api, owner, { template: 'manager' });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const response = await act(manager, owner.staffId);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });
});

describe('clearing lockouts to find the owner’s PIN', () => {
  it('lets a manager test no more PINs in an hour than the salon’s budget, however often they clear', async () => {
    const owner = await makeSignedInOwner(api);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branch.body.id } });
    const managerLevel = await makeAccessLevel(api, owner, { template: 'manager' });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const ownerPin = (await api.request('PUT', `${staffPath(owner, owner.staffId)}/pin`, { token: owner.token, json: { generate: true } })).body.pin as string;
    expect((await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { lockout: { tenantFailuresPerHour: 5, maxAttempts: 20 } } })).status).toBe(200);

    let clears = 0;
    for (let guess = 0; guess < 40; guess += 1) {
      const pin = String(100_000 + guess * 7919);
      if (pin === ownerPin) continue;
      const response = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin } });
      expect([401, 423]).toContain(response.status);
      if (response.status === 423) {
        expect((await api.request('POST', `/v1/tenants/${owner.tenantId}/pin-lockouts/clear`, { token: manager.token, json: {} })).status).toBe(204);
        clears += 1;
      }
      clock.advance(60_000);
    }

    // Every wrong PIN that was evaluated is recorded as pin.failed; the rest were refused before their PIN was looked at.
    // (The manager asks: their session stayed in use, the owner’s idled out.)
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=pin.failed&limit=100`, { token: manager.token });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.items).toHaveLength(5);
    expect(clears).toBeGreaterThan(30);
    expect((await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: ownerPin } })).status).toBe(423);
  });
});
