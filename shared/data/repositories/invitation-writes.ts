import { config } from '../../config.js';
import { NotFoundError } from '../../errors.js';
import { queryAll } from '../query-all.js';
import { entities, type InvitationAttributes, type InvitationItem } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';

export function putInvitationStep(invitation: InvitationAttributes): Step {
  return {
    item: {
      Put: { TableName: config().tableName, Item: entities.invitation.item(invitation, invitation), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onFail: () => new Error('invitation id collision'),
  };
}

/** A new invitation with `also` (its message, its audit event, the invitation it replaces) in one transaction. */
export async function putInvitation(invitation: InvitationAttributes, also: Step[]): Promise<void> {
  await transactWrite([putInvitationStep(invitation), ...also]);
}

export function listInvitations(tenantId: string): Promise<InvitationItem[]> {
  return queryAll<InvitationItem>(entities.tenant.key({ tenantId }).pk, 'INVITATION#');
}

/** Revokes a pending invitation (404 when it is not pending), to commit with its audit event. */
export function revokeInvitationStep(tenantId: string, invitationId: string, now: string): Step {
  return {
    item: {
      Update: {
        TableName: config().tableName,
        Key: entities.invitation.key({ tenantId, invitationId }),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :now',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':pending': 'pending', ':now': now },
      },
    },
    onFail: () => new NotFoundError(),
  };
}

export async function revokeInvitation(tenantId: string, invitationId: string, now: string, also: Step[]): Promise<void> {
  await transactWrite([revokeInvitationStep(tenantId, invitationId, now), ...also]);
}
