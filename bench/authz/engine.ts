import type { AuthzQuery } from './queries.js';

/**
 * One authorization engine under test. `answer` is for the agreement check
 * (every query of the set, before any timing); `pass` is what is timed: the
 * first `timed` queries of the set, checked one after the other, returning
 * the checksum of the answers (see `checksum`), so no check can be dropped
 * as dead code and every timed pass is verified.
 */
export interface Engine {
  name: string;
  /** Ours (the subject of the comparison) or another engine. */
  ours: boolean;
  /** How many queries of the set one timed pass checks. */
  timed: number;
  answer(query: AuthzQuery): boolean | Promise<boolean>;
  pass(): number | Promise<number>;
  /** A note for the report (how the engine was set up). */
  note?: string;
}

/** Checksum of one pass: Σ (i + 1) over the allowed queries i. Equal answers ⇔ (almost surely) equal sums. */
export function checksum(answers: readonly boolean[], count: number = answers.length): number {
  let sum = 0;
  for (let i = 0; i < count; i += 1) if (answers[i]) sum += i + 1;
  return sum;
}
