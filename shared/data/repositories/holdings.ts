import { config } from '../../config.js';
import { BadRequestError, ConflictError, VersionConflictError } from '../../errors.js';
import { entities, type StaffStatus } from '../entities.js';
import type { Step } from '../transaction.js';

const table = () => config().tableName;

export class UnknownAccessLevelError extends BadRequestError {
  constructor(detail = 'No access level with that id in this salon.') {
    super('unknown_access_level', detail);
  }
}

export class LastAdminError extends ConflictError {
  constructor() {
    super(
      'last_admin',
      'This would leave the salon without an active member who holds access.manage, staff.manage and settings.manage; give someone else that level first.',
    );
  }
}

/** What a staff member holds, as far as the level counts are concerned. */
export interface Holding {
  accessLevelId: string;
  /**
   * The levels the member holds at single branches: counted as holders (a
   * level in use cannot be deleted), never as active holders or admins, since
   * a salon's admin holds admin rights everywhere.
   */
  branchLevelIds?: readonly string[] | undefined;
  status: StaffStatus;
  /** The level is an admin level (`isAdminLevel`), as read by the caller; the write checks it still is. */
  admin: boolean;
  /** The member has an end date (`endsOn`): whatever it is, they are not the admin a salon keeps for good. */
  ending?: boolean | undefined;
}

const counted = (holding: Holding | undefined) => holding !== undefined && holding.status !== 'archived';
/** Counted as an active holder (and, of an admin level, as one of the salon's admins): active, with no end date. */
const active = (holding: Holding | undefined) => holding !== undefined && holding.status === 'active' && holding.ending !== true;

/**
 * The steps that keep the level counts and the salon's admin count right
 * when a staff member moves from `before` to `after` (undefined: did not / no
 * longer exists). Each level update is conditioned on the admin flag the
 * caller decided with, so a concurrent level edit that flips it makes one of
 * the two transactions fail; the admin count never drops below one (a salon
 * without admins yet, before its owner accepts, may still gain one).
 */
export function holdingSteps(tenantId: string, before: Holding | undefined, after: Holding | undefined): Step[] {
  const deltas = new Map<string, { holders: number; activeHolders: number; admin: boolean }>();
  const add = (holding: Holding | undefined, sign: 1 | -1) => {
    if (!counted(holding) || !holding) return;
    const entry = deltas.get(holding.accessLevelId) ?? { holders: 0, activeHolders: 0, admin: holding.admin };
    // The entry may have come from a branch level, which does not know whether the level is an admin level.
    entry.admin = holding.admin;
    entry.holders += sign;
    if (active(holding)) entry.activeHolders += sign;
    deltas.set(holding.accessLevelId, entry);
    for (const accessLevelId of new Set(holding.branchLevelIds ?? [])) {
      if (accessLevelId === holding.accessLevelId) continue;
      const branchEntry = deltas.get(accessLevelId) ?? { holders: 0, activeHolders: 0, admin: false };
      branchEntry.holders += sign;
      deltas.set(accessLevelId, branchEntry);
    }
  };
  add(before, -1);
  add(after, 1);

  const steps: Step[] = [];
  for (const [accessLevelId, delta] of deltas) {
    if (delta.holders === 0 && delta.activeHolders === 0) continue;
    const conditions = ['attribute_exists(pk)'];
    const values: Record<string, unknown> = { ':holders': delta.holders, ':active': delta.activeHolders };
    if (delta.activeHolders !== 0) {
      conditions.push('admin = :admin');
      values[':admin'] = delta.admin;
    }
    steps.push({
      item: {
        Update: {
          TableName: table(),
          Key: entities.accessLevel.key({ tenantId, accessLevelId }),
          UpdateExpression: 'ADD holders :holders, activeHolders :active',
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old || delta.holders < 0 ? new VersionConflictError() : new UnknownAccessLevelError()),
    });
  }

  const adminDelta = Number(active(after) && after?.admin === true) - Number(active(before) && before?.admin === true);
  if (adminDelta !== 0) steps.push(adminCountStep(tenantId, adminDelta));
  return steps;
}

/** Moves the salon's admin count by `delta`; a decrease must leave at least one. */
export function adminCountStep(tenantId: string, delta: number): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.tenantPolicy.key({ tenantId }),
        UpdateExpression: 'ADD admins :delta',
        ...(delta < 0
          ? { ConditionExpression: 'admins >= :floor', ExpressionAttributeValues: { ':delta': delta, ':floor': 1 - delta } }
          : { ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':delta': delta } }),
      },
    },
    onFail: () => (delta < 0 ? new LastAdminError() : new VersionConflictError()),
  };
}
