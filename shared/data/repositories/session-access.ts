import { type AccountItem, entities, type MembershipItem, type SessionItem, type TenantPolicyItem } from '../entities.js';
import { batchGetAll, pick } from '../batch-get.js';

export interface SessionRead {
  session: SessionItem | undefined;
  /**
   * Only its `sessionsNotBefore` (a password reset ends every session at
   * once) and its session slots (a session lives while its slot names it;
   * turning two-factor login on frees every other slot) matter here.
   */
  account: Pick<AccountItem, 'sessionsNotBefore' | `ss${number}`> | undefined;
}

export interface SessionWithTenant extends SessionRead {
  membership: MembershipItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/** A back-office session with its account's session cut-off and slots, in ONE strongly consistent BatchGetItem. */
export async function getSessionWithAccount(accountId: string, sessionId: string): Promise<SessionRead> {
  const sessionKey = entities.backofficeSession.key({ accountId, sessionId });
  const accountKey = entities.account.key({ accountId });
  const items = await batchGetAll([sessionKey, accountKey], true);
  return { session: pick<SessionItem>(items, sessionKey), account: pick<AccountItem>(items, accountKey) };
}

/**
 * The session, its account's cut-off, the account's membership of the tenant
 * and the tenant's level versions in ONE strongly consistent BatchGetItem:
 * everything a request to a tenant needs to be authorized, so a warm check
 * costs a single request.
 */
export async function getSessionWithTenant(accountId: string, sessionId: string, tenantId: string): Promise<SessionWithTenant> {
  const sessionKey = entities.backofficeSession.key({ accountId, sessionId });
  const accountKey = entities.account.key({ accountId });
  const membershipKey = entities.membership.key({ accountId, tenantId });
  const policyKey = entities.tenantPolicy.key({ tenantId });
  const items = await batchGetAll([sessionKey, accountKey, membershipKey, policyKey], true);
  return {
    session: pick<SessionItem>(items, sessionKey),
    account: pick<AccountItem>(items, accountKey),
    membership: pick<MembershipItem>(items, membershipKey),
    policy: pick<TenantPolicyItem>(items, policyKey),
  };
}

/** The membership and level versions alone, when the session check did not name the tenant. */
export async function getTenantAccess(accountId: string, tenantId: string): Promise<Pick<SessionWithTenant, 'membership' | 'policy'>> {
  const membershipKey = entities.membership.key({ accountId, tenantId });
  const policyKey = entities.tenantPolicy.key({ tenantId });
  const items = await batchGetAll([membershipKey, policyKey], true);
  return { membership: pick<MembershipItem>(items, membershipKey), policy: pick<TenantPolicyItem>(items, policyKey) };
}
