import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, pick } from '../batch-get.js';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { NotFoundError, VersionConflictError } from '../../errors.js';
import { type Step, type TransactItem, transactWrite } from '../transaction.js';
import {
  type AccessLevelAttributes,
  entities,
  type InvitationAttributes,
  type Plan,
  type StaffAttributes,
  type TenantAttributes,
  type TenantItem,
  type TenantPolicyItem,
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
}, also: Step[]): Promise<void> {
  const { tenant, ownerLevel, owner, invitation } = input;
  const collision = () => new Error('id collision creating a tenant');
  await transactWrite([
    ...[
      putNew(entities.tenant.item({ tenantId: tenant.tenantId }, tenant)),
      putNew(entities.accessLevel.item(ownerLevel, ownerLevel)),
      putNew(entities.accessLevelName.item({ tenantId: tenant.tenantId, name: ownerLevel.name }, { accessLevelId: ownerLevel.accessLevelId })),
      putNew(
        entities.tenantPolicy.item(
          { tenantId: tenant.tenantId },
          { levels: { [ownerLevel.accessLevelId]: ownerLevel.version }, admins: 0, ...(tenant.settings.timeZone ? { timeZone: tenant.settings.timeZone } : {}) },
        ),
      ),
      putNew(entities.staff.item(owner, owner)),
      putNew(entities.invitation.item(invitation, invitation)),
    ].map((item): Step => ({ item, onFail: collision })),
    ...also,
  ]);
}

/** The POLICY items (level versions, the two-factor rule) of several tenants, in one request. */
export async function getTenantPolicies(tenantIds: string[]): Promise<Map<string, TenantPolicyItem>> {
  const keys = tenantIds.map((tenantId) => entities.tenantPolicy.key({ tenantId }));
  const items = keys.length > 0 ? await batchGetAll(keys, true) : [];
  return new Map(tenantIds.flatMap((tenantId, index) => {
    const item = pick<TenantPolicyItem>(items, keys[index] as { pk: string; sk: string });
    return item ? [[tenantId, item] as const] : [];
  }));
}

/** Changes the plan with `also`, only if the tenant is still at `tenant.version` (412 otherwise); returns the new tenant. */
export async function updatePlan(tenant: TenantItem, plan: Plan, now: string, also: Step[]): Promise<TenantItem> {
  const next: TenantItem = { ...tenant, plan, updatedAt: now, version: tenant.version + 1 };
  await transactWrite([
    {
      item: {
        Put: {
          TableName: table(),
          Item: next,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': tenant.version },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new VersionConflictError() : new NotFoundError()),
    },
    ...also,
  ]);
  return next;
}
