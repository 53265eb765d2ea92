/**
 * Power only goes down (product.md, "No escalation"): nobody grants, edits,
 * assigns or manages more than they hold — in rights, in remote access and
 * in branches — and nobody loosens what bounds their own power.
 */
import type { AccessLevelItem, StaffItem } from '../../data/entities.js';
import { ForbiddenError } from '../../errors.js';
import { sectionOfPermission } from '../permissions/catalog.js';
import { effectiveGrants, type Grants, uncovered, withOverrides } from '../permissions/grants.js';

/** The catalog sections a level grants anything in. */
const grantedSections = (grants: Grants): Set<string> =>
  new Set(Object.keys(effectiveGrants(grants)).flatMap((key) => sectionOfPermission(key) ?? []));
import type { Actor } from './actor.js';

export class EscalationDeniedError extends ForbiddenError {
  constructor(detail = 'You cannot grant, edit or assign rights you do not hold yourself.') {
    super('escalation_denied', detail);
  }
}

/** The actor holds every right in `grants`, at least as broadly. */
function assertCovers(actor: Actor, grants: Grants): void {
  const missing = uncovered(actor.level.grants, grants);
  if (missing.length) {
    throw new EscalationDeniedError(`You do not hold ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} yourself.`);
  }
}

/** A level with remote access is more than one without: only a holder of remote access may give it. */
export function assertCoversLevel(actor: Actor, level: Pick<AccessLevelItem, 'grants' | 'remoteAccess' | 'webOnlySections'>): void {
  assertCovers(actor, level.grants);
  if (level.remoteAccess && !actor.level.remoteAccess) {
    throw new EscalationDeniedError("You cannot give remote access: your own access level works only at the salon's terminals.");
  }
  // A section the actor may use only on the web stays web-only in what they give (in what it grants of it).
  const granted = grantedSections(level.grants);
  const loosened = actor.level.webOnlySections.filter((section) => granted.has(section) && !(level.webOnlySections ?? []).includes(section));
  if (loosened.length) {
    throw new EscalationDeniedError(`Your own access level keeps ${loosened.join(', ')} to the web app; a level you give must keep it there too.`);
  }
}

/** The actor manages only some branches (Actor.manages): an act on every branch is beyond them. */
export function managesSomeBranches(actor: Actor): boolean {
  return actor.manages.only !== undefined || actor.manages.except.length > 0;
}

/**
 * Someone limited to branches acts only within them: every branch given must
 * be one they manage, and "no branches" (every branch) is more than they
 * hold. So is a branch where they hold another level than the session's.
 */
export function assertCoversBranches(actor: Actor, branchIds: readonly string[]): void {
  const { only, except } = actor.manages;
  if (!managesSomeBranches(actor)) return;
  if (only !== undefined && (branchIds.length === 0 || branchIds.some((branchId) => !only.includes(branchId)))) {
    throw new EscalationDeniedError(`You manage only branch(es) ${only.join(', ')} here; you cannot act on staff or grant work beyond them.`);
  }
  if (branchIds.length === 0 || branchIds.some((branchId) => except.includes(branchId))) {
    throw new EscalationDeniedError(
      `You hold another access level at branch(es) ${except.join(', ')}; act there with it (at a terminal of the branch), not with this session's level.`,
    );
  }
}

/** Every action on a member (or their invitation) needs the actor to hold at least what the member holds. */
export function assertMayManageMember(actor: Actor, staff: Pick<StaffItem, 'branchIds' | 'overrides'>, level: AccessLevelItem | undefined): void {
  if (level) assertCoversLevel(actor, { ...level, grants: withOverrides(level.grants, staff.overrides) });
  assertCoversBranches(actor, staff.branchIds);
}

/** The fields that bound a person's own power; they change only by someone else's hand. */
const SELF_BOUNDING_FIELDS = ['accessLevelId', 'overrides', 'branchIds', 'branchLevels', 'employeeId', 'status', 'startsOn', 'endsOn'] as const;

export function assertNotSelfBounding(actor: Actor, staffId: string, changed: readonly string[]): void {
  if (staffId !== actor.staffId) return;
  const bounding = changed.filter((field) => (SELF_BOUNDING_FIELDS as readonly string[]).includes(field));
  if (bounding.length) {
    throw new EscalationDeniedError(`You cannot change your own ${bounding.join(', ')}; someone else who holds at least as much must.`);
  }
}
