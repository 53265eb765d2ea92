import { clock } from '../../clock.js';
import type { Plan } from '../../data/entities.js';
import { updatePlan } from '../../data/repositories/tenants.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { tenantView } from '../views.js';

export async function changePlan(tenantId: string, plan: Plan, ifMatch: number | undefined, operator: string, context: AuditContext) {
  const tenant = await updatePlan(tenantId, plan, clock.now().toISOString(), ifMatch);
  await recordAudit({
    tenantId,
    actor: { type: 'operator', id: operator },
    action: 'tenant.plan_changed',
    target: { type: 'tenant', id: tenantId },
    details: { plan },
    context,
  });
  return tenantView(tenant);
}
