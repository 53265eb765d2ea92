import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, normaliseCode } from '#shared/domain/terminals/pairing-codes.js';

const ALPHABET = [...'ABCDEFGHJKMNPQRSTVWXYZ23456789'];
const code = fc.array(fc.constantFrom(...ALPHABET), { minLength: CODE_LENGTH, maxLength: CODE_LENGTH }).map((chars) => chars.join(''));

describe('pairing codes as typed', () => {
  it('normalise to the code whatever the case and the spaces or dashes between its characters', () => {
    fc.assert(
      fc.property(code, fc.array(fc.constantFrom('', ' ', '-', '  ', ' - '), { minLength: CODE_LENGTH + 1, maxLength: CODE_LENGTH + 1 }), fc.boolean(), (shown, gaps, lower) => {
        const typed = gaps.map((gap, index) => gap + (shown[index] ?? '')).join('');
        expect(normaliseCode(lower ? typed.toLowerCase() : typed)).toBe(shown);
      }),
    );
  });

  it('are no code with a character the alphabet leaves out (0, O, 1, I, L, U) or of another length', () => {
    fc.assert(
      fc.property(code, fc.nat({ max: CODE_LENGTH - 1 }), fc.constantFrom('0', 'O', '1', 'I', 'L', 'U', '_', 'Å'), (shown, at, wrong) => {
        expect(normaliseCode(shown.slice(0, at) + wrong + shown.slice(at + 1))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(code, fc.nat({ max: CODE_LENGTH - 1 }), (shown, length) => {
        expect(normaliseCode(shown.slice(0, length))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(code, fc.constantFrom(...ALPHABET), (shown, extra) => {
        expect(normaliseCode(shown + extra)).toBeUndefined();
      }),
    );
  });
});
