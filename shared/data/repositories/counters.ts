import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';

type Key = { pk: string; sk: string };

/** Adds one to an expiring counter and returns the new count: atomic, no read first. */
export async function incrementCounter(key: Key, ttl: number, field = 'failures'): Promise<number> {
  const { Attributes } = await ddb.send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: key,
      UpdateExpression: 'ADD #field :one SET #ttl = if_not_exists(#ttl, :ttl), entity = if_not_exists(entity, :entity)',
      ExpressionAttributeNames: { '#field': field, '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':entity': 'throttle' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.[field] ?? 0);
}

export async function readCounter(key: Key, field = 'failures'): Promise<number> {
  const { Item } = await ddb.send(new GetCommand({ TableName: config().tableName, Key: key }));
  return Number(Item?.[field] ?? 0);
}
