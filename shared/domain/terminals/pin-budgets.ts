import type { BudgetSpec } from '../../data/attempt-budgets.js';
import { entities, type TenantItem } from '../../data/entities.js';

const HOUR_MS = 3_600_000;

/**
 * PIN attempts on one terminal: `maxAttempts` in a row lock it (a success
 * frees them all; a lock forgives them once it ends). The window only ends
 * a run nobody finished: an hour after a wrong PIN it no longer counts.
 */
export function terminalPinBudget(tenant: TenantItem, terminalId: string): BudgetSpec {
  return {
    key: entities.terminalPinBudget.key({ tenantId: tenant.tenantId, terminalId }),
    entity: entities.terminalPinBudget.name,
    size: tenant.settings.lockout.maxAttempts,
    windowMs: HOUR_MS,
  };
}

/**
 * PIN attempts across the salon over a rolling hour (product.md): the bound
 * on how many PINs anyone can test, whatever terminal, whatever clears. A
 * success gives its own attempt back; nothing else does.
 */
export function tenantPinBudget(tenant: TenantItem): BudgetSpec {
  return {
    key: entities.tenantPinBudget.key({ tenantId: tenant.tenantId }),
    entity: entities.tenantPinBudget.name,
    size: tenant.settings.lockout.tenantFailuresPerHour,
    windowMs: HOUR_MS,
  };
}

/** The tenant-wide lock lasts an hour once the salon's budget is spent (a manager may lift it; the budget stays spent). */
export const TENANT_LOCK_MS = HOUR_MS;
