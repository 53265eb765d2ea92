import type { Overrides } from '../permissions/grants.js';
import type { BranchLevels, MembershipItem, StaffStatus, TenantPolicyItem } from '../../data/entities.js';
import { salonTimeZone } from '../tenants/settings.js';

/** What authorization knows of a person in one tenant, as read with the session. */
export interface TenantAccess {
  tenantId: string;
  staffId: string;
  status: StaffStatus;
  accessLevelId: string;
  /** Personal adjustments to the level, applied on top of it (grants.ts `withOverrides`). */
  overrides?: Overrides;
  /** The level's current version; undefined when the level no longer exists. */
  levelVersion: number | undefined;
  branchIds: string[];
  /** The level that applies at a branch instead of the default, with its current version (undefined: the level no longer exists). */
  branchLevels?: Record<string, { accessLevelId: string; levelVersion: number | undefined }>;
  employeeId?: string;
  sessionsNotBefore?: string;
  /** The tenant requires two-factor login of members who hold settings.manage or access.manage. */
  requireTwoFactorForAdmins?: boolean;
  /** The salon's time zone (the POLICY item's copy, else the region's): history limits and staff dates count its days. */
  timeZone: string;
  /** The staff member's first and last local day; outside them they are treated as suspended. */
  startsOn?: string;
  endsOn?: string;
}

export function tenantAccessFrom(membership: MembershipItem | undefined, policy: TenantPolicyItem | undefined): TenantAccess | undefined {
  if (!membership) return undefined;
  return {
    tenantId: membership.tenantId,
    staffId: membership.staffId,
    status: membership.status,
    accessLevelId: membership.accessLevelId,
    ...(membership.overrides ? { overrides: membership.overrides } : {}),
    levelVersion: policy?.levels[membership.accessLevelId],
    branchIds: membership.branchIds ?? [],
    ...branchLevelAccess(membership.branchLevels, policy?.levels),
    ...(membership.employeeId ? { employeeId: membership.employeeId } : {}),
    ...(membership.sessionsNotBefore ? { sessionsNotBefore: membership.sessionsNotBefore } : {}),
    ...(policy?.requireTwoFactorForAdmins ? { requireTwoFactorForAdmins: true } : {}),
    timeZone: salonTimeZone(policy?.timeZone),
    ...(membership.startsOn ? { startsOn: membership.startsOn } : {}),
    ...(membership.endsOn ? { endsOn: membership.endsOn } : {}),
  };
}

/** TenantAccess.branchLevels, with each level's version from the tenant's POLICY item read beside the membership. */
export function branchLevelAccess(
  branchLevels: BranchLevels | null | undefined,
  versions: Record<string, number> | undefined,
): Pick<TenantAccess, 'branchLevels'> {
  if (!branchLevels || Object.keys(branchLevels).length === 0) return {};
  return {
    branchLevels: Object.fromEntries(
      Object.entries(branchLevels).map(([branchId, accessLevelId]) => [branchId, { accessLevelId, levelVersion: versions?.[accessLevelId] }]),
    ),
  };
}
