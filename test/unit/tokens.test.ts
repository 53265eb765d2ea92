import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeToken, constantTimeEqual, type IdPrefix, newId, parseToken, randomSecret, sha256 } from '#shared/crypto/tokens.js';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const tokenPart = (maxLength = 60) =>
  fc.string({ unit: fc.constantFrom(...TOKEN_ALPHABET), minLength: 1, maxLength });

describe('composeToken / parseToken', () => {
  it('round-trips any three parts made of [A-Za-z0-9_-]', () => {
    fc.assert(
      fc.property(tokenPart(), tokenPart(), tokenPart(), (ownerId, recordId, secret) => {
        expect(parseToken(composeToken(ownerId, recordId, secret))).toEqual({ ownerId, recordId, secret });
      }),
    );
  });

  it('composes the token as <ownerId>.<recordId>.<secret>', () => {
    expect(composeToken('ten_1', 'ses_2', 'abc')).toBe('ten_1.ses_2.abc');
  });

  it.each([
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['an empty string', ''],
  ])('refuses a token with %s', (_label, token) => {
    expect(parseToken(token)).toBeUndefined();
  });

  it.each([
    ['an empty owner', '.b.c'],
    ['an empty record id', 'a..c'],
    ['an empty secret', 'a.b.'],
    ['only dots', '..'],
  ])('refuses a token with %s', (_label, token) => {
    expect(parseToken(token)).toBeUndefined();
  });

  it('accepts a token of exactly 256 characters', () => {
    const token = composeToken('a'.repeat(100), 'b'.repeat(100), 'c'.repeat(54));
    expect(token).toHaveLength(256);
    expect(parseToken(token)).toEqual({ ownerId: 'a'.repeat(100), recordId: 'b'.repeat(100), secret: 'c'.repeat(54) });
  });

  it('refuses a token longer than 256 characters', () => {
    const token = composeToken('a'.repeat(100), 'b'.repeat(100), 'c'.repeat(55));
    expect(token).toHaveLength(257);
    expect(parseToken(token)).toBeUndefined();
  });

  it.each([
    ['a space', 'a b.c.d'],
    ['a slash', 'a.b/c.d'],
    ['a plus', 'a.b.c+d'],
    ['base64 padding', 'a.b.cd=='],
    ['a non-ASCII letter', 'å.b.c'],
    ['a newline', 'a.b.c\n'],
    ['a percent escape', 'a.b%2E.c'],
  ])('refuses a token containing %s', (_label, token) => {
    expect(parseToken(token)).toBeUndefined();
  });

  it('refuses any token with a character outside [A-Za-z0-9_-.]', () => {
    fc.assert(
      fc.property(
        tokenPart(),
        tokenPart(),
        tokenPart(),
        fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !/^[A-Za-z0-9_.-]$/.test(c)),
        fc.nat(),
        (a, b, c, foreign, at) => {
          const token = composeToken(a, b, c);
          const index = at % (token.length + 1);
          expect(parseToken(token.slice(0, index) + foreign + token.slice(index))).toBeUndefined();
        },
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (token) => {
        expect(() => parseToken(token)).not.toThrow();
      }),
    );
  });
});

describe('randomSecret', () => {
  it('encodes 32 bytes by default as 43 base64url characters', () => {
    expect(randomSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    [16, 22],
    [32, 43],
    [64, 86],
  ])('encodes %i bytes as %i base64url characters', (bytes, length) => {
    const secret = randomSecret(bytes);
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(secret).toHaveLength(length);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(bytes);
  });

  it('gives a different secret on every call', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => randomSecret()));
    expect(secrets.size).toBe(200);
  });

  it('uses the whole base64url alphabet (not a constant or narrow source)', () => {
    const seen = new Set([...Array.from({ length: 200 }, () => randomSecret()).join('')]);
    // 200 × 43 characters drawn from 64 symbols: every symbol appears with overwhelming probability.
    expect(seen.size).toBeGreaterThanOrEqual(60);
  });
});

describe('sha256', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(sha256(value)).toBe(sha256(value));
      }),
    );
  });

  it('matches the known SHA-256 digest of "abc", base64url', () => {
    expect(sha256('abc')).toBe(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'));
  });

  it('gives a 43-character base64url digest', () => {
    expect(sha256('')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives different digests for different inputs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(sha256(a)).not.toBe(sha256(b));
      }),
    );
  });

  it('does not return its input', () => {
    const secret = randomSecret(16);
    expect(sha256(secret)).not.toBe(secret);
  });
});

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('same-secret', 'same-secret')).toBe(true);
  });

  it('is false for different strings of the same length', () => {
    expect(constantTimeEqual('secret-a', 'secret-b')).toBe(false);
  });

  it('is false (and does not throw) for strings of different lengths', () => {
    expect(constantTimeEqual('short', 'much-longer')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
  });

  it('is false when one string is a prefix of the other', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('agrees with === on well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
  });
});

describe('newId', () => {
  const prefixes: IdPrefix[] = ['ten', 'acc', 'stf', 'lvl', 'inv', 'ses', 'brn', 'trm', 'evt'];

  it.each(prefixes)('starts a %s id with its prefix and a lowercase ULID', (prefix) => {
    expect(newId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`));
  });

  it('gives ids that sort in creation order', () => {
    const ids = Array.from({ length: 1000 }, () => newId('evt'));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats an id', () => {
    const ids = Array.from({ length: 1000 }, () => newId('ses'));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
