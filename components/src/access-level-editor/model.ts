import type { Schemas } from '@staffgate/client';

/**
 * The editor's working copy of an access level: one draft per catalog
 * permission, so switching a grant's form back and forth keeps what was
 * typed until the level is saved. Converted to and from the API's stored
 * grant values (`true`, `"approval"`, `{scope…}`, `{days}`, `{limit…}`).
 */
export type Catalog = Schemas['PermissionCatalog'];
export type CatalogSection = Catalog['sections'][number];
export type CatalogPermission = CatalogSection['permissions'][number];
export type GrantForm = CatalogPermission['forms'][number];
export type AccessLevel = Schemas['AccessLevel'];
export type Grants = Record<string, unknown>;

/** How one granted permission is granted; `allow` on a scoped permission is scope `all`. */
export type Mode = 'allow' | 'approval' | 'own' | 'staff' | 'days' | 'limit';

export interface GrantDraft {
  granted: boolean;
  mode: Mode;
  employeeIds: string[];
  /** Kept as typed: a field being edited may be empty or not a number yet. */
  days: string;
  limit: string;
  aboveApproval: boolean;
}

export type SectionState = 'all' | 'some' | 'none';

export const SECTION_SUFFIX = '.*';

const emptyDraft = (): GrantDraft => ({ granted: false, mode: 'allow', employeeIds: [], days: '30', limit: '100', aboveApproval: false });

/** The modes a permission's catalog forms allow, in the order the picker lists them. */
export function modesOf(permission: CatalogPermission): Mode[] {
  const forms = new Set<GrantForm>(permission.forms);
  const modes: Mode[] = ['allow'];
  if (forms.has('scope')) modes.push('own', 'staff');
  if (forms.has('days')) modes.push('days');
  if (forms.has('limit')) modes.push('limit');
  if (forms.has('approval')) modes.push('approval');
  return modes;
}

function draftOf(value: unknown): GrantDraft {
  const draft = emptyDraft();
  if (value === undefined || value === false) return draft;
  draft.granted = true;
  if (value === 'approval') draft.mode = 'approval';
  else if (value && typeof value === 'object') {
    const grant = value as { scope?: string; employeeIds?: string[]; days?: number; limit?: number; above?: string };
    if (grant.scope === 'own') draft.mode = 'own';
    else if (grant.scope === 'staff') {
      draft.mode = 'staff';
      draft.employeeIds = [...(grant.employeeIds ?? [])];
    } else if (typeof grant.days === 'number') {
      draft.mode = 'days';
      draft.days = String(grant.days);
    } else if (typeof grant.limit === 'number') {
      draft.mode = 'limit';
      draft.limit = String(grant.limit);
      draft.aboveApproval = grant.above === 'approval';
    }
  }
  return draft;
}

/** Drafts for every catalog permission; a section grant (`"calendar.*": true`) checks each permission of its section. */
export function draftsFrom(catalog: Catalog, grants: Grants): Map<string, GrantDraft> {
  const drafts = new Map<string, GrantDraft>();
  for (const section of catalog.sections) {
    const wholeSection = grants[`${section.key}${SECTION_SUFFIX}`] === true;
    for (const permission of section.permissions) {
      drafts.set(permission.key, draftOf(grants[permission.key] ?? (wholeSection ? true : undefined)));
    }
  }
  return drafts;
}

export function sectionState(section: CatalogSection, drafts: Map<string, GrantDraft>): SectionState {
  const granted = section.permissions.filter((permission) => drafts.get(permission.key)?.granted).length;
  if (granted === 0) return 'none';
  return granted === section.permissions.length ? 'all' : 'some';
}

/** The tri-state box's click: a full section empties; an empty or partial one fills, keeping the forms already chosen. */
export function toggleSection(section: CatalogSection, drafts: Map<string, GrantDraft>): Map<string, GrantDraft> {
  const grant = sectionState(section, drafts) !== 'all';
  const next = new Map(drafts);
  for (const permission of section.permissions) {
    const draft = next.get(permission.key) ?? emptyDraft();
    next.set(permission.key, { ...draft, granted: grant });
  }
  return next;
}

export interface DraftProblem {
  key: string;
  problem: 'employees' | 'days' | 'limit';
}

const WHOLE = /^\d+$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;

/** What the form can tell before asking the server: a chosen-employees scope with nobody chosen, a days or limit field that is no number. */
export function draftProblems(drafts: Map<string, GrantDraft>): DraftProblem[] {
  const problems: DraftProblem[] = [];
  for (const [key, draft] of drafts) {
    if (!draft.granted) continue;
    if (draft.mode === 'staff' && draft.employeeIds.length === 0) problems.push({ key, problem: 'employees' });
    if (draft.mode === 'days' && !WHOLE.test(draft.days.trim())) problems.push({ key, problem: 'days' });
    if (draft.mode === 'limit' && !AMOUNT.test(draft.limit.trim())) problems.push({ key, problem: 'limit' });
  }
  return problems;
}

/** Sections the level grants whole (`"calendar.*": true`): such a grant also covers rights the catalog adds later. */
export function wholeSectionsOf(catalog: Catalog, grants: Grants): Set<string> {
  return new Set(catalog.sections.filter((section) => grants[`${section.key}${SECTION_SUFFIX}`] === true).map((section) => section.key));
}

/**
 * The grants to send: only granted permissions, each in its chosen form. A
 * section the level granted whole stays a section grant while every right
 * in it is still plainly allowed, so saving never narrows it by accident.
 */
export function grantsFrom(drafts: Map<string, GrantDraft>, catalog?: Catalog, wholeSections: ReadonlySet<string> = new Set()): Grants {
  const grants: Grants = {};
  const covered = new Set<string>();
  for (const section of catalog?.sections ?? []) {
    if (!wholeSections.has(section.key)) continue;
    if (!section.permissions.every((permission) => drafts.get(permission.key)?.granted && drafts.get(permission.key)?.mode === 'allow')) continue;
    grants[`${section.key}${SECTION_SUFFIX}`] = true;
    for (const permission of section.permissions) covered.add(permission.key);
  }
  for (const [key, draft] of drafts) {
    if (!draft.granted || covered.has(key)) continue;
    switch (draft.mode) {
      case 'allow':
        grants[key] = true;
        break;
      case 'approval':
        grants[key] = 'approval';
        break;
      case 'own':
        grants[key] = { scope: 'own' };
        break;
      case 'staff':
        grants[key] = { scope: 'staff', employeeIds: [...draft.employeeIds] };
        break;
      case 'days':
        grants[key] = { days: Number(draft.days.trim()) };
        break;
      case 'limit':
        grants[key] = draft.aboveApproval ? { limit: Number(draft.limit.trim()), above: 'approval' } : { limit: Number(draft.limit.trim()) };
        break;
    }
  }
  return grants;
}

/** What the form holds, as the person sees it. */
export interface LevelForm {
  name: string;
  remoteAccess: boolean;
  drafts: Map<string, GrantDraft>;
  wholeSections: ReadonlySet<string>;
}

/**
 * The form as one comparable string: its name, remote access and each
 * granted permission's form as typed. A permission ticked and unticked
 * again, employees chosen in another order, or a mode's field left behind
 * by a change of mode count as no change; anything a save would send does.
 */
export function formFingerprint(form: LevelForm): string {
  const granted = [...form.drafts]
    .filter(([, draft]) => draft.granted)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, draft]) => {
      switch (draft.mode) {
        case 'staff':
          return [key, draft.mode, [...draft.employeeIds].sort()];
        case 'days':
          return [key, draft.mode, draft.days.trim()];
        case 'limit':
          return [key, draft.mode, draft.limit.trim(), draft.aboveApproval];
        default:
          return [key, draft.mode];
      }
    });
  return JSON.stringify([form.name.trim(), form.remoteAccess, granted, [...form.wholeSections].sort()]);
}
