import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnauthorizedError } from '../errors.js';
import type { TenantAccess } from '../domain/access/tenant-access.js';
import type { AuthKind } from './routes.js';

/** Who is calling, as established by the authorizer (sessions) or API Gateway IAM (operators). */
export type Principal =
  | {
      kind: 'backoffice';
      sessionId: string;
      accountId: string;
      sessionCreatedAt: string;
      /** The tenant the authorizer looked up with the session (path or X-Tenant-Id), and what it found there. */
      tenantId: string | undefined;
      tenantAccess: TenantAccess | undefined;
    }
  | { kind: 'operator'; caller: string };

/** The context the authorizer returns to API Gateway; values must be strings. */
export interface AuthorizerContext {
  kind: 'backoffice';
  sessionId: string;
  accountId: string;
  sessionCreatedAt: string;
  /** The tenant the request named (path or X-Tenant-Id). */
  tenantId?: string;
  /** JSON of TenantAccess, when the account is a member of that tenant. */
  tenantAccess?: string;
  [key: string]: string | undefined;
}

export function principalFromEvent(event: APIGatewayProxyEvent, auth: AuthKind): Principal | undefined {
  if (auth === 'none') return undefined;
  if (auth === 'operator') {
    const caller = event.requestContext?.identity?.userArn ?? event.requestContext?.identity?.caller;
    if (!caller) throw new UnauthorizedError();
    return { kind: 'operator', caller };
  }
  const context = event.requestContext?.authorizer as Partial<AuthorizerContext> | null | undefined;
  if (context?.kind === 'backoffice' && context.sessionId && context.accountId && context.sessionCreatedAt) {
    return {
      kind: 'backoffice',
      sessionId: context.sessionId,
      accountId: context.accountId,
      sessionCreatedAt: context.sessionCreatedAt,
      tenantId: context.tenantId,
      tenantAccess: context.tenantAccess ? (JSON.parse(context.tenantAccess) as TenantAccess) : undefined,
    };
  }
  throw new UnauthorizedError();
}
