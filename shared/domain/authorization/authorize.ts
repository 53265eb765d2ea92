import { clock } from '../../clock.js';
import { ValidationError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import { resolveActor } from '../access/actor.js';
import { type Decision, evaluate, type Resource } from '../permissions/compiled.js';

export interface Check {
  permission: string;
  resource?: Resource | undefined;
}

/** The tenant a check is about: the one named with the session (X-Tenant-Id), else the body's. */
export function tenantForCheck(principal: Principal, bodyTenantId: string | undefined): string {
  const tenantId = bodyTenantId ?? (principal.kind === 'backoffice' ? principal.tenantId : undefined);
  if (!tenantId) {
    throw new ValidationError([{ path: 'tenantId', message: 'Name the salon: send X-Tenant-Id (one request) or tenantId in the body.' }]);
  }
  return tenantId;
}

/**
 * "May this session do X to Y?" for one check or a batch, against the
 * caller's compiled access level. Warm, with X-Tenant-Id, this costs no
 * request beyond the authorizer's single read.
 */
export async function authorizeChecks(principal: Principal, tenantId: string, checks: Check[]): Promise<Decision[]> {
  const actor = await resolveActor(principal, tenantId, 'member');
  const nowMs = clock.nowMs();
  return checks.map((check) => evaluate(actor.level.compiled, check.permission, actor.subject, check.resource, nowMs));
}
