import fc from 'fast-check';
import { dictionary } from '@zxcvbn-ts/language-common';
import { beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '#shared/errors.js';
import {
  assertAcceptablePassword,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
  WeakPasswordError,
} from '#shared/domain/auth/passwords.js';

const weak = { code: 'weak_password', status: 400 };
const commonList: string[] = dictionary.passwords;

describe('assertAcceptablePassword', () => {
  it('follows product.md: 8 to 128 characters', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 128]);
  });

  it('refuses a password of 7 characters', async () => {
    await expect(assertAcceptablePassword('xk7#qzv')).rejects.toMatchObject(weak);
  });

  it('accepts a password of 8 characters', async () => {
    await expect(assertAcceptablePassword('xk7#qzvw')).resolves.toBeUndefined();
  });

  it('accepts a password of 128 characters', async () => {
    await expect(assertAcceptablePassword('xk7#qzvw'.repeat(16))).resolves.toBeUndefined();
  });

  it('refuses a password of 129 characters', async () => {
    await expect(assertAcceptablePassword(`${'xk7#qzvw'.repeat(16)}j`)).rejects.toMatchObject(weak);
  });

  it('refuses the empty password', async () => {
    await expect(assertAcceptablePassword('')).rejects.toMatchObject(weak);
  });

  it('throws a WeakPasswordError, a 400 BadRequestError', async () => {
    const failure = assertAcceptablePassword('short');
    await expect(failure).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(failure).rejects.toBeInstanceOf(BadRequestError);
  });

  describe('counts Unicode code points, not UTF-16 units', () => {
    it('accepts 8 emoji (16 UTF-16 units) as 8 characters', async () => {
      await expect(assertAcceptablePassword('🔒🐱🌵🚲🎈🍋🦊🎹')).resolves.toBeUndefined();
    });

    it('refuses 7 emoji (14 UTF-16 units) as 7 characters', async () => {
      const password = '🔒🐱🌵🚲🎈🍋🦊';
      expect(password.length).toBe(14);
      await expect(assertAcceptablePassword(password)).rejects.toMatchObject(weak);
    });

    it('accepts 128 emoji (256 UTF-16 units) as 128 characters', async () => {
      await expect(assertAcceptablePassword('🔒🐱🌵🚲🎈🍋🦊🎹'.repeat(16))).resolves.toBeUndefined();
    });

    it('refuses 129 emoji as 129 characters', async () => {
      await expect(assertAcceptablePassword(`${'🔒🐱🌵🚲🎈🍋🦊🎹'.repeat(16)}🐝`)).rejects.toMatchObject(weak);
    });

    it('accepts 8 accented letters', async () => {
      await expect(assertAcceptablePassword('åäöéüñçø')).resolves.toBeUndefined();
    });
  });

  it('decides on length alone for random strings of uncommon characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'🔒ж€ǅ§¶'), maxLength: 140 }), async (password) => {
        const length = [...password].length;
        if (length >= 8 && length <= 128) await expect(assertAcceptablePassword(password)).resolves.toBeUndefined();
        else await expect(assertAcceptablePassword(password)).rejects.toMatchObject(weak);
      }),
      { numRuns: 200 },
    );
  });

  describe('common passwords', () => {
    beforeAll(() => {
      // The examples below must be in the blocklist the module uses, or these tests would prove nothing.
      expect(commonList).toEqual(expect.arrayContaining(['password', '12345678', 'qwerty123', 'iloveyou', 'football']));
    });

    it.each(['password', '12345678', 'qwerty123', 'iloveyou', 'football'])('refuses %j', async (password) => {
      await expect(assertAcceptablePassword(password)).rejects.toMatchObject({
        ...weak,
        message: expect.stringMatching(/common/),
      });
    });

    it.each(['PASSWORD', 'Password', 'QWERTY123', 'IloveYou', 'FootBall'])('refuses %j case-insensitively', async (password) => {
      await expect(assertAcceptablePassword(password)).rejects.toMatchObject({
        ...weak,
        message: expect.stringMatching(/common/),
      });
    });

    it('refuses a common password of 6 characters (123456) as too short', async () => {
      await expect(assertAcceptablePassword('123456')).rejects.toMatchObject(weak);
    });

    it('refuses every common password of acceptable length, sampled from the list', async () => {
      const eligible = commonList.filter((word) => [...word].length >= 8 && [...word].length <= 128);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...eligible), async (password) => {
          await expect(assertAcceptablePassword(password)).rejects.toMatchObject(weak);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('has no composition rules', () => {
    it.each([
      ['a long all-lowercase passphrase', 'correct horse battery staple'],
      ['only digits, uncommon', '80417263951'],
      ['only uppercase', 'ZQXWVJKTRB'],
      ['no digits or symbols', 'mauvelighthousetuesday'],
    ])('accepts %s', async (_label, password) => {
      await expect(assertAcceptablePassword(password)).resolves.toBeUndefined();
    });
  });
});

describe('hashPassword / verifyPassword', () => {
  const password = 'correct horse battery staple';
  let hash: string;

  beforeAll(async () => {
    hash = await hashPassword(password);
  });

  it('hashes with argon2id at OWASP parameters (19 MiB, t=2, p=1)', () => {
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
  });

  it('does not contain the password', () => {
    expect(hash).not.toContain(password);
  });

  it('salts: hashing the same password twice gives different hashes', async () => {
    expect(await hashPassword(password)).not.toBe(hash);
  });

  it('verifies the right password', async () => {
    expect(await verifyPassword(hash, password)).toBe(true);
  });

  it.each([
    ['a wrong password', 'correct horse battery stapler'],
    ['a differently-cased password', 'Correct horse battery staple'],
    ['the empty string', ''],
  ])('refuses %s', async (_label, attempt) => {
    expect(await verifyPassword(hash, attempt)).toBe(false);
  });

  it('refuses any password when there is no hash (unknown login)', async () => {
    expect(await verifyPassword(undefined, password)).toBe(false);
    expect(await verifyPassword(undefined, '')).toBe(false);
  });

  it.each([
    ['garbage', 'not-a-hash'],
    ['the empty string', ''],
    ['a truncated argon2id hash', '$argon2id$v=19$m=19456,t=2,p=1$'],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
  ])('answers false (and does not throw) for %s as the stored hash', async (_label, stored) => {
    await expect(verifyPassword(stored, password)).resolves.toBe(false);
  });
});
