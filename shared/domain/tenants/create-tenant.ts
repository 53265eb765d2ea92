import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { newId } from '../../crypto/tokens.js';
import type { AccessLevelAttributes, Locale, Plan, StaffAttributes, TenantAttributes } from '../../data/entities.js';
import { newAccessLevel } from '../access-levels/records.js';
import { searchTerms } from '../staff/records.js';
import { createTenantWithOwner } from '../../data/repositories/tenants.js';
import type { AuditContext } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { ownerGrants } from '../permissions/catalog.js';
import { invitationMessage, newInvitation, preferredChannel } from '../invitations/issue.js';
import { invitationView, staffView, tenantView } from '../views.js';
import { defaultSettings, regionTimeZone } from './settings.js';

export interface NewTenantInput {
  name: string;
  plan: Plan;
  owner: { firstName: string; lastName: string; email?: string | undefined; phone?: string | undefined };
  pinLength?: 4 | 6 | undefined;
  locale?: Locale | undefined;
  /** A canonical IANA zone; absent: the region's. */
  timeZone?: string | undefined;
}

export const OWNER_LEVEL_NAME = 'Owner';

/** An owner-to-be: a staff member of every branch, invited, on the given (Owner) level. */
export function invitedOwner(tenantId: string, owner: NewTenantInput['owner'], accessLevelId: string, now: string): StaffAttributes {
  return {
    tenantId,
    staffId: newId('stf'),
    firstName: owner.firstName,
    lastName: owner.lastName,
    ...(owner.email ? { email: owner.email } : {}),
    ...(owner.phone ? { phone: owner.phone } : {}),
    accessLevelId,
    branchIds: [],
    tags: [],
    status: 'invited',
    search: searchTerms({ firstName: owner.firstName, lastName: owner.lastName, email: owner.email }),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Creates a salon: the tenant in this deployment's region and residency, its
 * Owner access level (every permission), the owner as an invited staff
 * member, and the owner's invitation, which is sent on any plan.
 */
export async function createTenant(input: NewTenantInput, operator: string, context: AuditContext) {
  const now = clock.now().toISOString();
  const tenantId = newId('ten');
  const tenant: TenantAttributes = {
    tenantId,
    name: input.name,
    plan: input.plan,
    residency: config().residency,
    region: config().region,
    locale: input.locale ?? 'en',
    // The zone is stored from the start: a later change of the region's default does not move the salon's days.
    settings: defaultSettings(input.pinLength, input.timeZone ?? regionTimeZone(config().region)),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const ownerLevel: AccessLevelAttributes = newAccessLevel(
    tenantId,
    { name: OWNER_LEVEL_NAME, template: 'owner', grants: ownerGrants(), remoteAccess: true },
    now,
    1,
  );
  const owner = invitedOwner(tenantId, input.owner, ownerLevel.accessLevelId, now);
  const channel = preferredChannel(owner);
  if (!channel) throw new Error('owner without email or phone');
  const invitation = newInvitation(tenantId, owner.staffId, channel);
  const effects = await effectSteps({
    audit: [
      {
        tenantId,
        actor: { type: 'operator', id: operator },
        action: 'tenant.created',
        target: { type: 'tenant', id: tenantId },
        details: { name: tenant.name, plan: tenant.plan, residency: tenant.residency, ownerStaffId: owner.staffId, invitation: 'queued' },
        context,
      },
    ],
    messages: [{ message: invitationMessage(invitation, tenant, owner, null) }],
  });
  await createTenantWithOwner({ tenant, ownerLevel, owner, invitation: { ...invitation.attributes, exemptFromPlan: true } }, effects);
  return { tenant: tenantView(tenant), owner: { staff: staffView(owner), invitation: invitationView(invitation.attributes) } };
}
