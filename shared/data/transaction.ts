import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.js';
import { ConflictError } from '../errors.js';
import { takeCommitMarker } from './commit-marker.js';
import { cancelledItem, failedConditionIndexes } from './conditions.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item of a transaction and the domain error its failed condition means (given the old item, when asked for). */
export interface Step {
  item: TransactItem;
  onFail: (old: Record<string, unknown> | undefined) => Error;
}

export class ConcurrentUpdateError extends ConflictError {
  constructor() {
    super('concurrent_update', 'Someone changed this at the same moment; try again.');
  }
}

function isTransactionConflict(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === 'TransactionConflict') || (error as { name?: string }).name === 'TransactionConflictException';
}

/**
 * TransactWriteItems, all or nothing. The first failed condition becomes the
 * error its step names; a collision with another transaction on the same
 * items is a 409 the client may retry, never a 500. The request's commit
 * marker (commit-marker.ts), if any, rides along with its first transaction.
 */
export async function transactWrite(given: Step[]): Promise<void> {
  const marker = takeCommitMarker();
  const steps = marker ? [...given, marker.step] : given;
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: steps.map(({ item }) => item) }));
  } catch (error) {
    // Nothing committed: a later transaction of the same request carries the marker instead.
    marker?.giveBack();
    const first = failedConditionIndexes(error)?.[0];
    if (first !== undefined) throw (steps[first] as Step).onFail(cancelledItem(error, first));
    if (isTransactionConflict(error)) throw new ConcurrentUpdateError();
    throw error;
  }
}

export type Update = NonNullable<TransactItem['Update']>;

/**
 * Two updates of one item as one, since a transaction may touch an item only
 * once: their clauses joined, both conditions required. Both must write names
 * and values as placeholders (distinct ones) and keywords in upper case.
 */
export function mergeUpdates(a: Update, b: Update): Update {
  const clauses = new Map<string, string[]>();
  for (const expression of [a.UpdateExpression, b.UpdateExpression]) {
    const parts = (expression ?? '').split(/\b(SET|REMOVE|ADD|DELETE)\b/);
    for (let i = 1; i < parts.length; i += 2) {
      clauses.set(parts[i] as string, [...(clauses.get(parts[i] as string) ?? []), (parts[i + 1] as string).trim()]);
    }
  }
  const conditions = [a.ConditionExpression, b.ConditionExpression].filter((condition) => condition).map((condition) => `(${condition})`);
  const names = disjoint(a.ExpressionAttributeNames, b.ExpressionAttributeNames);
  const values = disjoint(a.ExpressionAttributeValues, b.ExpressionAttributeValues);
  return {
    ...a,
    ...b,
    UpdateExpression: [...clauses].map(([keyword, actions]) => `${keyword} ${actions.join(', ')}`).join(' '),
    ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
    // DynamoDB refuses empty placeholder maps.
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

function disjoint<T>(a: Record<string, T> = {}, b: Record<string, T> = {}): Record<string, T> {
  const clash = Object.keys(b).find((key) => key in a);
  if (clash) throw new Error(`mergeUpdates: placeholder ${clash} is used by both updates`);
  return { ...a, ...b };
}
