import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_SNAPSHOT_TYP, accessSnapshotDecider, type AccessSnapshotClaims } from '#shared/access-snapshot/decide.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * A different level per branch (api.md v1.1, branchLevels): Maja is a
 * stylist by default and the manager of Södermalm.
 */
let api: TestApi;
let owner: SignedInOwner;
let branchA: string;
let branchB: string;
let stylistId: string;
let managerId: string;

const STYLIST = { 'clients.view': true };
const MANAGER = { 'clients.view': true, 'sales.refund': true, 'staff.view': true };

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  branchA = await branch('Södermalm');
  branchB = await branch('Vasastan');
  stylistId = (await makeAccessLevel(api, owner, { name: 'Stylist', grants: STYLIST })).id;
  managerId = (await makeAccessLevel(api, owner, { name: 'Manager', grants: MANAGER })).id;
});
afterAll(async () => {
  await api.stop();
});

async function branch(name: string): Promise<string> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } });
  expect(response.status, response.text).toBe(201);
  return response.body.id as string;
}

const staffPath = (staffId = '') => `/v1/tenants/${owner.tenantId}/staff${staffId ? `/${staffId}` : ''}`;
const patchStaff = (staffId: string, json: Record<string, unknown>, token = owner.token) => api.request('PATCH', staffPath(staffId), { token, json });
const check = (token: string, permission: string, resource?: Record<string, unknown>, explain = false) =>
  api.request('POST', '/v1/authorize', { token, json: { tenantId: owner.tenantId, permission, ...(resource ? { resource } : {}), ...(explain ? { explain } : {}) } });

/** Maja: a stylist, the manager of branch A, signed in to the back office. */
const majaAtA = () => makeSignedInMember(api, owner, stylistId, { branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

async function terminalAt(branchId: string): Promise<string> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId } });
  expect(response.status, response.text).toBe(201);
  return response.body.token as string;
}

async function pinFor(staffId: string): Promise<string> {
  const response = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staffId}/pin`, { token: owner.token, json: { generate: true } });
  expect(response.status, response.text).toBe(200);
  return response.body.pin as string;
}

describe('staff with a level per branch', () => {
  it('stores and shows branchLevels beside the default level', async () => {
    const created = await api.request('POST', staffPath(), {
      token: owner.token,
      json: { firstName: 'Maja', lastName: 'Berg', accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] },
    });

    expect(created.status, created.text).toBe(201);
    expect(created.body.accessLevelId).toBe(stylistId);
    expect(created.body.branchLevels).toEqual([{ branchId: branchA, accessLevelId: managerId }]);
    expect((await api.request('GET', staffPath(created.body.id), { token: owner.token })).body.branchLevels).toEqual([{ branchId: branchA, accessLevelId: managerId }]);
  });

  it('answers a check about a branch with that branch’s level, and any other check with the default level', async () => {
    const maja = await majaAtA();

    expect((await check(maja.token, 'sales.refund', { branchId: branchA })).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await check(maja.token, 'sales.refund', { branchId: branchB })).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(maja.token, 'sales.refund')).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(maja.token, 'clients.view', { branchId: branchB })).body).toEqual({ allowed: true, reason: 'granted' });
  });

  it('answers nothing at a branch whose level the session may not hold (a terminal-only level, in the back office), not the default', async () => {
    const deskOnly = await makeAccessLevel(api, owner, { grants: MANAGER, remoteAccess: false });
    const member = await makeSignedInMember(api, owner, stylistId, { branchLevels: [{ branchId: branchA, accessLevelId: deskOnly.id }] });

    expect((await check(member.token, 'sales.refund', { branchId: branchA })).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(member.token, 'clients.view', { branchId: branchA })).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(member.token, 'clients.view', { branchId: branchB })).body).toEqual({ allowed: true, reason: 'granted' });
  });

  it('explains a check by the level that answered it', async () => {
    const maja = await majaAtA();

    expect((await check(maja.token, 'sales.refund', { branchId: branchA }, true)).body.explain).toEqual({ levelId: managerId, levelName: 'Manager', grant: true });
    expect((await check(maja.token, 'sales.refund', { branchId: branchB }, true)).body.explain).toEqual({ levelId: stylistId, levelName: 'Stylist', grant: null });
  });

  it('answers each check of a batch by its own branch', async () => {
    const maja = await majaAtA();
    const response = await api.request('POST', '/v1/authorize', {
      token: maja.token,
      json: {
        tenantId: owner.tenantId,
        checks: [
          { permission: 'sales.refund', resource: { branchId: branchA } },
          { permission: 'sales.refund', resource: { branchId: branchB } },
          { permission: 'staff.view', resource: { branchId: branchA } },
        ],
      },
    });

    expect(response.status, response.text).toBe(200);
    expect(response.body.results.map((result: { allowed: boolean }) => result.allowed)).toEqual([true, false, true]);
  });

  it('unlocks a terminal of the branch with that branch’s level, and a terminal elsewhere with the default', async () => {
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const pin = await pinFor(maja.id);
    const atA = await api.request('POST', '/v1/terminal/unlock', { token: await terminalAt(branchA), json: { pin } });
    const atB = await api.request('POST', '/v1/terminal/unlock', { token: await terminalAt(branchB), json: { pin } });

    expect(atA.status, atA.text).toBe(200);
    expect(atA.body.permissions.map((permission: { key: string }) => permission.key).sort()).toEqual(Object.keys(MANAGER).sort());
    expect((await check(atA.body.token, 'sales.refund')).body.allowed).toBe(true);
    expect(atB.status, atB.text).toBe(200);
    expect(atB.body.permissions.map((permission: { key: string }) => permission.key)).toEqual(['clients.view']);
    expect((await check(atB.body.token, 'sales.refund')).body.allowed).toBe(false);
  });

  it('applies a change of branch levels to the next unlock and the next check at once (the PIN’s and the membership’s copies move with it)', async () => {
    const maja = await majaAtA();
    const pin = await pinFor(maja.staffId);
    const terminal = await terminalAt(branchA);
    expect((await patchStaff(maja.staffId, { branchLevels: null })).status).toBe(200);

    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal, json: { pin } });

    expect(unlocked.body.permissions.map((permission: { key: string }) => permission.key)).toEqual(['clients.view']);
    expect((await check(maja.token, 'sales.refund', { branchId: branchA })).body.allowed).toBe(false);
  });

  it('lets a colleague approve at a terminal with the level they hold at its branch', async () => {
    const requesterLevel = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'sales.refund': 'approval' } })).id;
    const requester = await makeStaff(api, owner, { accessLevelId: requesterLevel });
    const approver = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const [requesterPin, approverPin] = [await pinFor(requester.id), await pinFor(approver.id)];
    const approveAt = async (branchId: string) => {
      const session = await api.request('POST', '/v1/terminal/unlock', { token: await terminalAt(branchId), json: { pin: requesterPin } });
      return api.request('POST', '/v1/terminal/approve', { token: session.body.token, json: { pin: approverPin, permission: 'sales.refund' } });
    };

    expect((await approveAt(branchA)).status).toBe(200);
    const elsewhere = await approveAt(branchB);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('not_permitted');
  });

  it('refuses a branch level outside the member’s branches, a branch named twice, an unknown level or branch, and writes nothing', async () => {
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchIds: [branchA] });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ branchLevels: [{ branchId: branchB, accessLevelId: managerId }] }, 400, 'validation_failed'],
      [{ branchLevels: [{ branchId: branchA, accessLevelId: managerId }, { branchId: branchA, accessLevelId: stylistId }] }, 400, 'validation_failed'],
      [{ branchLevels: [{ branchId: branchA, accessLevelId: 'lvl_01m8pegnk4kgjwsfz0kbndvq39' }] }, 400, 'unknown_access_level'],
      [{ branchIds: [], branchLevels: [{ branchId: 'brn_01m8pegnk4kgjwsfz0kbndvq39', accessLevelId: managerId }] }, 400, 'unknown_branch'],
    ];
    for (const [json, status, code] of cases) {
      const response = await patchStaff(member.id, json);
      expect(response.status, JSON.stringify(json)).toBe(status);
      expect(response.body.code).toBe(code);
    }
    const after = await api.request('GET', staffPath(member.id), { token: owner.token });
    expect(after.body).toMatchObject({ branchIds: [branchA], branchLevels: [], version: member.version });
  });

  it('refuses narrowing the member’s branches so that a branch level falls outside them', async () => {
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

    const response = await patchStaff(member.id, { branchIds: [branchB] });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('branchLevels.0.branchId');
  });

  it('clears the branch levels with null, audited as a change of branchLevels', async () => {
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

    const response = await patchStaff(member.id, { branchLevels: null });

    expect(response.status, response.text).toBe(200);
    expect(response.body.branchLevels).toEqual([]);
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?targetType=staff&targetId=${member.id}&action=staff.updated`, { token: owner.token });
    expect(audit.body.items[0].changes.branchLevels).toEqual({ before: { [branchA]: managerId }, after: null });
  });
});

describe('branch levels and the rules of power', () => {
  /** A manager who holds staff.manage and access.manage but not sales.refund. */
  async function limitedManager() {
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true, 'access.view': true, 'access.manage': true } });
    return makeSignedInMember(api, owner, level.id);
  }

  it('refuses giving a branch level with rights the giver does not hold (403 escalation_denied)', async () => {
    const manager = await limitedManager();
    const member = await makeStaff(api, owner, { accessLevelId: stylistId });

    const response = await patchStaff(member.id, { branchLevels: [{ branchId: branchA, accessLevelId: managerId }] }, manager.token);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('refuses acting on a member whose branch level holds more than the actor (403 escalation_denied)', async () => {
    const manager = await limitedManager();
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

    const response = await patchStaff(member.id, { firstName: 'Ola' }, manager.token);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('needs access.manage to give branch levels (403 not_permitted with staff.manage alone)', async () => {
    const level = await makeAccessLevel(api, owner, { grants: { ...MANAGER, 'staff.manage': true } });
    const staffManager = await makeSignedInMember(api, owner, level.id);
    const member = await makeStaff(api, owner, { accessLevelId: stylistId });

    const response = await patchStaff(member.id, { branchLevels: [{ branchId: branchA, accessLevelId: stylistId }, { branchId: branchB, accessLevelId: managerId }] }, staffManager.token);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });

  it('refuses changing one’s own branch levels (403 escalation_denied)', async () => {
    const ownerLevel = (await api.request('GET', staffPath(owner.staffId), { token: owner.token })).body.accessLevelId as string;
    const admin = await makeSignedInMember(api, owner, ownerLevel);

    const response = await patchStaff(admin.staffId, { branchLevels: [{ branchId: branchA, accessLevelId: stylistId }] }, admin.token);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('refuses setting the PIN of, or inviting, a member whose branch level holds more than the actor (403 escalation_denied)', async () => {
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true, 'staff.pin.manage': true, 'staff.invite': true } });
    const actor = await makeSignedInMember(api, owner, level.id);
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

    const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${member.id}/pin`, { token: actor.token, json: { generate: true } });
    const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: actor.token, json: { staffId: member.id, channel: 'email' } });

    expect([pin.status, pin.body.code]).toEqual([403, 'escalation_denied']);
    expect([invited.status, invited.body.code]).toEqual([403, 'escalation_denied']);
  });

  it('at a terminal of the branch whose level lets them manage, manages that branch only', async () => {
    const boss = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true, 'access.view': true, 'access.manage': true } });
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: boss.id }] });
    const session = await api.request('POST', '/v1/terminal/unlock', { token: await terminalAt(branchA), json: { pin: await pinFor(member.id) } });
    const create = (branchIds: string[]) =>
      api.request('POST', staffPath(), { token: session.body.token, json: { firstName: 'Ny', lastName: 'Kollega', accessLevelId: stylistId, branchIds } });

    expect((await create([branchA])).status).toBe(201);
    expect((await create([branchB])).body.code).toBe('escalation_denied');
    expect((await create([])).body.code).toBe('escalation_denied');
  });

  it('in the back office, does not manage a branch where the actor holds a lower level with their default one', async () => {
    const ownerLevel = (await api.request('GET', staffPath(owner.staffId), { token: owner.token })).body.accessLevelId as string;
    const admin = await makeSignedInMember(api, owner, ownerLevel, { branchLevels: [{ branchId: branchA, accessLevelId: stylistId }] });
    const atA = await makeStaff(api, owner, { accessLevelId: stylistId, branchIds: [branchA] });
    const atB = await makeStaff(api, owner, { accessLevelId: stylistId, branchIds: [branchB] });

    expect((await patchStaff(atA.id, { accessLevelId: managerId }, admin.token)).body.code).toBe('escalation_denied');
    expect((await patchStaff(atB.id, { accessLevelId: managerId }, admin.token)).status).toBe(200);
  });

  it('takes branch levels given in any order as the same: an edit of another field changes no level and needs no access.manage', async () => {
    const thirdId = (await makeAccessLevel(api, owner, { grants: STYLIST })).id;
    const level = await makeAccessLevel(api, owner, { grants: { ...MANAGER, 'staff.manage': true } });
    const staffManager = await makeSignedInMember(api, owner, level.id);
    const member = await makeStaff(api, owner, {
      accessLevelId: stylistId,
      branchLevels: [
        { branchId: branchB, accessLevelId: thirdId },
        { branchId: branchA, accessLevelId: thirdId },
      ],
    });

    const response = await patchStaff(member.id, { firstName: 'Olle' }, staffManager.token);

    expect(response.status, response.text).toBe(200);
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?targetType=staff&targetId=${member.id}&action=staff.updated`, { token: owner.token });
    expect(Object.keys(audit.body.items[0].changes)).toEqual(['firstName']);
  });

  it('keeps a level that someone holds only at a branch from being deleted (409 in_use)', async () => {
    const onlyAtBranches = await makeAccessLevel(api, owner, { grants: STYLIST });
    await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: onlyAtBranches.id }] });

    const response = await api.request('DELETE', `/v1/tenants/${owner.tenantId}/access-levels/${onlyAtBranches.id}`, { token: owner.token });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('in_use');
  });

  it('frees the level again when the member’s branch level goes', async () => {
    const onlyAtBranches = await makeAccessLevel(api, owner, { grants: STYLIST });
    const member = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: onlyAtBranches.id }] });
    expect((await patchStaff(member.id, { branchLevels: [] })).status).toBe(200);

    const response = await api.request('DELETE', `/v1/tenants/${owner.tenantId}/access-levels/${onlyAtBranches.id}`, { token: owner.token });

    expect(response.status, response.text).toBe(204);
  });

  it('keeps a branch that a member holds a level at from being deleted (409 in_use)', async () => {
    const branchC = await branch('Kungsholmen');
    await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchC, accessLevelId: managerId }] });

    const response = await api.request('DELETE', `/v1/tenants/${owner.tenantId}/branches/${branchC}`, { token: owner.token });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('in_use');
  });
});

describe('who holds a permission, by branch', () => {
  it('lists a member by the level they hold at the branch asked about, and by any branch’s level otherwise', async () => {
    const member = await makeStaff(api, owner, { firstName: 'Zelda', accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const holders = async (query: string) =>
      (await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/sales.refund/holders?limit=100${query}`, { token: owner.token })).body.items.find(
        (item: { staffId: string }) => item.staffId === member.id,
      );

    expect(await holders(`&branchId=${branchA}`)).toMatchObject({ accessLevelId: managerId, levelBranchId: branchA, grant: true });
    expect(await holders(`&branchId=${branchB}`)).toBeUndefined();
    expect(await holders('')).toMatchObject({ accessLevelId: managerId, levelBranchId: branchA });
  });
});

describe('access snapshots with branch levels', () => {
  async function claimsOf(token: string) {
    const response = await api.request('POST', '/v1/access-snapshot', { token, headers: { 'x-tenant-id': owner.tenantId } });
    expect(response.status, response.text).toBe(200);
    const jwks = await api.request('GET', '/.well-known/jwks.json');
    const { payload } = await jwtVerify(response.body.snapshot, createLocalJWKSet(jwks.body), { algorithms: ['ES256'], typ: ACCESS_SNAPSHOT_TYP });
    return payload as unknown as AccessSnapshotClaims;
  }

  it('carries the default level and one per branch (format 2), and decides every check as POST /v1/authorize does', async () => {
    const maja = await majaAtA();
    const claims = await claimsOf(maja.token);

    expect(claims.v).toBe(2);
    expect(claims.levels.map((level) => [level.branchId, level.accessLevelId])).toEqual([
      [null, stylistId],
      [branchA, managerId],
    ]);
    const decider = accessSnapshotDecider(claims);
    // Asked at the snapshot's own issue time: it lasts only a minute, which the nine requests in between may
    // outlast on a busy machine (and then it rightly answers nothing); these grants do not change with time.
    const issuedAtMs = claims.iat * 1000;
    for (const permission of ['sales.refund', 'clients.view', 'staff.view']) {
      for (const resource of [undefined, { branchId: branchA }, { branchId: branchB }]) {
        const online = (await check(maja.token, permission, resource)).body;
        expect(decider.can(permission, resource, issuedAtMs), `${permission} ${JSON.stringify(resource)}`).toEqual(online);
        expect(decider.permission(permission, () => issuedAtMs).can(resource), `${permission} ${JSON.stringify(resource)}`).toEqual(online);
      }
    }
  });

  it('stays format 1 for a member without branch levels', async () => {
    const plain = await makeSignedInMember(api, owner, stylistId);
    expect((await claimsOf(plain.token)).v).toBe(1);
  });

  it('at a terminal, answers a check without a branch by the terminal branch’s level', async () => {
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const session = await api.request('POST', '/v1/terminal/unlock', { token: await terminalAt(branchA), json: { pin: await pinFor(maja.id) } });
    const decider = accessSnapshotDecider(await claimsOf(session.body.token));

    expect(decider.can('sales.refund', undefined, Date.now())).toEqual({ allowed: true, reason: 'granted' });
    expect(decider.can('sales.refund', { branchId: branchB }, Date.now())).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(session.body.token, 'sales.refund', { branchId: branchB })).body).toEqual({ allowed: false, reason: 'not_granted' });
  });
});
