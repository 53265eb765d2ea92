import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** Ids that name nothing anywhere. */
const UNKNOWN = { tenantId: 'ten_01unknown0000', staffId: 'stf_01unknown0000', levelId: 'lvl_01unknown0000', branchId: 'brn_01unknown0000' };

/** Two salons: A's owner makes every request; B's ids are the ones A must not reach. */
interface Salons {
  a: SignedInOwner & { levelId: string; memberId: string };
  b: SignedInOwner & { levelId: string; memberId: string; branchId: string };
}

async function salons(): Promise<Salons> {
  const [a, b] = [await makeSignedInOwner(api), await makeSignedInOwner(api)];
  const aLevel = await makeAccessLevel(api, a, { template: 'specialist' });
  const aMember = await makeStaff(api, a, { accessLevelId: aLevel.id });
  const bLevel = await makeAccessLevel(api, b, { template: 'specialist' });
  const branch = await api.request('POST', `/v1/tenants/${b.tenantId}/branches`, { token: b.token, json: { name: 'B only' } });
  const bMember = await makeStaff(api, b, { accessLevelId: bLevel.id, branchIds: [branch.body.id], externalId: 'hr-b' });
  return {
    a: { ...a, levelId: aLevel.id, memberId: aMember.id },
    b: { ...b, levelId: bLevel.id, memberId: bMember.id, branchId: branch.body.id },
  };
}

/** What B's owner sees of B: it must be the same after A's attempts. */
async function snapshotOfB({ b }: Salons) {
  const get = async (path: string) => (await api.request('GET', `/v1/tenants/${b.tenantId}${path}`, { token: b.token })).body;
  return {
    tenant: await get(''),
    staff: await get('/staff?status=active'),
    archived: await get('/staff?status=archived'),
    member: await get(`/staff/${b.memberId}`),
    level: await get(`/access-levels/${b.levelId}`),
    levels: await get('/access-levels'),
    branches: await get('/branches'),
    audit: await get('/audit'),
  };
}

interface Call {
  method: string;
  path: string;
  json?: Record<string, unknown>;
  headers?: Record<string, string>;
}

type Ids = { tenantId: string; staffId: string; levelId: string; branchId: string };

/**
 * Each route is called twice by A's owner: once with B's ids, once with ids
 * that exist nowhere. `ids` picks B's ids or the unknown ones; `a` is A.
 */
type Route = (a: Salons['a'], ids: Ids) => Call;

const cases: [string, Route, number, string][] = [
  ["GET B's staff member through A's path", (a, x) => ({ method: 'GET', path: `/v1/tenants/${a.tenantId}/staff/${x.staffId}` }), 404, 'not_found'],
  ["PATCH B's staff member through A's path", (a, x) => ({ method: 'PATCH', path: `/v1/tenants/${a.tenantId}/staff/${x.staffId}`, json: { lastName: 'Taken' } }), 404, 'not_found'],
  ["DELETE B's staff member through A's path", (a, x) => ({ method: 'DELETE', path: `/v1/tenants/${a.tenantId}/staff/${x.staffId}` }), 404, 'not_found'],
  ["revoke the sessions of B's staff member through A's path", (a, x) => ({ method: 'POST', path: `/v1/tenants/${a.tenantId}/staff/${x.staffId}/sessions/revoke` }), 404, 'not_found'],
  ["GET B's staff member through B's path", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/staff/${x.staffId}` }), 404, 'not_found'],
  ["PATCH B's staff member through B's path", (_a, x) => ({ method: 'PATCH', path: `/v1/tenants/${x.tenantId}/staff/${x.staffId}`, json: { lastName: 'Taken' } }), 404, 'not_found'],
  ["DELETE B's staff member through B's path", (_a, x) => ({ method: 'DELETE', path: `/v1/tenants/${x.tenantId}/staff/${x.staffId}` }), 404, 'not_found'],
  ["revoke the sessions of B's staff member through B's path", (_a, x) => ({ method: 'POST', path: `/v1/tenants/${x.tenantId}/staff/${x.staffId}/sessions/revoke` }), 404, 'not_found'],
  ["GET B's access level through A's path", (a, x) => ({ method: 'GET', path: `/v1/tenants/${a.tenantId}/access-levels/${x.levelId}` }), 404, 'not_found'],
  ["PUT B's access level through A's path", (a, x) => ({ method: 'PUT', path: `/v1/tenants/${a.tenantId}/access-levels/${x.levelId}`, json: { name: 'Taken', grants: {} } }), 404, 'not_found'],
  ["DELETE B's access level through A's path", (a, x) => ({ method: 'DELETE', path: `/v1/tenants/${a.tenantId}/access-levels/${x.levelId}` }), 404, 'not_found'],
  ["GET B's access level through B's path", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/access-levels/${x.levelId}` }), 404, 'not_found'],
  ["PUT B's access level through B's path", (_a, x) => ({ method: 'PUT', path: `/v1/tenants/${x.tenantId}/access-levels/${x.levelId}`, json: { name: 'Taken', grants: {} } }), 404, 'not_found'],
  ["DELETE B's access level through B's path", (_a, x) => ({ method: 'DELETE', path: `/v1/tenants/${x.tenantId}/access-levels/${x.levelId}` }), 404, 'not_found'],
  [
    "POST a staff member to A with B's access level",
    (a, x) => ({ method: 'POST', path: `/v1/tenants/${a.tenantId}/staff`, json: { firstName: 'Mole', lastName: 'Spy', accessLevelId: x.levelId } }),
    400,
    'unknown_access_level',
  ],
  [
    "POST a staff member to A with B's branch",
    (a, x) => ({
      method: 'POST',
      path: `/v1/tenants/${a.tenantId}/staff`,
      json: { firstName: 'Mole', lastName: 'Spy', accessLevelId: a.levelId, branchIds: [x.branchId] },
    }),
    400,
    'unknown_branch',
  ],
  ["PATCH A's staff member to B's access level", (a, x) => ({ method: 'PATCH', path: `/v1/tenants/${a.tenantId}/staff/${a.memberId}`, json: { accessLevelId: x.levelId } }), 400, 'unknown_access_level'],
  ["PATCH A's staff member into B's branch", (a, x) => ({ method: 'PATCH', path: `/v1/tenants/${a.tenantId}/staff/${a.memberId}`, json: { branchIds: [x.branchId] } }), 400, 'unknown_branch'],
  ["GET B's salon", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}` }), 404, 'not_found'],
  ["GET B's staff list", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/staff` }), 404, 'not_found'],
  ["GET B's access levels", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/access-levels` }), 404, 'not_found'],
  ["GET B's branches", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/branches` }), 404, 'not_found'],
  ["GET B's audit trail", (_a, x) => ({ method: 'GET', path: `/v1/tenants/${x.tenantId}/audit` }), 404, 'not_found'],
  [
    'POST a staff member to B',
    (_a, x) => ({ method: 'POST', path: `/v1/tenants/${x.tenantId}/staff`, json: { firstName: 'Mole', lastName: 'Spy', accessLevelId: x.levelId } }),
    404,
    'not_found',
  ],
  ['POST an access level to B', (_a, x) => ({ method: 'POST', path: `/v1/tenants/${x.tenantId}/access-levels`, json: { name: 'Mole', grants: {} } }), 404, 'not_found'],
  ['POST a branch to B', (_a, x) => ({ method: 'POST', path: `/v1/tenants/${x.tenantId}/branches`, json: { name: 'Mole' } }), 404, 'not_found'],
  [
    "POST an invitation for B's staff member through B's path",
    (_a, x) => ({ method: 'POST', path: `/v1/tenants/${x.tenantId}/invitations`, json: { staffId: x.staffId, channel: 'email' } }),
    404,
    'not_found',
  ],
  [
    "POST an invitation for B's staff member through A's path",
    (a, x) => ({ method: 'POST', path: `/v1/tenants/${a.tenantId}/invitations`, json: { staffId: x.staffId, channel: 'email' } }),
    404,
    'not_found',
  ],
  [
    'POST /v1/authorize with X-Tenant-Id of B',
    (_a, x) => ({ method: 'POST', path: '/v1/authorize', json: { permission: 'staff.view' }, headers: { 'x-tenant-id': x.tenantId } }),
    404,
    'not_found',
  ],
  ['POST /v1/authorize with tenantId of B', (_a, x) => ({ method: 'POST', path: '/v1/authorize', json: { permission: 'staff.view', tenantId: x.tenantId } }), 404, 'not_found'],
  [
    'POST /v1/audit with tenantId of B',
    (_a, x) => ({ method: 'POST', path: '/v1/audit', json: { action: 'appointment.moved', tenantId: x.tenantId } }),
    404,
    'not_found',
  ],
  [
    'POST /v1/audit with X-Tenant-Id of B',
    (_a, x) => ({ method: 'POST', path: '/v1/audit', json: { action: 'appointment.moved' }, headers: { 'x-tenant-id': x.tenantId } }),
    404,
    'not_found',
  ],
];

describe("A's owner and salon B's ids", () => {
  it.each(cases)('%s answers exactly as for an unknown id', async (_label, route, status, code) => {
    const pair = await salons();
    const before = await snapshotOfB(pair);
    const call = (ids: Ids) => {
      const { method, path, json, headers } = route(pair.a, ids);
      return api.request(method, path, { token: pair.a.token, ...(json ? { json } : {}), ...(headers ? { headers } : {}) });
    };
    const ofB = await call({ tenantId: pair.b.tenantId, staffId: pair.b.memberId, levelId: pair.b.levelId, branchId: pair.b.branchId });
    const unknown = await call(UNKNOWN);
    expect(ofB.status).toBe(status);
    expect(ofB.body.code).toBe(code);
    expect(ofB.body).toEqual(unknown.body);
    expect(ofB.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    expect(await snapshotOfB(pair)).toEqual(before);
  });
});

describe("B's owner", () => {
  it("still sees B's data unchanged after A's attempts", async () => {
    const pair = await salons();
    const before = await snapshotOfB(pair);
    const { a, b } = pair;
    await api.request('PATCH', `/v1/tenants/${a.tenantId}/staff/${b.memberId}`, { token: a.token, json: { lastName: 'Taken', externalId: null } });
    await api.request('DELETE', `/v1/tenants/${b.tenantId}/staff/${b.memberId}`, { token: a.token });
    await api.request('PUT', `/v1/tenants/${a.tenantId}/access-levels/${b.levelId}`, { token: a.token, json: { name: 'Taken', grants: {} } });
    await api.request('DELETE', `/v1/tenants/${b.tenantId}/access-levels/${b.levelId}`, { token: a.token });
    await api.request('POST', '/v1/audit', { token: a.token, json: { action: 'mole.was.here', tenantId: b.tenantId } });
    const after = await snapshotOfB(pair);
    expect(after).toEqual(before);
    expect(after.member).toMatchObject({ id: b.memberId, lastName: 'Lind', externalId: 'hr-b', status: 'active' });
  });

  it("keeps its external id when A gives the same one to A's staff", async () => {
    const { a, b } = await salons();
    const inA = await api.request('POST', `/v1/tenants/${a.tenantId}/staff`, {
      token: a.token,
      json: { firstName: 'Twin', lastName: 'A', accessLevelId: a.levelId, externalId: 'hr-b' },
    });
    expect(inA.status).toBe(201);
    const member = await api.request('GET', `/v1/tenants/${b.tenantId}/staff/${b.memberId}`, { token: b.token });
    expect(member.body.externalId).toBe('hr-b');
  });
});
