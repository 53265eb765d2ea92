/**
 * Runs the tasks given to it one at a time, in the order given. The
 * components keep their buttons enabled while a call runs (disabling one
 * would drop the keyboard's focus), so a press made meanwhile waits behind
 * the call instead of being lost or racing it.
 */
export class InOrder {
  /** Settles when the last task given has. */
  private last: Promise<unknown> = Promise.resolve();
  /** Keys of the tasks given and not yet done. */
  private readonly pending = new Set<string>();

  /**
   * Runs `task` once every task given before it is done. With a `key` that a
   * task still waiting or running has, it is the same press again: not run,
   * undefined.
   */
  run<T>(task: () => Promise<T>, key?: string): Promise<T | undefined> {
    if (key !== undefined) {
      if (this.pending.has(key)) return Promise.resolve(undefined);
      this.pending.add(key);
    }
    const done = this.last.then(task).finally(() => {
      if (key !== undefined) this.pending.delete(key);
    });
    this.last = done.catch(() => undefined);
    return done;
  }
}
