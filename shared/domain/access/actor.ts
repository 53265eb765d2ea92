import type { AccessLevelItem, StaffItem } from '../../data/entities.js';
import { getAccessLevel, getMembership, getStaff } from '../../data/repositories/members.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import type { RoutePermission } from '../../http/routes.js';

/** The caller as an active member of one tenant. */
export interface Actor {
  tenantId: string;
  staff: StaffItem;
  accountId: string;
  accessLevel: AccessLevelItem | undefined;
}

export class NotPermittedError extends ForbiddenError {
  constructor(permission: string) {
    super('not_permitted', `This needs the ${permission} permission.`);
  }
}

/**
 * Resolves the caller's membership of the tenant in the path. Someone who is
 * not an active member gets the same 404 as for a tenant that does not exist,
 * so tenant ids cannot be probed.
 */
export async function resolveActor(principal: Principal, tenantId: string, permission: RoutePermission): Promise<Actor> {
  if (principal.kind !== 'backoffice') throw new NotFoundError();
  const membership = await getMembership(principal.accountId, tenantId);
  if (!membership) throw new NotFoundError();
  const staff = await getStaff(tenantId, membership.staffId);
  if (!staff || staff.status !== 'active') throw new NotFoundError();
  if (permission === 'member') return { tenantId, staff, accountId: principal.accountId, accessLevel: undefined };
  const accessLevel = await getAccessLevel(tenantId, staff.accessLevelId);
  if (accessLevel?.grants[permission] !== true) throw new NotPermittedError(permission);
  return { tenantId, staff, accountId: principal.accountId, accessLevel };
}
