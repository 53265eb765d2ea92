import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_SNAPSHOT_TYP, AccessSnapshotExpiredError, accessSnapshotDecider, type AccessSnapshotClaims } from '#shared/access-snapshot/decide.js';
import { CATALOG_VERSION } from '#shared/domain/permissions/catalog.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let owner: SignedInOwner;
let levelId: string;
let branchA: string;
let branchB: string;
/** Limited to branch A, signed in to the back office. */
let member: Awaited<ReturnType<typeof makeSignedInMember>>;
/** Limited to branch A, with a PIN, at branch A's terminal. */
let terminalSession: { token: string; staffId: string; terminalId: string };

const grants = {
  'calendar.view': { scope: 'own' },
  'sales.refund': { limit: 100 },
  'appointments.view': true,
  'appointments.delete': 'approval',
  'clients.view': true,
};

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  const branch = async (name: string) => (await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } })).body.id as string;
  branchA = await branch('Södermalm');
  branchB = await branch('Vasastan');
  levelId = (await makeAccessLevel(api, owner, { grants })).id;
  member = await makeSignedInMember(api, owner, levelId, { employeeId: 'emp-1', branchIds: [branchA] });

  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branchA } });
  const desk = await makeStaff(api, owner, { accessLevelId: levelId, employeeId: 'emp-2', branchIds: [branchA] });
  const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${desk.id}/pin`, { token: owner.token, json: { generate: true } });
  const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
  expect(unlocked.status, unlocked.text).toBe(200);
  terminalSession = { token: unlocked.body.token, staffId: desk.id, terminalId: terminal.body.id };
});
afterAll(async () => {
  await api.stop();
});

const snapshotOf = (token: string | undefined, options: { tenantHeader?: string | null; json?: unknown } = {}) => {
  const tenantHeader = options.tenantHeader === undefined ? owner.tenantId : options.tenantHeader;
  return api.request('POST', '/v1/access-snapshot', {
    ...(token ? { token } : {}),
    ...(options.json === undefined ? {} : { json: options.json }),
    ...(tenantHeader ? { headers: { 'x-tenant-id': tenantHeader } } : {}),
  });
};

async function verified(snapshot: string) {
  const jwks = await api.request('GET', '/.well-known/jwks.json');
  expect(jwks.status).toBe(200);
  const { payload, protectedHeader } = await jwtVerify(snapshot, createLocalJWKSet(jwks.body), { algorithms: ['ES256'], typ: ACCESS_SNAPSHOT_TYP });
  return { claims: payload as unknown as AccessSnapshotClaims, header: protectedHeader, jwks: jwks.body as { keys: { kid: string }[] } };
}

const patchSettings = (json: Record<string, unknown>) => api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json });

describe('POST /v1/access-snapshot', () => {
  it("signs a back-office session's access: a JWS that verifies against the region's JWKS, with the kid in its header", async () => {
    const response = await snapshotOf(member.token);

    expect(response.status, response.text).toBe(200);
    const { claims, header, jwks } = await verified(response.body.snapshot);
    expect(header).toMatchObject({ alg: 'ES256', typ: ACCESS_SNAPSHOT_TYP, kid: expect.any(String) });
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
    const level = (await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels/${levelId}`, { token: owner.token })).body;
    expect(claims).toEqual({
      v: 1,
      iss: 'staffgate:eu-west-1',
      iat: expect.any(Number),
      exp: claims.iat + 60,
      tenantId: owner.tenantId,
      staffId: member.staffId,
      session: { id: expect.stringMatching(/^ses_/), kind: 'backoffice' },
      remoteAccess: true,
      catalogVersion: CATALOG_VERSION,
      // A back-office session of someone limited to branches may concern any branch: checks must name one.
      // Days limits count the salon's days: eu-west-1's zone unless the salon sets one.
      subject: { employeeId: 'emp-1', branchIds: [branchA], anyBranch: true, timeZone: 'Europe/Dublin' },
      levels: [
        {
          branchId: null,
          accessLevelId: levelId,
          version: level.version,
          allow: expect.stringMatching(/^[\w-]+$/),
          approval: expect.stringMatching(/^[\w-]+$/),
          restrictions: expect.any(Object),
        },
      ],
    });
    expect(response.body.expiresAt).toBe(new Date(claims.exp * 1000).toISOString());
  });

  it("signs a terminal session's access: the terminal and its branch, and checks naming no branch are about that branch", async () => {
    const response = await snapshotOf(terminalSession.token, { tenantHeader: null });

    expect(response.status, response.text).toBe(200);
    const { claims } = await verified(response.body.snapshot);
    expect(claims).toMatchObject({
      tenantId: owner.tenantId,
      staffId: terminalSession.staffId,
      session: { kind: 'terminal', terminalId: terminalSession.terminalId, branchId: branchA },
      subject: { employeeId: 'emp-2', branchIds: [branchA] },
    });
    expect(claims.subject).not.toHaveProperty('anyBranch');
    const decider = accessSnapshotDecider(claims);
    expect(decider.can('clients.view', undefined, Date.now())).toEqual({ allowed: true, reason: 'granted' });
    expect(decider.can('clients.view', { branchId: branchB }, Date.now())).toEqual({ allowed: false, reason: 'branch_not_allowed' });
  });

  it('takes the salon from X-Tenant-Id or from tenantId in the body, as POST /v1/authorize does', async () => {
    const fromHeader = await snapshotOf(member.token);
    const fromBody = await snapshotOf(member.token, { tenantHeader: null, json: { tenantId: owner.tenantId } });

    expect(fromBody.status, fromBody.text).toBe(200);
    expect((await verified(fromBody.body.snapshot)).claims).toMatchObject({ tenantId: owner.tenantId, staffId: member.staffId });
    expect((await verified(fromHeader.body.snapshot)).claims.tenantId).toBe(owner.tenantId);
  });

  it("answers 404 for a salon the caller is not a member of, as if it did not exist", async () => {
    const other = await makeSignedInOwner(api);

    const response = await snapshotOf(member.token, { tenantHeader: null, json: { tenantId: other.tenantId } });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is valid for the salon lifetime setting (10–300 s, default 60), shown and validated with the other settings', async () => {
    const before = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token });
    expect(before.body.settings.snapshotLifetimeSeconds).toBe(60);

    const patched = await patchSettings({ snapshotLifetimeSeconds: 10 });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.settings.snapshotLifetimeSeconds).toBe(10);
    const short = (await verified((await snapshotOf(member.token)).body.snapshot)).claims;
    expect(short.exp - short.iat).toBe(10);

    await patchSettings({ snapshotLifetimeSeconds: 300 });
    const long = (await verified((await snapshotOf(member.token)).body.snapshot)).claims;
    expect(long.exp - long.iat).toBe(300);

    for (const snapshotLifetimeSeconds of [9, 301, 60.5, '60']) {
      const refused = await patchSettings({ snapshotLifetimeSeconds });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'snapshotLifetimeSeconds' })] });
    }
    await patchSettings({ snapshotLifetimeSeconds: 60 });
  });

  it('never outlives the session: a terminal that logs out after a minute gets at most a minute', async () => {
    const salon = await makeSignedInOwner(api);
    await api.request('PATCH', `/v1/tenants/${salon.tenantId}/settings`, { token: salon.token, json: { snapshotLifetimeSeconds: 300, autoLogoutSeconds: 60 } });
    const branchId = (await api.request('POST', `/v1/tenants/${salon.tenantId}/branches`, { token: salon.token, json: { name: 'Desk' } })).body.id;
    const terminal = await api.request('POST', `/v1/tenants/${salon.tenantId}/terminals`, { token: salon.token, json: { name: 'Desk', branchId } });
    const pin = await api.request('PUT', `/v1/tenants/${salon.tenantId}/staff/${salon.staffId}/pin`, { token: salon.token, json: { generate: true } });
    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });

    const { claims } = await verified((await snapshotOf(unlocked.body.token, { tenantHeader: null })).body.snapshot);

    expect(unlocked.body.idleTimeoutSeconds).toBe(60);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
  });

  it('carries no secret: not the session token or its secret, no PIN, password or contact details', async () => {
    const response = await snapshotOf(member.token);
    const payload = Buffer.from(response.body.snapshot.split('.')[1], 'base64url').toString('utf8');
    const header = JSON.stringify(decodeProtectedHeader(response.body.snapshot));

    for (const secret of [member.token, member.token.split('.').at(-1) as string, OWNER_PASSWORD, member.email]) {
      expect(payload).not.toContain(secret);
      expect(header).not.toContain(secret);
      expect(response.text.replace(response.body.snapshot, '')).not.toContain(secret);
    }
    expect(JSON.parse(payload)).not.toHaveProperty('email');
  });

  it('answers 401 without a session, and refuses an ended one', async () => {
    const anonymous = await snapshotOf(undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');

    const leaving = await makeSignedInMember(api, owner, levelId);
    expect((await snapshotOf(leaving.token)).status).toBe(200);
    await api.request('POST', '/v1/auth/logout', { token: leaving.token });
    expect((await snapshotOf(leaving.token)).status).toBe(401);
  });

  it("answers 503 with Retry-After when DynamoDB fails to give the salon's lifetime, and signs nothing", async () => {
    // Imported after the stack has set the environment: the client reads its configuration at load.
    const { dynamo } = await import('#shared/clients/dynamodb.js');
    const name = 'failTenantRead';
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        // Plain or marshalled, depending on where in the stack the document client's marshalling ran.
        const sk: unknown = (args.input as { Key?: { sk?: unknown } }).Key?.sk;
        if (sk === 'TENANT' || (sk as { S?: string } | undefined)?.S === 'TENANT') throw Object.assign(new Error('Injected: DynamoDB did not answer'), { name: 'TimeoutError' });
        return next(args);
      },
      { step: 'initialize', name, priority: 'high' },
    );
    try {
      const response = await snapshotOf(member.token);

      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.body).toMatchObject({ code: 'service_unavailable' });
      expect(response.text).not.toContain('.ey');
    } finally {
      dynamo.middlewareStack.remove(name);
    }
    expect((await snapshotOf(member.token)).status).toBe(200);
  });

  it.each([
    ['no salon named at all', null, {}, 'tenantId'],
    ['a tenantId that is not an id', null, { tenantId: 'salon 1' }, 'tenantId'],
    ['an unknown field', undefined, { permission: 'clients.view' }, undefined],
  ])('answers 400 validation_failed for %s', async (_label, tenantHeader, json, path) => {
    const response = await snapshotOf(member.token, { tenantHeader, json });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.code).toBe('validation_failed');
    if (path) expect(response.body.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('lists public P-256 keys for ES256 signatures, each with a kid, and nothing private; publicly cacheable', async () => {
    const response = await api.request('GET', '/.well-known/jwks.json');

    expect(response.status).toBe(200);
    expect(response.body.keys.length).toBeGreaterThan(0);
    for (const key of response.body.keys) {
      expect(key).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' });
    }
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('matches only its own path', async () => {
    expect((await api.request('GET', '/x.well-known/jwksxjson')).status).toBe(404);
  });
});

describe('the snapshot decider (shared/access-snapshot/decide.ts) on a real snapshot', () => {
  it('answers from the snapshot until it expires, then refuses to answer', async () => {
    const { claims } = await verified((await snapshotOf(member.token)).body.snapshot);
    const decider = accessSnapshotDecider(claims);

    expect(decider.can('sales.refund', { amount: 50, branchId: branchA }, Date.now())).toEqual({ allowed: true, reason: 'granted' });
    expect(decider.can('sales.refund', { amount: 50 }, Date.now())).toEqual({ allowed: false, reason: 'missing_context', missing: ['branchId'] });
    expect(() => decider.can('clients.view', { branchId: branchA }, claims.exp * 1000)).toThrow(AccessSnapshotExpiredError);
  });
});
