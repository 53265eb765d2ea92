import { randomInt } from 'node:crypto';
import { sha256 } from '../../crypto/tokens.js';

/** Crockford's base-32 letters (no I, L, O, U) and the digits 2–9: nothing a person reads or types two ways. 30⁸ ≈ 2³⁹ codes. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const CODE_LENGTH = 8;

const CODE_SHAPE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** The code as typed (any case, spaces and dashes) as shown, or undefined when it cannot be any code. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return CODE_SHAPE.test(code) ? code : undefined;
}

/** The key a pairing is kept under: the normalised code never is. */
export const codeHash = (code: string) => sha256(`pairing:${code}`);
