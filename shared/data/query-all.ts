import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.js';
import { config } from '../config.js';

/** Every item of partition `pk` whose sort key starts with `prefix`, all pages. For small collections (a salon's levels, terminals...). */
export async function queryAll<T>(pk: string, prefix: string): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * How many items of partition `pk` whose sort key starts with `prefix` match
 * `filter`, counted by DynamoDB (`Select: COUNT`, every page). `consistent`:
 * a write committed before the call is counted.
 */
export async function countAll(
  pk: string,
  prefix: string,
  filter: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
  consistent = false,
): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: filter.expression,
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...filter.values },
        ...(filter.names ? { ExpressionAttributeNames: filter.names } : {}),
        Select: 'COUNT',
        ConsistentRead: consistent,
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Deletes items by key, 25 at a time, resending what DynamoDB leaves unprocessed; throws if some never go. */
export async function deleteAll(keys: { pk: string; sk: string }[]): Promise<void> {
  const table = config().tableName;
  for (let i = 0; i < keys.length; i += 25) {
    let pending = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const { UnprocessedItems } = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
    }
    if (pending.length > 0) throw new Error(`BatchWriteItem left ${pending.length} deletes unprocessed`);
  }
}
