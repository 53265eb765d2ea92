import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import type { AccessLevelItem, BranchLevels, Locale, StaffAttributes, StaffItem, StaffStatus } from '../../data/entities.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import { UnknownAccessLevelError } from '../../data/repositories/holdings.js';
import { type AdminLevels, findStaffByExternalId, getStaff, listStaff, type StaffFilter, writeStaff } from '../../data/repositories/staff.js';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../../errors.js';
import { type Actor, NotPermittedError } from '../access/actor.js';
import {
  assertCoversBranches,
  assertCoversLevel,
  assertNotSelfBounding,
  EscalationDeniedError,
} from '../access/escalation.js';
import { evaluate } from '../permissions/compiled.js';
import { checkOverrides, type Overrides, overrideParentProblems, withOverrides } from '../permissions/grants.js';
import { UnknownPermissionError } from '../access-levels/manage.js';
import { effectSteps } from '../effects.js';
import { type AuditContext, diff, staffActor } from '../audit/audit.js';
import { staffView } from '../views.js';
import { searchTerms } from './records.js';
import { type BranchLevel, branchLevelList, storedBranchLevels } from './branch-levels.js';
import { assertMayManageStaff } from './member-power.js';
import { resolveMemberTags } from './tags.js';

export interface StaffInput {
  firstName: string;
  lastName: string;
  email?: string | undefined;
  phone?: string | undefined;
  accessLevelId: string;
  /** Personal adjustments to the level (grant or `false` per permission). */
  overrides?: Record<string, unknown> | undefined;
  branchIds?: string[] | undefined;
  /** Another level at some branches (branch-levels.ts). */
  branchLevels?: BranchLevel[] | undefined;
  employeeId?: string | undefined;
  tags?: string[] | undefined;
  externalId?: string | undefined;
  /** The language of messages sent to them; absent: the salon's. */
  locale?: Locale | undefined;
  /** First and last local day (`YYYY-MM-DD`, the salon's zone) on which they may sign in or unlock. */
  startsOn?: string | undefined;
  endsOn?: string | undefined;
}

export type StaffPatch = Partial<Omit<StaffInput, 'email' | 'phone' | 'employeeId' | 'externalId' | 'locale' | 'startsOn' | 'endsOn' | 'overrides' | 'branchLevels'>> & {
  /** null (or {}): none. */
  overrides?: Record<string, unknown> | null | undefined;
  /** null (or []): the default level everywhere. */
  branchLevels?: BranchLevel[] | null | undefined;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  employeeId?: string | null | undefined;
  externalId?: string | null | undefined;
  locale?: Locale | null | undefined;
  status?: Extract<StaffStatus, 'active' | 'suspended'> | undefined;
};

/** Fields an audit event shows as changed; the personal ones without their values (see `diff`). */
const AUDITED_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'accessLevelId', 'overrides', 'branchIds', 'branchLevels', 'employeeId', 'tags', 'externalId', 'locale', 'status', 'startsOn', 'endsOn'] as const;
const PERSONAL_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'tags', 'externalId', 'employeeId'] as const;

/** Overrides as stored (absent when none), checked against the catalog and, for parents, against the level they adjust. */
function validOverrides(input: Record<string, unknown> | null | undefined, level: AccessLevelItem): Overrides | undefined {
  if (!input || Object.keys(input).length === 0) return undefined;
  const { overrides, problems } = checkOverrides(input);
  if (problems.unknown.length) throw new UnknownPermissionError(problems.unknown);
  const invalid = [...problems.invalid, ...overrideParentProblems(level.grants, overrides)];
  if (invalid.length) throw new ValidationError(invalid);
  return overrides;
}

/** What the member holds: their level with their overrides, as the escalation rules judge it. */
const personalGrants = (level: AccessLevelItem, overrides: Overrides | undefined) => ({ ...level, grants: withOverrides(level.grants, overrides) });

async function levelToAssign(tenantId: string, accessLevelId: string): Promise<AccessLevelItem> {
  const level = await getAccessLevel(tenantId, accessLevelId);
  if (!level) throw new UnknownAccessLevelError();
  return level;
}

/** The levels a member holds at single branches, read together; an unknown one is refused. */
async function branchLevelItems(tenantId: string, branchLevels: BranchLevels | undefined): Promise<AccessLevelItem[]> {
  return Promise.all([...new Set(Object.values(branchLevels ?? {}))].map((accessLevelId) => levelToAssign(tenantId, accessLevelId)));
}

/**
 * Each level the member holds at a branch, with their overrides, is a level
 * given: the overrides' parents must be there too, and the actor must hold it all.
 */
export function assertMayGiveBranchLevels(actor: Actor, levels: readonly AccessLevelItem[], overrides: Overrides | undefined): void {
  for (const level of levels) {
    if (overrides) {
      const invalid = overrideParentProblems(level.grants, overrides);
      if (invalid.length) throw new ValidationError(invalid);
    }
    assertCoversLevel(actor, personalGrants(level, overrides));
  }
}

const adminLevels = (...levels: (AccessLevelItem | undefined)[]): AdminLevels =>
  new Set(levels.flatMap((level) => (level?.admin ? [level.accessLevelId] : [])));

/** The catalog names access.manage as the right to assign levels (staff.manage alone adds and edits staff). */
export function assertMayAssignLevels(actor: Actor): void {
  if (!evaluate(actor.level.compiled, 'access.manage', actor.subject, undefined, clock.nowMs()).allowed) {
    throw new NotPermittedError('access.manage');
  }
}

async function existing(tenantId: string, staffId: string): Promise<StaffItem> {
  const staff = await getStaff(tenantId, staffId);
  if (!staff) throw new NotFoundError();
  return staff;
}

const unique = (values: string[] | undefined) => [...new Set(values ?? [])];

/** Both are local dates of one zone, so text order is day order; a PATCH of one is checked against the other as stored. */
function assertDatesInOrder(staff: Pick<StaffAttributes, 'startsOn' | 'endsOn'>): void {
  if (staff.startsOn && staff.endsOn && staff.endsOn < staff.startsOn) {
    throw new ValidationError([{ path: 'endsOn', message: 'endsOn must not be before startsOn.' }]);
  }
}

export async function createStaff(actor: Actor, input: StaffInput, context: AuditContext) {
  assertDatesInOrder(input);
  const level = await levelToAssign(actor.tenantId, input.accessLevelId);
  const overrides = validOverrides(input.overrides, level);
  if (overrides) assertMayAssignLevels(actor);
  assertCoversLevel(actor, personalGrants(level, overrides));
  assertCoversBranches(actor, unique(input.branchIds));
  const branchLevels = storedBranchLevels(input.branchLevels, input.accessLevelId, unique(input.branchIds));
  if (branchLevels) {
    assertMayAssignLevels(actor);
    assertCoversBranches(actor, Object.keys(branchLevels));
    assertMayGiveBranchLevels(actor, await branchLevelItems(actor.tenantId, branchLevels), overrides);
  }
  // A tag new to the salon's list joins it (api.md v1.1, tags): clients that never manage the list keep working.
  const tagged = await resolveMemberTags(actor.tenantId, [], unique(input.tags));
  const now = clock.now().toISOString();
  const staff: StaffAttributes = {
    tenantId: actor.tenantId,
    staffId: newId('stf'),
    firstName: input.firstName,
    lastName: input.lastName,
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    accessLevelId: input.accessLevelId,
    ...(overrides ? { overrides } : {}),
    branchIds: unique(input.branchIds),
    ...(branchLevels ? { branchLevels } : {}),
    ...(input.employeeId ? { employeeId: input.employeeId } : {}),
    tags: tagged.tags,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    status: 'active',
    ...(input.startsOn ? { startsOn: input.startsOn } : {}),
    ...(input.endsOn ? { endsOn: input.endsOn } : {}),
    search: searchTerms(input),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'staff.created',
        target: { type: 'staff', id: staff.staffId },
        changes: diff({} as StaffAttributes, staff, AUDITED_FIELDS, PERSONAL_FIELDS),
        context,
      },
    ],
  });
  await writeStaff(undefined, staff, adminLevels(level), [...audit, ...tagged.steps]);
  return staffView(staff);
}

export async function getStaffView(tenantId: string, staffId: string) {
  const staff = await existing(tenantId, staffId);
  return staffView(staff);
}

/** A cursor is the last key of the previous page; anything else (or another tenant's key) is refused. */
function decodeCursor(tenantId: string, cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { pk?: unknown; sk?: unknown };
    if (key.pk === `TENANT#${tenantId}` && typeof key.sk === 'string' && key.sk.startsWith('STAFF#')) return { pk: key.pk, sk: key.sk };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
}

export async function listStaffViews(tenantId: string, filter: StaffFilter, limit: number, cursor: string | undefined) {
  const start = cursor ? decodeCursor(tenantId, cursor) : undefined;
  if (filter.externalId !== undefined) {
    // At most one member has it: a page of 0 or 1 (after `cursor`, if one is sent), never a next page.
    const found = await findStaffByExternalId(tenantId, filter.externalId, filter);
    const shown = found && (!start || found.sk > String(start.sk)) && limit > 0 ? [found] : [];
    return { items: shown.map(staffView), nextCursor: null };
  }
  const { items, next } = await listStaff(tenantId, filter, limit, start);
  return {
    items: items.map(staffView),
    nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}

function applyPatch(staff: StaffItem, patch: StaffPatch, now: string): StaffAttributes {
  const next: StaffAttributes = { ...staff, updatedAt: now, version: staff.version + 1 };
  for (const field of ['firstName', 'lastName', 'accessLevelId'] as const) {
    if (patch[field] !== undefined) next[field] = patch[field];
  }
  for (const field of ['email', 'phone', 'employeeId', 'externalId', 'startsOn', 'endsOn'] as const) {
    const value = patch[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  if (patch.locale === null) delete next.locale;
  else if (patch.locale !== undefined) next.locale = patch.locale;
  if (patch.overrides === null || (patch.overrides && Object.keys(patch.overrides).length === 0)) delete next.overrides;
  else if (patch.overrides !== undefined) next.overrides = patch.overrides as Overrides;
  if (patch.branchIds !== undefined) next.branchIds = unique(patch.branchIds);
  // Checked again when the branches or the default level change: a branch level must stay within the branches.
  const branchLevels = storedBranchLevels(
    patch.branchLevels === undefined ? branchLevelList(staff.branchLevels) : patch.branchLevels,
    next.accessLevelId,
    next.branchIds,
  );
  if (branchLevels) next.branchLevels = branchLevels;
  else delete next.branchLevels;
  if (patch.tags !== undefined) next.tags = unique(patch.tags);
  if (patch.status !== undefined) {
    if (staff.status === 'invited' || staff.status === 'archived') {
      throw new ConflictError('invalid_status', `A staff member who is ${staff.status} cannot be set to ${patch.status}.`);
    }
    next.status = patch.status;
    // Suspension ends every session at once (product.md); so does any later reactivation stay clean.
    if (patch.status === 'suspended' && staff.status !== 'suspended') next.sessionsNotBefore = now;
  }
  next.search = searchTerms(next);
  assertDatesInOrder(next);
  return next;
}

export async function updateStaff(actor: Actor, staffId: string, patch: StaffPatch, ifMatch: number | undefined, context: AuditContext) {
  const staff = await existing(actor.tenantId, staffId);
  if (ifMatch !== undefined && ifMatch !== staff.version) throw new VersionConflictError();
  if (staff.status === 'archived') throw new NotFoundError();
  const next = applyPatch(staff, patch, clock.now().toISOString());
  const tagged = await resolveMemberTags(actor.tenantId, staff.tags, next.tags);
  next.tags = tagged.tags;
  const changes = diff(staff, next, AUDITED_FIELDS, PERSONAL_FIELDS);
  assertNotSelfBounding(actor, staffId, Object.keys(changes));
  const level = await assertMayManageStaff(actor, staff);
  let newLevel: AccessLevelItem | undefined;
  if (next.accessLevelId !== staff.accessLevelId) {
    assertMayAssignLevels(actor);
    newLevel = await levelToAssign(actor.tenantId, next.accessLevelId);
  }
  const held = newLevel ?? level;
  if (next.overrides) {
    if (!held) throw new UnknownAccessLevelError();
    // Checked against the level they will adjust: a new level may lack a parent an override needs.
    const overrides = validOverrides(next.overrides, held);
    if (overrides) next.overrides = overrides;
    else delete next.overrides;
  }
  // Overrides are rights: changing them is assigning access (access.manage), and what the member ends up holding must be covered.
  if (changes.overrides !== undefined) assertMayAssignLevels(actor);
  if (held && (newLevel || changes.overrides !== undefined)) assertCoversLevel(actor, personalGrants(held, next.overrides));
  if (changes.branchIds !== undefined) assertCoversBranches(actor, next.branchIds);
  if (changes.branchLevels !== undefined) {
    assertMayAssignLevels(actor);
    if (next.branchLevels) assertCoversBranches(actor, Object.keys(next.branchLevels));
  }
  if (changes.branchLevels !== undefined || changes.overrides !== undefined) {
    assertMayGiveBranchLevels(actor, await branchLevelItems(actor.tenantId, next.branchLevels), next.overrides);
  }
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: patch.status === 'suspended' && staff.status !== 'suspended' ? 'staff.suspended' : 'staff.updated',
        target: { type: 'staff', id: staffId },
        changes: diff(staff, next, AUDITED_FIELDS, PERSONAL_FIELDS),
        context,
      },
    ],
  });
  await writeStaff(staff, next, adminLevels(level, newLevel), [...audit, ...tagged.steps]);
  return staffView(next);
}

/**
 * Archives a staff member and erases their personal data (GDPR): names,
 * contacts, tags and ids go; the opaque staff id stays so the audit trail
 * still says "stf_… did this" without saying who that was.
 */
export async function archiveStaff(actor: Actor, staffId: string, ifMatch: number | undefined, context: AuditContext) {
  const staff = await existing(actor.tenantId, staffId);
  if (ifMatch !== undefined && ifMatch !== staff.version) throw new VersionConflictError();
  if (staff.status === 'archived') throw new NotFoundError();
  if (staffId === actor.staffId) throw new EscalationDeniedError('You cannot archive yourself.');
  const level = await assertMayManageStaff(actor, staff);
  const now = clock.now().toISOString();
  const erased: StaffAttributes = {
    tenantId: staff.tenantId,
    staffId: staff.staffId,
    firstName: '',
    lastName: '',
    accessLevelId: staff.accessLevelId,
    branchIds: [],
    tags: [],
    status: 'archived',
    search: [],
    sessionsNotBefore: now,
    version: staff.version + 1,
    createdAt: staff.createdAt,
    updatedAt: now,
  };
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'staff.archived',
        target: { type: 'staff', id: staffId },
        context,
      },
    ],
  });
  await writeStaff(staff, erased, adminLevels(level), audit);
}

/** Ends every session of the staff member in this salon: sessions started before now no longer reach it. */
export async function revokeStaffSessions(actor: Actor, staffId: string, context: AuditContext) {
  const staff = await existing(actor.tenantId, staffId);
  if (staff.status === 'archived') throw new NotFoundError();
  const level = await assertMayManageStaff(actor, staff);
  const now = clock.now().toISOString();
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'staff.sessions_revoked',
        target: { type: 'staff', id: staffId },
        context,
      },
    ],
  });
  await writeStaff(staff, { ...staff, sessionsNotBefore: now, version: staff.version + 1, updatedAt: now }, adminLevels(level), audit);
}
