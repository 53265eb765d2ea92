import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.js';
import { config } from '../config.js';
import { cancelledItem, isConditionalCheckFailed } from './conditions.js';
import type { TransactItem } from './transaction.js';
import { type BudgetState, budgetState, freeSlots, isLocked, slotName, waitMs } from './attempt-budget-state.js';

/**
 * The one attempt limiter. A budget allows `size` attempts in any rolling
 * window of `windowMs`, and is kept in ONE item as a ring of `size` slots
 * (`s0`…), each holding the expiry time (ms) of the attempt that took it. An
 * attempt is *reserved* by a single conditional write that claims a free or
 * expired slot — before the secret it guards is evaluated — so however many
 * requests arrive at once, at most `size` of them get to evaluate it: the
 * (size+1)-th finds every slot taken and is refused without evaluating.
 *
 * The same item may carry a lock (`lockedUntil`, ms, and a `locks` count for
 * doubling); a reservation fails while it holds. Lifting a lock never frees
 * slots, so clearing lockouts cannot refill a rolling budget.
 *
 * A flow that already reads the budget items (in its first batch read) passes
 * their state, and the reservation claims a slot known to be free: one write.
 * Without a state it claims a random slot blind; a taken slot returns the old
 * item, and the next try knows the state. A success may release its own slot
 * in the transaction that records the success; a failure never does.
 */
export interface BudgetSpec {
  key: { pk: string; sk: string };
  /** The entity name stored on the item (see entities.ts). */
  entity: string;
  size: number;
  windowMs: number;
}

export interface Hold {
  spec: BudgetSpec;
  slot: number;
  /** The budget as it stood right after this reservation (includes it). */
  after: BudgetState;
}

/** Every attempt the budget allows is taken (or it is locked): refused without evaluating anything. */
export class BudgetSpentError extends Error {
  constructor(
    readonly spec: BudgetSpec,
    readonly retryAfterMs: number,
    readonly locked: boolean,
  ) {
    super(`attempt budget ${spec.key.sk} spent`);
    this.name = 'BudgetSpentError';
  }
}

/** `#s0`… → `s0`…: expression names for every slot of a budget. */
const allSlotNames = (spec: BudgetSpec): Record<string, string> =>
  Object.fromEntries(Array.from({ length: spec.size }, (_, slot) => [`#${slotName(slot)}`, slotName(slot)]));
/** Reservations that collide retry with the state the failed write returned; past this they are refused. */
const MAX_TRIES = 4;
const DAY_MS = 86_400_000;

const randomOf = (choices: number[]) => choices[Math.floor(Math.random() * choices.length)] as number;

function claim(spec: BudgetSpec, slot: number, nowMs: number) {
  const expires = nowMs + spec.windowMs;
  return {
    TableName: config().tableName,
    Key: spec.key,
    UpdateExpression: 'SET #slot = :expires, #ttl = :ttl, entity = :entity',
    ConditionExpression: '(attribute_not_exists(#slot) OR #slot <= :now) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
    ExpressionAttributeNames: { '#slot': slotName(slot), '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':expires': expires, ':now': nowMs, ':ttl': Math.ceil((expires + DAY_MS) / 1000), ':entity': spec.entity },
  };
}

function withSlot(state: BudgetState, slot: number, expires: number): BudgetState {
  return { ...state, slots: state.slots.map((value, index) => (index === slot ? expires : value)) };
}

/** The slot to claim in a budget, or the refusal when none is free. */
function choose(spec: BudgetSpec, state: BudgetState | undefined, nowMs: number): number {
  if (!state) return Math.floor(Math.random() * spec.size);
  if (isLocked(state, nowMs) || freeSlots(state, nowMs).length === 0) {
    throw new BudgetSpentError(spec, waitMs(state, nowMs), isLocked(state, nowMs));
  }
  return randomOf(freeSlots(state, nowMs));
}

/**
 * Reserves one attempt in each budget, all or none (one UpdateItem for one
 * budget, one TransactWriteItems for several). Throws BudgetSpentError for
 * the first budget that has no attempt left.
 */
export async function reserve(budgets: { spec: BudgetSpec; state?: BudgetState | undefined }[], nowMs: number): Promise<Hold[]> {
  const states = budgets.map((budget) => budget.state);
  for (let attempt = 1; ; attempt += 1) {
    const slots = budgets.map((budget, index) => choose(budget.spec, states[index], nowMs));
    const updates = budgets.map((budget, index) => claim(budget.spec, slots[index] as number, nowMs));
    const holds = (after: (BudgetState | undefined)[]): Hold[] =>
      budgets.map((budget, index) => ({
        spec: budget.spec,
        slot: slots[index] as number,
        after: withSlot(after[index] ?? budgetState(undefined, budget.spec.size), slots[index] as number, nowMs + budget.spec.windowMs),
      }));
    try {
      if (updates.length === 1) {
        const { Attributes } = await ddb.send(new UpdateCommand({ ...updates[0]!, ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
        return holds([budgetState(Attributes, budgets[0]!.spec.size)]);
      }
      await ddb.send(
        new TransactWriteCommand({ TransactItems: updates.map((update) => ({ Update: { ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } })) }),
      );
      return holds(states);
    } catch (error) {
      const refreshed = refreshedStates(error, budgets.length);
      if (!refreshed) throw error;
      refreshed.forEach((item, index) => {
        // A budget whose claim did not fail may still have been taken meanwhile: keep what we knew.
        if (item !== null) states[index] = budgetState(item, budgets[index]!.spec.size);
      });
      if (attempt >= MAX_TRIES) {
        const busy = budgets[refreshed.findIndex((item) => item !== null)] ?? budgets[0]!;
        throw new BudgetSpentError(busy.spec, 1000, false);
      }
    }
  }
}

/**
 * For a failed reservation: per budget, the item its failed condition
 * returned (undefined when the item did not exist) or null when that claim
 * did not fail. Undefined when the error is not a lost race at all.
 */
function refreshedStates(error: unknown, count: number): (Record<string, unknown> | undefined | null)[] | undefined {
  if (isConditionalCheckFailed(error)) return [(error as { Item?: Record<string, unknown> }).Item ? unmarshalled(error) : undefined];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (!reasons || reasons.length !== count) return undefined;
  if (!reasons.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict')) return undefined;
  return reasons.map((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? cancelledItem(error, index) : null));
}

/** A single UpdateItem's ConditionalCheckFailedException carries the old item marshalled, like a transaction's. */
function unmarshalled(error: unknown): Record<string, unknown> | undefined {
  return cancelledItem({ CancellationReasons: [{ Item: (error as { Item?: unknown }).Item }] }, 0);
}

/** Gives a successful attempt's slot back (inside the transaction that records the success). */
export function releaseItem(hold: Hold): TransactItem {
  return {
    Update: {
      TableName: config().tableName,
      Key: hold.spec.key,
      UpdateExpression: 'REMOVE #slot',
      ExpressionAttributeNames: { '#slot': slotName(hold.slot) },
    },
  };
}

/** Frees every slot: a success that ends a run of failures ("5 wrong PINs in a row"). */
export function resetItem(spec: BudgetSpec): TransactItem {
  const names = allSlotNames(spec);
  return {
    Update: {
      TableName: config().tableName,
      Key: spec.key,
      UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`,
      ExpressionAttributeNames: names,
    },
  };
}

/**
 * Locks a budget until `untilMs`, only if every attempt it allows is taken
 * and no lock holds — checked by DynamoDB in the write's condition, so of
 * many concurrent failures exactly one locks, whatever each of them read.
 * With `freeSlots`, the attempts before the lock are forgiven once it ends.
 */
export function lockItem(spec: BudgetSpec, untilMs: number, nowMs: number, options: { freeSlots: boolean }): TransactItem {
  const slots = allSlotNames(spec);
  const full = Object.keys(slots).map((name) => `${name} > :now`).join(' AND ');
  const remove = options.freeSlots ? ` REMOVE ${Object.keys(slots).join(', ')}` : '';
  return {
    Update: {
      TableName: config().tableName,
      Key: spec.key,
      UpdateExpression: `SET lockedUntil = :until, #ttl = :ttl, entity = :entity ADD #locks :one${remove}`,
      ConditionExpression: `(attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND ${full}`,
      ExpressionAttributeNames: { '#ttl': 'ttl', '#locks': 'locks', ...slots },
      ExpressionAttributeValues: { ':until': untilMs, ':now': nowMs, ':one': 1, ':ttl': Math.ceil((untilMs + DAY_MS) / 1000), ':entity': spec.entity },
    },
  };
}

/** Lifts a lock early. The slots stay: a rolling budget is never refilled by a clear. */
export function unlockItem(spec: BudgetSpec, options: { freeSlots: boolean }): TransactItem {
  const slotNames = options.freeSlots ? allSlotNames(spec) : {};
  return {
    Update: {
      TableName: config().tableName,
      Key: spec.key,
      UpdateExpression: `REMOVE lockedUntil${Object.keys(slotNames).length ? `, ${Object.keys(slotNames).join(', ')}` : ''}`,
      ...(Object.keys(slotNames).length ? { ExpressionAttributeNames: slotNames } : {}),
    },
  };
}
