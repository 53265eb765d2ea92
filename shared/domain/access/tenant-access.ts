import type { MembershipItem, StaffStatus, TenantPolicyItem } from '../../data/entities.js';

/** What authorization knows of a person in one tenant, as read with the session. */
export interface TenantAccess {
  tenantId: string;
  staffId: string;
  status: StaffStatus;
  accessLevelId: string;
  /** The level's current version; undefined when the level no longer exists. */
  levelVersion: number | undefined;
  branchIds: string[];
  employeeId?: string;
  sessionsNotBefore?: string;
  /** The tenant requires two-factor login of members who hold settings.manage or access.manage. */
  requireTwoFactorForAdmins?: boolean;
}

export function tenantAccessFrom(membership: MembershipItem | undefined, policy: TenantPolicyItem | undefined): TenantAccess | undefined {
  if (!membership) return undefined;
  return {
    tenantId: membership.tenantId,
    staffId: membership.staffId,
    status: membership.status,
    accessLevelId: membership.accessLevelId,
    levelVersion: policy?.levels[membership.accessLevelId],
    branchIds: membership.branchIds ?? [],
    ...(membership.employeeId ? { employeeId: membership.employeeId } : {}),
    ...(membership.sessionsNotBefore ? { sessionsNotBefore: membership.sessionsNotBefore } : {}),
    ...(policy?.requireTwoFactorForAdmins ? { requireTwoFactorForAdmins: true } : {}),
  };
}
