import { UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../../data/conditions.js';
import { entities, type LockoutPolicy, type StaffItem, type TenantItem, type TenantSettings } from '../../data/entities.js';
import { deleteRetiredPinDigests } from '../../data/repositories/pins.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { type AuditContext, recordAudit, staffActor } from '../audit/audit.js';
import { tenantView } from '../views.js';

export interface SettingsPatch {
  pinsEnabled?: boolean | undefined;
  pinLength?: 4 | 6 | undefined;
  autoLogoutSeconds?: number | undefined;
  lockout?: Partial<LockoutPolicy> | undefined;
  auditRetentionDays?: number | undefined;
  requireTwoFactorForAdmins?: boolean | undefined;
}

export class PinsRequiredError extends ConflictError {
  constructor() {
    super('pins_required', 'PIN codes cannot be turned off in an EU deployment (GDPR: every action must be attributable).');
  }
}

async function writeSettings(tenant: TenantItem, settings: TenantSettings, pinEpoch: number, expectedVersion: number): Promise<TenantItem> {
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: entities.tenant.key(tenant),
        UpdateExpression: 'SET #settings = :settings, pinEpoch = :epoch, updatedAt = :now, version = :next',
        ExpressionAttributeNames: { '#settings': 'settings' },
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: {
          ':settings': settings,
          ':epoch': pinEpoch,
          ':now': clock.now().toISOString(),
          ':next': expectedVersion + 1,
          ':expected': expectedVersion,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as TenantItem;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new VersionConflictError();
    throw error;
  }
}

/**
 * After a PIN length switch: every staff member with a PIN of an older epoch
 * loses it and is marked as needing a new one. The PINs already stopped
 * working when the epoch moved (unlock compares it); this makes the staff
 * records say so and removes the digests. Returns how many were retired.
 */
async function retirePins(tenantId: string, epoch: number): Promise<number> {
  let retired = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_exists(pin)',
        ExpressionAttributeValues: { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'STAFF#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const staff of (page.Items ?? []) as StaffItem[]) {
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: config().tableName,
            Key: entities.staff.key(staff),
            UpdateExpression: 'REMOVE pin SET needsNewPin = :true, version = version + :one',
            ConditionExpression: 'pin.#epoch < :epoch',
            ExpressionAttributeNames: { '#epoch': 'epoch' },
            ExpressionAttributeValues: { ':true': true, ':one': 1, ':epoch': epoch },
          }),
        );
        retired += 1;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await deleteRetiredPinDigests(tenantId, epoch);
  return retired;
}

export async function updateSettings(actor: Actor, patch: SettingsPatch, ifMatch: number | undefined, context: AuditContext) {
  const tenant = await getTenant(actor.tenantId);
  if (!tenant) throw new NotFoundError();
  if (patch.pinsEnabled === false && (tenant.residency === 'EU' || config().residency === 'EU')) throw new PinsRequiredError();
  const settings: TenantSettings = {
    ...tenant.settings,
    ...(patch.pinsEnabled !== undefined ? { pinsEnabled: patch.pinsEnabled } : {}),
    ...(patch.pinLength !== undefined ? { pinLength: patch.pinLength } : {}),
    ...(patch.autoLogoutSeconds !== undefined ? { autoLogoutSeconds: patch.autoLogoutSeconds } : {}),
    ...(patch.auditRetentionDays !== undefined ? { auditRetentionDays: patch.auditRetentionDays } : {}),
    ...(patch.requireTwoFactorForAdmins !== undefined ? { requireTwoFactorForAdmins: patch.requireTwoFactorForAdmins } : {}),
    lockout: { ...tenant.settings.lockout, ...patch.lockout },
  };
  const lengthChanged = settings.pinLength !== tenant.settings.pinLength;
  const epoch = (tenant.pinEpoch ?? 0) + (lengthChanged ? 1 : 0);
  const updated = await writeSettings(tenant, settings, epoch, ifMatch ?? tenant.version);
  const retiredPins = lengthChanged ? await retirePins(actor.tenantId, epoch) : 0;
  if (settings.requireTwoFactorForAdmins !== tenant.settings.requireTwoFactorForAdmins) {
    // Session checks read the POLICY item, not the tenant: the rule applies from the next request on.
    await ddb.send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: entities.tenantPolicy.key({ tenantId: actor.tenantId }),
        UpdateExpression: 'SET requireTwoFactorForAdmins = :required',
        ExpressionAttributeValues: { ':required': settings.requireTwoFactorForAdmins },
      }),
    );
  }
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'settings.updated',
    target: { type: 'tenant', id: actor.tenantId },
    changes: { settings: { before: tenant.settings, after: settings } },
    ...(lengthChanged ? { details: { retiredPins } } : {}),
    context,
  });
  return { ...tenantView(updated), retiredPins };
}
