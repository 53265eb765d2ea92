import { entities, type MembershipItem, type SessionItem, type TenantPolicyItem } from '../entities.js';
import { batchGetAll, pick } from '../batch-get.js';

export interface SessionWithTenant {
  session: SessionItem | undefined;
  membership: MembershipItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/**
 * The session, the account's membership of the tenant and the tenant's level
 * versions in ONE strongly consistent BatchGetItem: everything a request to a
 * tenant needs to be authorized, so a warm check costs a single request.
 */
export async function getSessionWithTenant(accountId: string, sessionId: string, tenantId: string): Promise<SessionWithTenant> {
  const sessionKey = entities.backofficeSession.key({ accountId, sessionId });
  const membershipKey = entities.membership.key({ accountId, tenantId });
  const policyKey = entities.tenantPolicy.key({ tenantId });
  const items = await batchGetAll([sessionKey, membershipKey, policyKey], true);
  return {
    session: pick<SessionItem>(items, sessionKey),
    membership: pick<MembershipItem>(items, membershipKey),
    policy: pick<TenantPolicyItem>(items, policyKey),
  };
}

/** The membership and level versions alone, when the session check did not name the tenant. */
export async function getTenantAccess(accountId: string, tenantId: string): Promise<Omit<SessionWithTenant, 'session'>> {
  const membershipKey = entities.membership.key({ accountId, tenantId });
  const policyKey = entities.tenantPolicy.key({ tenantId });
  const items = await batchGetAll([membershipKey, policyKey], true);
  return { membership: pick<MembershipItem>(items, membershipKey), policy: pick<TenantPolicyItem>(items, policyKey) };
}
