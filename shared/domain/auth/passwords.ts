import argon2 from 'argon2';
import { BadRequestError } from '../../errors.js';
import { type Lists, listsFrom, type PasswordContext, type PasswordWeakness, weaknessDetail, weaknessWith } from './password-rules.js';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordContext, type PasswordWeakness, weaknessDetail } from './password-rules.js';

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export class WeakPasswordError extends BadRequestError {
  readonly weakness: PasswordWeakness | undefined;
  constructor(detailOrWeakness: string | { weakness: PasswordWeakness }) {
    super('weak_password', typeof detailOrWeakness === 'string' ? detailOrWeakness : weaknessDetail(detailOrWeakness.weakness));
    this.weakness = typeof detailOrWeakness === 'string' ? undefined : detailOrWeakness.weakness;
  }
}

let lists: Promise<Lists> | undefined;

/**
 * The word lists and keyboard graphs of @zxcvbn-ts/language-common, loaded
 * on first use so that login, which never needs them, does not pay for
 * them. That password list leaves out what zxcvbn finds by pattern
 * (repeats, sequences, keyboard walks, dates), which the rules check.
 */
function loadLists(): Promise<Lists> {
  lists ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary, adjacencyGraphs }) => listsFrom({ passwords: dictionary.passwords, diceware: dictionary.diceware, adjacencyGraphs }),
    (error: unknown) => {
      lists = undefined;
      throw error;
    },
  );
  return lists;
}

/** Why a password is refused (password-rules.ts), or undefined when it is acceptable. */
export async function passwordWeakness(password: string, context: PasswordContext = {}): Promise<PasswordWeakness | undefined> {
  return weaknessWith(password, context, await loadLists());
}

/** Throws `400 weak_password` whose detail names the rule the password breaks. */
export async function assertAcceptablePassword(password: string, context: PasswordContext = {}): Promise<void> {
  const weakness = await passwordWeakness(password, context);
  if (weakness) throw new WeakPasswordError({ weakness });
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/**
 * A verifier of a random password nobody knows. Checking an unknown login
 * against it costs the same time as checking a real account, so timing does
 * not tell whether a login exists.
 */
const DECOY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$bUPPO3R2bRs/1+JKgVpHDA$GtWwFAQ0VLNn5EwiaH+QOGrg3W/oelOB1M3gWg9TuM4';

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  try {
    const ok = await argon2.verify(hash ?? DECOY_HASH, password);
    return ok && hash !== undefined;
  } catch {
    return false;
  }
}
