import fc from 'fast-check';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_SNAPSHOT_TYP, accessSnapshotDecider, type Resource } from '#shared/access-snapshot/decide.js';
import type { Grants } from '#shared/domain/permissions/grants.js';
import { catalogKeys, grantsOf } from '../support/grant-arbitraries.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * The snapshot decider (shared/access-snapshot/decide.ts) must answer every
 * check exactly as POST /v1/authorize does, for every kind of session: the
 * same random level is given to three sessions, and the same random checks
 * go to the service and to the decider on each session's fresh snapshot.
 */
let api: TestApi;
let owner: SignedInOwner;
let levelId: string;
let branches: string[];
let jwks: JSONWebKeySet;
let sessions: { label: string; token: string; tenantHeader: boolean }[];

const employees = ['emp-1', 'emp-2', 'emp-3', 'emp-9'];
const DAY = 86_400_000;

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  const branch = async (name: string) => (await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } })).body.id as string;
  branches = [await branch('Södermalm'), await branch('Vasastan')];
  const [branchA] = branches as [string, string];
  levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;

  // Everywhere, and no bookable employee of their own: an own scope never matches.
  const anywhere = await makeSignedInMember(api, owner, levelId, {});
  // Limited to branch A in the back office: checks must name the branch.
  const limited = await makeSignedInMember(api, owner, levelId, { employeeId: 'emp-1', branchIds: [branchA] });
  // Limited to branch A, at branch A's terminal: checks naming no branch are about it.
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branchA } });
  const desk = await makeStaff(api, owner, { accessLevelId: levelId, employeeId: 'emp-2', branchIds: [branchA] });
  const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${desk.id}/pin`, { token: owner.token, json: { generate: true } });
  const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
  expect(unlocked.status, unlocked.text).toBe(200);

  sessions = [
    { label: 'back office, every branch', token: anywhere.token, tenantHeader: true },
    { label: 'back office, branch A only', token: limited.token, tenantHeader: true },
    { label: 'terminal at branch A', token: unlocked.body.token, tenantHeader: false },
  ];
  jwks = (await api.request('GET', '/.well-known/jwks.json')).body;
});
afterAll(async () => {
  await api.stop();
});

const keys = catalogKeys;
const grantsArb: fc.Arbitrary<Grants> = grantsOf(employees, { minLength: 1, maxLength: 25 }, { scopeAll: true });

/** Dates as whole days and as instants, from two months back to a few days ahead. */
const dateArb = fc.oneof(
  fc.integer({ min: -60, max: 5 }).map((days) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)),
  fc.integer({ min: -60 * 24, max: 5 * 24 }).map((hours) => new Date(Date.now() + hours * 3_600_000).toISOString()),
);

const checkArb = (branchIds: readonly string[]) =>
  fc.record(
    {
      permission: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom('clients.teleport', 'calendar') }),
      resource: fc.record(
        {
          employeeId: fc.constantFrom(...employees),
          branchId: fc.constantFrom(...branchIds),
          date: dateArb,
          amount: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(99.5, 100.5, 0)),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['permission'] },
  );

async function snapshotClaims(session: (typeof sessions)[number]) {
  const response = await api.request('POST', '/v1/access-snapshot', {
    token: session.token,
    ...(session.tenantHeader ? { headers: { 'x-tenant-id': owner.tenantId } } : {}),
  });
  expect(response.status, response.text).toBe(200);
  return (await jwtVerify(response.body.snapshot, createLocalJWKSet(jwks), { algorithms: ['ES256'], typ: ACCESS_SNAPSHOT_TYP })).payload;
}

describe('access snapshot decisions (property)', () => {
  it('answer every check exactly as POST /v1/authorize: allowed, reason, approvalRequired and missing', async () => {
    await fc.assert(
      fc.asyncProperty(grantsArb, fc.array(checkArb(branches), { minLength: 1, maxLength: 100 }), async (grants, checks) => {
        const replaced = await api.request('PUT', `/v1/tenants/${owner.tenantId}/access-levels/${levelId}`, {
          token: owner.token,
          json: { name: 'Under test', grants, remoteAccess: true },
        });
        expect(replaced.status, replaced.text).toBe(200);
        for (const session of sessions) {
          const decider = accessSnapshotDecider(await snapshotClaims(session));
          const nowMs = Date.now();
          const answered = await api.request('POST', '/v1/authorize', {
            token: session.token,
            json: { checks },
            ...(session.tenantHeader ? { headers: { 'x-tenant-id': owner.tenantId } } : {}),
          });
          expect(answered.status, answered.text).toBe(200);
          const decided = checks.map((check) => decider.can(check.permission, check.resource as Resource | undefined, nowMs));
          expect(JSON.parse(JSON.stringify(decided)), session.label).toStrictEqual(answered.body.results);
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
