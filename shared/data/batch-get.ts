import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.js';
import { config } from '../config.js';

type Key = { pk: string; sk: string };

/**
 * BatchGetItem until every key is answered. DynamoDB may leave keys
 * unprocessed under load; treating those as "not found" would turn a
 * throttled read into a wrong answer, so after a few tries this throws.
 */
export async function batchGetAll(keys: Key[], consistent = false): Promise<Record<string, unknown>[]> {
  const table = config().tableName;
  let found: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] = keys;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const { Responses, UnprocessedKeys } = await ddb.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }),
    );
    found = found.concat(Responses?.[table] ?? []);
    pending = UnprocessedKeys?.[table]?.Keys ?? [];
    if (pending.length === 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
  }
  throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
}

export function pick<T>(items: Record<string, unknown>[], key: Key): T | undefined {
  return items.find((item) => item.pk === key.pk && item.sk === key.sk) as T | undefined;
}
