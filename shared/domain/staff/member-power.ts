import type { AccessLevelItem, StaffItem } from '../../data/entities.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import type { Actor } from '../access/actor.js';
import { assertMayManageMember } from '../access/escalation.js';
import { heldLevelIds } from './branch-levels.js';

/**
 * No escalation: only someone who holds at least what a staff member holds,
 * with every level they hold (the default and each branch's), may act on
 * them or their PIN or invitation. Returns the member's default level.
 */
export async function assertMayManageStaff(actor: Actor, staff: StaffItem): Promise<AccessLevelItem | undefined> {
  const [level, ...atBranches] = await Promise.all(heldLevelIds(staff).map((accessLevelId) => getAccessLevel(actor.tenantId, accessLevelId)));
  assertMayManageMember(actor, staff, level);
  for (const branchLevel of atBranches) if (branchLevel) assertMayManageMember(actor, staff, branchLevel);
  return level;
}
