import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { TenantAccess } from '../domain/access/tenant-access.js';
import { UnauthorizedError } from '../errors.js';
import type { AuthKind } from './routes.js';

/** Who is calling, as established by the authorizer (sessions) or API Gateway IAM (operators). */
export type Principal =
  | {
      kind: 'backoffice';
      sessionId: string;
      accountId: string;
      sessionCreatedAt: string;
      idleExpiresAt: string;
      /** Signed in with a second factor. */
      mfa: boolean;
      /** The app the session was opened from: the mobile app holds its level without the level's web-only sections. */
      platform: 'web' | 'mobile';
      /** The tenant the authorizer looked up with the session (path or X-Tenant-Id), and what it found there. */
      tenantId: string | undefined;
      tenantAccess: TenantAccess | undefined;
    }
  | {
      kind: 'terminal';
      sessionId: string;
      tenantId: string;
      staffId: string;
      terminalId: string;
      /** The terminal's branch (undefined only in a context from before the authorizer said it). */
      branchId: string | undefined;
      displayName: string;
      sessionCreatedAt: string;
      idleExpiresAt: string;
      tenantAccess: TenantAccess;
    }
  | DeskPrincipal
  | { kind: 'operator'; caller: string };

/**
 * A front desk's own session (PINs off): the terminal acts, with the salon's
 * desk level at its branch, and no staff member is signed in.
 */
export interface DeskPrincipal {
  kind: 'desk';
  sessionId: string;
  tenantId: string;
  terminalId: string;
  branchId: string;
  /** The terminal's name. */
  displayName: string;
  sessionCreatedAt: string;
  idleExpiresAt: string;
  /** settings.deskAccessLevelId, and its version from the POLICY item read with the session. */
  accessLevelId: string;
  levelVersion: number;
  timeZone: string;
}

/** The context the authorizer returns to API Gateway; values must be strings. */
export interface AuthorizerContext {
  kind: 'backoffice' | 'terminal' | 'desk';
  sessionId: string;
  sessionCreatedAt: string;
  idleExpiresAt: string;
  accountId?: string;
  /** Back office: the tenant the request named (path or X-Tenant-Id). Terminal: the session's tenant. */
  tenantId?: string;
  staffId?: string;
  terminalId?: string;
  /** Terminal: the terminal's branch. */
  branchId?: string;
  displayName?: string;
  /** 'true' when the back-office session was opened with a second factor. */
  mfa?: string;
  /** 'mobile' when the back-office session was opened from the mobile app. */
  platform?: string;
  /** JSON of TenantAccess, when the account is a member of that tenant (always, for a terminal session). */
  tenantAccess?: string;
  /** Desk: the desk level, its version (decimal) and the salon's time zone. */
  accessLevelId?: string;
  levelVersion?: string;
  timeZone?: string;
  [key: string]: string | undefined;
}

export function principalFromEvent(event: APIGatewayProxyEvent, auth: AuthKind): Principal | undefined {
  if (auth === 'none') return undefined;
  if (auth === 'operator') {
    const caller = event.requestContext?.identity?.userArn ?? event.requestContext?.identity?.caller;
    if (!caller) throw new UnauthorizedError();
    return { kind: 'operator', caller };
  }
  return principalFromContext(event.requestContext?.authorizer as Partial<AuthorizerContext> | null | undefined);
}

/** The principal an authorizer context describes; a context that describes none is a 401. */
export function principalFromContext(context: Partial<AuthorizerContext> | null | undefined): Principal {
  const access = context?.tenantAccess ? (JSON.parse(context.tenantAccess) as TenantAccess) : undefined;
  if (context?.kind === 'backoffice' && context.sessionId && context.accountId && context.sessionCreatedAt && context.idleExpiresAt) {
    return {
      kind: 'backoffice',
      sessionId: context.sessionId,
      accountId: context.accountId,
      sessionCreatedAt: context.sessionCreatedAt,
      idleExpiresAt: context.idleExpiresAt,
      mfa: context.mfa === 'true',
      platform: context.platform === 'mobile' ? 'mobile' : 'web',
      tenantId: context.tenantId,
      tenantAccess: access,
    };
  }
  if (
    context?.kind === 'terminal' &&
    context.sessionId &&
    context.tenantId &&
    context.staffId &&
    context.terminalId &&
    context.sessionCreatedAt &&
    context.idleExpiresAt &&
    access
  ) {
    return {
      kind: 'terminal',
      sessionId: context.sessionId,
      tenantId: context.tenantId,
      staffId: context.staffId,
      terminalId: context.terminalId,
      branchId: context.branchId,
      displayName: context.displayName ?? '',
      sessionCreatedAt: context.sessionCreatedAt,
      idleExpiresAt: context.idleExpiresAt,
      tenantAccess: access,
    };
  }
  if (
    context?.kind === 'desk' &&
    context.sessionId &&
    context.tenantId &&
    context.terminalId &&
    context.branchId &&
    context.sessionCreatedAt &&
    context.idleExpiresAt &&
    context.accessLevelId &&
    context.levelVersion &&
    context.timeZone
  ) {
    return {
      kind: 'desk',
      sessionId: context.sessionId,
      tenantId: context.tenantId,
      terminalId: context.terminalId,
      branchId: context.branchId,
      displayName: context.displayName ?? '',
      sessionCreatedAt: context.sessionCreatedAt,
      idleExpiresAt: context.idleExpiresAt,
      accessLevelId: context.accessLevelId,
      levelVersion: Number(context.levelVersion),
      timeZone: context.timeZone,
    };
  }
  throw new UnauthorizedError();
}
