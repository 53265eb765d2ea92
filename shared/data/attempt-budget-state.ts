/**
 * The state of an attempt budget as read from its item (see
 * attempt-budgets.ts): pure functions, so the ring's arithmetic is tested
 * without a table.
 */
export interface BudgetState {
  /** Expiry (ms) of the attempt in each slot; undefined = never used. */
  slots: (number | undefined)[];
  lockedUntilMs: number | undefined;
  locks: number;
}

export const slotName = (slot: number) => `s${slot}`;

/** `prefix`: the budget's attributes on an item it shares with others (see BudgetSpec). */
export function budgetState(item: object | undefined, size: number, prefix = ''): BudgetState {
  const attributes = (item ?? {}) as Record<string, unknown>;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    slots: Array.from({ length: size }, (_, slot) => number(attributes[`${prefix}${slotName(slot)}`])),
    lockedUntilMs: number(attributes[`${prefix}lockedUntil`]),
    locks: number(attributes[`${prefix}locks`]) ?? 0,
  };
}

export const isLocked = (state: BudgetState, nowMs: number) => state.lockedUntilMs !== undefined && state.lockedUntilMs > nowMs;

export function freeSlots(state: BudgetState, nowMs: number): number[] {
  return state.slots.flatMap((expires, slot) => (expires === undefined || expires <= nowMs ? [slot] : []));
}

/** How long until the budget allows an attempt again (0: now). */
export function waitMs(state: BudgetState, nowMs: number): number {
  const lock = isLocked(state, nowMs) ? (state.lockedUntilMs as number) - nowMs : 0;
  const free = freeSlots(state, nowMs).length > 0 ? 0 : Math.min(...state.slots.map((expires) => (expires ?? nowMs) - nowMs));
  return Math.max(lock, free);
}

