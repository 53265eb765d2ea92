import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { NotFoundError, VersionConflictError } from '../../errors.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { type TransactItem, transactWrite } from '../transaction.js';
import {
  type AccessLevelAttributes,
  entities,
  type InvitationAttributes,
  type Plan,
  type StaffAttributes,
  type TenantAttributes,
  type TenantItem,
} from '../entities.js';


const table = () => config().tableName;

export async function getTenant(tenantId: string): Promise<TenantItem | undefined> {
  // Strongly consistent: PIN length and epoch must be current when a PIN is set right after a switch.
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.tenant.key({ tenantId }), ConsistentRead: true }));
  return Item as TenantItem | undefined;
}

function putNew(item: object): TransactItem {
  return { Put: { TableName: table(), Item: item as Record<string, unknown>, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * A new tenant with its Owner access level, owner staff member and owner
 * invitation, all or nothing: a tenant never exists without an owner.
 */
export async function createTenantWithOwner(input: {
  tenant: TenantAttributes;
  ownerLevel: AccessLevelAttributes;
  owner: StaffAttributes;
  invitation: InvitationAttributes;
}): Promise<void> {
  const { tenant, ownerLevel, owner, invitation } = input;
  const collision = () => new Error('id collision creating a tenant');
  await transactWrite(
    [
        putNew(entities.tenant.item({ tenantId: tenant.tenantId }, tenant)),
        putNew(entities.accessLevel.item(ownerLevel, ownerLevel)),
        putNew(entities.accessLevelName.item({ tenantId: tenant.tenantId, name: ownerLevel.name }, { accessLevelId: ownerLevel.accessLevelId })),
        putNew(entities.tenantPolicy.item({ tenantId: tenant.tenantId }, { levels: { [ownerLevel.accessLevelId]: ownerLevel.version } })),
        putNew(entities.staff.item(owner, owner)),
        putNew(entities.invitation.item(invitation, invitation)),
    ].map((item) => ({ item, onFail: collision })),
  );
}

/** Changes the plan; with `expectedVersion`, only if nobody changed the tenant since (412 otherwise). */
export async function updatePlan(tenantId: string, plan: Plan, now: string, expectedVersion?: number): Promise<TenantItem> {
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.tenant.key({ tenantId }),
        UpdateExpression: 'SET #plan = :plan, #updatedAt = :now ADD #version :one',
        ConditionExpression: expectedVersion === undefined ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#plan': 'plan', '#updatedAt': 'updatedAt', '#version': 'version' },
        ExpressionAttributeValues: {
          ':plan': plan,
          ':now': now,
          ':one': 1,
          ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return Attributes as TenantItem;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw error.Item ? new VersionConflictError() : new NotFoundError();
    throw error;
  }
}
