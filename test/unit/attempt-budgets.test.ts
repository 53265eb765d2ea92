import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetState, freeSlots, isLocked, waitMs } from '#shared/data/attempt-budget-state.js';

const NOW = 1_800_000_000_000;

describe('an attempt budget read from its item', () => {
  it('has every slot free when the item does not exist', () => {
    const state = budgetState(undefined, 5);
    expect(freeSlots(state, NOW)).toEqual([0, 1, 2, 3, 4]);
    expect(waitMs(state, NOW)).toBe(0);
  });

  it('counts a slot whose attempt has expired as free, and one still live as taken', () => {
    const state = budgetState({ s0: NOW - 1, s1: NOW + 1000, s2: NOW }, 3);
    expect(freeSlots(state, NOW)).toEqual([0, 2]);
  });

  it('ignores slots beyond its size (a budget made smaller keeps working)', () => {
    expect(freeSlots(budgetState({ s0: NOW + 1, s7: NOW + 1 }, 2), NOW)).toEqual([1]);
  });

  it('waits until the earliest attempt expires when every slot is taken', () => {
    const state = budgetState({ s0: NOW + 5000, s1: NOW + 2000 }, 2);
    expect(waitMs(state, NOW)).toBe(2000);
  });

  it('waits out a lock even with free slots, and the longer of the two when both hold', () => {
    expect(waitMs(budgetState({ lockedUntil: NOW + 300_000 }, 2), NOW)).toBe(300_000);
    expect(waitMs(budgetState({ lockedUntil: NOW + 1000, s0: NOW + 9000 }, 1), NOW)).toBe(9000);
    expect(isLocked(budgetState({ lockedUntil: NOW }, 1), NOW)).toBe(false);
  });

  it('never reports a free slot and a wait at once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.option(fc.integer({ min: -10_000, max: 10_000 })), { maxLength: 30 }), (size, offsets) => {
        const item = Object.fromEntries(offsets.flatMap((offset, slot) => (offset === null ? [] : [[`s${slot}`, NOW + offset]])));
        const state = budgetState(item, size);
        const free = freeSlots(state, NOW);
        expect(free.every((slot) => slot < size)).toBe(true);
        expect(free.length === 0).toBe(waitMs(state, NOW) > 0);
      }),
    );
  });
});
