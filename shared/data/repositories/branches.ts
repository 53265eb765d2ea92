import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { NotFoundError } from '../../errors.js';
import { type BranchAttributes, type BranchItem, entities } from '../entities.js';
import { countAll, queryAll } from '../query-all.js';
import { ConcurrentUpdateError, type Step, transactWrite } from '../transaction.js';

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

export async function getBranch(tenantId: string, branchId: string): Promise<BranchItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: config().tableName, Key: entities.branch.key({ tenantId, branchId }), ConsistentRead: true }));
  return Item as BranchItem | undefined;
}

/** The staff members (not archived) who work in a branch or hold a level there, and the terminals of the branch. */
export async function branchReferences(tenantId: string, branchId: string): Promise<{ staff: number; terminals: number }> {
  const pk = entities.tenant.key({ tenantId }).pk;
  // Consistent: a reference committed before the branch was read must be counted (deleteBranch).
  const [staff, terminals] = await Promise.all([
    countAll(
      pk,
      'STAFF#',
      {
        expression: '(contains(branchIds, :branch) OR attribute_exists(branchLevels.#branch)) AND #status <> :archived',
        values: { ':branch': branchId, ':archived': 'archived' },
        names: { '#status': 'status', '#branch': branchId },
      },
      true,
    ),
    countAll(pk, 'TERMINAL#', { expression: 'branchId = :branch', values: { ':branch': branchId } }, true),
  ]);
  return { staff, terminals };
}

/**
 * Deletes a branch that nothing referenced when `previous` was read: only if
 * no write has made anyone work there since (its reference counter is
 * unchanged; 409 concurrent_update otherwise), with `also`.
 */
export async function deleteBranch(previous: BranchItem, also: Step[]): Promise<void> {
  const unchanged = previous.referenceChanges === undefined ? 'attribute_not_exists(referenceChanges)' : 'referenceChanges = :read';
  await transactWrite([
    {
      item: {
        Delete: {
          TableName: config().tableName,
          Key: entities.branch.key({ tenantId: previous.tenantId, branchId: previous.branchId }),
          ConditionExpression: `attribute_exists(pk) AND ${unchanged}`,
          ...(previous.referenceChanges === undefined ? {} : { ExpressionAttributeValues: { ':read': previous.referenceChanges } }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new ConcurrentUpdateError() : new NotFoundError()),
    },
    ...also,
  ]);
}

/** Renames a branch if its name is still the one read (404 when gone, 409 concurrent_update when renamed meanwhile), with `also`. */
export async function renameBranch(previous: BranchItem, name: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: {
        Update: {
          TableName: config().tableName,
          Key: entities.branch.key({ tenantId: previous.tenantId, branchId: previous.branchId }),
          UpdateExpression: 'SET #name = :name',
          ConditionExpression: '#name = :previous',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': name, ':previous': previous.name },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new ConcurrentUpdateError() : new NotFoundError()),
    },
    ...also,
  ]);
}
