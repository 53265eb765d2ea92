import argon2 from 'argon2';
import { BadRequestError } from '../../errors.js';

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export class WeakPasswordError extends BadRequestError {
  constructor(detail: string) {
    super('weak_password', detail);
  }
}

let common: Set<string> | undefined;

/**
 * The ~49,000 most common passwords from zxcvbn-ts' maintained list. Loaded on
 * first use so that login, which never needs it, does not pay for it.
 */
async function commonPasswords(): Promise<Set<string>> {
  if (!common) {
    const { dictionary } = await import('@zxcvbn-ts/language-common');
    common = new Set(dictionary.passwords.map((word: string) => word.toLowerCase()));
  }
  return common;
}

/** NIST SP 800-63B / ASVS 5: length and a blocklist, no composition rules. */
export async function assertAcceptablePassword(password: string): Promise<void> {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw new WeakPasswordError(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (length > PASSWORD_MAX_LENGTH) throw new WeakPasswordError(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  if ((await commonPasswords()).has(password.toLowerCase())) {
    throw new WeakPasswordError('This password is among the most common passwords; choose another.');
  }
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
