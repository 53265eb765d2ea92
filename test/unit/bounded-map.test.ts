import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapBounded } from '#shared/domain/bounded-map.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapBounded', () => {
  it('answers the results in the order of the items, whatever order they finish in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        const results = await mapBounded(delays, limit, async (delay) => {
          for (let i = 0; i < delay; i += 1) await tick();
          return delay * 10;
        });
        expect(results).toEqual(delays.map((delay) => delay * 10));
      }),
      { numRuns: 50 },
    );
  });

  it('never runs more than `limit` at once', async () => {
    let running = 0;
    let most = 0;
    await mapBounded(Array.from({ length: 40 }, (_, index) => index), 5, async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    });
    expect(most).toBe(5);
  });

  it('starts nothing after a failure, lets the running ones finish, then throws the failure', async () => {
    const started: number[] = [];
    let finished = 0;
    const failure = new Error('boom');
    const run = mapBounded(Array.from({ length: 20 }, (_, index) => index), 3, async (item) => {
      started.push(item);
      if (item === 1) throw failure;
      await tick();
      finished += 1;
    });
    await expect(run).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toBe(2);
  });

  it('answers an empty list with no work', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
