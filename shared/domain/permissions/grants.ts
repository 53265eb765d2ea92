/**
 * Grants as sent and stored on an access level (api.md): an absent key is
 * denied; `true` allows; `"approval"` needs another staff member's PIN; an
 * object narrows the grant by scope, history days or amount limit, and an
 * amount limit may send what is above it for approval instead of refusing
 * it. A section key (`"calendar.*": true`) grants every permission of the
 * section, including those the catalog adds to it later; a permission's own
 * key beside it overrides it for that permission (everything in the
 * calendar, but only one's own bookings).
 */
import type { FieldError } from '../../errors.js';
import { type GrantForm, permissionDefinition, sectionOfPermission, sections } from './catalog.js';

export type Scope = { scope: 'all' } | { scope: 'own' } | { scope: 'staff'; employeeIds: string[] };

export type Limit = { limit: number; above?: 'approval' };

export type GrantValue = true | 'approval' | Scope | { days: number } | Limit;

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
  if ((keys === 'limit' || (keys === 'above,limit' && value.above === 'approval')) && validLimit(value.limit)) return 'limit';
  return undefined;
}

const validLimit = (limit: unknown): boolean => typeof limit === 'number' && Number.isFinite(limit) && limit >= 0 && limit <= MAX_LIMIT;

const SECTION_SUFFIX = '.*';

/** `"calendar.*"` → the calendar section's key; undefined for a permission key. */
function sectionKeyOf(key: string): string | undefined {
  if (!key.endsWith(SECTION_SUFFIX)) return undefined;
  const section = key.slice(0, -SECTION_SUFFIX.length);
  return sections.some((candidate) => candidate.key === section) ? section : undefined;
}

/** The grant a level holds for one permission: its own key's, else its section's. */
export function grantFor(grants: Grants, permission: string): GrantValue | undefined {
  const own = grants[permission];
  if (own !== undefined) return own;
  const section = sectionOfPermission(permission);
  return section === undefined ? undefined : grants[`${section}${SECTION_SUFFIX}`];
}

/** Section grants spread over today's catalog: one entry per permission held. */
export function effectiveGrants(grants: Grants): Grants {
  const effective: Grants = {};
  for (const [key, value] of Object.entries(grants)) {
    const section = sectionKeyOf(key);
    if (section === undefined) continue;
    for (const permission of sections.find((candidate) => candidate.key === section)?.permissions ?? []) effective[permission.key] = value;
  }
  for (const [key, value] of Object.entries(grants)) if (sectionKeyOf(key) === undefined && permissionDefinition(key)) effective[key] = value;
  return effective;
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
    if (sectionKeyOf(key) !== undefined) {
      if (value === true) grants[key] = true;
      else if (value !== false) problems.invalid.push({ path: `grants.${key}`, message: `${key} grants a whole section: it accepts true (or false).` });
      continue;
    }
    if (value === false) {
      if (!permissionDefinition(key)) problems.unknown.push(key);
      continue;
    }
    const checked = checkForm(key, value, 'grants');
    if (checked === 'unknown') problems.unknown.push(key);
    else if ('path' in checked) problems.invalid.push(checked);
    else grants[key] = checked.grant;
  }
  problems.invalid.push(...deniedBesideSection(input, grants));
  if (problems.unknown.length === 0 && problems.invalid.length === 0) problems.invalid.push(...missingParents(grants));
  return { grants, problems };
}

/** One permission's grant against the catalog: normalised, or why not (`at`: the body field the grants came in). */
function checkForm(key: string, value: unknown, at: 'grants' | 'overrides'): 'unknown' | FieldError | { grant: GrantValue } {
  const definition = permissionDefinition(key);
  if (!definition) return 'unknown';
  const form = formOf(value);
  if (!form || !definition.forms.includes(form)) {
    return { path: `${at}.${key}`, message: `${key} accepts ${definition.forms.map(describeForm).join(', ')}.` };
  }
  return { grant: normalise(value as GrantValue) };
}

/**
 * `false` for a permission whose whole section is granted would be dropped and
 * the section would grant it anyway: refused, so "everything but this" is
 * never silently everything.
 */
function deniedBesideSection(input: Record<string, unknown>, grants: Grants): FieldError[] {
  return Object.entries(input).flatMap(([key, value]) => {
    const section = sectionOfPermission(key);
    if (value !== false || section === undefined || grants[`${section}${SECTION_SUFFIX}`] === undefined) return [];
    return [{ path: `grants.${key}`, message: `${key} is part of ${section}${SECTION_SUFFIX}, which grants it: grant the section's rights one by one to leave ${key} out.` }];
  });
}

/** A right granted without the right it refines (catalog `parent`): refused, naming the parent. */
function missingParents(grants: Grants): FieldError[] {
  return orphans(grants).map(({ key, parent }) => {
    const origin = grants[key] === undefined ? `${sectionOfPermission(key) ?? key}${SECTION_SUFFIX}` : key;
    return { path: `grants.${origin}`, message: `${key} needs ${parent}: grant ${parent} too.` };
  });
}

/** The permissions held without their parent, each with the parent it lacks. */
function orphans(grants: Grants): { key: string; parent: string }[] {
  const effective = effectiveGrants(grants);
  return Object.keys(effective).flatMap((key) => {
    const parent = permissionDefinition(key)?.parent;
    return parent === undefined || effective[parent] !== undefined ? [] : [{ key, parent }];
  });
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
      return '{"limit":N} or {"limit":N,"above":"approval"}';
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
 * so only an unrestricted holder may grant it, and only a holder who may send
 * amounts above their own limit for approval may give that to others.
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
  if ('limit' in held && 'limit' in wanted) return wanted.limit <= held.limit && (wanted.above === undefined || held.above === 'approval');
  return false;
}

/**
 * The permissions `wanted` grants (its sections spread over today's catalog)
 * that `held` does not cover. A section grant is judged by what it grants
 * today: a permission the catalog adds later reaches a section's holders
 * by a release of StaffGate, not by anyone's hand.
 */
export function uncovered(held: Grants, wanted: Grants): string[] {
  const heldNow = effectiveGrants(held);
  return Object.entries(effectiveGrants(wanted))
    .filter(([key, value]) => !covers(heldNow[key], value))
    .map(([key]) => key);
}

/**
 * A staff member's personal adjustments to their level (Altegio sets rights
 * per user): a grant replaces the level's for that permission, `false` takes
 * it away. The admin rights come only with a level, so that the salon's
 * count of admins stays the count of admin-level holders.
 */
export type Overrides = Record<string, GrantValue | false>;

export const MAX_OVERRIDES = 20;
const LEVEL_ONLY = ['access.manage', 'staff.manage', 'settings.manage'];

/** The grants a person holds: their level's, spread over the catalog, with their overrides applied. */
export function withOverrides(grants: Grants, overrides: Overrides | undefined): Grants {
  if (!overrides || Object.keys(overrides).length === 0) return grants;
  const personal = effectiveGrants(grants);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === false) delete personal[key];
    else personal[key] = value;
  }
  return personal;
}

/** Overrides checked as grants are (catalog keys, forms), but never a section or an admin right; the parents are checked on the result. */
export function checkOverrides(input: Record<string, unknown>): { overrides: Overrides; problems: GrantProblems } {
  const overrides: Overrides = {};
  const problems: GrantProblems = { unknown: [], invalid: [] };
  for (const [key, value] of Object.entries(input)) {
    if (LEVEL_ONLY.includes(key)) {
      problems.invalid.push({ path: `overrides.${key}`, message: `${key} comes only with an access level, never as a personal override.` });
      continue;
    }
    if (sectionKeyOf(key) !== undefined) {
      if (value !== false) problems.invalid.push({ path: `overrides.${key}`, message: 'A personal override names one permission, not a whole section.' });
      continue;
    }
    if (value === false) {
      if (permissionDefinition(key)) overrides[key] = false;
      else problems.unknown.push(key);
      continue;
    }
    const checked = checkForm(key, value, 'overrides');
    if (checked === 'unknown') problems.unknown.push(key);
    else if ('path' in checked) problems.invalid.push(checked);
    else overrides[key] = checked.grant;
  }
  return { overrides, problems };
}

/**
 * Parents the person's grants lack once their overrides are applied. A level
 * saved before the catalog named a parent may lack it already: that is the
 * level's to fix when it is next saved, so only what the overrides bring in
 * (a right they grant, a parent they take away) is refused here.
 */
export function overrideParentProblems(grants: Grants, overrides: Overrides): FieldError[] {
  const levelOrphans = new Set(orphans(grants).map(({ key }) => key));
  return orphans(withOverrides(grants, overrides))
    .filter(({ key }) => overrides[key] !== undefined || !levelOrphans.has(key))
    .map(({ key, parent }) => ({ path: `overrides.${key}`, message: `${key} needs ${parent}: grant ${parent} too.` }));
}
