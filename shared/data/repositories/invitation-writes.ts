import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { queryAll } from '../query-all.js';
import { entities, type InvitationAttributes, type InvitationItem } from '../entities.js';

export async function putInvitation(invitation: InvitationAttributes): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: config().tableName,
      Item: entities.invitation.item(invitation, invitation),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export function listInvitations(tenantId: string): Promise<InvitationItem[]> {
  return queryAll<InvitationItem>(entities.tenant.key({ tenantId }).pk, 'INVITATION#');
}

/** Revokes a pending invitation; returns it, or undefined when there was no pending one. */
export async function revokeInvitation(tenantId: string, invitationId: string, now: string): Promise<InvitationItem | undefined> {
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: entities.invitation.key({ tenantId, invitationId }),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :now',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':pending': 'pending', ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as InvitationItem;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}
