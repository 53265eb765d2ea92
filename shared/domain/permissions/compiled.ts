/**
 * An access level compiled for fast checks: one bit per catalog permission
 * for "allowed" and one for "approval required", plus a small table of the
 * grants that carry a scope, a history limit or an amount limit. A check
 * from a string key is one Map lookup and one word test.
 */
import { CATALOG_VERSION, permissionIndex, permissionKeys } from './catalog.js';
import { effectiveGrants, type Grants, type GrantValue } from './grants.js';
import { UTC_ZONE, withinLocalDays } from '../../time/local-days.js';

export interface Restriction {
  scope?: 'own' | 'staff';
  employeeIds?: ReadonlySet<string>;
  days?: number;
  limit?: number;
  /** Above `limit`: approval required (another person's PIN) instead of a refusal. */
  aboveApproval?: true;
}

export interface CompiledLevel {
  catalogVersion: number;
  allow: Uint32Array;
  approval: Uint32Array;
  restrictions: ReadonlyMap<number, Restriction>;
  /**
   * The same grants keyed by permission string, for checks that arrive as
   * strings: one Map lookup answers most of them (a lookup costs about as
   * much as all the rest of a check). Derived from the bits; never stored.
   */
  byKey: ReadonlyMap<string, Entry>;
}

/** What a granted key resolves to: allowed outright, approval only, or allowed within a restriction. */
type Entry = typeof ALLOWED | typeof APPROVAL_ONLY | Restriction;
const ALLOWED = 1;
const APPROVAL_ONLY = 2;

const WORDS = Math.ceil(permissionKeys.length / 32);

function setBit(bits: Uint32Array, index: number): void {
  bits[index >>> 5] = (bits[index >>> 5] ?? 0) | (1 << (index & 31));
}

export function hasBit(bits: Uint32Array, index: number): boolean {
  return ((bits[index >>> 5] ?? 0) & (1 << (index & 31))) !== 0;
}

function restrictionOf(value: GrantValue): Restriction | undefined {
  if (value === true || value === 'approval') return undefined;
  if ('scope' in value) {
    if (value.scope === 'own') return { scope: 'own' };
    if (value.scope === 'staff') return { scope: 'staff', employeeIds: new Set(value.employeeIds) };
    return undefined;
  }
  if ('days' in value) return { days: value.days };
  return value.above === 'approval' ? { limit: value.limit, aboveApproval: true } : { limit: value.limit };
}

/** A restriction as JSON (stored levels and access snapshots carry them so), by catalog index. */
export type PlainRestriction = { scope?: 'own' | 'staff'; employeeIds?: string[]; days?: number; limit?: number; above?: 'approval' };

export function plainRestrictions(level: Pick<CompiledLevel, 'restrictions'>): Record<string, PlainRestriction> {
  const plain: Record<string, PlainRestriction> = {};
  for (const [index, restriction] of level.restrictions) {
    plain[String(index)] = {
      ...(restriction.scope ? { scope: restriction.scope } : {}),
      ...(restriction.employeeIds ? { employeeIds: [...restriction.employeeIds] } : {}),
      ...(restriction.days !== undefined ? { days: restriction.days } : {}),
      ...(restriction.limit !== undefined ? { limit: restriction.limit } : {}),
      ...(restriction.aboveApproval ? { above: 'approval' as const } : {}),
    };
  }
  return plain;
}

/** The inverse of plainRestrictions, for one restriction. */
export function restrictionFromPlain(plain: PlainRestriction): Restriction {
  return {
    ...(plain.scope ? { scope: plain.scope } : {}),
    ...(plain.employeeIds ? { employeeIds: new Set(plain.employeeIds) } : {}),
    ...(plain.days !== undefined ? { days: plain.days } : {}),
    ...(plain.limit !== undefined ? { limit: plain.limit } : {}),
    ...(plain.above === 'approval' ? { aboveApproval: true as const } : {}),
  };
}

/** Builds the string-keyed view of compiled bits and restrictions. */
export function withKeys(level: Omit<CompiledLevel, 'byKey'>): CompiledLevel {
  const byKey = new Map<string, Entry>();
  permissionKeys.forEach((key, index) => {
    if (hasBit(level.allow, index)) byKey.set(key, level.restrictions.get(index) ?? ALLOWED);
    else if (hasBit(level.approval, index)) byKey.set(key, APPROVAL_ONLY);
  });
  return { ...level, byKey };
}

/** Grants are already validated against the catalog; unknown keys (from an older catalog) are skipped. */
export function compile(grants: Grants): CompiledLevel {
  const allow = new Uint32Array(WORDS);
  const approval = new Uint32Array(WORDS);
  const restrictions = new Map<number, Restriction>();
  for (const [key, value] of Object.entries(effectiveGrants(grants))) {
    const index = permissionIndex.get(key);
    if (index === undefined) continue;
    if (value === 'approval') {
      setBit(approval, index);
      continue;
    }
    setBit(allow, index);
    const restriction = restrictionOf(value);
    if (restriction) restrictions.set(index, restriction);
  }
  return withKeys({ catalogVersion: CATALOG_VERSION, allow, approval, restrictions });
}

export interface Subject {
  /** The bookable employee the person *is*, for "own" scopes. */
  employeeId?: string | undefined;
  /** Branches they may work in; empty = all. */
  branchIds: readonly string[];
  /**
   * The request may concern any branch (a back-office session): a person
   * limited to branches must then name the branch, and a check without
   * `resource.branchId` answers `missing_context` (`["branchId"]`). Not set
   * for a terminal session, which is at one branch that the authorizer checks
   * against `branchIds` on every request (so a check naming no branch is about
   * a branch they work in), nor for the route gates, which ask whether the
   * right is held at all.
   */
  anyBranch?: boolean | undefined;
  /** The salon's IANA zone, in which `days` limits count calendar days; absent: UTC. */
  timeZone?: string | undefined;
}

/**
 * The subject of a session's checks: a back-office session may act on any
 * branch, so a person limited to branches must name one (`missing_context`
 * otherwise); a terminal session is at a branch the authorizer has checked
 * they work in, and a check naming none is about it. POST /v1/authorize and
 * the access snapshot (shared/access-snapshot) both take their subject from
 * here, so the two cannot answer differently.
 */
export function sessionSubject(sessionKind: 'backoffice' | 'terminal', subject: Subject): Subject {
  if (sessionKind === 'terminal' || subject.branchIds.length === 0) return subject;
  return { ...subject, anyBranch: true };
}

export interface Resource {
  employeeId?: string | undefined;
  branchId?: string | undefined;
  /** ISO date (or date-time) the action concerns, for history limits. */
  date?: string | undefined;
  amount?: number | undefined;
}

/** A resource field a restricted grant or a branch-limited subject needs. */
export type ContextField = 'employeeId' | 'branchId' | 'date' | 'amount';

export type Reason =
  | 'granted'
  | 'not_granted'
  | 'unknown_permission'
  | 'approval_required'
  | 'out_of_scope'
  | 'branch_not_allowed'
  | 'history_limit'
  | 'over_limit'
  | 'missing_context';

export interface Decision {
  allowed: boolean;
  reason: Reason;
  approvalRequired?: true;
  /** With `missing_context`: the resource fields the check must name (api.md v1.1). */
  missing?: readonly ContextField[];
}

const GRANTED: Decision = Object.freeze({ allowed: true, reason: 'granted' });
const NOT_GRANTED: Decision = Object.freeze({ allowed: false, reason: 'not_granted' });
const UNKNOWN: Decision = Object.freeze({ allowed: false, reason: 'unknown_permission' });
const APPROVAL: Decision = Object.freeze({ allowed: false, reason: 'approval_required', approvalRequired: true });

const BRANCH_NOT_ALLOWED: Decision = Object.freeze({ allowed: false, reason: 'branch_not_allowed' });
const OUT_OF_SCOPE: Decision = Object.freeze({ allowed: false, reason: 'out_of_scope' });
const HISTORY_LIMIT: Decision = Object.freeze({ allowed: false, reason: 'history_limit' });
const OVER_LIMIT: Decision = Object.freeze({ allowed: false, reason: 'over_limit' });

/** One frozen answer per combination of missing fields, so a check never allocates one. */
const missingContext = (...missing: ContextField[]): Decision =>
  Object.freeze({ allowed: false, reason: 'missing_context' as const, missing: Object.freeze(missing) });
const MISSING_EMPLOYEE = missingContext('employeeId');
const MISSING_DATE = missingContext('date');
const MISSING_AMOUNT = missingContext('amount');
const MISSING_BRANCH = missingContext('branchId');
const MISSING_BRANCH_EMPLOYEE = missingContext('branchId', 'employeeId');
const MISSING_BRANCH_DATE = missingContext('branchId', 'date');
const MISSING_BRANCH_AMOUNT = missingContext('branchId', 'amount');

function branchDenied(subject: Subject, resource: Resource | undefined): boolean {
  return subject.branchIds.length > 0 && resource?.branchId !== undefined && !subject.branchIds.includes(resource.branchId);
}

/**
 * A restricted grant against the resource: GRANTED, the denial, or which
 * field is missing. Fail closed: a restriction is met only by a resource
 * that names what it restricts (a scope the employee, a history limit the
 * date, an amount limit the amount).
 */
function checkRestriction(restriction: Restriction, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  if (restriction.scope !== undefined) {
    const employeeId = resource?.employeeId;
    if (employeeId === undefined) return MISSING_EMPLOYEE;
    if (restriction.scope === 'own' ? employeeId !== subject.employeeId : restriction.employeeIds?.has(employeeId) !== true) return OUT_OF_SCOPE;
  }
  if (restriction.days !== undefined) {
    const date = resource?.date;
    if (date === undefined) return MISSING_DATE;
    if (!withinLocalDays(date, restriction.days, nowMs, subject.timeZone ?? UTC_ZONE)) return HISTORY_LIMIT;
  }
  if (restriction.limit !== undefined) {
    const amount = resource?.amount;
    if (amount === undefined) return MISSING_AMOUNT;
    if (amount > restriction.limit) return restriction.aboveApproval ? APPROVAL : OVER_LIMIT;
  }
  return GRANTED;
}

/** `decision` for a subject who also had to name the branch and did not: a denial stands, anything else lacks the branch too. */
function withBranchMissing(decision: Decision): Decision {
  if (decision === MISSING_EMPLOYEE) return MISSING_BRANCH_EMPLOYEE;
  if (decision === MISSING_DATE) return MISSING_BRANCH_DATE;
  if (decision === MISSING_AMOUNT) return MISSING_BRANCH_AMOUNT;
  return decision.allowed || decision.approvalRequired === true ? MISSING_BRANCH : decision;
}

/**
 * May `subject`, holding `level`, do `permission` to `resource` at `nowMs`?
 * Fail closed (api.md v1.1): a grant restricted by scope, history days or an
 * amount limit, checked without the resource field it restricts, answers
 * `missing_context` with the missing fields, never `granted`; so does any
 * held right of a person limited to branches when the request may concern
 * any branch (`subject.anyBranch`) and names none. A right not held answers
 * `not_granted` (or `branch_not_allowed`) whatever the resource lacks. The
 * order is the cheap answers first (measured in bench/authz): the key's
 * entry, then the branch, then the restriction; every answer is a frozen
 * constant, so no check allocates.
 */
export function evaluate(level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const entry = level.byKey.get(permission);
  if (entry === undefined) return permissionIndex.has(permission) ? notHeld(subject, resource) : UNKNOWN;
  return evaluateEntry(entry, subject, resource, nowMs);
}

function notHeld(subject: Subject, resource: Resource | undefined): Decision {
  return branchDenied(subject, resource) ? BRANCH_NOT_ALLOWED : NOT_GRANTED;
}

function evaluateEntry(entry: Entry, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  let branchMissing = false;
  if (subject.branchIds.length > 0) {
    const branchId = resource?.branchId;
    if (branchId === undefined) branchMissing = subject.anyBranch === true;
    else if (!subject.branchIds.includes(branchId)) return BRANCH_NOT_ALLOWED;
  }
  if (entry === ALLOWED) return branchMissing ? MISSING_BRANCH : GRANTED;
  if (entry === APPROVAL_ONLY) return branchMissing ? MISSING_BRANCH : APPROVAL;
  const decision = checkRestriction(entry, subject, resource, nowMs);
  return branchMissing ? withBranchMissing(decision) : decision;
}

/**
 * `evaluate` for one permission and one subject, with the permission's
 * lookup done once: a host that checks the same permission often (the
 * till's refund button) resolves it up front, and each check is then the
 * branch and restriction tests alone. A class, not a closure, so a call site
 * checking many of them stays monomorphic and the check is inlined.
 * Answers exactly as `evaluate(level, permission, subject, …)` does.
 */
export class ResolvedPermission {
  private readonly entry: Entry | undefined;
  private readonly known: boolean;
  /** The answer when it does not depend on the resource (no restriction, no branch limit): most checks. */
  private readonly fixed: Decision | undefined;

  constructor(
    level: CompiledLevel,
    permission: string,
    private readonly subject: Subject,
  ) {
    this.entry = level.byKey.get(permission);
    this.known = permissionIndex.has(permission);
    const anyBranch = subject.branchIds.length === 0;
    if (!this.known) this.fixed = UNKNOWN;
    else if (anyBranch && this.entry === undefined) this.fixed = NOT_GRANTED;
    else if (anyBranch && this.entry === ALLOWED) this.fixed = GRANTED;
    else if (anyBranch && this.entry === APPROVAL_ONLY) this.fixed = APPROVAL;
  }

  check(resource: Resource | undefined, nowMs: number): Decision {
    const fixed = this.fixed;
    if (fixed !== undefined) return fixed;
    const entry = this.entry;
    if (entry === undefined) return notHeld(this.subject, resource);
    return evaluateEntry(entry, this.subject, resource, nowMs);
  }
}

/** What the API shows as `permissions`: the compiled list (api.md). */
export function permissionList(
  grants: Grants,
): { key: string; scope?: string; employeeIds?: string[]; days?: number; limit?: number; above?: 'approval'; approval?: true }[] {
  const effective = effectiveGrants(grants);
  return permissionKeys
    .filter((key) => effective[key] !== undefined)
    .map((key) => {
      const value = effective[key] as GrantValue;
      if (value === true) return { key };
      if (value === 'approval') return { key, approval: true as const };
      if ('scope' in value) return value.scope === 'staff' ? { key, scope: 'staff', employeeIds: value.employeeIds } : { key, scope: value.scope };
      return { key, ...value };
    });
}
