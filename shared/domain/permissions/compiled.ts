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
}

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
  return { catalogVersion: CATALOG_VERSION, allow, approval, restrictions };
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
const deny = (reason: Reason): Decision => ({ allowed: false, reason });

const DAY_MS = 86_400_000;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * May `subject`, holding `level`, do `permission` to `resource` at `nowMs`?
 * A restriction applies when the resource names what it restricts: a check
 * without an employee, date or amount asks about the right in general.
 */
export function evaluate(level: CompiledLevel, permission: string, subject: Subject, resource: Resource | undefined, nowMs: number): Decision {
  const index = permissionIndex.get(permission);
  if (index === undefined) return UNKNOWN;
  if (resource?.branchId !== undefined && subject.branchIds.length > 0 && !subject.branchIds.includes(resource.branchId)) {
    return deny('branch_not_allowed');
  }
  if (!hasBit(level.allow, index)) return hasBit(level.approval, index) ? APPROVAL : NOT_GRANTED;
  const restriction = level.restrictions.get(index);
  if (!restriction || !resource) return GRANTED;
  if (restriction.scope === 'own' && resource.employeeId !== undefined && resource.employeeId !== subject.employeeId) {
    return deny('out_of_scope');
  }
  if (restriction.scope === 'staff' && resource.employeeId !== undefined && !restriction.employeeIds?.has(resource.employeeId)) {
    return deny('out_of_scope');
  }
  if (restriction.days !== undefined && resource.date !== undefined) {
    const when = Date.parse(resource.date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return deny('history_limit');
  }
  if (restriction.limit !== undefined && resource.amount !== undefined && resource.amount > restriction.limit) {
    return deny('over_limit');
  }
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
