import { describe, expect, it } from 'vitest';
import { InOrder } from '../../components/src/in-order.js';

/** A task that finishes when the test says so. */
function held<T>(value: T) {
  let finish = () => {};
  const gate = new Promise<void>((resolve) => (finish = resolve));
  return { finish, task: async () => (await gate, value) };
}

describe('InOrder', () => {
  it('starts a task only once every task given before it is done', async () => {
    const queue = new InOrder();
    const started: string[] = [];
    const first = held('first');
    const one = queue.run(async () => (started.push('first'), first.task()));
    const two = queue.run(async () => (started.push('second'), 'second'));
    await Promise.resolve();
    expect(started).toEqual(['first']);
    first.finish();
    expect(await Promise.all([one, two])).toEqual(['first', 'second']);
    expect(started).toEqual(['first', 'second']);
  });

  it('does not run a task whose key a waiting or running task has, and answers undefined', async () => {
    const queue = new InOrder();
    let runs = 0;
    const first = held(1);
    const one = queue.run(async () => ((runs += 1), first.task()), 'resend');
    const again = queue.run(async () => ((runs += 1), 2), 'resend');
    first.finish();
    expect(await Promise.all([one, again])).toEqual([1, undefined]);
    expect(runs).toBe(1);
    expect(await queue.run(async () => ((runs += 1), 3), 'resend')).toBe(3);
  });

  it('runs the next task after one that failed', async () => {
    const queue = new InOrder();
    const failed = queue.run(async () => {
      throw new Error('refused');
    });
    const next = queue.run(async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    expect(await next).toBe('ran');
  });
});
