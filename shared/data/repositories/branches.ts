import { config } from '../../config.js';
import { type BranchAttributes, type BranchItem, entities } from '../entities.js';
import { queryAll } from '../query-all.js';
import { type Step, transactWrite } from '../transaction.js';

export async function putBranch(branch: BranchAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: config().tableName, Item: entities.branch.item(branch, branch), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('branch id collision'),
    },
    ...also,
  ]);
}

export function listBranches(tenantId: string): Promise<BranchItem[]> {
  return queryAll<BranchItem>(entities.tenant.key({ tenantId }).pk, 'BRANCH#');
}
