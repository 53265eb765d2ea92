/**
 * Throughput of CPU-bound checks: a "pass" runs a fixed list of checks and
 * returns their checksum, which must equal `expected` on every pass (so the
 * work cannot be optimised away and a wrong answer fails the run).
 *
 * Several subjects are measured round-robin (trial 1 of each, then trial 2 of
 * each, …) so that a change in the machine's load during the run touches all
 * of them alike and their ratios stay meaningful.
 */
export interface ThroughputOptions {
  /** Passes run, untimed, before measuring (JIT, caches): at least this long and at least `warmUpMinPasses`. */
  warmUpMs: number;
  warmUpMinPasses: number;
  /** Timed trials per subject; each runs whole passes until it has taken at least `trialMs`. */
  trials: number;
  trialMs: number;
}

export interface Throughput {
  /** Checks per second: the median over the trials (wall clock, `process.hrtime.bigint()`). */
  perSecond: number;
  /** Nanoseconds per check, from the median. */
  nsPerCheck: number;
  /** Slowest and fastest trial, checks per second. */
  minPerSecond: number;
  maxPerSecond: number;
  /** Checks run in all timed trials together. */
  checks: number;
  /** Sum of the checksums of every pass run, warm-up included (print it: it keeps every check live). */
  checksumTotal: number;
}

export interface ThroughputSubject {
  name: string;
  checksPerPass: number;
  pass: () => number | Promise<number>;
  /** The checksum every pass must return. */
  expected: number;
}

export const DEFAULT_THROUGHPUT: ThroughputOptions = { warmUpMs: 300, warmUpMinPasses: 1, trials: 5, trialMs: 250 };

interface State {
  subject: ThroughputSubject;
  rates: number[];
  checks: number;
  checksumTotal: number;
}

async function runPass(state: State): Promise<void> {
  const result = state.subject.pass();
  const sum = typeof result === 'number' ? result : await result;
  state.checksumTotal += sum;
  if (sum !== state.subject.expected) {
    throw new Error(`${state.subject.name}: a timed pass answered differently (checksum ${sum}, expected ${state.subject.expected})`);
  }
}

const sinceMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function measureThroughput(subjects: readonly ThroughputSubject[], options: ThroughputOptions = DEFAULT_THROUGHPUT): Promise<Throughput[]> {
  const states: State[] = subjects.map((subject) => {
    if (subject.checksPerPass <= 0) throw new Error(`${subject.name}: nothing to time`);
    return { subject, rates: [], checks: 0, checksumTotal: 0 };
  });
  for (const state of states) {
    const start = process.hrtime.bigint();
    for (let passes = 0; passes < options.warmUpMinPasses || sinceMs(start) < options.warmUpMs; passes += 1) await runPass(state);
  }
  for (let trial = 0; trial < options.trials; trial += 1) {
    for (const state of states) {
      let passes = 0;
      const start = process.hrtime.bigint();
      let elapsedNs = 0;
      do {
        await runPass(state);
        passes += 1;
        elapsedNs = Number(process.hrtime.bigint() - start);
      } while (elapsedNs < options.trialMs * 1e6);
      state.rates.push((passes * state.subject.checksPerPass * 1e9) / elapsedNs);
      state.checks += passes * state.subject.checksPerPass;
    }
  }
  return states.map(({ rates, checks, checksumTotal }) => {
    const sorted = [...rates].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    return { perSecond: median, nsPerCheck: 1e9 / median, minPerSecond: sorted[0] as number, maxPerSecond: sorted[sorted.length - 1] as number, checks, checksumTotal };
  });
}
