import { type AttributeValue, ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

export function isConditionalCheckFailed(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, the indexes of the items whose condition
 * failed, in the order the items were sent. Repositories map those indexes
 * back to the domain error the failed item explains. Undefined when the error
 * is not a condition failure (then it is rethrown as it is).
 */
export function failedConditionIndexes(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

/**
 * The old item a cancelled transaction returned for the item at `index`
 * (asked for with ReturnValuesOnConditionCheckFailure), as plain values: the
 * document client does not unmarshall errors.
 */
export function cancelledItem(error: unknown, index: number): Record<string, unknown> | undefined {
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, AttributeValue> }[] }).CancellationReasons;
  const item = reasons?.[index]?.Item;
  return item ? unmarshall(item) : undefined;
}
