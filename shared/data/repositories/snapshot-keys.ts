import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { entities, type ItemOf, type SnapshotSigningKeyAttributes } from '../entities.js';

export type SnapshotSigningKeyItem = ItemOf<typeof entities.snapshotSigningKey>;

export async function getSnapshotSigningKey(period: number, consistent: boolean): Promise<SnapshotSigningKeyItem | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: config().tableName, Key: entities.snapshotSigningKey.key({ period }), ConsistentRead: consistent }),
  );
  return Item as SnapshotSigningKeyItem | undefined;
}

/** Stores a period's key unless one is there already (another cold start made it first): false then. */
export async function putSnapshotSigningKeyIfAbsent(attributes: SnapshotSigningKeyAttributes): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: config().tableName,
        Item: entities.snapshotSigningKey.item({ period: attributes.period }, attributes),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
