import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import type { AccessLevelAttributes } from '../../data/entities.js';
import { createAccessLevel, listAccessLevels } from '../../data/repositories/access-levels.js';
import { putInvitationStep } from '../../data/repositories/invitation-writes.js';
import { writeStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { NotFoundError } from '../../errors.js';
import { newAccessLevel } from '../access-levels/records.js';
import type { AuditContext } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { invitationMessage, newInvitation, preferredChannel } from '../invitations/issue.js';
import { ownerGrants } from '../permissions/catalog.js';
import { uncovered } from '../permissions/grants.js';
import { invitationView, staffView } from '../views.js';
import { invitedOwner, type NewTenantInput, OWNER_LEVEL_NAME } from './create-tenant.js';

export type RecoveredOwner = NewTenantInput['owner'];

/** A level as strong as a new salon's Owner: every permission outright, with remote access. */
function isOwnerStrength(level: AccessLevelAttributes): boolean {
  return level.admin && level.remoteAccess && uncovered(level.grants, ownerGrants()).length === 0;
}

/**
 * The level a recovered owner gets: the salon's Owner level when it still is
 * one, else any level as strong, else a new one (committed first, audited; a
 * retry after a failure later on finds and reuses it).
 */
async function ownerLevelOf(tenantId: string, operator: string, context: AuditContext): Promise<AccessLevelAttributes> {
  const levels = await listAccessLevels(tenantId);
  const strong = levels.filter(isOwnerStrength).sort((a, b) => Number(b.name === OWNER_LEVEL_NAME) - Number(a.name === OWNER_LEVEL_NAME));
  if (strong[0]) return strong[0];
  const taken = new Set(levels.map((level) => level.name.trim().toLowerCase()));
  const candidates = [OWNER_LEVEL_NAME, `${OWNER_LEVEL_NAME} (restored)`, `${OWNER_LEVEL_NAME} (restored ${clock.now().toISOString()})`];
  const name = candidates.find((candidate) => !taken.has(candidate.toLowerCase())) ?? `${OWNER_LEVEL_NAME} (${newId('lvl')})`;
  const level = newAccessLevel(tenantId, { name, template: 'owner', grants: ownerGrants(), remoteAccess: true }, clock.now().toISOString());
  const audit = await effectSteps({
    audit: [
      {
        tenantId,
        actor: { type: 'operator', id: operator },
        action: 'access_level.created',
        target: { type: 'access_level', id: level.accessLevelId },
        details: { name: level.name, template: 'owner', remoteAccess: true, reason: 'owner_recovery' },
        context,
      },
    ],
  });
  await createAccessLevel(level, audit);
  return level;
}

/**
 * The operator's way back into a salon nobody can administer any more (the
 * owner left, forgot everything, or an edit stripped every admin): a new
 * member with the Owner level, invited by their own email or phone. The
 * operator never gets in themselves, and nothing already there changes.
 */
export async function recoverOwner(tenantId: string, owner: RecoveredOwner, operator: string, context: AuditContext) {
  const tenant = await getTenant(tenantId);
  if (!tenant) throw new NotFoundError();
  const level = await ownerLevelOf(tenantId, operator, context);
  const staff = invitedOwner(tenantId, owner, level.accessLevelId, clock.now().toISOString());
  const channel = preferredChannel(staff);
  if (!channel) throw new Error('recovered owner without email or phone');
  const invitation = newInvitation(tenantId, staff.staffId, channel);
  const effects = await effectSteps({
    audit: [
      {
        tenantId,
        actor: { type: 'operator', id: operator },
        action: 'tenant.owner_recovered',
        target: { type: 'staff', id: staff.staffId },
        details: { accessLevelId: level.accessLevelId, invitationId: invitation.attributes.invitationId, channel },
        context,
      },
    ],
    messages: [{ message: invitationMessage(invitation, tenant, staff, null) }],
  });
  await writeStaff(undefined, staff, new Set([level.accessLevelId]), [putInvitationStep({ ...invitation.attributes, exemptFromPlan: true }), ...effects]);
  return { staff: staffView(staff), invitation: invitationView(invitation.attributes) };
}
