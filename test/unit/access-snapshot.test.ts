import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccessSnapshotClaims, AccessSnapshotFormatError, decodeSnapshotLevel, encodeSnapshotLevel } from '#shared/access-snapshot/claims.js';
import { AccessSnapshotExpiredError, accessSnapshotDecider } from '#shared/access-snapshot/decide.js';
import { KEY_OVERLAP_SECONDS, KEY_PERIOD_SECONDS, keyExpiresAtSeconds, keyPlan } from '#shared/domain/access-snapshot/key-rotation.js';
import { CATALOG_VERSION, permissionDefinition, permissionKeys } from '#shared/domain/permissions/catalog.js';
import { compile, evaluate, type Resource, sessionSubject } from '#shared/domain/permissions/compiled.js';
import type { Grants, GrantValue } from '#shared/domain/permissions/grants.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const employees = ['emp-1', 'emp-2', 'emp-3'];

/** Claims as the service makes them (shared/domain/access-snapshot/issue.ts), round-tripped through JSON as a JWS payload is. */
function claimsFor(grants: Grants, subject: AccessSnapshotClaims['subject'] = { branchIds: [] }): AccessSnapshotClaims {
  const claims: AccessSnapshotClaims = {
    v: 1,
    iss: 'staffgate:eu-west-1',
    iat: NOW / 1000,
    exp: NOW / 1000 + 60,
    tenantId: 'ten_1',
    staffId: 'stf_1',
    session: { id: 'ses_1', kind: 'backoffice' },
    remoteAccess: true,
    catalogVersion: CATALOG_VERSION,
    subject,
    levels: [encodeSnapshotLevel(compile(grants), 'lvl_1', 3)],
  };
  return JSON.parse(JSON.stringify(claims)) as AccessSnapshotClaims;
}

const grantFor = (key: string): fc.Arbitrary<GrantValue> =>
  fc.oneof(
    ...(permissionDefinition(key)?.forms ?? ['allow']).map((form): fc.Arbitrary<GrantValue> => {
      if (form === 'allow') return fc.constant(true as const);
      if (form === 'approval') return fc.constant('approval' as const);
      if (form === 'scope') return fc.oneof(fc.constant({ scope: 'own' as const }), fc.subarray(employees, { minLength: 1 }).map((ids) => ({ scope: 'staff' as const, employeeIds: ids })));
      if (form === 'days') return fc.integer({ min: 0, max: 60 }).map((days) => ({ days }));
      return fc.integer({ min: 0, max: 500 }).map((limit) => ({ limit }));
    }),
  );
const grantsArb: fc.Arbitrary<Grants> = fc
  .uniqueArray(fc.constantFrom(...permissionKeys), { maxLength: permissionKeys.length })
  .chain((chosen) => fc.tuple(...chosen.map((key) => grantFor(key).map((value) => [key, value] as const))))
  .map((entries) => Object.fromEntries(entries));
const resourceArb: fc.Arbitrary<Resource | undefined> = fc.option(
  fc.record(
    {
      employeeId: fc.constantFrom(...employees),
      branchId: fc.constantFrom('brn_a', 'brn_b'),
      date: fc.integer({ min: -90, max: 5 }).map((offset) => new Date(NOW + offset * DAY).toISOString()),
      amount: fc.integer({ min: 0, max: 600 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('decodeSnapshotLevel', () => {
  it('gives back the compiled level the snapshot was made from: the same bits, restrictions and answers', () => {
    fc.assert(
      fc.property(grantsArb, fc.constantFrom(...permissionKeys), resourceArb, (grants, permission, resource) => {
        const compiled = compile(grants);
        const decoded = decodeSnapshotLevel(claimsFor(grants));
        expect([...decoded.allow]).toEqual([...compiled.allow]);
        expect([...decoded.approval]).toEqual([...compiled.approval]);
        expect(decoded.restrictions).toEqual(compiled.restrictions);
        const subject = sessionSubject('backoffice', { employeeId: 'emp-1', branchIds: ['brn_a'] });
        expect(evaluate(decoded, permission, subject, resource, NOW)).toEqual(evaluate(compile(grants), permission, subject, resource, NOW));
      }),
      { numRuns: 500 },
    );
  });

  it('encodes each bitset as base64url of its little-endian 32-bit words', () => {
    const first = permissionKeys[0] as string;
    const thirtyThird = permissionKeys[32] as string;
    const level = claimsFor({ [first]: true, [thirtyThird]: true }).levels[0];
    const words = new Uint32Array(Math.ceil(permissionKeys.length / 32));
    words[0] = 1;
    words[1] = 1;
    expect(level.allow).toBe(Buffer.from(words.buffer).toString('base64url'));
    expect(level.approval).toBe(Buffer.alloc(words.byteLength).toString('base64url'));
  });

  it.each([
    ['another format', (c: Record<string, any>) => ({ ...c, v: 3 }), /format 3/],
    ['another catalog version', (c: Record<string, any>) => ({ ...c, catalogVersion: CATALOG_VERSION + 1 }), /catalog version/],
    ['a per-branch level (not in format 1)', (c: Record<string, any>) => ({ ...c, levels: [{ ...c.levels[0], branchId: 'brn_a' }] }), /level is malformed/],
    ['two levels', (c: Record<string, any>) => ({ ...c, levels: [c.levels[0], c.levels[0]] }), /exactly one level/],
    ['a bitset of the wrong length', (c: Record<string, any>) => ({ ...c, levels: [{ ...c.levels[0], allow: 'AAAA' }] }), /allow is not/],
    ['a bitset that is not base64url', (c: Record<string, any>) => ({ ...c, levels: [{ ...c.levels[0], allow: `${'A'.repeat(c.levels[0].allow.length - 1)}+` }] }), /not base64url/],
    ['a restriction of an index outside the catalog', (c: Record<string, any>) => ({ ...c, levels: [{ ...c.levels[0], restrictions: { [permissionKeys.length]: { limit: 1 } } }] }), /restriction/],
    ['an unknown scope', (c: Record<string, any>) => ({ ...c, levels: [{ ...c.levels[0], restrictions: { 0: { scope: 'all' } } }] }), /unknown scope/],
    ['a subject without branches', (c: Record<string, any>) => ({ ...c, subject: {} }), /subject/],
    ['a format-2 branch level without its branch', (c: Record<string, any>) => ({ ...c, v: 2, levels: [c.levels[0], c.levels[0]] }), /branch level 1 is malformed/],
    ['a format-2 branch named twice', (c: Record<string, any>) => ({ ...c, v: 2, levels: [c.levels[0], ...[1, 2].map(() => ({ ...c.levels[0], branchId: 'brn_a' }))] }), /branch level 2 is malformed/],
    ['a format-2 default level at a branch', (c: Record<string, any>) => ({ ...c, v: 2, levels: [{ ...c.levels[0], branchId: 'brn_a' }] }), /level is malformed/],
    ['format 2 without levels', (c: Record<string, any>) => ({ ...c, v: 2, levels: [] }), /levels are missing/],
    ['not an object', () => 'eyJ', /not an object/],
  ])('refuses %s', (_label, change, message) => {
    const payload = change(claimsFor({ 'clients.view': true }) as unknown as Record<string, any>);
    expect(() => decodeSnapshotLevel(payload)).toThrow(AccessSnapshotFormatError);
    expect(() => decodeSnapshotLevel(payload)).toThrow(message);
  });
});

/** Format-2 claims: `grants` by default, `atA` at branch brn_a; `session` as given. */
function branchClaimsFor(grants: Grants, atA: Grants, session: AccessSnapshotClaims['session']): AccessSnapshotClaims {
  const claims = claimsFor(grants);
  return JSON.parse(JSON.stringify({ ...claims, v: 2, session, levels: [...claims.levels, encodeSnapshotLevel(compile(atA), 'lvl_2', 1, 'brn_a')] })) as AccessSnapshotClaims;
}

describe('accessSnapshotDecider with branch levels (format 2)', () => {
  const sessions: AccessSnapshotClaims['session'][] = [
    { id: 'ses_1', kind: 'backoffice' },
    { id: 'ses_1', kind: 'terminal', terminalId: 'trm_1', branchId: 'brn_a' },
    { id: 'ses_1', kind: 'terminal', terminalId: 'trm_2', branchId: 'brn_b' },
  ];

  it('answers each check by the level of the branch it names, else the session’s: at a terminal its branch’s, in the back office the default', () => {
    fc.assert(
      fc.property(grantsArb, grantsArb, fc.constantFrom(...sessions), fc.constantFrom(...permissionKeys), resourceArb, (grants, atA, session, permission, resource) => {
        const decider = accessSnapshotDecider(branchClaimsFor(grants, atA, session));
        const branch = resource?.branchId ?? (session.kind === 'terminal' ? session.branchId : undefined);
        const level = compile(branch === 'brn_a' ? atA : grants);
        const expected = evaluate(level, permission, sessionSubject(session.kind, { branchIds: [] }), resource, NOW);
        expect(decider.can(permission, resource, NOW)).toEqual(expected);
        expect(decider.permission(permission, () => NOW).can(resource)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('accessSnapshotDecider', () => {
  it("evaluates with the snapshot's subject as the service did: a branch-limited back-office session must name the branch", () => {
    const decider = accessSnapshotDecider(claimsFor({ 'clients.view': true }, { employeeId: 'emp-1', branchIds: ['brn_a'], anyBranch: true }));

    expect(decider.can('clients.view', undefined, NOW)).toEqual({ allowed: false, reason: 'missing_context', missing: ['branchId'] });
    expect(decider.can('clients.view', { branchId: 'brn_a' }, NOW)).toEqual({ allowed: true, reason: 'granted' });
    expect(decider.can('clients.view', { branchId: 'brn_b' }, NOW)).toEqual({ allowed: false, reason: 'branch_not_allowed' });
  });

  it('answers until exp and refuses from exp on', () => {
    const decider = accessSnapshotDecider(claimsFor({ 'clients.view': true }));

    expect(decider.can('clients.view', undefined, NOW + 59_999).allowed).toBe(true);
    expect(() => decider.can('clients.view', undefined, NOW + 60_000)).toThrow(AccessSnapshotExpiredError);
  });
});

describe('the shared snapshot modules', () => {
  /** Every module decide.ts loads at run time (type-only imports vanish when bundled). */
  function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1] as string;
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      if (!seen.has(target)) runtimeImports(target, seen);
    }
    return seen;
  }

  it('load no Node-only module, package or I/O: host clients bundle them for browsers too', () => {
    const entry = fileURLToPath(new URL('../../shared/access-snapshot/decide.ts', import.meta.url));
    const loaded = [...runtimeImports(entry)].map((file) => file.replace(/^.*\/shared\//, 'shared/'));

    expect(loaded.sort()).toEqual([
      'shared/access-snapshot/claims.ts',
      'shared/access-snapshot/decide.ts',
      'shared/domain/permissions/catalog.ts',
      'shared/domain/permissions/compiled.ts',
      'shared/domain/permissions/grants.ts',
      // Local days for `days` limits: Intl only, which browsers have too.
      'shared/time/local-days.ts',
    ]);
  });
});

describe('signing key rotation (keyPlan)', () => {
  const periodStart = (period: number) => period * KEY_PERIOD_SECONDS * 1000;

  it("signs with the period's key and keeps the next one published and made ahead", () => {
    const plan = keyPlan(periodStart(700) + KEY_PERIOD_SECONDS * 500);

    expect(plan).toEqual({ signWith: 700, publish: [700, 701], ensure: [700, 701] });
  });

  it('still publishes the previous key during the overlap after a rotation, longer than any snapshot lives', () => {
    expect(KEY_OVERLAP_SECONDS).toBeGreaterThan(300);
    expect(keyPlan(periodStart(700)).publish).toEqual([699, 700, 701]);
    expect(keyPlan(periodStart(700) + (KEY_OVERLAP_SECONDS - 1) * 1000).publish).toEqual([699, 700, 701]);
    expect(keyPlan(periodStart(700) + KEY_OVERLAP_SECONDS * 1000).publish).toEqual([700, 701]);
  });

  it('lets a key item expire only after its overlap has ended', () => {
    expect(keyExpiresAtSeconds(699) * 1000).toBe(periodStart(700) + KEY_OVERLAP_SECONDS * 1000);
  });
});
