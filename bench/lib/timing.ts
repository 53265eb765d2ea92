/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` reading), with sub-microsecond resolution. */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs `fn` `n` times, strictly one after the other, and returns each call's
 * duration in milliseconds. A call that throws aborts the measurement.
 */
export async function timeSequential(n: number, fn: (iteration: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(elapsedMs(start));
  }
  return samples;
}

/** Runs `fn` `n` times, sequentially, without recording anything (JIT, connection pools, caches). */
export async function warmUp(n: number, fn: (iteration: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < n; i += 1) await fn(i);
}

/** Rejects with a clear message when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
