import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { entities, type InvitationAttributes } from '../entities.js';

export async function putInvitation(invitation: InvitationAttributes): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: config().tableName,
      Item: entities.invitation.item(invitation, invitation),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}
