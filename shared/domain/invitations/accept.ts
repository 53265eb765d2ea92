import { clock } from '../../clock.js';
import { newId, parseToken, sha256, constantTimeEqual } from '../../crypto/tokens.js';
import type { InvitationItem, MembershipAttributes, StaffItem, TenantItem } from '../../data/entities.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import { membershipSnapshot } from '../staff/records.js';
import { effectSteps } from '../effects.js';
import { getInvitation, getInvitationContext, InvitationNotFoundError, writeAcceptance } from '../../data/repositories/invitations.js';
import { loginKey, normaliseEmail, normalisePhone } from '../auth/login-identifier.js';
import { type LoginResult, membershipViews, verifyCredentials } from '../auth/login.js';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords.js';
import { type ClientInfo, inSessionSlot, newBackofficeSession } from '../auth/sessions.js';

interface OpenInvitation {
  invitation: InvitationItem;
  tenant: TenantItem;
  staff: StaffItem;
}

/**
 * Finds a usable invitation from its token. Unknown, used, revoked and
 * expired invitations all answer the same 404, so a token's fate is not told.
 */
async function openInvitation(token: string): Promise<OpenInvitation> {
  const parsed = parseToken(token);
  if (!parsed || !parsed.ownerId.startsWith('ten_') || !parsed.recordId.startsWith('inv_')) throw new InvitationNotFoundError();
  const invitation = await getInvitation(parsed.ownerId, parsed.recordId);
  if (
    !invitation ||
    !constantTimeEqual(invitation.tokenHash, sha256(parsed.secret)) ||
    invitation.status !== 'pending' ||
    Date.parse(invitation.expiresAt) <= clock.nowMs()
  ) {
    throw new InvitationNotFoundError();
  }
  const { tenant, staff } = await getInvitationContext(invitation.tenantId, invitation.staffId);
  if (!tenant || !staff || (staff.status !== 'invited' && staff.status !== 'active')) throw new InvitationNotFoundError();
  return { invitation, tenant, staff };
}

export async function previewInvitation(token: string) {
  const { invitation, tenant, staff } = await openInvitation(token);
  return { tenantName: tenant.name, firstName: staff.firstName, inviterName: invitation.inviterName ?? null, expiresAt: invitation.expiresAt };
}

/** The login the invitation proved: the address the invitation was sent to. */
function invitedLogin(invitation: InvitationItem, staff: StaffItem): { email?: string; phone?: string; key: string } {
  if (invitation.channel === 'email') {
    const email = staff.email ? normaliseEmail(staff.email) : undefined;
    if (!email) throw new InvitationNotFoundError();
    return { email, key: loginKey({ kind: 'email', value: email }) };
  }
  const phone = staff.phone ? normalisePhone(staff.phone) : undefined;
  if (!phone) throw new InvitationNotFoundError();
  return { phone, key: loginKey({ kind: 'phone', value: phone }) };
}

export type Acceptance = { password: string; login?: undefined } | { login: string; password: string; totp?: string | undefined };

/**
 * Accepts an invitation: with a password alone it creates the account (its
 * login is the address the invitation reached); with a login and password an
 * existing account attaches the membership. Either way the person is signed in.
 */
export async function acceptInvitation(token: string, acceptance: Acceptance, client: ClientInfo): Promise<LoginResult> {
  const { invitation, tenant, staff } = await openInvitation(token);
  const adminLevel = (await getAccessLevel(tenant.tenantId, staff.accessLevelId))?.admin === true;
  const now = clock.now().toISOString();
  const accepted = (accountId: string) =>
    effectSteps({
      audit: [
        {
          tenantId: tenant.tenantId,
          actor: { type: 'account', id: accountId, staffId: staff.staffId },
          action: 'invitation.accepted',
          target: { type: 'staff', id: staff.staffId },
          details: { newAccount: acceptance.login === undefined, invitationId: invitation.invitationId },
          context: { sourceIp: client.sourceIp },
        },
      ],
    });
  const membershipFor = (accountId: string): MembershipAttributes => ({
    accountId,
    tenantId: tenant.tenantId,
    tenantName: tenant.name,
    ...membershipSnapshot({ ...staff, status: 'active' }),
    createdAt: now,
  });

  if (acceptance.login === undefined) {
    await assertAcceptablePassword(acceptance.password, { salonNames: [tenant.name], email: staff.email, phone: staff.phone, personNames: [staff.firstName, staff.lastName] });
    const login = invitedLogin(invitation, staff);
    const accountId = newId('acc');
    const session = newBackofficeSession(accountId, client);
    const account = {
      accountId,
      ...(login.email ? { email: login.email } : {}),
      ...(login.phone ? { phone: login.phone } : {}),
      passwordHash: await hashPassword(acceptance.password),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const membership = membershipFor(accountId);
    await writeAcceptance(
      // A new account's first session: the first slot.
      { invitation, staff, membership, session: session.attributes, slot: { index: 0 }, now, adminLevel, newAccount: { account, login: login.key } },
      await accepted(accountId),
    );
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      account: { id: accountId, email: account.email ?? null, phone: account.phone ?? null },
      memberships: membershipViews([membership]),
    };
  }

  const profile = await verifyCredentials(acceptance, client);
  const accountId = profile.account.accountId;
  const session = newBackofficeSession(accountId, client, profile.mfa);
  const membership = membershipFor(accountId);
  const also = [...(await accepted(accountId)), ...profile.successSteps];
  await inSessionSlot(profile.account, (slot) => writeAcceptance({ invitation, staff, membership, session: session.attributes, slot, now, adminLevel }, also));
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    account: { id: accountId, email: profile.account.email ?? null, phone: profile.account.phone ?? null },
    memberships: membershipViews([...profile.memberships, membership]),
  };
}
