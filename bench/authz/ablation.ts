/**
 * Where the time of `evaluate` from a string key goes: a ladder of copies of
 * `evaluate`, each adding one change to the previous one, all returning
 * exactly `evaluate`'s decisions (checked), timed round-robin in one process
 * on the benchmark's query set. Run by hand, not by `npm run bench`:
 *
 *   npx tsx bench/authz/ablation.ts
 *   ABLATION_SHAPES=one npx tsx bench/authz/ablation.ts
 */
import { permissionIndex } from '#shared/domain/permissions/catalog.js';
import { type CompiledLevel, type Decision, evaluate, hasBit, type Reason, type Resource, type Restriction, type Subject } from '#shared/domain/permissions/compiled.js';
import { markdownTable } from '../lib/markdown.js';
import { measureThroughput } from '../lib/throughput.js';
import { checksum } from './engine.js';
import { compiledLevels } from './engines/ours.js';
import { DAY_MS, rolePolicies, startOfUtcDay } from './policy.js';
import { allowedByIndexFast, evaluateFast } from './prototype.js';
import { type AuthzQuery, generateQueries, NOW_MS } from './queries.js';

const frozen = (allowed: boolean, reason: Reason): Decision => Object.freeze({ allowed, reason });
const GRANTED = frozen(true, 'granted');
const NOT_GRANTED = frozen(false, 'not_granted');
const UNKNOWN = frozen(false, 'unknown_permission');
const APPROVAL: Decision = Object.freeze({ allowed: false, reason: 'approval_required', approvalRequired: true });
const deny = (reason: Reason): Decision => ({ allowed: false, reason });

function restricted(restriction: Restriction, subject: Subject, resource: Resource, nowMs: number): Decision {
  if (restriction.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) return deny('out_of_scope');
  if (restriction.scope === 'staff' && resource.employeeId !== undefined && !restriction.employeeIds?.has(resource.employeeId)) return deny('out_of_scope');
  if (restriction.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return deny('history_limit');
  }
  if (restriction.limit !== undefined && resource.amount !== undefined && resource.amount > restriction.limit) return deny('over_limit');
  return GRANTED;
}

const BRANCH_NOT_ALLOWED = frozen(false, 'branch_not_allowed');
const OUT_OF_SCOPE = frozen(false, 'out_of_scope');
const HISTORY_LIMIT = frozen(false, 'history_limit');
const OVER_LIMIT = frozen(false, 'over_limit');

function restrictedFrozen(restriction: Restriction, subject: Subject, resource: Resource, nowMs: number): Decision {
  if (restriction.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) return OUT_OF_SCOPE;
  if (restriction.scope === 'staff' && resource.employeeId !== undefined && !restriction.employeeIds?.has(resource.employeeId)) return OUT_OF_SCOPE;
  if (restriction.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return HISTORY_LIMIT;
  }
  if (restriction.limit !== undefined && resource.amount !== undefined && resource.amount > restriction.limit) return OVER_LIMIT;
  return GRANTED;
}

type Evaluate = (level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number) => Decision;

/** 1: a local copy of `evaluate` (the control). */
const copy: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (resource?.branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
  if (!hasBit(level.allow, index)) return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  const restriction = level.restrictions.get(index);
  if (!restriction || !resource) return GRANTED;
  return restricted(restriction, subject, resource, nowMs);
};

/** 2: + granted at once without a resource (no `restrictions.get`). */
const earlyGrant: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (resource?.branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
  if (!hasBit(level.allow, index)) return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  if (resource === undefined) return GRANTED;
  const restriction = level.restrictions.get(index);
  if (!restriction) return GRANTED;
  return restricted(restriction, subject, resource, nowMs);
};

/** 3: + the grant bits before the branch test (which moves to the deny path and the resource path). */
const bitsFirst: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    if (resource?.branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
    return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  }
  if (resource === undefined) return GRANTED;
  if (resource.branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
  const restriction = level.restrictions.get(index);
  if (!restriction) return GRANTED;
  return restricted(restriction, subject, resource, nowMs);
};

/** 4: + `subject.branchIds.length` before `resource.branchId`. */
const subjectFirst: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    if (subject.branchIds.length > 0 && resource?.branchId !== undefined && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
    return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  }
  if (resource === undefined) return GRANTED;
  if (subject.branchIds.length > 0 && resource.branchId !== undefined && !subject.branchIds.includes(resource.branchId)) return deny('branch_not_allowed');
  const restriction = level.restrictions.get(index);
  if (!restriction) return GRANTED;
  return restricted(restriction, subject, resource, nowMs);
};

/** 5: + frozen denials (no object per denial). */
const frozenDenials: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    if (subject.branchIds.length > 0 && resource?.branchId !== undefined && !subject.branchIds.includes(resource.branchId)) return BRANCH_NOT_ALLOWED;
    return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  }
  if (resource === undefined) return GRANTED;
  if (subject.branchIds.length > 0 && resource.branchId !== undefined && !subject.branchIds.includes(resource.branchId)) return BRANCH_NOT_ALLOWED;
  const restriction = level.restrictions.get(index);
  if (!restriction) return GRANTED;
  return restrictedFrozen(restriction, subject, resource, nowMs);
};

const ladder: [string, Evaluate][] = [
  ['0. `evaluate` (shared/)', evaluate],
  ['1. a local copy of `evaluate` (control)', copy],
  ['2. + granted at once without a resource', earlyGrant],
  ['3. + grant bits before the branch test', bitsFirst],
  ['4. + subject branches before resource branch', subjectFirst],
  ['5. + frozen denials', frozenDenials],
  ['6. `evaluateFast` (the prototype: 5, written out)', evaluateFast],
];

const policies = rolePolicies(NOW_MS);
const generated = generateQueries(policies, 10_000);
/**
 * ABLATION_SHAPES=one: every resource built with all four fields (absent ones
 * `undefined`), so all share one hidden class; by default resources have only
 * the fields they name, as callers build them (up to 16 hidden classes, so
 * `evaluate`'s reads of `resource.*` are megamorphic).
 */
const oneShape = process.env.ABLATION_SHAPES === 'one';
const queries: AuthzQuery[] = oneShape
  ? generated.map((q) => {
      const r = q.resource;
      return { ...q, resource: r && { employeeId: r.employeeId, branchId: r.branchId, date: r.date, amount: r.amount } };
    })
  : generated;
console.log(`resources: ${oneShape ? 'one hidden class (all fields, absent ones undefined)' : 'only the fields they name (many hidden classes)'}`);
const levels = compiledLevels();
const levelOf = queries.map((q) => levels[q.roleIndex] as CompiledLevel);
const reference = queries.map((q, i) => evaluate(levelOf[i] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS));
const expected = checksum(reference.map((d) => d.allowed));
const n = queries.length;

for (const [name, fn] of ladder) {
  queries.forEach((q, i) => {
    const a = reference[i] as Decision;
    const b = fn(levelOf[i] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS);
    if (a.allowed !== b.allowed || a.reason !== b.reason || a.approvalRequired !== b.approvalRequired) throw new Error(`${name} differs on query #${i}`);
  });
}

// One pass function literal per step: closures made from one literal share their feedback, so
// a shared \`(fn) => () => { … fn(…) … }\` would turn every call into a megamorphic, non-inlined call.
const P = (i: number) => queries[i] as AuthzQuery;
const L = (i: number) => levelOf[i] as CompiledLevel;
const passes: (() => number)[] = [
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (evaluate(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (copy(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (earlyGrant(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (bitsFirst(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (subjectFirst(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (frozenDenials(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
  () => { let s = 0; for (let i = 0; i < n; i += 1) { const q = P(i); if (evaluateFast(L(i), q.key, q.staff.subject, q.resource, NOW_MS).allowed) s += i + 1; } return s; },
];
const subjects = ladder.map(([name], i) => ({ name, checksPerPass: n, pass: passes[i] as () => number, expected }));
subjects.push({
  name: '7. as 6, index resolved ahead (no string lookup)',
  checksPerPass: n,
  expected,
  pass: () => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const q = queries[i] as AuthzQuery;
      if (allowedByIndexFast(levelOf[i] as CompiledLevel, q.index, q.staff.subject, q.resource, NOW_MS)) sum += i + 1;
    }
    return sum;
  },
});
subjects.push({
  name: '(the string lookup alone: `permissionIndex.get`)',
  checksPerPass: n,
  expected: queries.reduce((sum, q) => sum + (permissionIndex.get(q.key) ?? -1), 0),
  pass: () => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += permissionIndex.get((queries[i] as AuthzQuery).key) ?? -1;
    return sum;
  },
});

const results = await measureThroughput(subjects, { warmUpMs: 300, warmUpMinPasses: 1, trials: 11, trialMs: 150 });
console.log(
  markdownTable(
    ['step', 'checks/s (M)', 'ns/check', 'trials (M)'],
    subjects.map((s, i) => {
      const r = results[i];
      if (!r) throw new Error('missing result');
      return [s.name, (r.perSecond / 1e6).toFixed(1), r.nsPerCheck.toFixed(1), `${(r.minPerSecond / 1e6).toFixed(1)} … ${(r.maxPerSecond / 1e6).toFixed(1)}`];
    }),
  ),
);
