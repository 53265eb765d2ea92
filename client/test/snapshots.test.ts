import {
  ACCESS_SNAPSHOT_TYP,
  AccessSnapshotExpiredError,
  AccessSnapshotVerificationError,
  createSnapshotCache,
  createSnapshotVerifier,
  createStaffGateClient,
  type Resource,
  type SnapshotVerifier,
  type StaffGateClient,
  type StaffGateEvent,
  StaffGateProblem,
} from '@staffgate/client';
import fc from 'fast-check';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grants } from '../../shared/domain/permissions/grants.js';
import { latestToken, OWNER_PASSWORD, uniqueEmail } from '../../test/support/builders.js';
import { catalogKeys, grantsOf } from '../../test/support/grant-arbitraries.js';
import { startTestApi, type TestApi } from '../../test/support/local-api.js';
import { openSalon, type Salon } from './salon.js';

/**
 * Access snapshots through the client: fetched from the local service,
 * verified offline against its JWKS, answering as POST /v1/authorize.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** A client of a new member of the salon (created, invited by email, invitation accepted), holding `accessLevelId`. */
async function memberClient(salon: Salon, accessLevelId: string, body: { employeeId?: string; branchIds?: string[] } = {}, verifier?: SnapshotVerifier) {
  const email = uniqueEmail('staff');
  const { data: staff } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
    params: { path: { tenantId: salon.tenantId } },
    body: { firstName: 'Eva', lastName: 'Lind', email, accessLevelId, ...body },
  });
  await salon.owner.POST('/v1/tenants/{tenantId}/invitations', { params: { path: { tenantId: salon.tenantId } }, body: { staffId: staff.id, channel: 'email' } });
  const client = createStaffGateClient({ baseUrl: api.url, tenantId: salon.tenantId, ...(verifier ? { snapshotVerifier: verifier } : {}) });
  const { data: accepted } = await client.POST('/v1/invitations/accept', { body: { token: await latestToken(api, email), password: OWNER_PASSWORD } });
  client.setToken(accepted.token);
  return { client, staffId: staff.id, token: accepted.token };
}

async function branchOf(salon: Salon, name: string): Promise<string> {
  const { data } = await salon.owner.POST('/v1/tenants/{tenantId}/branches', { params: { path: { tenantId: salon.tenantId } }, body: { name } });
  return data.id;
}

/** A client of a terminal session at `branchId`: a staff member holding `accessLevelId` unlocks a registered terminal with their PIN. */
async function terminalClient(salon: Salon, accessLevelId: string, branchId: string, body: { employeeId?: string } = {}) {
  const tenantId = salon.tenantId;
  const { data: terminal } = await salon.owner.POST('/v1/tenants/{tenantId}/terminals', { params: { path: { tenantId } }, body: { name: 'Desk', branchId } });
  const { data: staff } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
    params: { path: { tenantId } },
    body: { firstName: 'Desk', lastName: 'Person', accessLevelId, branchIds: [branchId], ...body },
  });
  const { data: pin } = await salon.owner.PUT('/v1/tenants/{tenantId}/staff/{staffId}/pin', { params: { path: { tenantId, staffId: staff.id } }, body: { generate: true } });
  const client = createStaffGateClient({ baseUrl: api.url });
  const { data: unlocked } = await client.POST('/v1/terminal/unlock', { headers: { Authorization: `Bearer ${terminal.token}` }, body: { pin: (pin as { pin: string }).pin } });
  client.setToken(unlocked.token);
  return { client, staffId: staff.id };
}

async function levelOf(salon: Salon, grants: Grants): Promise<string> {
  const { data } = await salon.owner.POST('/v1/tenants/{tenantId}/access-levels', {
    params: { path: { tenantId: salon.tenantId } },
    body: { name: `Level ${crypto.randomUUID().slice(0, 8)}`, grants, remoteAccess: true },
  });
  return data.id;
}

/** What POST /v1/authorize answers for these checks, through `client` (the batch form). */
async function authorized(client: StaffGateClient, checks: { permission: string; resource?: Resource }[]) {
  const { data } = await client.POST('/v1/authorize', { body: { checks } });
  return (data as { results: unknown[] }).results;
}

/** A fetch that counts the key-set requests, and can hide the service's keys or add others to the set. */
function jwksFetch(state: { fetches: number; hide: boolean; extra: object[] }) {
  return async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    if (!new URL(request.url).pathname.endsWith('/.well-known/jwks.json')) return response;
    state.fetches += 1;
    const body = (await response.json()) as { keys: object[] };
    return Response.json({ keys: [...(state.hide ? [] : body.keys), ...state.extra] });
  };
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('access snapshots', () => {
  it('a back-office and a terminal snapshot verify offline and answer as POST /v1/authorize, by key and by permission handle', async () => {
    const salon = await openSalon(api);
    const branchId = await branchOf(salon, 'Södermalm');
    const levelId = await levelOf(salon, { 'sales.refund': { limit: 100 }, 'clients.view': true, 'calendar.view': { scope: 'own' } });

    const backOffice = await memberClient(salon, levelId, { employeeId: 'emp-1' });
    const office = await backOffice.client.accessSnapshot();
    expect(office.claims).toMatchObject({ tenantId: salon.tenantId, staffId: backOffice.staffId, session: { kind: 'backoffice' }, iss: 'staffgate:eu-west-1' });
    expect(office.expiresAt.getTime()).toBe(office.claims.exp * 1000);

    const desk = await terminalClient(salon, levelId, branchId, { employeeId: 'emp-2' });
    const terminal = await desk.client.accessSnapshot();
    expect(terminal.claims).toMatchObject({ tenantId: salon.tenantId, staffId: desk.staffId, session: { kind: 'terminal', branchId } });

    const checks: { permission: string; resource?: Resource }[] = [
      { permission: 'sales.refund', resource: { amount: 80 } },
      { permission: 'sales.refund', resource: { amount: 120 } },
      { permission: 'sales.refund' },
      { permission: 'clients.view' },
      { permission: 'calendar.view', resource: { employeeId: 'emp-1' } },
      { permission: 'calendar.view', resource: { employeeId: 'emp-2' } },
      { permission: 'settings.manage' },
      { permission: 'calendar.teleport' },
    ];
    for (const [session, snapshot] of [
      [backOffice.client, office],
      [desk.client, terminal],
    ] as const) {
      const expected = await authorized(session, checks);
      expect(plain(checks.map((check) => snapshot.can(check.permission, check.resource)))).toStrictEqual(expected);
      expect(plain(checks.map((check) => snapshot.permission(check.permission).can(check.resource)))).toStrictEqual(expected);
    }
    const refund = terminal.permission('sales.refund');
    expect(refund.can({ amount: 80 })).toEqual({ allowed: true, reason: 'granted' });
    expect(refund.can({ amount: 120 })).toEqual({ allowed: false, reason: 'over_limit' });
    expect(refund.can()).toEqual({ allowed: false, reason: 'missing_context', missing: ['amount'] });
  });

  it('fetches the key set once for many verifications, again once for a key it lacks, and at most once per cooldown for forged keys', async () => {
    const salon = await openSalon(api);
    const signer = await generateKeyPair('ES256', { extractable: true });
    const state = { fetches: 0, hide: true, extra: [{ ...(await exportJWK(signer.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' }] };
    let nowMs = Date.now();
    const verifier = createSnapshotVerifier({ baseUrl: api.url, fetch: jwksFetch(state), now: () => nowMs, unknownKeyCooldownMs: 30_000 });
    const { data: login } = await salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } });
    const owner = createStaffGateClient({ baseUrl: api.url, token: login.token, tenantId: salon.tenantId, snapshotVerifier: verifier });
    const { data } = await salon.owner.POST('/v1/access-snapshot', { body: { tenantId: salon.tenantId } });
    const claims = decodeJwt(data.snapshot);
    const signed = (kid: string) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: ACCESS_SNAPSHOT_TYP, kid }).sign(signer.privateKey);

    // The key set as the verifier first fetches it lacks the service's signing key (a key rotated in since): one more fetch finds it.
    await verifier.verify(await signed('test-key'));
    expect(state.fetches).toBe(1);
    state.hide = false;
    const first = await owner.accessSnapshot();
    expect(verifier.stats).toMatchObject({ jwksFetches: 2, unknownKeyRefreshes: 1, verified: 2 });
    for (let i = 0; i < 20; i += 1) await verifier.verify(first.snapshot);
    await owner.accessSnapshot();
    expect(state.fetches).toBe(2);

    // A snapshot naming a key StaffGate never published (a forged kid): one refresh per cooldown, however many arrive.
    const forged = await signed('forged-1');
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'unknown_key' });
    expect(state.fetches).toBe(2); // within the cooldown of the rotation's refresh
    nowMs += 31_000;
    for (let i = 0; i < 10; i += 1) await expect(verifier.verify(forged)).rejects.toBeInstanceOf(AccessSnapshotVerificationError);
    expect(state.fetches).toBe(3);
    expect(verifier.stats).toMatchObject({ unknownKeyRefreshes: 2, refused: 11 });

    // Past the key set's max age (1 hour), the next verification fetches it again.
    nowMs += 3_600_000;
    await expect(verifier.verify(first.snapshot)).rejects.toMatchObject({ code: 'expired' });
    expect(state.fetches).toBe(4);
  });

  it('refuses a tampered snapshot, another typ, another issuer and another salon', async () => {
    const salon = await openSalon(api);
    const signer = await generateKeyPair('ES256', { extractable: true });
    const state = { fetches: 0, hide: false, extra: [{ ...(await exportJWK(signer.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' }] };
    const verifier = createSnapshotVerifier({ baseUrl: api.url, fetch: jwksFetch(state), issuer: 'staffgate:eu-west-1' });
    const { data } = await salon.owner.POST('/v1/access-snapshot', { body: { tenantId: salon.tenantId } });
    const genuine = await verifier.verify(data.snapshot);
    expect(genuine.claims.tenantId).toBe(salon.tenantId);
    // Handed over by someone else, a genuine snapshot of another salon is refused when the host names its salon.
    await expect(verifier.verify(data.snapshot, { tenantId: 'ten_someotherSalon' })).rejects.toMatchObject({ code: 'wrong_tenant' });
    expect((await verifier.verify(data.snapshot, { tenantId: salon.tenantId })).claims.tenantId).toBe(salon.tenantId);

    const [header, payload, signature] = data.snapshot.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { levels: { allow: string }[]; staffId: string };
    const raised = { ...claims, staffId: 'stf_someoneelse', levels: [{ ...claims.levels[0], allow: '_'.repeat((claims.levels[0] as { allow: string }).allow.length) }] };
    const tampered = `${header}.${Buffer.from(JSON.stringify(raised)).toString('base64url')}.${signature}`;
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ name: 'AccessSnapshotVerificationError', code: 'bad_signature' });
    const otherHeader = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString('utf8')), kid: 'test-key' })).toString('base64url');
    await expect(verifier.verify(`${otherHeader}.${payload}.${signature}`)).rejects.toMatchObject({ code: 'bad_signature' });
    await expect(verifier.verify(`${header}.${payload}`)).rejects.toMatchObject({ code: 'malformed' });

    // Signed by a key of the set, but not a snapshot: another typ, or another issuer.
    const sign = (typ: string, extra: Record<string, unknown> = {}) =>
      new SignJWT({ ...genuine.claims, ...extra } as unknown as Record<string, unknown>).setProtectedHeader({ alg: 'ES256', typ, kid: 'test-key' }).sign(signer.privateKey);
    expect((await verifier.verify(await sign(ACCESS_SNAPSHOT_TYP))).claims.staffId).toBe(genuine.claims.staffId);
    await expect(verifier.verify(await sign('JWT'))).rejects.toMatchObject({ code: 'wrong_type' });
    await expect(verifier.verify(await sign(ACCESS_SNAPSHOT_TYP, { iss: 'staffgate:us-east-1' }))).rejects.toMatchObject({ code: 'wrong_issuer' });
    await expect(verifier.verify(await sign(ACCESS_SNAPSHOT_TYP, { v: 3 }))).rejects.toMatchObject({ code: 'malformed' });

    // The client checks that the snapshot is of the salon it asked about.
    const owner = createStaffGateClient({
      baseUrl: api.url,
      token: (await salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } })).data.token,
      fetch: async (request) => {
        const response = await fetch(request);
        if (!request.url.endsWith('/v1/access-snapshot')) return response;
        return Response.json({ snapshot: await sign(ACCESS_SNAPSHOT_TYP, { tenantId: 'ten_other' }), expiresAt: new Date(genuine.expiresAtMs).toISOString() });
      },
      snapshotVerifier: verifier,
    });
    await expect(owner.accessSnapshot({ tenantId: salon.tenantId })).rejects.toMatchObject({ code: 'wrong_tenant' });
  });

  it('never answers from an expired snapshot: can() throws, the cache fetches a new one', async () => {
    const salon = await openSalon(api);
    await salon.owner.PATCH('/v1/tenants/{tenantId}/settings', { params: { path: { tenantId: salon.tenantId } }, body: { snapshotLifetimeSeconds: 10 } });
    let nowMs = Date.now();
    const verifier = createSnapshotVerifier({ baseUrl: api.url, now: () => nowMs });
    const levelId = await levelOf(salon, { 'clients.view': true });
    const { client } = await memberClient(salon, levelId, {}, verifier);
    const cache = createSnapshotCache(client, { refreshAheadMs: 0 });

    const first = await cache.get();
    expect(first.claims.exp - first.claims.iat).toBe(10);
    expect(await cache.get()).toBe(first);
    const view = first.permission('clients.view');
    expect(first.can('clients.view').allowed).toBe(true);

    // Let the service's clock pass a second, so the next snapshot expires a second later than the first.
    while (Math.floor(Date.now() / 1000) <= first.claims.iat) await new Promise((resolve) => setTimeout(resolve, 50));
    nowMs = first.expiresAtMs;
    expect(first.expired()).toBe(true);
    expect(() => first.can('clients.view')).toThrow(AccessSnapshotExpiredError);
    expect(() => view.can()).toThrow(AccessSnapshotExpiredError);
    await expect(verifier.verify(first.snapshot)).rejects.toMatchObject({ code: 'expired' });

    const second = await cache.get();
    expect(second).not.toBe(first);
    expect(second.claims.exp).toBeGreaterThan(first.claims.exp);
    expect(await cache.can('clients.view')).toEqual({ allowed: true, reason: 'granted' });
    expect(await cache.can('settings.manage')).toEqual({ allowed: false, reason: 'not_granted' });

    // A snapshot within refreshAheadMs of its exp is replaced before it is handed out.
    const ahead = createSnapshotCache(client, { refreshAheadMs: 5_000 });
    nowMs = Date.now();
    const held = await ahead.get();
    expect(await ahead.get()).toBe(held);
    nowMs = held.expiresAtMs - 4_000;
    expect(held.can('clients.view').allowed).toBe(true);
    expect(await ahead.get()).not.toBe(held);
  });

  it('drops a cached snapshot when an event says its staff member, session or level changed', async () => {
    const salon = await openSalon(api);
    const levelId = await levelOf(salon, { 'clients.view': true });
    const otherLevelId = await levelOf(salon, { 'clients.view': true, 'sales.refund': true });
    const member = await memberClient(salon, levelId);
    const bystander = await memberClient(salon, levelId);
    const cache = createSnapshotCache(member.client);
    const seen = new Set<string>();
    /** The salon's change events the host has not seen yet, as a webhook or EventBridge would bring them. */
    const newEvents = async (): Promise<StaffGateEvent[]> => {
      await api.stack.drainEvents();
      const { body } = await api.request('GET', `/_local/events?tenantId=${salon.tenantId}`);
      const fresh = (body.items as StaffGateEvent[]).filter((event) => !seen.has(event.id)).reverse();
      for (const event of fresh) seen.add(event.id);
      return fresh;
    };
    const feed = (events: StaffGateEvent[]) => events.reduce((dropped, event) => dropped + cache.handleEvent(event), 0);
    await newEvents();

    const first = await cache.get();
    expect(await cache.get()).toBe(first);
    expect(first.can('sales.refund').allowed).toBe(false);

    // Events about someone else, another salon, or nothing a snapshot holds, drop nothing.
    await salon.owner.POST('/v1/tenants/{tenantId}/staff/{staffId}/sessions/revoke', { params: { path: { tenantId: salon.tenantId, staffId: bystander.staffId } } });
    expect(feed(await newEvents())).toBe(0);
    expect(cache.handleEvent({ id: 'evt_x', type: 'session.revoked', tenantId: 'ten_other', occurredAt: new Date().toISOString(), data: { staffId: member.staffId, reason: 'sessions_revoked' } })).toBe(0);
    expect(cache.handleEvent({ id: 'evt_y', type: 'webhook.test', tenantId: salon.tenantId, occurredAt: new Date().toISOString(), data: { webhookId: 'whk_1' } })).toBe(0);
    expect(await cache.get()).toBe(first);

    // staff.level_changed: the member now holds another level.
    await salon.owner.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', { params: { path: { tenantId: salon.tenantId, staffId: member.staffId } }, body: { accessLevelId: otherLevelId } });
    const changed = await newEvents();
    expect(changed.map((event) => event.type)).toContain('staff.level_changed');
    expect(feed(changed)).toBe(1);
    expect(cache.size).toBe(0);
    const second = await cache.get();
    expect(second.claims.levels[0].accessLevelId).toBe(otherLevelId);
    expect(second.can('sales.refund').allowed).toBe(true);

    // access_level.updated for the level it holds, delivered through EventBridge (the event in `detail`).
    await salon.owner.PUT('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', {
      params: { path: { tenantId: salon.tenantId, accessLevelId: otherLevelId } },
      body: { name: 'Reception', grants: { 'clients.view': true }, remoteAccess: true },
    });
    const updated = await newEvents();
    expect(updated.map((event) => event.type)).toEqual(['access_level.updated']);
    expect(cache.handleEvent({ 'detail-type': 'access_level.updated', detail: updated[0] as StaffGateEvent })).toBe(1);
    const third = await cache.get();
    expect(third).not.toBe(second);
    expect(third.can('sales.refund').allowed).toBe(false);

    // session.revoked: the member's sessions ended; the next fetch is refused by the service.
    await salon.owner.POST('/v1/tenants/{tenantId}/staff/{staffId}/sessions/revoke', { params: { path: { tenantId: salon.tenantId, staffId: member.staffId } } });
    expect(feed(await newEvents())).toBe(1);
    await expect(cache.get()).rejects.toBeInstanceOf(StaffGateProblem);
    await expect(cache.get()).rejects.toMatchObject({ status: 401 });
  });
});

describe('access snapshot decisions through the client (property)', () => {
  const employees = ['emp-1', 'emp-2', 'emp-3', 'emp-9'];
  const DAY = 86_400_000;

  it('answer every random check exactly as POST /v1/authorize, by key and by permission handle, in every kind of session', async () => {
    const salon = await openSalon(api);
    const branches = [await branchOf(salon, 'Södermalm'), await branchOf(salon, 'Vasastan')];
    const branchA = branches[0] as string;
    const levelId = await levelOf(salon, { 'clients.view': true });
    const sessions = [
      { label: 'back office, every branch', client: (await memberClient(salon, levelId)).client },
      { label: 'back office, branch A only', client: (await memberClient(salon, levelId, { employeeId: 'emp-1', branchIds: [branchA] })).client },
      { label: 'terminal at branch A', client: (await terminalClient(salon, levelId, branchA, { employeeId: 'emp-2' })).client },
    ];
    const dateArb = fc.oneof(
      fc.integer({ min: -60, max: 5 }).map((days) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)),
      fc.integer({ min: -60 * 24, max: 5 * 24 }).map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString()),
    );
    const checkArb = fc.record(
      {
        permission: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...catalogKeys) }, { weight: 1, arbitrary: fc.constantFrom('clients.teleport', 'calendar') }),
        resource: fc.record(
          {
            employeeId: fc.constantFrom(...employees),
            branchId: fc.constantFrom(...branches),
            date: dateArb,
            amount: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(99.5, 100.5, 0)),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['permission'] },
    );

    await fc.assert(
      fc.asyncProperty(grantsOf(employees, { minLength: 1, maxLength: 25 }, { scopeAll: true }), fc.array(checkArb, { minLength: 1, maxLength: 50 }), async (grants, checks) => {
        await salon.owner.PUT('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', {
          params: { path: { tenantId: salon.tenantId, accessLevelId: levelId } },
          body: { name: 'Under test', grants: grants as never, remoteAccess: true },
        });
        for (const session of sessions) {
          const snapshot = await session.client.accessSnapshot();
          const expected = await authorized(session.client, checks as { permission: string; resource?: Resource }[]);
          expect(plain(checks.map((check) => snapshot.can(check.permission, check.resource))), session.label).toStrictEqual(expected);
          expect(plain(checks.map((check) => snapshot.permission(check.permission).can(check.resource))), session.label).toStrictEqual(expected);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
