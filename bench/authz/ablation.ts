/**
 * Where the time of `evaluate` from a string key goes: a ladder of copies of
 * `evaluate`, each adding one change to the previous one, all returning
 * exactly `evaluate`'s decisions (checked), timed round-robin in one process
 * on the benchmark's query set. Run by hand, not by `npm run bench`:
 *
 *   npx tsx bench/authz/ablation.ts
 *   ABLATION_SHAPES=one npx tsx bench/authz/ablation.ts
 *   ABLATION_CHECK_ONLY=1 npx tsx bench/authz/ablation.ts   (the exactness checks, no timing)
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
import { markdownTable } from '../lib/markdown.js';
import { measureThroughput } from '../lib/throughput.js';
import { checksum } from './engine.js';
import { compiledLevels } from './engines/ours.js';
import { DAY_MS, rolePolicies, startOfUtcDay } from './policy.js';
import { allowedByIndexFast, BRANCH_SUBJECTS, evaluateFast, sameDecision } from './prototype.js';
import { type AuthzQuery, generateQueries, NOW_MS } from './queries.js';

const frozen = (allowed: boolean, reason: Reason): Decision => Object.freeze({ allowed, reason });
const GRANTED = frozen(true, 'granted');
const NOT_GRANTED = frozen(false, 'not_granted');
const UNKNOWN = frozen(false, 'unknown_permission');
const APPROVAL: Decision = Object.freeze({ allowed: false, reason: 'approval_required', approvalRequired: true });
const deny = (reason: Reason): Decision => ({ allowed: false, reason });
const missing = (...fields: ContextField[]): Decision => ({ allowed: false, reason: 'missing_context', missing: fields });

/** A restricted grant against the resource, failing closed (api.md v1.1): a new object per denial. */
function restricted(restriction: Restriction, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  if (restriction.scope !== undefined) {
    const employeeId = resource?.employeeId;
    if (employeeId === undefined) return missing('employeeId');
    if (restriction.scope === 'own' ? employeeId !== subject.employeeId : restriction.employeeIds?.has(employeeId) !== true) return deny('out_of_scope');
  }
  if (restriction.days !== undefined) {
    const date = resource?.date;
    if (date === undefined) return missing('date');
    const when = Date.parse(date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return deny('history_limit');
  }
  if (restriction.limit !== undefined) {
    const amount = resource?.amount;
    if (amount === undefined) return missing('amount');
    if (amount > restriction.limit) return deny('over_limit');
  }
  return GRANTED;
}

/** A restricted grant checked without a resource: the field it restricts is missing. */
function missingOf(restriction: Restriction): Decision {
  if (restriction.scope !== undefined) return missing('employeeId');
  if (restriction.days !== undefined) return missing('date');
  return restriction.limit !== undefined ? missing('amount') : GRANTED;
}

/** For a subject who had to name the branch and did not: a denial stands, anything else lacks the branch too. */
function branchAlsoMissing(answer: Decision): Decision {
  if (answer.reason === 'missing_context') return missing('branchId', ...(answer.missing ?? []));
  return answer.allowed ? missing('branchId') : answer;
}

const BRANCH_NOT_ALLOWED = frozen(false, 'branch_not_allowed');
const OUT_OF_SCOPE = frozen(false, 'out_of_scope');
const HISTORY_LIMIT = frozen(false, 'history_limit');
const OVER_LIMIT = frozen(false, 'over_limit');
const frozenMissing = (...fields: ContextField[]): Decision =>
  Object.freeze({ allowed: false, reason: 'missing_context' as const, missing: Object.freeze(fields) });
const MISSING_EMPLOYEE = frozenMissing('employeeId');
const MISSING_DATE = frozenMissing('date');
const MISSING_AMOUNT = frozenMissing('amount');
const MISSING_BRANCH = frozenMissing('branchId');
const MISSING_BRANCH_EMPLOYEE = frozenMissing('branchId', 'employeeId');
const MISSING_BRANCH_DATE = frozenMissing('branchId', 'date');
const MISSING_BRANCH_AMOUNT = frozenMissing('branchId', 'amount');

function restrictedFrozen(restriction: Restriction, subject: Subject, resource: Resource, nowMs: number): Decision {
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

function missingOfFrozen(restriction: Restriction): Decision {
  if (restriction.scope !== undefined) return MISSING_EMPLOYEE;
  if (restriction.days !== undefined) return MISSING_DATE;
  return restriction.limit !== undefined ? MISSING_AMOUNT : GRANTED;
}

function branchAlsoMissingFrozen(answer: Decision): Decision {
  if (answer === MISSING_EMPLOYEE) return MISSING_BRANCH_EMPLOYEE;
  if (answer === MISSING_DATE) return MISSING_BRANCH_DATE;
  if (answer === MISSING_AMOUNT) return MISSING_BRANCH_AMOUNT;
  return answer.allowed ? MISSING_BRANCH : answer;
}

type Evaluate = (level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number) => Decision;

/** 1: a local copy of `evaluate`'s steps over the catalog index and the bits (the control). */
const copy: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  const branchId = resource?.branchId;
  if (branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
  const branchMissing = branchId === undefined && subject.anyBranch === true && subject.branchIds.length > 0;
  if (!hasBit(level.allow, index)) return hasBit(level.approval, index) ? (branchMissing ? missing('branchId') : APPROVAL) : NOT_GRANTED;
  const restriction = level.restrictions.get(index);
  const answer = restriction ? restricted(restriction, subject, resource, nowMs) : GRANTED;
  return branchMissing ? branchAlsoMissing(answer) : answer;
};

/**
 * 2: + a check without a resource answered from the restriction alone (no resource reads). Before
 * fail closed this step granted it at once, without `restrictions.get`; that no longer answers right.
 */
const earlyGrant: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  const branchId = resource?.branchId;
  if (branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
  const branchMissing = branchId === undefined && subject.anyBranch === true && subject.branchIds.length > 0;
  if (!hasBit(level.allow, index)) return hasBit(level.approval, index) ? (branchMissing ? missing('branchId') : APPROVAL) : NOT_GRANTED;
  const restriction = level.restrictions.get(index);
  const answer = !restriction ? GRANTED : resource === undefined ? missingOf(restriction) : restricted(restriction, subject, resource, nowMs);
  return branchMissing ? branchAlsoMissing(answer) : answer;
};

/** 3: + the grant bits before the branch test (which moves to the deny path and the granted path). */
const bitsFirst: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  const branchId = resource?.branchId;
  if (!hasBit(level.allow, index)) {
    if (branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
    if (!hasBit(level.approval, index)) return NOT_GRANTED;
    return branchId === undefined && subject.anyBranch === true && subject.branchIds.length > 0 ? missing('branchId') : APPROVAL;
  }
  if (branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
  const branchMissing = branchId === undefined && subject.anyBranch === true && subject.branchIds.length > 0;
  const restriction = level.restrictions.get(index);
  const answer = !restriction ? GRANTED : resource === undefined ? missingOf(restriction) : restricted(restriction, subject, resource, nowMs);
  return branchMissing ? branchAlsoMissing(answer) : answer;
};

/** 4: + `subject.branchIds.length` before `resource.branchId` (with no branch restriction the resource's branch is not read). */
const subjectFirst: Evaluate = (level, permission, subject, resource, nowMs) => {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (!hasBit(level.allow, index)) {
    const approval = hasBit(level.approval, index);
    if (subject.branchIds.length > 0) {
      const branchId = resource?.branchId;
      if (branchId !== undefined) {
        if (!subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
      } else if (approval && subject.anyBranch === true) return missing('branchId');
    }
    return approval ? APPROVAL : NOT_GRANTED;
  }
  let branchMissing = false;
  if (subject.branchIds.length > 0) {
    const branchId = resource?.branchId;
    if (branchId === undefined) branchMissing = subject.anyBranch === true;
    else if (!subject.branchIds.includes(branchId)) return deny('branch_not_allowed');
  }
  const restriction = level.restrictions.get(index);
  const answer = !restriction ? GRANTED : resource === undefined ? missingOf(restriction) : restricted(restriction, subject, resource, nowMs);
  return branchMissing ? branchAlsoMissing(answer) : answer;
};

/** 5: + frozen answers (no object per denial or missing context). */
const frozenDenials: Evaluate = (level, permission, subject, resource, nowMs) => {
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
  let branchMissing = false;
  if (subject.branchIds.length > 0) {
    const branchId = resource?.branchId;
    if (branchId === undefined) branchMissing = subject.anyBranch === true;
    else if (!subject.branchIds.includes(branchId)) return BRANCH_NOT_ALLOWED;
  }
  const restriction = level.restrictions.get(index);
  const answer = !restriction ? GRANTED : resource === undefined ? missingOfFrozen(restriction) : restrictedFrozen(restriction, subject, resource, nowMs);
  return branchMissing ? branchAlsoMissingFrozen(answer) : answer;
};

const ladder: [string, Evaluate][] = [
  ['0. `evaluate` (shared/)', evaluate],
  ['1. a local copy of `evaluate` (control)', copy],
  ['2. + without a resource, answered from the restriction alone', earlyGrant],
  ['3. + grant bits before the branch test', bitsFirst],
  ['4. + subject branches before resource branch', subjectFirst],
  ['5. + frozen answers', frozenDenials],
  ['6. `evaluateFast` (the prototype: 5, branch-limited subjects on their own path)', evaluateFast],
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

// Exact decisions (reason and missing fields included) on the set, and again with branch-restricted subjects.
for (const [name, fn] of ladder) {
  queries.forEach((q, i) => {
    const level = levelOf[i] as CompiledLevel;
    if (!sameDecision(reference[i] as Decision, fn(level, q.key, q.staff.subject, q.resource, NOW_MS))) throw new Error(`${name} differs on query #${i}`);
    for (const subject of BRANCH_SUBJECTS) {
      if (!sameDecision(evaluate(level, q.key, subject, q.resource, NOW_MS), fn(level, q.key, subject, q.resource, NOW_MS))) {
        throw new Error(`${name} differs on query #${i} for subject ${JSON.stringify(subject)}`);
      }
    }
  });
}
if (process.env.ABLATION_CHECK_ONLY === '1') {
  console.log(`all ${ladder.length} steps return evaluate's exact decisions on ${n} queries × ${1 + BRANCH_SUBJECTS.length} subjects; not timed (ABLATION_CHECK_ONLY)`);
  process.exit(0);
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
