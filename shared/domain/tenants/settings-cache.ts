import { clock } from '../../clock.js';
import type { TenantSettings } from '../../data/entities.js';
import { getTenant } from '../../data/repositories/tenants.js';

/**
 * Tenant settings that may lag a minute behind an edit (audit retention),
 * cached per process so that recording an event costs one write, not a read
 * and a write. Settings that must apply at once (PIN policy, lockout) are
 * never read through here.
 */
const MAX_AGE_MS = 60_000;
const cache = new Map<string, { settings: TenantSettings; readAtMs: number }>();

export async function recentTenantSettings(tenantId: string): Promise<TenantSettings | undefined> {
  const hit = cache.get(tenantId);
  if (hit && clock.nowMs() - hit.readAtMs < MAX_AGE_MS) return hit.settings;
  const tenant = await getTenant(tenantId);
  if (!tenant) return undefined;
  if (cache.size > 10_000) cache.clear();
  cache.set(tenantId, { settings: tenant.settings, readAtMs: clock.nowMs() });
  return tenant.settings;
}
