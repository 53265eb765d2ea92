/**
 * A bench-only prototype of a faster `evaluate` (shared/domain/permissions/
 * compiled.ts is not changed here): same signature, same `CompiledLevel`,
 * same decisions and reasons, with the steps reordered so the common checks
 * stop early:
 *
 * 1. the grant bits are tested right after the key lookup, before anything
 *    touches the resource (the branch test is done first only on the deny
 *    path, where it decides the reason);
 * 2. a check without a resource is granted there and then, without the
 *    `restrictions` Map lookup (`Map<number, …>.get` on every allowed check
 *    in `evaluate`);
 * 3. the branch test reads `subject.branchIds.length` before
 *    `resource.branchId`, so with no branch restriction the resource is not
 *    read at all;
 * 4. denials are frozen constants instead of a new object per denial.
 *
 * `prototypeAgreement` checks that it returns exactly `evaluate`'s decision
 * (reason and `approvalRequired` included) on the query set and on the same
 * set with branch-restricted subjects.
 */
import { permissionIndex } from '#shared/domain/permissions/catalog.js';
import { type CompiledLevel, type Decision, evaluate, hasBit, type Reason, type Resource, type Subject } from '#shared/domain/permissions/compiled.js';
import type { Engine } from './engine.js';
import { DAY_MS, startOfUtcDay } from './policy.js';
import { type AuthzQuery, NOW_MS } from './queries.js';

const decision = (allowed: boolean, reason: Reason): Decision => Object.freeze({ allowed, reason });
const GRANTED = decision(true, 'granted');
const NOT_GRANTED = decision(false, 'not_granted');
const UNKNOWN = decision(false, 'unknown_permission');
const APPROVAL: Decision = Object.freeze({ allowed: false, reason: 'approval_required', approvalRequired: true });
const BRANCH_NOT_ALLOWED = decision(false, 'branch_not_allowed');
const OUT_OF_SCOPE = decision(false, 'out_of_scope');
const HISTORY_LIMIT = decision(false, 'history_limit');
const OVER_LIMIT = decision(false, 'over_limit');

function branchDenied(subject: Subject, resource: Resource | undefined): boolean {
  return subject.branchIds.length > 0 && resource?.branchId !== undefined && !subject.branchIds.includes(resource.branchId);
}

export function evaluateFast(level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    if (branchDenied(subject, resource)) return BRANCH_NOT_ALLOWED;
    return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  }
  if (resource === undefined) return GRANTED;
  if (branchDenied(subject, resource)) return BRANCH_NOT_ALLOWED;
  const restriction = level.restrictions.get(index);
  if (restriction === undefined) return GRANTED;
  if (restriction.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) return OUT_OF_SCOPE;
  if (restriction.scope === 'staff' && resource.employeeId !== undefined && !restriction.employeeIds?.has(resource.employeeId)) return OUT_OF_SCOPE;
  if (restriction.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return HISTORY_LIMIT;
  }
  if (restriction.limit !== undefined && resource.amount !== undefined && resource.amount > restriction.limit) return OVER_LIMIT;
  return GRANTED;
}

/**
 * `evaluateFast(...).allowed` for an index resolved ahead (−1 = unknown key):
 * what a caller holding permission handles (indices looked up once, at module
 * load) would pay per check with the reordered steps.
 */
export function allowedByIndexFast(level: CompiledLevel, index: number, subject: Subject, resource: Resource | undefined, nowMs: number): boolean {
  if (index < 0 || !hasBit(level.allow, index)) return false;
  if (resource === undefined) return true;
  if (branchDenied(subject, resource)) return false;
  const restriction = level.restrictions.get(index);
  if (restriction === undefined) return true;
  if (restriction.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) return false;
  if (restriction.scope === 'staff' && resource.employeeId !== undefined && !restriction.employeeIds?.has(resource.employeeId)) return false;
  if (restriction.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return false;
  }
  return !(restriction.limit !== undefined && resource.amount !== undefined && resource.amount > restriction.limit);
}

const same = (a: Decision, b: Decision) => a.allowed === b.allowed && a.reason === b.reason && a.approvalRequired === b.approvalRequired;

/** Throws unless `evaluateFast` returns `evaluate`'s exact decision, with and without branch-restricted subjects. */
export function prototypeAgreement(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): number {
  const restricted: Subject[] = [{ employeeId: 'emp-anna', branchIds: ['br-centre'] }, { employeeId: undefined, branchIds: ['br-north'] }];
  let checked = 0;
  for (const q of queries) {
    const level = levels[q.roleIndex] as CompiledLevel;
    for (const subject of [q.staff.subject, ...restricted]) {
      const expected = evaluate(level, q.key, subject, q.resource, NOW_MS);
      const actual = evaluateFast(level, q.key, subject, q.resource, NOW_MS);
      const byIndex = allowedByIndexFast(level, q.index, subject, q.resource, NOW_MS);
      if (!same(expected, actual) || byIndex !== expected.allowed) {
        throw new Error(
          `prototype evaluate differs on role ${q.role}, key ${q.key}, subject ${JSON.stringify(subject)}, resource ${JSON.stringify(q.resource)}: ` +
            `evaluate ${JSON.stringify(expected)}, prototype ${JSON.stringify(actual)}, prototype by index ${byIndex}`,
        );
      }
      checked += 1;
    }
  }
  return checked;
}

export function oursPrototype(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): Engine {
  const levelOf = queries.map((q) => levels[q.roleIndex] as CompiledLevel);
  const n = queries.length;
  return {
    name: 'ours — string key, prototype `evaluateFast()` (bench only)',
    ours: true,
    timed: n,
    answer: (q) => evaluateFast(levels[q.roleIndex] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS).allowed,
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const q = queries[i] as AuthzQuery;
        if (evaluateFast(levelOf[i] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS).allowed) sum += i + 1;
      }
      return sum;
    },
    note:
      '`bench/authz/prototype.ts`: `evaluate` with its steps reordered (grant bits first, granted at once without a resource, the subject\'s branch list read before the resource\'s branch, frozen denials); ' +
      'same decisions and reasons as `evaluate`, checked on every query with and without branch-restricted subjects',
  };
}

export function oursPrototypeIndex(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): Engine {
  const levelOf = queries.map((q) => levels[q.roleIndex] as CompiledLevel);
  const n = queries.length;
  return {
    name: 'ours — integer id, prototype order (bench only)',
    ours: true,
    timed: n,
    answer: (q) => allowedByIndexFast(levels[q.roleIndex] as CompiledLevel, q.index, q.staff.subject, q.resource, NOW_MS),
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const q = queries[i] as AuthzQuery;
        if (allowedByIndexFast(levelOf[i] as CompiledLevel, q.index, q.staff.subject, q.resource, NOW_MS)) sum += i + 1;
      }
      return sum;
    },
    note: '`allowedByIndexFast` in `bench/authz/prototype.ts`: the prototype\'s order from an index resolved ahead (a permission handle looked up once)',
  };
}
