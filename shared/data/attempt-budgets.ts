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
  /** The entity name stored on the item (see entities.ts); budgets that share an item share it. */
  entity: string;
  size: number;
  windowMs: number;
  /**
   * Budgets that share one item (same key) keep their attributes apart by
   * this prefix, and are reserved together in ONE UpdateItem. '' (default)
   * for an item's only or first budget.
   */
  prefix?: string;
  /**
   * How long the item must outlive any write to it (default `windowMs`):
   * on a shared item, no budget's write may set a TTL that ends another's
   * longer lock.
   */
  keepMs?: number;
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
    super(`attempt budget ${spec.key.sk}${spec.prefix ?? ''} spent`);
    this.name = 'BudgetSpentError';
  }
}

/** The item attribute that holds `name` of this budget. */
const attribute = (spec: BudgetSpec, name: string) => `${spec.prefix ?? ''}${name}`;
/** `#s0`… → the budget's slot attributes. */
const allSlotNames = (spec: BudgetSpec): Record<string, string> =>
  Object.fromEntries(Array.from({ length: spec.size }, (_, slot) => [`#${slotName(slot)}`, attribute(spec, slotName(slot))]));
/** Reservations that collide retry with the state the failed write returned; past this they are refused. */
const MAX_TRIES = 4;
const DAY_MS = 86_400_000;
const keepMs = (spec: BudgetSpec) => Math.max(spec.windowMs, spec.keepMs ?? 0);
const stateOf = (item: object | undefined, spec: BudgetSpec) => budgetState(item, spec.size, spec.prefix);

const randomOf = (choices: number[]) => choices[Math.floor(Math.random() * choices.length)] as number;

/** One conditional write claiming a slot in each budget of one item (placeholders tagged per budget). */
function claim(item: { spec: BudgetSpec; slot: number }[], nowMs: number, guard?: ItemGuard) {
  const first = item[0]!.spec;
  const names: Record<string, string> = { '#ttl': 'ttl' };
  const values: Record<string, unknown> = {
    ':now': nowMs,
    ':entity': first.entity,
    ':ttl': Math.ceil((nowMs + Math.max(...item.map(({ spec }) => keepMs(spec))) + DAY_MS) / 1000),
  };
  const sets = ['#ttl = :ttl', 'entity = :entity'];
  const guards: string[] = [];
  if (guard) {
    names['#guard'] = guard.attribute;
    names['#barred'] = guard.barredBy;
    values[':guard'] = guard.value;
    guards.push('attribute_not_exists(#barred)');
    if (guard.establish) sets.push('#guard = :guard');
    else guards.push('#guard = :guard');
  }
  const conditions = item.map(({ spec, slot }, tag) => {
    names[`#slot${tag}`] = attribute(spec, slotName(slot));
    names[`#lock${tag}`] = attribute(spec, 'lockedUntil');
    values[`:expires${tag}`] = nowMs + spec.windowMs;
    sets.unshift(`#slot${tag} = :expires${tag}`);
    return `(attribute_not_exists(#slot${tag}) OR #slot${tag} <= :now) AND (attribute_not_exists(#lock${tag}) OR #lock${tag} <= :now)`;
  });
  return {
    TableName: config().tableName,
    Key: first.key,
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: [...guards, ...conditions].join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
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

/** Indexes of the budgets, grouped by the item they live on (first appearance first). */
function byItem(specs: BudgetSpec[]): number[][] {
  const groups = new Map<string, number[]>();
  specs.forEach((spec, index) => {
    const id = `${spec.key.pk}\u0000${spec.key.sk}`;
    groups.set(id, [...(groups.get(id) ?? []), index]);
  });
  return [...groups.values()];
}

/**
 * A value the budgets' item must hold for a reservation to be made (a
 * credential's hash, so that nobody without it can spend the budget), or,
 * with `establish`, one the reservation writes there (after the caller
 * checked the credential itself). Only for budgets that share one item.
 */
export interface ItemGuard {
  attribute: string;
  value: string;
  establish?: boolean;
  /** While the item holds this attribute, the guard is never met, nor written (a revoked credential). */
  barredBy: string;
}

/** The guard's value was not on the item: nothing was reserved. */
export class GuardMismatchError extends Error {
  constructor() {
    super('attempt budget guard does not match');
    this.name = 'GuardMismatchError';
  }
}

/**
 * Reserves one attempt in each budget, all or none: ONE UpdateItem when they
 * all live on one item, else one TransactWriteItems with an update per
 * item. Throws BudgetSpentError for the first budget that has no attempt
 * left, GuardMismatchError when a guard is not met.
 */
export async function reserve(
  budgets: { spec: BudgetSpec; state?: BudgetState | undefined }[],
  nowMs: number,
  guard?: ItemGuard,
): Promise<Hold[]> {
  const states = budgets.map((budget) => budget.state);
  const items = byItem(budgets.map((budget) => budget.spec));
  if (guard && items.length !== 1) throw new Error('reserve: a guard needs budgets that share one item');
  for (let attempt = 1; ; attempt += 1) {
    const slots = budgets.map((budget, index) => choose(budget.spec, states[index], nowMs));
    const updates = items.map((indexes) => claim(indexes.map((index) => ({ spec: budgets[index]!.spec, slot: slots[index] as number })), nowMs, guard));
    const holds = (after: (BudgetState | undefined)[]): Hold[] =>
      budgets.map((budget, index) => ({
        spec: budget.spec,
        slot: slots[index] as number,
        after: withSlot(after[index] ?? budgetState(undefined, budget.spec.size), slots[index] as number, nowMs + budget.spec.windowMs),
      }));
    try {
      if (updates.length === 1) {
        const { Attributes } = await ddb.send(new UpdateCommand({ ...updates[0]!, ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
        return holds(budgets.map((budget) => stateOf(Attributes, budget.spec)));
      }
      await ddb.send(
        new TransactWriteCommand({ TransactItems: updates.map((update) => ({ Update: { ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } })) }),
      );
      return holds(states);
    } catch (error) {
      const refreshed = refreshedStates(error, items.length);
      if (!refreshed) throw error;
      const old = refreshed[0];
      if (guard && (old?.[guard.barredBy] !== undefined || (!guard.establish && old?.[guard.attribute] !== guard.value))) throw new GuardMismatchError();
      refreshed.forEach((item, group) => {
        // An item whose claim did not fail may still have been taken meanwhile: keep what we knew.
        if (item === null) return;
        for (const index of items[group]!) states[index] = stateOf(item, budgets[index]!.spec);
      });
      if (attempt >= MAX_TRIES) {
        const busy = budgets[items[refreshed.findIndex((item) => item !== null)]?.[0] ?? 0]!;
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
      ExpressionAttributeNames: { '#slot': attribute(hold.spec, slotName(hold.slot)) },
    },
  };
}

/** Gives back the attempts of budgets that share one item, in one update (a right PIN whose action was refused). */
export function giveBackItem(holds: Hold[]): TransactItem {
  const names = Object.fromEntries(holds.map((hold, index) => [`#slot${index}`, attribute(hold.spec, slotName(hold.slot))]));
  return {
    Update: {
      TableName: config().tableName,
      Key: holds[0]!.spec.key,
      UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`,
      ExpressionAttributeNames: names,
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
      UpdateExpression: `SET #lockedUntil = :until, #ttl = :ttl, entity = :entity ADD #locks :one${remove}`,
      ConditionExpression: `(attribute_not_exists(#lockedUntil) OR #lockedUntil <= :now) AND ${full}`,
      ExpressionAttributeNames: { '#ttl': 'ttl', '#locks': attribute(spec, 'locks'), '#lockedUntil': attribute(spec, 'lockedUntil'), ...slots },
      ExpressionAttributeValues: {
        ':until': untilMs,
        ':now': nowMs,
        ':one': 1,
        ':ttl': Math.ceil((Math.max(untilMs, nowMs + keepMs(spec)) + DAY_MS) / 1000),
        ':entity': spec.entity,
      },
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
      UpdateExpression: `REMOVE ${['#lockedUntil', ...Object.keys(slotNames)].join(', ')}`,
      ExpressionAttributeNames: { '#lockedUntil': attribute(spec, 'lockedUntil'), ...slotNames },
    },
  };
}
