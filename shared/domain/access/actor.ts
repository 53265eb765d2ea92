import { clock } from '../../clock.js';
import { getTenantAccess } from '../../data/repositories/session-access.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import type { RoutePermission } from '../../http/routes.js';
import { evaluate, type Subject } from '../permissions/compiled.js';
import { withinStaffDates } from '../staff/dates.js';
import { grantFor } from '../permissions/grants.js';
import { accessLevelAt, type CachedLevel, nothingLevel, personalLevel } from './level-cache.js';
import { type TenantAccess, tenantAccessFrom } from './tenant-access.js';

/** The caller as an active member of one tenant, with their access level. */
export interface Actor {
  tenantId: string;
  staffId: string;
  accountId: string | undefined;
  access: TenantAccess;
  /** The session's level: at a terminal, the one for the terminal's branch; in the back office, the default. */
  level: CachedLevel;
  /** The member's default level (accessLevelId), as the session may hold it. */
  defaultLevel: CachedLevel;
  subject: Subject;
  /**
   * Where the actor may act with StaffGate's own management (staff, PINs,
   * invitations, terminals, branches; escalation.ts `assertCoversBranches`):
   * `only` those branches (undefined: any), never in `except`. A session at a
   * terminal whose branch gives them another level manages that branch
   * alone; anywhere else, branches where they hold another level than the
   * session's are not theirs to manage with the session's level.
   */
  manages: { only: string[] | undefined; except: string[] };
  /**
   * The level that answers a check about `branchId` (api.md v1.1,
   * branchLevels): that branch's level if the member has one there, else the
   * default; no branch named: the session's level. As the session may hold it
   * (mobile app, remote access, two-factor), like the session's own level.
   */
  levelAt(branchId: string | undefined): Promise<CachedLevel>;
}

/**
 * Who checks rights and records events: a staff member (an Actor), or a
 * front desk's own session (PINs off), which holds the salon's desk level at
 * its terminal's branch and is nobody: no "own" scope is theirs, no approval
 * is asked of them.
 */
export type Checker = Actor | DeskChecker;

export interface DeskChecker {
  tenantId: string;
  staffId: undefined;
  /** The desk session's terminal, which acts. */
  terminalId: string;
  level: CachedLevel;
  subject: Subject;
  levelAt(branchId: string | undefined): Promise<CachedLevel>;
}

/** A desk session may check rights and record events; acting on the salon needs a staff member. */
export class StaffSessionRequiredError extends ForbiddenError {
  constructor() {
    super('staff_session_required', "A front desk's own session may check rights and record events only; this needs a staff member's session.");
  }
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
  if (principal.kind !== 'backoffice' && principal.tenantId !== tenantId) throw new NotFoundError();
  if (principal.kind === 'desk') throw new StaffSessionRequiredError();
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
  const defaultRead = await accessLevelAt(tenantId, access.accessLevelId, access.levelVersion);
  if (!defaultRead) throw new NotFoundError();
  const defaultLevel = sessionLevel(principal, access, personalLevel(defaultRead, access.overrides));
  const levels = new Map<string, Promise<CachedLevel>>();
  const levelAtBranch = (branchId: string): Promise<CachedLevel> => {
    const held = access.branchLevels && Object.hasOwn(access.branchLevels, branchId) ? access.branchLevels[branchId] : undefined;
    if (!held) return Promise.resolve(defaultLevel);
    const known = levels.get(held.accessLevelId);
    if (known) return known;
    const loading = branchLevel(principal, access, tenantId, held.accessLevelId, held.levelVersion);
    levels.set(held.accessLevelId, loading);
    return loading;
  };
  const sessionBranch = principal.kind === 'terminal' ? principal.branchId : undefined;
  const level = sessionBranch === undefined ? defaultLevel : await levelAtBranch(sessionBranch);
  const otherLevels = Object.entries(access.branchLevels ?? {}).filter(([, held]) => held.accessLevelId !== level.accessLevelId);
  const atOwnBranch = sessionBranch !== undefined && access.branchLevels !== undefined && Object.hasOwn(access.branchLevels, sessionBranch);
  const manages = {
    only: atOwnBranch ? [sessionBranch] : access.branchIds.length > 0 ? access.branchIds : undefined,
    except: otherLevels.map(([branchId]) => branchId),
  };
  const subject: Subject = { employeeId: access.employeeId, branchIds: access.branchIds, timeZone: access.timeZone };
  if (permission !== 'member' && !evaluate(level.compiled, permission, subject, undefined, clock.nowMs()).allowed) {
    throw new NotPermittedError(permission);
  }
  return {
    tenantId,
    staffId: access.staffId,
    accountId: principal.kind === 'backoffice' ? principal.accountId : undefined,
    access,
    level,
    defaultLevel,
    subject,
    manages,
    levelAt: (branchId) => (branchId === undefined ? Promise.resolve(level) : levelAtBranch(branchId)),
  };
}

/**
 * The checker behind `POST /v1/authorize` and `POST /v1/audit`: the member
 * (resolveActor), or a desk session with the desk level, limited to its
 * terminal's branch. The level comes from the version the authorizer read
 * with the session; a level gone since answers nothing.
 */
export async function resolveChecker(principal: Principal, tenantId: string): Promise<Checker> {
  if (principal.kind !== 'desk') return resolveActor(principal, tenantId, 'member');
  if (principal.tenantId !== tenantId) throw new NotFoundError();
  const level = (await accessLevelAt(tenantId, principal.accessLevelId, principal.levelVersion)) ?? nothingLevel(principal.accessLevelId);
  const subject: Subject = { branchIds: [principal.branchId], timeZone: principal.timeZone };
  return { tenantId, staffId: undefined, terminalId: principal.terminalId, level, subject, levelAt: () => Promise.resolve(level) };
}

/**
 * What a session may hold of a (personal) level, or why it may hold
 * nothing: a mobile-app session needs mobile.app and loses the web-only
 * sections; a back-office session needs remote access, and two-factor login
 * where the salon demands it of admins.
 */
function sessionLevel(principal: Exclude<Principal, { kind: 'operator' | 'desk' }>, access: TenantAccess, stored: CachedLevel): CachedLevel {
  const mobile = principal.kind === 'backoffice' && principal.platform === 'mobile';
  if (mobile && !stored.compiled.byKey.has('mobile.app')) throw new MobileAppDeniedError();
  const level = mobile ? { ...stored, compiled: stored.mobile } : stored;
  // remoteAccess:false levels work only at the salon's terminals, never through a back-office login.
  if (principal.kind === 'backoffice' && !level.remoteAccess) throw new RemoteAccessDeniedError();
  if (principal.kind === 'backoffice' && access.requireTwoFactorForAdmins && !principal.mfa && holdsAdminRights(level)) {
    throw new ForbiddenError('two_factor_required', 'This salon requires two-factor login for members who manage settings or access.');
  }
  return level;
}

/**
 * A branch's level, as the session may hold it. Where the session may not
 * (a terminal-only level in the back office, say), checks about that branch
 * get a level that grants nothing: the default level's pass does not open
 * another level's gate, and a missing level fails closed.
 */
async function branchLevel(
  principal: Exclude<Principal, { kind: 'operator' | 'desk' }>,
  access: TenantAccess,
  tenantId: string,
  accessLevelId: string,
  version: number | undefined,
): Promise<CachedLevel> {
  const read = await accessLevelAt(tenantId, accessLevelId, version);
  if (!read) return nothingLevel(accessLevelId);
  try {
    return sessionLevel(principal, access, personalLevel(read, access.overrides));
  } catch (error) {
    if (error instanceof ForbiddenError) return nothingLevel(read.accessLevelId, read.name);
    throw error;
  }
}
