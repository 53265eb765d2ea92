import { listInvitations, putInvitation, revokeInvitation } from '../../data/repositories/invitation-writes.js';
import { clock } from '../../clock.js';
import { AlreadyMemberError } from '../../data/repositories/invitations.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import type { Channel } from '../../data/entities.js';
import { BadRequestError, NotFoundError, PaymentRequiredError } from '../../errors.js';
import { enqueueMessage } from '../../messages/queue.js';
import type { Actor } from '../access/actor.js';
import { assertCovers } from '../access-levels/manage.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import { type AuditContext, recordAudit, staffActor } from '../audit/audit.js';
import { invitationView } from '../views.js';
import { invitationMessage, newInvitation } from './issue.js';

export class PlanRequiredError extends PaymentRequiredError {
  constructor() {
    super('plan_required', 'Inviting staff needs a paid plan (trial salons cannot send invitations).');
  }
}

/**
 * Invites a staff member to create (or attach) a login, by email or SMS.
 * Trial salons cannot (YCLIENTS: "a paid licence is needed"); the operator's
 * owner invitation is the one exception and does not come through here.
 */
export async function inviteStaff(actor: Actor, input: { staffId: string; channel: Channel }, context: AuditContext, exemptFromPlan = false) {
  const [tenant, staff, inviter] = await Promise.all([
    getTenant(actor.tenantId),
    getStaff(actor.tenantId, input.staffId),
    getStaff(actor.tenantId, actor.staffId),
  ]);
  if (!tenant) throw new NotFoundError();
  if (tenant.plan === 'trial' && !exemptFromPlan) throw new PlanRequiredError();
  if (!staff || staff.status === 'archived') throw new NotFoundError('not_found', 'No such staff member.');
  if (staff.accountId) throw new AlreadyMemberError();
  const level = await getAccessLevel(actor.tenantId, staff.accessLevelId);
  if (level) assertCovers(actor, level.grants);
  if (input.channel === 'email' && !staff.email) throw new BadRequestError('no_email', 'The staff member has no email address.');
  if (input.channel === 'sms' && !staff.phone) throw new BadRequestError('no_phone', 'The staff member has no phone number.');

  const issued = newInvitation(actor.tenantId, staff.staffId, input.channel);
  const invitation = { ...issued, attributes: { ...issued.attributes, ...(exemptFromPlan ? { exemptFromPlan } : {}) } };
  await putInvitation(invitation.attributes);
  const inviterName = inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() || null : null;
  await enqueueMessage(invitationMessage(invitation, tenant, staff, inviterName));
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'invitation.sent',
    target: { type: 'staff', id: staff.staffId },
    details: { invitationId: invitation.attributes.invitationId, channel: input.channel },
    context,
  });
  return invitationView(invitation.attributes);
}

/** The salon's invitations, newest first; a pending one past its expiry shows as expired. */
export async function listInvitationViews(tenantId: string) {
  const nowMs = clock.nowMs();
  return (await listInvitations(tenantId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((invitation) => ({
      ...invitationView(invitation),
      status: invitation.status === 'pending' && Date.parse(invitation.expiresAt) <= nowMs ? 'expired' : invitation.status,
      createdAt: invitation.createdAt,
    }));
}

export async function revokeInvitationOf(actor: Actor, invitationId: string, context: AuditContext) {
  const revoked = await revokeInvitation(actor.tenantId, invitationId, clock.now().toISOString());
  if (!revoked) throw new NotFoundError();
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'invitation.revoked',
    target: { type: 'staff', id: revoked.staffId },
    details: { invitationId },
    context,
  });
  return revoked;
}

/** Resending issues a new token and retires the old one (which then answers 404 like any unknown token). */
export async function resendInvitation(actor: Actor, invitationId: string, context: AuditContext) {
  const old = (await listInvitations(actor.tenantId)).find((invitation) => invitation.invitationId === invitationId);
  if (!old || old.status !== 'pending') throw new NotFoundError();
  // The new one first: a refused resend (plan, escalation, already a member) leaves the old invitation as it was.
  const fresh = await inviteStaff(actor, { staffId: old.staffId, channel: old.channel }, context, old.exemptFromPlan === true);
  await revokeInvitationOf(actor, invitationId, context);
  return fresh;
}
