import { clock } from '../../clock.js';
import { parseToken, sha256 } from '../../crypto/tokens.js';
import { consumeApproval } from '../../data/repositories/approvals.js';
import type { Resource } from '../permissions/compiled.js';

/** product.md / issue: an approval lets one action through, within two minutes. */
export const APPROVAL_TTL_SECONDS = 120;

/**
 * The same resource always gives the same key, whatever the order of its
 * fields. The amount is kept apart: an approval of 150 also covers a refund
 * of 140 to the same client, but no more than was approved.
 */
export function resourceKey(resource: Resource | undefined): string {
  if (!resource) return '';
  const entries = Object.entries(resource)
    .filter(([key, value]) => value !== undefined && key !== 'amount')
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : '';
}

/** Uses an approval token for one check; false when it does not fit (wrong, used, expired, other action). */
export async function useApproval(
  tenantId: string,
  requesterStaffId: string,
  token: string,
  permission: string,
  resource: Resource | undefined,
): Promise<boolean> {
  const parsed = parseToken(token);
  if (!parsed || parsed.ownerId !== tenantId || !parsed.recordId.startsWith('apr_')) return false;
  return consumeApproval({
    tenantId,
    approvalId: parsed.recordId,
    secretHash: sha256(parsed.secret),
    permission,
    resourceKey: resourceKey(resource),
    amount: resource?.amount,
    requesterStaffId,
    now: clock.now().toISOString(),
  });
}
