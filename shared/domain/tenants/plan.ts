import { clock } from '../../clock.js';
import type { Plan } from '../../data/entities.js';
import { getTenant, updatePlan } from '../../data/repositories/tenants.js';
import { NotFoundError, VersionConflictError } from '../../errors.js';
import type { AuditContext } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { tenantView } from '../views.js';

export async function changePlan(tenantId: string, plan: Plan, ifMatch: number | undefined, operator: string, context: AuditContext) {
  const tenant = await getTenant(tenantId);
  if (!tenant) throw new NotFoundError();
  if (ifMatch !== undefined && ifMatch !== tenant.version) throw new VersionConflictError();
  const audit = await effectSteps({
    audit: [{ tenantId, actor: { type: 'operator', id: operator }, action: 'tenant.plan_changed', target: { type: 'tenant', id: tenantId }, details: { plan }, context }],
  });
  return tenantView(await updatePlan(tenant, plan, clock.now().toISOString(), audit));
}
