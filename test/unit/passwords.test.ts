import fc from 'fast-check';
import { dictionary } from '@zxcvbn-ts/language-common';
import { beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '#shared/errors.js';
import {
  assertAcceptablePassword,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordContext,
  passwordWeakness,
  verifyPassword,
  WeakPasswordError,
} from '#shared/domain/auth/passwords.js';

const weak = { code: 'weak_password', status: 400 };
const commonList: string[] = dictionary.passwords;
const dicewareList: string[] = dictionary.diceware;

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
    // Drawn from thousands of characters (CJK, emoji, a few others), so that a random string repeats no short piece.
    const uncommon = fc.oneof(
      fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code)),
      fc.integer({ min: 0x1f300, max: 0x1f5ff }).map((code) => String.fromCodePoint(code)),
      fc.constantFrom(...'🔒ж€ǅ§¶'),
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: uncommon, maxLength: 140 }), async (password) => {
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

describe('the blocklist rules (issue "No way up, no way in")', () => {
  it.each([
    // The examples.
    ['aaaaaaaaaaaa', 'repeated_character', /repeats one character/],
    ['abcdefgh', 'sequence', /is a sequence like abcd or 4321/],
    ['abcabcabc', 'repeated_pattern', /repeats a short pattern like abcabc/],
    ['Summer2024!', 'common_with_affix', /is a common password with only digits or symbols added/],
    ['12345678', 'common', /is a common password/],
    // Case, trailing digits and punctuation, and look-alikes do not help.
    ['AAAAAAAA2024!', 'repeated_character', /repeats one character/],
    ['@@@@@@@@', 'repeated_character', /repeats one character/],
    ['ZYXWVUTS', 'sequence', /sequence/],
    ['87654321', 'sequence', /sequence/],
    ['12345678!', 'sequence', /sequence/],
    ['abcd3fgh', 'sequence', /sequence/],
    ['xyxyxyxy', 'repeated_pattern', /short pattern/],
    ['abcabc2024', 'repeated_pattern', /short pattern/],
    ['qwertyuiop[]', 'keyboard', /is a keyboard pattern like qwerty/],
    ['qw3rtyuiop', 'keyboard', /keyboard pattern/],
    ['asdfghjkl;', 'keyboard', /keyboard pattern/],
    ['zxcvbnm,./', 'keyboard', /keyboard pattern/],
    ['poiuytrewq', 'keyboard', /keyboard pattern/],
    ['!@#$%^&*(', 'keyboard', /keyboard pattern/],
    ['Summer 2024', 'common_with_affix', /common password/],
    ['P@ssw0rd!', 'common_with_affix', /common password/],
    ['p4ssw0rd', 'common', /common password/],
    ['monkey123456', 'common_with_affix', /common password/],
    ['2024football', 'common_with_affix', /common password/],
    ['Dragon!!!!', 'common_with_affix', /common password/],
    ['abdominal', 'word', /is a single common word/],
    ['Abdominal7', 'word_with_affix', /is a common word with only digits or symbols added/],
    ['abdominalabdominal', 'word', /common word/],
    ['19840512', 'date_or_number', /is only a date, a year or a short number/],
    ['31/12/1999', 'date_or_number', /date/],
    ['2024!!!!', 'date_or_number', /date/],
  ])('refuses %j (%s)', async (password, weakness, detail) => {
    expect(await passwordWeakness(password)).toBe(weakness);
    await expect(assertAcceptablePassword(password)).rejects.toMatchObject({ ...weak, weakness, message: expect.stringMatching(detail) });
  });

  it('says why in a sentence the client can show as it is', async () => {
    await expect(assertAcceptablePassword('aaaaaaaaaaaa')).rejects.toMatchObject({
      message: 'This password repeats one character; choose another (a few unrelated words make a strong one).',
    });
  });

  describe("the salon's name, the person's email address, name and phone number", () => {
    const context: PasswordContext = {
      salonNames: ['Salong Solsken'],
      email: 'hairbyanna@studio-nord.example',
      personNames: ['Anna', 'Lindqvist'],
      phone: '+46701234567',
    };

    it.each([
      ['Solsken2024!', 'salon_name', /is built from the salon's name/],
      ['S0LSKEN!!', 'salon_name', /salon's name/],
      ['salong-solsken', 'salon_name', /salon's name/],
      ['hairbyanna1', 'email', /is built from your email address/],
      ['studionord2024', 'email', /email address/],
      ['Lindqvist1984', 'name', /is built from your name/],
      ['anna.lindqvist', 'name', /your name/],
      ['0701234567', 'phone', /is built from your phone number/],
      ['+46 70 123 45 67', 'phone', /phone number/],
    ])('refuses %j (%s) with that context, and accepts it without', async (password, weakness, detail) => {
      await expect(assertAcceptablePassword(password, context)).rejects.toMatchObject({ ...weak, weakness, message: expect.stringMatching(detail) });
      expect(await passwordWeakness(password)).toBeUndefined();
    });

    it.each(['sunshine over the harbour', 'correct horse battery staple', 'solsken is where the light lives', 'anna paints the harbour blue'])(
      'accepts %j, of which the context is at most a small part',
      async (password) => {
        await expect(assertAcceptablePassword(password, context)).resolves.toBeUndefined();
      },
    );

    it("accepts the README walk-through's password for its salon and owner", async () => {
      const readme = { salonNames: ['Salong Solsken'], email: 'anna@solsken.example', personNames: ['Anna', 'Berg'] };
      await expect(assertAcceptablePassword('sunshine over the harbour', readme)).resolves.toBeUndefined();
    });

    it('accepts every password the test suite, the benchmarks and the README set, in the context the test builders give', async () => {
      const builders = { salonNames: ['Salong Solsken'], email: 'owner.1a2b3c4d@salon.example', personNames: ['Anna', 'Berg'] };
      const used = [
        'correct horse battery staple',
        'sunshine over the harbour',
        'a brand new passphrase',
        'a brand new passphrase 42',
        'yet another passphrase',
        'another long password',
        'the newest of passphrases',
        'a long and secret passphrase',
        'a brand new harbour password',
        'fresh harbour light 3 1',
        'a long bench passphrase',
      ];
      for (const password of used) expect(await passwordWeakness(password, builders), password).toBeUndefined();
    });
  });

  describe('properties', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const lettersOnly = (word: string) => /^[a-z]+$/.test(word);
    /** A weak core: a repeated letter, a run, a keyboard row, a short piece repeated, a common password or word. */
    const weakCore = fc.oneof(
      fc.tuple(fc.constantFrom(...letters), fc.integer({ min: 4, max: 12 })).map(([letter, times]) => letter.repeat(times)),
      fc
        .tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 4, max: 12 }), fc.boolean())
        .map(([from, length, down]) => Array.from({ length }, (_, i) => letters[(from + (down ? 26 - i : i)) % 26]).join('')),
      fc
        .tuple(fc.constantFrom('qwertyuiop', 'asdfghjkl', 'zxcvbnm'), fc.nat(), fc.integer({ min: 4, max: 10 }), fc.boolean())
        .map(([row, at, length, back]) => {
          const walk = row.slice(at % Math.max(1, row.length - 3)).slice(0, length);
          return back ? [...walk].reverse().join('') : walk;
        }),
      fc.tuple(fc.string({ unit: fc.constantFrom(...letters), minLength: 2, maxLength: 4 }), fc.integer({ min: 2, max: 4 })).map(([unit, times]) => unit.repeat(times)),
      fc.constantFrom(...commonList.filter((word) => lettersOnly(word) && word.length >= 4 && word.length <= 12)),
      fc.constantFrom(...dicewareList.filter((word) => lettersOnly(word) && word.length >= 4)),
    );
    const LOOK_ALIKES: Record<string, string[]> = { a: ['@', '4'], e: ['3'], i: ['1', '!'], l: ['|'], o: ['0'], s: ['$', '5'], t: ['7', '+'], b: ['8'], g: ['9'] };
    /** The core in random case, with look-alikes inside it (not at its ends, where they read as padding). */
    const disguised = fc.tuple(weakCore, fc.infiniteStream(fc.nat())).map(([core, coins]) => {
      const picks = coins[Symbol.iterator]();
      return [...core]
        .map((char, i) => {
          const roll = picks.next().value as number;
          const alikes = LOOK_ALIKES[char];
          if (alikes && i > 0 && i < core.length - 1 && roll % 3 === 0) return alikes[roll % alikes.length] as string;
          return roll % 2 === 0 ? char.toUpperCase() : char;
        })
        .join('');
    });
    const suffix = fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 9999 }).map(String),
      fc.integer({ min: 1950, max: 2035 }).map(String),
      fc.integer({ min: 1950, max: 2035 }).map((year) => `${year}!`),
      fc.integer({ min: 1950, max: 2035 }).map((year) => ` ${year}`),
      fc.constantFrom('!', '!!', '?', '.', '123', '1234!', '!!!!!', '!@#$', '#1'),
    );
    const prefix = fc.oneof(fc.constant(''), fc.constantFrom('1', '!', '#', '12'), fc.integer({ min: 1950, max: 2035 }).map(String));

    it('refuses a weak core whatever its case, look-alikes and trivial padding', async () => {
      await fc.assert(
        fc.asyncProperty(prefix, disguised, suffix, async (before, core, after) => {
          const password = `${before}${core}${after}`;
          fc.pre([...password].length >= PASSWORD_MIN_LENGTH);
          expect(await passwordWeakness(password)).toBeDefined();
        }),
        { numRuns: 500 },
      );
    });

    const diceware = fc.uniqueArray(fc.constantFrom(...dicewareList), { minLength: 4, maxLength: 4 }).map((words) => words.join(' '));
    const context: PasswordContext = { salonNames: ['Salong Solsken'], email: 'anna.berg@solsken.example', personNames: ['Anna', 'Berg'], phone: '+46701234567' };

    it('accepts any passphrase of four different diceware words, with or without context', async () => {
      await fc.assert(
        fc.asyncProperty(diceware, async (phrase) => {
          expect(await passwordWeakness(phrase)).toBeUndefined();
          expect(await passwordWeakness(phrase, context)).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });

    /** Anything from random ASCII to weak cores, padded, and context-built passwords. */
    const anyPassword = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 8, maxLength: 40 }),
      fc.tuple(prefix, disguised, suffix).map((parts) => parts.join('')),
      diceware,
      fc.tuple(fc.constantFrom('Solsken', 'anna', 'Berg', 'annaberg', 'salong solsken', '0701234567'), suffix).map((parts) => parts.join('')),
    );

    it('stays accepted when a space and a random word of 8 to 12 letters are appended', async () => {
      const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 8, maxLength: 12 });
      await fc.assert(
        fc.asyncProperty(anyPassword, word, async (password, appended) => {
          fc.pre((await passwordWeakness(password)) === undefined);
          expect(await passwordWeakness(`${password} ${appended}`)).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });

    it('only ever refuses more with context: what is refused without it is refused with it', async () => {
      await fc.assert(
        fc.asyncProperty(anyPassword, async (password) => {
          if ((await passwordWeakness(password)) !== undefined) expect(await passwordWeakness(password, context)).toBeDefined();
        }),
        { numRuns: 300 },
      );
    });

    it('ignores case: the same answer for any casing of the same password', async () => {
      await fc.assert(
        fc.asyncProperty(anyPassword, fc.infiniteStream(fc.boolean()), async (password, coins) => {
          const flips = coins[Symbol.iterator]();
          const recased = [...password].map((char) => (flips.next().value ? char.toUpperCase() : char.toLowerCase())).join('');
          expect(await passwordWeakness(recased, context)).toBe(await passwordWeakness(password, context));
        }),
        { numRuns: 300 },
      );
    });

    it('gives the same answer every time (no state, no randomness)', async () => {
      await fc.assert(
        fc.asyncProperty(anyPassword, async (password) => {
          const first = await passwordWeakness(password, context);
          expect(await passwordWeakness(password, context)).toBe(first);
        }),
        { numRuns: 100 },
      );
    });
  });

  it('costs microseconds: well under a millisecond of CPU for a 128-character password with context', async () => {
    const context: PasswordContext = { salonNames: ['Salong Solsken Hair & Beauty'], email: 'anna-karin.berg+salon@solsken-hair.example', personNames: ['Anna-Karin', 'Berg'], phone: '+46701234567' };
    const passwords = fc.sample(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 128, maxLength: 128 }), { numRuns: 300, seed: 1 });
    await passwordWeakness('warm the lists up', context);
    const before = process.cpuUsage();
    for (const password of passwords) await passwordWeakness(password, context);
    const used = process.cpuUsage(before);
    // Measured at about 40-80 µs on a busy shared machine; the bound leaves room for a slow CI.
    expect((used.user + used.system) / passwords.length).toBeLessThan(1000);
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
