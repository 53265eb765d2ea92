/**
 * A bench-only prototype of a faster `evaluate` (shared/domain/permissions/
 * compiled.ts is not changed here): same signature, same `CompiledLevel`,
 * same decisions, reasons and missing fields (fail closed), with the steps
 * reordered so the common checks stop early:
 *
 * 1. the key is resolved to its catalog index and the grant bits are tested
 *    right after, before anything touches the resource (`evaluate` looks the
 *    key up in its string-keyed entry map instead);
 * 2. a subject with no branch restriction (the common case) never reads
 *    `resource.branchId`, and a branch-limited one takes a separate path,
 *    so the common path carries no branch bookkeeping;
 * 3. a check without a resource is answered from the restriction alone
 *    (granted without one, else the field it restricts is missing), without
 *    reading any resource field;
 * 4. every answer is a frozen constant.
 *
 * Fail closed changed 3: it used to grant a check without a resource at once,
 * skipping the `restrictions` Map lookup; a held grant without a resource is
 * now granted only if it has no restriction, so that lookup is needed on
 * every allowed check, as in `evaluate`.
 *
 * `prototypeAgreement` checks that it returns exactly `evaluate`'s decision
 * (reason, `approvalRequired` and `missing` included) on the query set and on
 * the same set with branch-restricted subjects, at a terminal and in the back
 * office (`anyBranch`).
 */
import { permissionIndex } from '#shared/domain/permissions/catalog.js';
import {
  type CompiledLevel,
  type ContextField,
  type Decision,
  evaluate,
  hasBit,
  type Reason,
  type Resource,
  type Restriction,
  type Subject,
} from '#shared/domain/permissions/compiled.js';
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
const missingContext = (...missing: ContextField[]): Decision =>
  Object.freeze({ allowed: false, reason: 'missing_context' as const, missing: Object.freeze(missing) });
const MISSING_EMPLOYEE = missingContext('employeeId');
const MISSING_DATE = missingContext('date');
const MISSING_AMOUNT = missingContext('amount');
const MISSING_BRANCH = missingContext('branchId');
const MISSING_BRANCH_EMPLOYEE = missingContext('branchId', 'employeeId');
const MISSING_BRANCH_DATE = missingContext('branchId', 'date');
const MISSING_BRANCH_AMOUNT = missingContext('branchId', 'amount');

/** A restricted grant checked without a resource: the field it restricts is missing. */
function missingOf(restriction: Restriction): Decision {
  if (restriction.scope !== undefined) return MISSING_EMPLOYEE;
  if (restriction.days !== undefined) return MISSING_DATE;
  return restriction.limit !== undefined ? MISSING_AMOUNT : GRANTED;
}

/** A restricted grant against a resource, failing closed on the field it restricts. */
function checkRestriction(restriction: Restriction, subject: Subject, resource: Resource, nowMs: number): Decision {
  if (restriction.scope !== undefined) {
    const employeeId = resource.employeeId;
    if (employeeId === undefined) return MISSING_EMPLOYEE;
    if (restriction.scope === 'own' ? employeeId !== subject.employeeId : restriction.employeeIds?.has(employeeId) !== true) return OUT_OF_SCOPE;
  }
  if (restriction.days !== undefined) {
    const date = resource.date;
    if (date === undefined) return MISSING_DATE;
    const when = Date.parse(date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return HISTORY_LIMIT;
  }
  if (restriction.limit !== undefined) {
    const amount = resource.amount;
    if (amount === undefined) return MISSING_AMOUNT;
    if (amount > restriction.limit) return OVER_LIMIT;
  }
  return GRANTED;
}

/** A granted key (its allow bit set), branches aside. */
function held(level: CompiledLevel, index: number, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const restriction = level.restrictions.get(index);
  if (restriction === undefined) return GRANTED;
  if (resource === undefined) return missingOf(restriction);
  return checkRestriction(restriction, subject, resource, nowMs);
}

/** A granted key for a subject limited to branches: another branch is denied; no branch, where any is possible, is missing too. */
function heldAtBranch(level: CompiledLevel, index: number, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const branchId = resource?.branchId;
  if (branchId !== undefined) return subject.branchIds.includes(branchId) ? held(level, index, subject, resource, nowMs) : BRANCH_NOT_ALLOWED;
  const answer = held(level, index, subject, resource, nowMs);
  if (subject.anyBranch !== true) return answer;
  if (answer === MISSING_EMPLOYEE) return MISSING_BRANCH_EMPLOYEE;
  if (answer === MISSING_DATE) return MISSING_BRANCH_DATE;
  if (answer === MISSING_AMOUNT) return MISSING_BRANCH_AMOUNT;
  return answer.allowed ? MISSING_BRANCH : answer;
}

export function evaluateFast(level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    const approval = hasBit(level.approval, index);
    if (subject.branchIds.length > 0) {
      const branchId = resource?.branchId;
      if (branchId !== undefined) {
        if (!subject.branchIds.includes(branchId)) return BRANCH_NOT_ALLOWED;
      } else if (approval && subject.anyBranch === true) return MISSING_BRANCH;
    }
    return approval ? APPROVAL : NOT_GRANTED;
  }
  if (subject.branchIds.length > 0) return heldAtBranch(level, index, subject, resource, nowMs);
  return held(level, index, subject, resource, nowMs);
}

/**
 * `evaluateFast(...).allowed` for an index resolved ahead (−1 = unknown key):
 * what a caller holding permission handles (indices looked up once, at module
 * load) would pay per check with the reordered steps.
 */
export function allowedByIndexFast(level: CompiledLevel, index: number, subject: Subject, resource: Resource | undefined, nowMs: number): boolean {
  if (index < 0 || !hasBit(level.allow, index)) return false;
  if (subject.branchIds.length > 0) {
    const branchId = resource?.branchId;
    if (branchId === undefined ? subject.anyBranch === true : !subject.branchIds.includes(branchId)) return false;
  }
  const restriction = level.restrictions.get(index);
  if (restriction === undefined) return true;
  // Fail closed: a restriction is met only by a resource that names what it restricts.
  if (resource === undefined) return false;
  if (restriction.scope !== undefined) {
    const employeeId = resource.employeeId;
    if (employeeId === undefined || (restriction.scope === 'own' ? employeeId !== subject.employeeId : restriction.employeeIds?.has(employeeId) !== true)) return false;
  }
  if (restriction.days !== undefined) {
    const date = resource.date;
    if (date === undefined) return false;
    const when = Date.parse(date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return false;
  }
  if (restriction.limit !== undefined) {
    const amount = resource.amount;
    if (amount === undefined || amount > restriction.limit) return false;
  }
  return true;
}

/**
 * Branch-restricted subjects for the exactness checks: at a terminal (a check
 * naming no branch is about theirs) and in the back office (`anyBranch`: it
 * must name the branch). Built with the fields, in the order, of the query
 * set's subjects (`STAFF`), so that checking them does not make the subject
 * reads of the timed code polymorphic.
 */
export const BRANCH_SUBJECTS: readonly Subject[] = [
  { employeeId: 'emp-anna', branchIds: ['br-centre'], anyBranch: false },
  { employeeId: undefined, branchIds: ['br-north'], anyBranch: false },
  { employeeId: 'emp-anna', branchIds: ['br-centre'], anyBranch: true },
  { employeeId: 'emp-boris', branchIds: ['br-north', 'br-centre'], anyBranch: true },
];

/** `evaluate`'s exact decision: allowed, reason, `approvalRequired` and `missing`. */
export const sameDecision = (a: Decision, b: Decision): boolean =>
  a.allowed === b.allowed && a.reason === b.reason && a.approvalRequired === b.approvalRequired && (a.missing ?? []).join() === (b.missing ?? []).join();

/** Throws unless `evaluateFast` returns `evaluate`'s exact decision, for the query's subject and for `BRANCH_SUBJECTS`. */
export function prototypeAgreement(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): number {
  let checked = 0;
  for (const q of queries) {
    const level = levels[q.roleIndex] as CompiledLevel;
    for (const subject of [q.staff.subject, ...BRANCH_SUBJECTS]) {
      const expected = evaluate(level, q.key, subject, q.resource, NOW_MS);
      const actual = evaluateFast(level, q.key, subject, q.resource, NOW_MS);
      const byIndex = allowedByIndexFast(level, q.index, subject, q.resource, NOW_MS);
      if (!sameDecision(expected, actual) || byIndex !== expected.allowed) {
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
      '`bench/authz/prototype.ts`: `evaluate` with its steps reordered (catalog index and grant bits first, branch-limited subjects on a separate path, a check without a resource answered from the restriction alone, frozen answers); ' +
      'same decisions, reasons and missing fields as `evaluate`, checked on every query with and without branch-restricted subjects (terminal and back office)',
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
