import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { type BranchAttributes, type BranchItem, entities } from '../entities.js';

export async function putBranch(branch: BranchAttributes): Promise<void> {
  await ddb.send(
    new PutCommand({ TableName: config().tableName, Item: entities.branch.item(branch, branch), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function listBranches(tenantId: string): Promise<BranchItem[]> {
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'BRANCH#' },
    }),
  );
  return Items as BranchItem[];
}
