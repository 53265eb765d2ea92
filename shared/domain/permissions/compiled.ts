/**
 * An access level compiled for fast checks: one bit per catalog permission
 * for "allowed" and one for "approval required", plus a small table of the
 * grants that carry a scope, a history limit or an amount limit. A check
 * from a string key is one Map lookup and one word test.
 */
import { CATALOG_VERSION, permissionIndex, permissionKeys } from './catalog.js';
import type { Grants, GrantValue } from './grants.js';

export interface Restriction {
  scope?: 'own' | 'staff';
  employeeIds?: ReadonlySet<string>;
  days?: number;
  limit?: number;
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
  return { limit: value.limit };
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
  for (const [key, value] of Object.entries(grants)) {
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
}

export interface Resource {
  employeeId?: string | undefined;
  branchId?: string | undefined;
  /** ISO date (or date-time) the action concerns, for history limits. */
  date?: string | undefined;
  amount?: number | undefined;
}

export type Reason =
  | 'granted'
  | 'not_granted'
  | 'unknown_permission'
  | 'approval_required'
  | 'out_of_scope'
  | 'branch_not_allowed'
  | 'history_limit'
  | 'over_limit';

export interface Decision {
  allowed: boolean;
  reason: Reason;
  approvalRequired?: true;
}

const GRANTED: Decision = Object.freeze({ allowed: true, reason: 'granted' });
const NOT_GRANTED: Decision = Object.freeze({ allowed: false, reason: 'not_granted' });
const UNKNOWN: Decision = Object.freeze({ allowed: false, reason: 'unknown_permission' });
const APPROVAL: Decision = Object.freeze({ allowed: false, reason: 'approval_required', approvalRequired: true });

const DAY_MS = 86_400_000;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

const BRANCH_NOT_ALLOWED: Decision = Object.freeze({ allowed: false, reason: 'branch_not_allowed' });
const OUT_OF_SCOPE: Decision = Object.freeze({ allowed: false, reason: 'out_of_scope' });
const HISTORY_LIMIT: Decision = Object.freeze({ allowed: false, reason: 'history_limit' });
const OVER_LIMIT: Decision = Object.freeze({ allowed: false, reason: 'over_limit' });

function branchDenied(subject: Subject, resource: Resource | undefined): boolean {
  return subject.branchIds.length > 0 && resource?.branchId !== undefined && !subject.branchIds.includes(resource.branchId);
}

/**
 * May `subject`, holding `level`, do `permission` to `resource` at `nowMs`?
 * A restriction applies when the resource names what it restricts: a check
 * without an employee, date or amount asks about the right in general. The
 * order is the cheap answers first (measured in bench/authz): the key's
 * entry, then the branch, then restrictions only when a resource is given.
 */
export function evaluate(level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const entry = level.byKey.get(permission);
  if (entry === undefined) {
    if (!permissionIndex.has(permission)) return UNKNOWN;
    return branchDenied(subject, resource) ? BRANCH_NOT_ALLOWED : NOT_GRANTED;
  }
  if (branchDenied(subject, resource)) return BRANCH_NOT_ALLOWED;
  if (entry === APPROVAL_ONLY) return APPROVAL;
  if (entry === ALLOWED || resource === undefined) return GRANTED;
  if (entry.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) return OUT_OF_SCOPE;
  if (entry.scope === 'staff' && resource.employeeId !== undefined && !entry.employeeIds?.has(resource.employeeId)) return OUT_OF_SCOPE;
  if (entry.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - entry.days * DAY_MS) return HISTORY_LIMIT;
  }
  if (entry.limit !== undefined && resource.amount !== undefined && resource.amount > entry.limit) return OVER_LIMIT;
  return GRANTED;
}

/** What the API shows as `permissions`: the compiled list (api.md). */
export function permissionList(grants: Grants): { key: string; scope?: string; employeeIds?: string[]; days?: number; limit?: number; approval?: true }[] {
  return permissionKeys
    .filter((key) => grants[key] !== undefined)
    .map((key) => {
      const value = grants[key] as GrantValue;
      if (value === true) return { key };
      if (value === 'approval') return { key, approval: true as const };
      if ('scope' in value) return value.scope === 'staff' ? { key, scope: 'staff', employeeIds: value.employeeIds } : { key, scope: value.scope };
      return { key, ...value };
    });
}
