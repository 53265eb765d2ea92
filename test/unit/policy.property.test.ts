import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCompiled, storeCompiled } from '#shared/domain/access-levels/records.js';
import { permissionDefinition, permissions } from '#shared/domain/permissions/catalog.js';
import { compile, type ContextField, evaluate, type Resource, ResolvedPermission, type Subject } from '#shared/domain/permissions/compiled.js';
import { checkGrants, covers, formOf, type Grants, type GrantValue } from '#shared/domain/permissions/grants.js';
import { templates } from '#shared/domain/permissions/templates.js';
import { catalogKeys, grantFor as grantOver, grantsOf } from '../support/grant-arbitraries.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const employees = ['emp-1', 'emp-2', 'emp-3', 'emp-4'];
const branches = ['brn_1', 'brn_2', 'brn_3'];

const keys = catalogKeys;
const grantFor = (key: string) => grantOver(key, employees);
const grantsArb: fc.Arbitrary<Grants> = grantsOf(employees, { maxLength: 30 });

const subjectArb: fc.Arbitrary<Subject> = fc.record(
  {
    employeeId: fc.option(fc.constantFrom(...employees), { nil: undefined }),
    branchIds: fc.uniqueArray(fc.constantFrom(...branches), { maxLength: 2 }),
    anyBranch: fc.boolean(),
  },
  { requiredKeys: ['branchIds'] },
);

const resourceArb: fc.Arbitrary<Resource | undefined> = fc.option(
  fc.record(
    {
      employeeId: fc.constantFrom(...employees),
      branchId: fc.constantFrom(...branches),
      date: fc.integer({ min: -90, max: 5 }).map((offset) => new Date(NOW + offset * DAY).toISOString()),
      amount: fc.integer({ min: 0, max: 700 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const permissionArb = fc.oneof(fc.constantFrom(...keys), fc.constantFrom('nope.unknown', 'calendar', ''));

/**
 * The meaning of a grant, written straight from api.md's description (v1.1:
 * fail closed), without bitsets: a restriction is met only by a resource that
 * names what it restricts, and a person limited to branches, asking from
 * where any branch is possible, must name the branch.
 */
function reference(grants: Grants, permission: string, subject: Subject, resource: Resource | undefined): boolean {
  if (!permissionDefinition(permission)) return false;
  if (subject.branchIds.length > 0) {
    if (resource?.branchId === undefined ? subject.anyBranch === true : !subject.branchIds.includes(resource.branchId)) return false;
  }
  const grant = grants[permission];
  if (grant === undefined || grant === 'approval') return false;
  if (grant === true) return true;
  if ('scope' in grant) {
    if (resource?.employeeId === undefined) return false;
    if (grant.scope === 'own') return resource.employeeId === subject.employeeId;
    if (grant.scope === 'staff') return grant.employeeIds.includes(resource.employeeId);
    return true;
  }
  if ('days' in grant) {
    if (resource?.date === undefined) return false;
    return Date.parse(resource.date) >= Math.floor(NOW / DAY) * DAY - grant.days * DAY;
  }
  return resource?.amount !== undefined && resource.amount <= grant.limit;
}

/** The resource field a restricted grant needs. */
function fieldOf(grant: GrantValue): ContextField | undefined {
  if (grant === true || grant === 'approval') return undefined;
  if ('scope' in grant) return grant.scope === 'all' ? undefined : 'employeeId';
  return 'days' in grant ? 'date' : 'amount';
}

/** A permission of the catalog with one of its restricted grant forms (scope own/staff, days, limit). */
const restrictedGrantArb = fc
  .constantFrom(...keys)
  .chain((key) => fc.tuple(fc.constant(key), grantFor(key)))
  .filter(([, grant]) => fieldOf(grant) !== undefined);

const without = (resource: Resource | undefined, field: ContextField): Resource | undefined => {
  if (!resource) return undefined;
  const { [field]: _dropped, ...rest } = resource;
  return rest;
};

describe('policy evaluation (property)', () => {
  it('agrees with the plain reading of the grants on every permission, subject and resource', () => {
    fc.assert(
      fc.property(grantsArb, permissionArb, subjectArb, resourceArb, (grants, permission, subject, resource) => {
        expect(evaluate(compile(grants), permission, subject, resource, NOW).allowed).toBe(reference(grants, permission, subject, resource));
      }),
      { numRuns: 2000 },
    );
  });

  it('says approval is required exactly for approval grants', () => {
    fc.assert(
      fc.property(grantsArb, fc.constantFrom(...keys), subjectArb, (grants, permission, subject) => {
        const decision = evaluate(compile(grants), permission, { ...subject, branchIds: [] }, undefined, NOW);
        expect(decision.approvalRequired === true).toBe(grants[permission] === 'approval');
      }),
    );
  });

  it('gives the same answers from the stored compiled form as from a fresh compile', () => {
    fc.assert(
      fc.property(grantsArb, permissionArb, subjectArb, resourceArb, (grants, permission, subject, resource) => {
        const stored = JSON.parse(JSON.stringify(storeCompiled(compile(grants))));
        const reloaded = loadCompiled({ compiled: stored, grants });
        expect(evaluate(reloaded, permission, subject, resource, NOW)).toEqual(evaluate(compile(grants), permission, subject, resource, NOW));
      }),
    );
  });

  it('answers through a permission resolved once exactly as through its key (client handles)', () => {
    fc.assert(
      fc.property(grantsArb, permissionArb, subjectArb, resourceArb, (grants, permission, subject, resource) => {
        const level = compile(grants);
        expect(new ResolvedPermission(level, permission, subject).check(resource, NOW)).toBe(evaluate(level, permission, subject, resource, NOW));
      }),
    );
  });

  it('never allows a restricted grant (own, staff, days, limit) checked without the field it restricts, and names that field', () => {
    fc.assert(
      fc.property(restrictedGrantArb, fc.array(grantsArb, { maxLength: 1 }), subjectArb, resourceArb, ([key, grant], others, subject, given) => {
        const field = fieldOf(grant) as ContextField;
        const resource = without(given, field);
        const decision = evaluate(compile({ ...others[0], [key]: grant }), key, subject, resource, NOW);
        expect(decision.allowed).toBe(false);
        if (decision.reason !== 'branch_not_allowed') {
          expect(decision.reason).toBe('missing_context');
          const branchMissing = subject.anyBranch === true && subject.branchIds.length > 0 && resource?.branchId === undefined;
          expect(decision.missing).toEqual(branchMissing ? ['branchId', field] : [field]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never allows nor sends for approval anything for a person limited to branches who may be at any branch and names none', () => {
    fc.assert(
      fc.property(
        grantsArb,
        permissionArb,
        subjectArb.filter((subject) => subject.branchIds.length > 0),
        resourceArb,
        (grants, permission, subject, given) => {
          const resource = without(given, 'branchId');
          const decision = evaluate(compile(grants), permission, { ...subject, anyBranch: true }, resource, NOW);
          expect(decision.allowed).toBe(false);
          expect(decision.approvalRequired).toBeUndefined();
          const grant = grants[permission];
          if (grant === true || grant === 'approval') expect(decision).toEqual({ allowed: false, reason: 'missing_context', missing: ['branchId'] });
          if (decision.reason === 'missing_context') expect(decision.missing?.[0]).toBe('branchId');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes a check without a branch from a session at a branch (a terminal) as one about a branch they work in', () => {
    fc.assert(
      fc.property(grantsArb, permissionArb, subjectArb, resourceArb, (grants, permission, subject, given) => {
        const resource = without(given, 'branchId');
        const level = compile(grants);
        expect(evaluate(level, permission, { ...subject, anyBranch: false }, resource, NOW)).toEqual(
          evaluate(level, permission, { ...subject, branchIds: [] }, resource, NOW),
        );
      }),
    );
  });

  it('answers with shared frozen decisions: nothing is allocated per check', () => {
    const level = compile({ 'sales.refund': { limit: 100 }, 'clients.view': true, 'calendar.view': { scope: 'own' } });
    const subject: Subject = { employeeId: 'emp-1', branchIds: [] };
    const check = (permission: string, resource?: Resource) => evaluate(level, permission, subject, resource, NOW);
    expect(check('clients.view')).toBe(check('clients.view', { amount: 5 }));
    expect(check('sales.refund', { amount: 5 })).toBe(check('clients.view'));
    expect(check('sales.refund')).toBe(check('sales.refund', { employeeId: 'emp-1' }));
    expect(check('calendar.view')).toEqual({ allowed: false, reason: 'missing_context', missing: ['employeeId'] });
    expect(Object.isFrozen(check('sales.refund').missing)).toBe(true);
    const limited: Subject = { employeeId: 'emp-1', branchIds: ['brn_1'], anyBranch: true };
    expect(evaluate(level, 'sales.refund', limited, undefined, NOW)).toEqual({ allowed: false, reason: 'missing_context', missing: ['branchId', 'amount'] });
    expect(evaluate(level, 'sales.refund', limited, undefined, NOW)).toBe(evaluate(level, 'sales.refund', limited, { employeeId: 'emp-2' }, NOW));
  });

  it('never allows anything to an empty access level', () => {
    fc.assert(
      fc.property(permissionArb, subjectArb, resourceArb, (permission, subject, resource) => {
        expect(evaluate(compile({}), permission, subject, resource, NOW).allowed).toBe(false);
      }),
    );
  });
});

describe('grant validation (property)', () => {
  it('accepts every well-formed grant of the catalog unchanged (up to normalisation) and reports nothing', () => {
    fc.assert(
      fc.property(grantsArb, (grants) => {
        const { grants: checked, problems } = checkGrants(grants);
        expect(problems).toEqual({ unknown: [], invalid: [] });
        expect(Object.keys(checked).sort()).toEqual(Object.keys(grants).sort());
      }),
    );
  });

  it('never throws on arbitrary JSON and only ever keeps catalog keys with forms they accept', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.jsonValue()), (input) => {
        const { grants, problems } = checkGrants(input);
        for (const [key, value] of Object.entries(grants)) {
          const form = formOf(value);
          expect(form).toBeDefined();
          expect(permissionDefinition(key)?.forms).toContain(form);
        }
        for (const key of problems.unknown) expect(permissionDefinition(key)).toBeUndefined();
      }),
    );
  });

  it('keeps every template valid against the catalog', () => {
    for (const template of templates) expect(checkGrants(template.grants).problems).toEqual({ unknown: [], invalid: [] });
  });
});

describe('no escalation (property)', () => {
  it('covers a grant with itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys).chain(grantFor), (grant) => {
        expect(covers(grant, grant)).toBe(true);
      }),
    );
  });

  it('covers every grant with an unrestricted one and nothing with an absent one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys).chain(grantFor), (grant) => {
        expect(covers(true, grant)).toBe(true);
        expect(covers(undefined, grant)).toBe(false);
      }),
    );
  });

  it('never lets a covered grant allow something the covering grant does not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...keys).chain((key) => fc.tuple(fc.constant(key), grantFor(key), grantFor(key))),
        subjectArb,
        resourceArb,
        ([key, held, wanted], subject, resource) => {
          fc.pre(covers(held, wanted));
          const mine = evaluate(compile({ [key]: held }), key, subject, resource, NOW);
          const theirs = evaluate(compile({ [key]: wanted }), key, subject, resource, NOW);
          if (theirs.allowed) expect(mine.allowed).toBe(true);
          if (theirs.approvalRequired) expect(mine.allowed || mine.approvalRequired).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
