import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { cancelledItem, isConditionalCheckFailed } from '../conditions.js';
import { entities, type IdempotencyRecordAttributes, type IdempotencyScope } from '../entities.js';
import type { Step } from '../transaction.js';

const table = () => config().tableName;

export type RecordKey = IdempotencyScope & { key: string };

/**
 * Leases a key to this request: a new key, or one whose earlier request died
 * in progress (its lease ran out before its change committed). Otherwise the
 * record as it stands, for the caller to replay or refuse.
 */
export async function leaseRecord(
  key: RecordKey,
  record: Pick<IdempotencyRecordAttributes, 'fingerprint' | 'owner' | 'leaseUntil' | 'ttl'>,
  nowMs: number,
): Promise<IdempotencyRecordAttributes | undefined> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: table(),
        Item: entities.idempotencyRecord.item(key, { status: 'in_progress', ...record }),
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND leaseUntil < :now) OR #ttl < :nowSeconds',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':inProgress': 'in_progress', ':now': nowMs, ':nowSeconds': Math.floor(nowMs / 1000) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return undefined;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    return cancelledItem({ CancellationReasons: [{ Item: (error as { Item?: unknown }).Item }] }, 0) as IdempotencyRecordAttributes | undefined;
  }
}

/**
 * Marks the key committed inside the change's own transaction, only while
 * this request still holds the lease: a request whose lease was taken over
 * cannot commit its change a second time.
 */
export function commitStep(key: RecordKey, owner: string, onFail: () => Error): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.idempotencyRecord.key(key),
        UpdateExpression: 'SET #status = :committed',
        ConditionExpression: '#status = :inProgress AND #owner = :owner',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: { ':committed': 'committed', ':inProgress': 'in_progress', ':owner': owner },
      },
    },
    onFail,
  };
}

/** Keeps the first answer (sealed) for replays. */
export async function completeRecord(key: RecordKey, owner: string, response: string): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: table(),
      Key: entities.idempotencyRecord.key(key),
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response, ':owner': owner },
    }),
  );
}

/** A request that committed nothing gives its key back, so a retry runs afresh. */
export async function releaseRecord(key: RecordKey, owner: string): Promise<void> {
  try {
    await ddb.send(
      new DeleteCommand({
        TableName: table(),
        Key: entities.idempotencyRecord.key(key),
        ConditionExpression: '#status = :inProgress AND #owner = :owner',
        ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
        ExpressionAttributeValues: { ':inProgress': 'in_progress', ':owner': owner },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
