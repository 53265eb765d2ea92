/**
 * Grants as sent and stored on an access level (api.md): an absent key is
 * denied; `true` allows; `"approval"` needs another staff member's PIN; an
 * object narrows the grant by scope, history days or amount limit.
 */
import type { FieldError } from '../../errors.js';
import { type GrantForm, permissionDefinition } from './catalog.js';

export type Scope = { scope: 'all' } | { scope: 'own' } | { scope: 'staff'; employeeIds: string[] };

export type GrantValue = true | 'approval' | Scope | { days: number } | { limit: number };

export type Grants = Record<string, GrantValue>;

export const MAX_EMPLOYEE_IDS = 200;
export const MAX_HISTORY_DAYS = 3650;
export const MAX_LIMIT = 1_000_000_000;

const EMPLOYEE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The form a grant value takes, or undefined when it is malformed. */
export function formOf(value: unknown): GrantForm | undefined {
  if (value === true) return 'allow';
  if (value === 'approval') return 'approval';
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value).sort().join(',');
  if (keys === 'scope' && (value.scope === 'all' || value.scope === 'own')) return 'scope';
  if (
    keys === 'employeeIds,scope' &&
    value.scope === 'staff' &&
    Array.isArray(value.employeeIds) &&
    value.employeeIds.length > 0 &&
    value.employeeIds.length <= MAX_EMPLOYEE_IDS &&
    value.employeeIds.every((id) => typeof id === 'string' && EMPLOYEE_ID.test(id))
  ) {
    return 'scope';
  }
  if (keys === 'days' && Number.isInteger(value.days) && (value.days as number) >= 0 && (value.days as number) <= MAX_HISTORY_DAYS) {
    return 'days';
  }
  if (keys === 'limit' && typeof value.limit === 'number' && Number.isFinite(value.limit) && value.limit >= 0 && value.limit <= MAX_LIMIT) {
    return 'limit';
  }
  return undefined;
}

export interface GrantProblems {
  unknown: string[];
  invalid: FieldError[];
}

/**
 * Checks grants against the catalog: unknown keys, malformed values and forms
 * the permission does not accept. `false` means "not granted" and is dropped,
 * so a UI can send its whole tree of checkboxes.
 */
export function checkGrants(input: Record<string, unknown>): { grants: Grants; problems: GrantProblems } {
  const grants: Grants = {};
  const problems: GrantProblems = { unknown: [], invalid: [] };
  for (const [key, value] of Object.entries(input)) {
    const definition = permissionDefinition(key);
    if (!definition) {
      problems.unknown.push(key);
      continue;
    }
    if (value === false) continue;
    const form = formOf(value);
    if (!form || !definition.forms.includes(form)) {
      problems.invalid.push({
        path: `grants.${key}`,
        message: `${key} accepts ${definition.forms.map(describeForm).join(', ')}.`,
      });
      continue;
    }
    grants[key] = normalise(value as GrantValue);
  }
  return { grants, problems };
}

function describeForm(form: GrantForm): string {
  switch (form) {
    case 'allow':
      return 'true';
    case 'approval':
      return '"approval"';
    case 'scope':
      return '{"scope":"all"|"own"} or {"scope":"staff","employeeIds":[...]}';
    case 'days':
      return '{"days":N}';
    case 'limit':
      return '{"limit":N}';
  }
}

/** One spelling per meaning: `{scope:"all"}` is `true`; employee ids are deduplicated and sorted. */
function normalise(value: GrantValue): GrantValue {
  if (typeof value === 'object' && 'scope' in value) {
    if (value.scope === 'all') return true;
    if (value.scope === 'staff') return { scope: 'staff', employeeIds: [...new Set(value.employeeIds)].sort() };
  }
  return value;
}

/**
 * Whether someone holding `held` may hand out `wanted` (no escalation): an
 * unrestricted grant covers everything; otherwise only a narrower grant of
 * the same kind. "approval" lets a holder act with another's PIN on anything,
 * so only an unrestricted holder may grant it.
 */
export function covers(held: GrantValue | undefined, wanted: GrantValue): boolean {
  if (held === undefined) return false;
  if (held === true) return true;
  if (held === 'approval') return wanted === 'approval';
  if (wanted === true || wanted === 'approval') return false;
  if ('scope' in held && 'scope' in wanted) {
    if (held.scope === 'own') return wanted.scope === 'own';
    if (held.scope === 'staff') {
      if (wanted.scope !== 'staff') return false;
      const allowed = new Set(held.employeeIds);
      return wanted.employeeIds.every((id) => allowed.has(id));
    }
    return false;
  }
  if ('days' in held && 'days' in wanted) return wanted.days <= held.days;
  if ('limit' in held && 'limit' in wanted) return wanted.limit <= held.limit;
  return false;
}

/** Every grant of `wanted` is covered by `held`. Returns the keys that are not. */
export function uncovered(held: Grants, wanted: Grants): string[] {
  return Object.entries(wanted)
    .filter(([key, value]) => !covers(held[key], value))
    .map(([key]) => key);
}
