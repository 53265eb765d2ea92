import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import { entities, type PinHolder, type StaffAttributes, type StaffItem } from '../entities.js';
import { deleteAll } from '../query-all.js';
import { type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

export class PinUnavailableError extends ConflictError {
  constructor() {
    super('pin_unavailable', 'That PIN cannot be used; choose another or let the service generate one.');
  }
}

type StoredPin = NonNullable<StaffAttributes['pin']>;

function releaseDigest(tenantId: string, staffId: string, pin: StoredPin): Step {
  return {
    item: {
      Delete: {
        TableName: table(),
        Key: entities.pinDigest.key({ tenantId, digest: pin.digest }),
        // Already gone (a length switch retired it) is fine; someone else's digest is not ours to delete.
        ConditionExpression: 'attribute_not_exists(pk) OR staffId = :staff',
        ExpressionAttributeValues: { ':staff': staffId },
      },
    },
    onFail: () => new VersionConflictError(),
  };
}

function staffUpdate(staff: StaffItem, set: string, remove: string, values: Record<string, unknown>, now: string): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.staff.key(staff),
        UpdateExpression: `SET ${set ? `${set}, ` : ''}updatedAt = :now, version = :next REMOVE ${remove}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ...values, ':now': now, ':next': staff.version + 1, ':expected': staff.version },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onFail: (old) => (old ? new VersionConflictError() : new NotFoundError()),
  };
}

export class PinLengthChangedError extends ConflictError {
  constructor() {
    super('pin_length_changed', "The salon's PIN length changed while this PIN was being set; set it again.");
  }
}

/**
 * Gives a staff member a new PIN in one transaction: the new digest item
 * (which exists for at most one staff member: a taken PIN cancels it all),
 * the old digest released, the staff item updated — only while the salon's
 * PIN epoch is still the one the PIN was made for, so a length switch during
 * a set never leaves a PIN of the old length looking current. `also` commits
 * with it (the audit event, the message, a released attempt).
 */
export async function writePin(staff: StaffItem, pin: StoredPin, holder: PinHolder, now: string, also: Step[]): Promise<void> {
  const steps: Step[] = [
    {
      item: {
        ConditionCheck: {
          TableName: table(),
          Key: entities.tenant.key({ tenantId: staff.tenantId }),
          ConditionExpression: pin.epoch === 0 ? 'attribute_not_exists(pinEpoch) OR pinEpoch = :epoch' : 'pinEpoch = :epoch',
          ExpressionAttributeValues: { ':epoch': pin.epoch },
        },
      },
      onFail: () => new PinLengthChangedError(),
    },
  ];
  const sameDigest = staff.pin?.digest === pin.digest;
  steps.push({
    item: {
      Put: {
        TableName: table(),
        Item: entities.pinDigest.item(
          { tenantId: staff.tenantId, digest: pin.digest },
          { staffId: staff.staffId, keyVersion: pin.keyVersion, epoch: pin.epoch, setAt: pin.setAt, holder },
        ),
        // Their own current PIN may be set again; anyone else's is taken.
        ConditionExpression: sameDigest ? 'attribute_not_exists(pk) OR staffId = :staff' : 'attribute_not_exists(pk)',
        ...(sameDigest ? { ExpressionAttributeValues: { ':staff': staff.staffId } } : {}),
      },
    },
    onFail: () => new PinUnavailableError(),
  });
  if (staff.pin && !sameDigest) steps.push(releaseDigest(staff.tenantId, staff.staffId, staff.pin));
  steps.push(staffUpdate(staff, 'pin = :pin', 'needsNewPin', { ':pin': pin }, now));
  await transactWrite([...steps, ...also]);
}

export async function deletePin(staff: StaffItem, now: string, also: Step[]): Promise<void> {
  const steps: Step[] = [];
  if (staff.pin) steps.push(releaseDigest(staff.tenantId, staff.staffId, staff.pin));
  steps.push(staffUpdate(staff, '', 'pin', {}, now));
  await transactWrite([...steps, ...also]);
}

/** The PIN digest items of epochs before `epoch`, for clean-up after a length switch (they no longer unlock anyway). */
export async function deleteRetiredPinDigests(tenantId: string, epoch: number): Promise<number> {
  let deleted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#epoch < :epoch',
        ExpressionAttributeNames: { '#epoch': 'epoch' },
        ExpressionAttributeValues: { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'PIN#', ':epoch': epoch },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = (page.Items ?? []) as { pk: string; sk: string }[];
    await deleteAll(keys);
    deleted += keys.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return deleted;
}
