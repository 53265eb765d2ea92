import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import { type Channel, type InvitationAttributes, type StaffAttributes, type TenantAttributes, type TenantSettings } from '../../data/entities.js';
import type { InvitationMessage } from '../../messages/message.js';
import { salonTimeZone } from '../tenants/settings.js';

/** product.md: invitations are single-use 128-bit tokens, stored hashed, valid for 7 days. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface IssuedInvitation {
  attributes: InvitationAttributes;
  token: string;
}

export function newInvitation(tenantId: string, staffId: string, channel: Channel): IssuedInvitation {
  const nowMs = clock.nowMs();
  const invitationId = newId('inv');
  const secret = randomSecret(16);
  const expiresMs = nowMs + INVITATION_TTL_SECONDS * 1000;
  return {
    token: composeToken(tenantId, invitationId, secret),
    attributes: {
      tenantId,
      invitationId,
      staffId,
      channel,
      tokenHash: sha256(secret),
      status: 'pending',
      expiresAt: new Date(expiresMs).toISOString(),
      createdAt: new Date(nowMs).toISOString(),
      // Kept 30 days past expiry so a late click still finds (and refuses) it, then removed.
      ttl: Math.ceil(expiresMs / 1000) + 30 * 24 * 60 * 60,
    },
  };
}

/** The channel to reach a staff member by: email when they have one, else SMS. */
export function preferredChannel(staff: Pick<StaffAttributes, 'email' | 'phone'>): Channel | undefined {
  if (staff.email) return 'email';
  if (staff.phone) return 'sms';
  return undefined;
}

export function invitationMessage(
  invitation: IssuedInvitation,
  tenant: Pick<TenantAttributes, 'name' | 'locale'> & { settings: Pick<TenantSettings, 'timeZone'> },
  staff: Pick<StaffAttributes, 'tenantId' | 'staffId' | 'firstName' | 'email' | 'phone' | 'locale'>,
  inviterName: string | null,
): InvitationMessage {
  const to = invitation.attributes.channel === 'email' ? staff.email : staff.phone;
  if (!to) throw new Error('invitation channel without an address');
  return {
    kind: 'invitation',
    channel: invitation.attributes.channel,
    to,
    locale: staff.locale ?? tenant.locale,
    tenantName: tenant.name,
    firstName: staff.firstName,
    inviterName,
    token: invitation.token,
    expiresAt: invitation.attributes.expiresAt,
    // The expiry is read where the salon is: in its zone.
    timeZone: salonTimeZone(tenant.settings.timeZone),
    tenantId: staff.tenantId,
    staffId: staff.staffId,
  };
}
