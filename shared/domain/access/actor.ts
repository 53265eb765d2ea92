import { clock } from '../../clock.js';
import { getTenantAccess } from '../../data/repositories/session-access.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import type { RoutePermission } from '../../http/routes.js';
import { evaluate, type Subject } from '../permissions/compiled.js';
import { withinStaffDates } from '../staff/dates.js';
import { grantFor } from '../permissions/grants.js';
import { accessLevelAt, type CachedLevel, personalLevel } from './level-cache.js';
import { type TenantAccess, tenantAccessFrom } from './tenant-access.js';

/** The caller as an active member of one tenant, with their access level. */
export interface Actor {
  tenantId: string;
  staffId: string;
  accountId: string | undefined;
  access: TenantAccess;
  level: CachedLevel;
  subject: Subject;
}

export class NotPermittedError extends ForbiddenError {
  constructor(permission: string) {
    super('not_permitted', `This needs the ${permission} permission.`);
  }
}

export class RemoteAccessDeniedError extends ForbiddenError {
  constructor() {
    super('remote_access_denied', "Your access level allows work only at the salon's terminals.");
  }
}

export class MobileAppDeniedError extends ForbiddenError {
  constructor() {
    super('mobile_app_denied', "Your access level does not include the mobile app (mobile.app); use the web app or a salon terminal.");
  }
}

/** Rights for which a salon may demand two-factor login (Toast forces MFA for financial rights). */
const ADMIN_RIGHTS = ['settings.manage', 'access.manage'];

export function holdsAdminRights(level: CachedLevel): boolean {
  return ADMIN_RIGHTS.some((key) => grantFor(level.grants, key) !== undefined);
}

/**
 * Resolves the caller's membership of the tenant in the path. Someone who is
 * not an active member gets the same 404 as for a tenant that does not exist,
 * so tenant ids cannot be probed. Usually costs no request: the authorizer
 * read the membership with the session, and the level is cached by version.
 */
export async function resolveActor(principal: Principal, tenantId: string, permission: RoutePermission): Promise<Actor> {
  if (principal.kind === 'operator') throw new NotFoundError();
  // A terminal session belongs to one tenant; other tenants do not exist for it.
  if (principal.kind === 'terminal' && principal.tenantId !== tenantId) throw new NotFoundError();
  let access = principal.tenantAccess;
  // The authorizer already read this tenant's membership with the session; only another tenant needs a read.
  if (principal.kind === 'backoffice' && principal.tenantId !== tenantId) {
    const read = await getTenantAccess(principal.accountId, tenantId);
    access = tenantAccessFrom(read.membership, read.policy);
  }
  // Outside their start and end days a member is as good as suspended (their sessions stay, and work again within them).
  if (!access || access.status !== 'active' || !withinStaffDates(access, clock.nowMs(), access.timeZone)) throw new NotFoundError();
  if (access.sessionsNotBefore && principal.sessionCreatedAt < access.sessionsNotBefore) {
    throw new UnauthorizedError('session_expired', 'Your sessions for this salon were ended; sign in again.');
  }
  const levelRead = await accessLevelAt(tenantId, access.accessLevelId, access.levelVersion);
  if (!levelRead) throw new NotFoundError();
  const stored = personalLevel(levelRead, access.overrides);
  const mobile = principal.kind === 'backoffice' && principal.platform === 'mobile';
  if (mobile && !stored.compiled.byKey.has('mobile.app')) throw new MobileAppDeniedError();
  // What the session holds: from the mobile app, the level without its web-only sections.
  const level = mobile ? { ...stored, compiled: stored.mobile } : stored;
  // remoteAccess:false levels work only at the salon's terminals, never through a back-office login.
  if (principal.kind === 'backoffice' && !level.remoteAccess) throw new RemoteAccessDeniedError();
  if (principal.kind === 'backoffice' && access.requireTwoFactorForAdmins && !principal.mfa && holdsAdminRights(level)) {
    throw new ForbiddenError('two_factor_required', 'This salon requires two-factor login for members who manage settings or access.');
  }
  const subject: Subject = { employeeId: access.employeeId, branchIds: access.branchIds, timeZone: access.timeZone };
  if (permission !== 'member' && !evaluate(level.compiled, permission, subject, undefined, clock.nowMs()).allowed) {
    throw new NotPermittedError(permission);
  }
  return { tenantId, staffId: access.staffId, accountId: principal.kind === 'backoffice' ? principal.accountId : undefined, access, level, subject };
}
