import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { type ApprovalAttributes, entities } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';

export async function putApproval(approval: ApprovalAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: config().tableName, Item: entities.approval.item(approval, approval), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('approval id collision'),
    },
    ...also,
  ]);
}

/**
 * Uses an approval once: only if unused, unexpired, for this permission and
 * resource (an amount at most the one approved; none if none was), asked for
 * by the staff member it was granted to, and with the right secret. The
 * condition makes "once" hold under concurrency too.
 */
export async function consumeApproval(input: {
  tenantId: string;
  approvalId: string;
  secretHash: string;
  permission: string;
  resourceKey: string;
  amount: number | undefined;
  requesterStaffId: string;
  now: string;
}): Promise<boolean> {
  const amountCondition = input.amount === undefined ? 'attribute_not_exists(amount)' : 'amount >= :amount';
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: entities.approval.key(input),
        UpdateExpression: 'SET #used = :true, usedAt = :now',
        ConditionExpression:
          `#used = :false AND expiresAt > :now AND secretHash = :hash AND #permission = :permission AND resourceKey = :resource AND requesterStaffId = :requester AND ${amountCondition}`,
        ExpressionAttributeNames: { '#permission': 'permission', '#used': 'used' },
        ExpressionAttributeValues: {
          ':true': true,
          ':false': false,
          ':now': input.now,
          ':hash': input.secretHash,
          ':permission': input.permission,
          ':resource': input.resourceKey,
          ':requester': input.requesterStaffId,
          ...(input.amount === undefined ? {} : { ':amount': input.amount }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
