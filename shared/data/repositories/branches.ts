import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { type BranchAttributes, type BranchItem, entities } from '../entities.js';
import { queryAll } from '../query-all.js';

export async function putBranch(branch: BranchAttributes): Promise<void> {
  await ddb.send(
    new PutCommand({ TableName: config().tableName, Item: entities.branch.item(branch, branch), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export function listBranches(tenantId: string): Promise<BranchItem[]> {
  return queryAll<BranchItem>(entities.tenant.key({ tenantId }).pk, 'BRANCH#');
}
