import { listInvitations, putInvitation, revokeInvitation, revokeInvitationStep } from '../../data/repositories/invitation-writes.js';
import { clock } from '../../clock.js';
import { AlreadyMemberError } from '../../data/repositories/invitations.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import type { Channel } from '../../data/entities.js';
import { BadRequestError, NotFoundError, PaymentRequiredError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { assertMayManageStaff } from '../staff/member-power.js';
import type { Step } from '../../data/transaction.js';
import { type AuditContext, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
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
export async function inviteStaff(
  actor: Actor,
  input: { staffId: string; channel: Channel },
  context: AuditContext,
  replacing?: { invitationId: string; exemptFromPlan: boolean },
) {
  const exemptFromPlan = replacing?.exemptFromPlan ?? false;
  const [tenant, staff, inviter] = await Promise.all([
    getTenant(actor.tenantId),
    getStaff(actor.tenantId, input.staffId),
    getStaff(actor.tenantId, actor.staffId),
  ]);
  if (!tenant) throw new NotFoundError();
  if (tenant.plan === 'trial' && !exemptFromPlan) throw new PlanRequiredError();
  if (!staff || staff.status === 'archived') throw new NotFoundError('not_found', 'No such staff member.');
  if (staff.accountId) throw new AlreadyMemberError();
  await assertMayManageStaff(actor, staff);
  if (input.channel === 'email' && !staff.email) throw new BadRequestError('no_email', 'The staff member has no email address.');
  if (input.channel === 'sms' && !staff.phone) throw new BadRequestError('no_phone', 'The staff member has no phone number.');

  const issued = newInvitation(actor.tenantId, staff.staffId, input.channel);
  const inviterName = inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() || null : null;
  // Kept with the invitation so the hosted page can name the inviter the message named.
  const invitation = {
    ...issued,
    attributes: { ...issued.attributes, ...(exemptFromPlan ? { exemptFromPlan } : {}), ...(inviterName ? { inviterName } : {}) },
  };
  const event = (action: string, invitationId: string, details: Record<string, unknown> = {}) => ({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action,
    target: { type: 'staff', id: staff.staffId },
    details: { invitationId, ...details },
    context,
  });
  const also: Step[] = await effectSteps({
    audit: [
      event('invitation.sent', invitation.attributes.invitationId, { channel: input.channel, delivery: 'queued' }),
      ...(replacing ? [event('invitation.revoked', replacing.invitationId, { replacedBy: invitation.attributes.invitationId })] : []),
    ],
    messages: [{ message: invitationMessage(invitation, tenant, staff, inviterName) }],
  });
  // A resend replaces the old invitation in the same transaction: refused, it leaves the old one as it was.
  if (replacing) also.push(revokeInvitationStep(actor.tenantId, replacing.invitationId, clock.now().toISOString()));
  await putInvitation(invitation.attributes, also);
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

/** The member an invitation is for: acting on it needs what acting on them needs. */
async function assertMayManageInvitee(actor: Actor, staffId: string): Promise<void> {
  const staff = await getStaff(actor.tenantId, staffId);
  if (staff) await assertMayManageStaff(actor, staff);
}

export async function revokeInvitationOf(actor: Actor, invitationId: string, context: AuditContext) {
  const pending = (await listInvitations(actor.tenantId)).find((invitation) => invitation.invitationId === invitationId);
  if (!pending || pending.status !== 'pending') throw new NotFoundError();
  await assertMayManageInvitee(actor, pending.staffId);
  const audit = await effectSteps({
    audit: [
      { tenantId: actor.tenantId, actor: staffActor(actor), action: 'invitation.revoked', target: { type: 'staff', id: pending.staffId }, details: { invitationId }, context },
    ],
  });
  await revokeInvitation(actor.tenantId, invitationId, clock.now().toISOString(), audit);
}

/** Resending issues a new token and retires the old one (which then answers 404 like any unknown token). */
export async function resendInvitation(actor: Actor, invitationId: string, context: AuditContext) {
  const old = (await listInvitations(actor.tenantId)).find((invitation) => invitation.invitationId === invitationId);
  if (!old || old.status !== 'pending') throw new NotFoundError();
  return inviteStaff(actor, { staffId: old.staffId, channel: old.channel }, context, { invitationId, exemptFromPlan: old.exemptFromPlan === true });
}
