import type { Actor } from '../domain/access/actor.js';
import type { AuditContext } from '../domain/audit/audit.js';
import { NotFoundError } from '../errors.js';
import type { RequestInfo } from './api-handler.js';

/** The actor of a route that names a permission: always resolved by the handler chain before the operation runs. */
export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new NotFoundError();
  return actor;
}

export function auditContext(request: RequestInfo): AuditContext {
  return { requestId: request.requestId, sourceIp: request.sourceIp, ...(request.terminalId ? { terminalId: request.terminalId } : {}) };
}
