import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loginKey, normaliseEmail, normalisePhone, parseLogin } from '#shared/domain/auth/login-identifier.js';

const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0'), maxLength: 3 });
const localPart = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-'), minLength: 1, maxLength: 20 });
const label = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'), minLength: 1, maxLength: 12 });
const tld = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 6 });
const validEmail = fc.tuple(localPart, label, tld).map(([l, d, t]) => `${l}@${d}.${t}`);
/** A leading + makes a login a phone number (parseLogin), so these addresses start with anything else. */
const validEmailLogin = validEmail.filter((address) => !address.startsWith('+'));

const digit = fc.constantFrom(...'0123456789');
/** An E.164 number: +, a non-zero digit, then 6 to 14 more digits (7 to 15 digits in all). */
const e164 = fc
  .tuple(fc.constantFrom(...'123456789'), fc.string({ unit: digit, minLength: 6, maxLength: 14 }))
  .map(([first, rest]) => `+${first}${rest}`);
/** The same number as a person might type it: spaces, dashes, dots and parentheses between digits. */
const decoratedPhone = e164.chain((phone) =>
  fc
    .array(fc.constantFrom('', '', ' ', '-', '.', '(', ')', ' (', ') '), { minLength: phone.length - 1, maxLength: phone.length - 1 })
    .map((separators) => ({ phone, typed: [...phone].map((char, i) => char + (separators[i] ?? '')).join('') })),
);

describe('normaliseEmail', () => {
  it.each([
    ['Anna@Salon.se', 'anna@salon.se'],
    ['  anna@salon.se  ', 'anna@salon.se'],
    ['\tANNA@SALON.SE\n', 'anna@salon.se'],
    ['first.last+tag@sub.example.com', 'first.last+tag@sub.example.com'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  it.each([
    ['no @', 'anna.salon.se'],
    ['no domain dot', 'anna@salon'],
    ['a one-letter top-level domain', 'anna@salon.s'],
    ['an empty local part', '@salon.se'],
    ['two @', 'anna@b@salon.se'],
    ['inner whitespace', 'an na@salon.se'],
    ['an empty string', ''],
    ['only whitespace', '   '],
    ['a local part over 64 characters', `${'a'.repeat(65)}@salon.se`],
  ])('refuses an address with %s', (_label, raw) => {
    expect(normaliseEmail(raw)).toBeUndefined();
  });

  it('accepts a local part of exactly 64 characters', () => {
    expect(normaliseEmail(`${'a'.repeat(64)}@salon.se`)).toBe(`${'a'.repeat(64)}@salon.se`);
  });

  it('refuses an address longer than 254 characters', () => {
    const address = `anna@${'a'.repeat(246)}.se`;
    expect(address).toHaveLength(254);
    expect(normaliseEmail(address)).toBe(address);
    expect(normaliseEmail(`anna@${'a'.repeat(247)}.se`)).toBeUndefined();
  });

  it('is case- and surrounding-whitespace-insensitive', () => {
    fc.assert(
      fc.property(validEmail, whitespace, whitespace, (address, before, after) => {
        expect(normaliseEmail(before + address.toUpperCase() + after)).toBe(address.toLowerCase());
      }),
    );
  });

  it('is idempotent: normalising twice equals normalising once', () => {
    fc.assert(
      fc.property(fc.oneof(validEmail, fc.string({ unit: 'grapheme' })), (raw) => {
        const once = normaliseEmail(raw);
        if (once !== undefined) expect(normaliseEmail(once)).toBe(once);
      }),
    );
  });

  it('returns only lowercase, trimmed values', () => {
    fc.assert(
      fc.property(fc.oneof(validEmail, fc.string()), (raw) => {
        const value = normaliseEmail(raw);
        if (value !== undefined) {
          expect(value).toBe(value.trim().toLowerCase());
        }
      }),
    );
  });
});

describe('normalisePhone', () => {
  it.each([
    ['+46 70-123 45 67', '+46701234567'],
    ['+46701234567', '+46701234567'],
    ['+1 (555) 123-4567', '+15551234567'],
    ['  +44 20 7946 0958 ', '+442079460958'],
    ['+7.495.123.45.67', '+74951234567'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it('removes spaces, dashes, dots and parentheses from any E.164 number', () => {
    fc.assert(
      fc.property(decoratedPhone, ({ phone, typed }) => {
        expect(normalisePhone(typed)).toBe(phone);
      }),
    );
  });

  it('is idempotent: normalising twice equals normalising once', () => {
    fc.assert(
      fc.property(fc.oneof(decoratedPhone.map((p) => p.typed), fc.string()), (raw) => {
        const once = normalisePhone(raw);
        if (once !== undefined) expect(normalisePhone(once)).toBe(once);
      }),
    );
  });

  it('returns only E.164 values', () => {
    fc.assert(
      fc.property(fc.oneof(decoratedPhone.map((p) => p.typed), fc.string()), (raw) => {
        const value = normalisePhone(raw);
        if (value !== undefined) expect(value).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
    );
  });

  it.each([
    ['a leading 0 after +', '+0701234567'],
    ['no +', '46701234567'],
    ['a national number', '070-123 45 67'],
    ['6 digits (too short)', '+123456'],
    ['16 digits (too long)', '+1234567890123456'],
    ['letters', '+46 70 ABC 45 67'],
    ['two +', '++46701234567'],
    ['a + in the middle', '+46+701234567'],
    ['an empty string', ''],
    ['only +', '+'],
  ])('refuses a number with %s', (_label, raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });

  it.each([
    ['7 digits (shortest)', '+1234567'],
    ['15 digits (longest)', '+123456789012345'],
  ])('accepts a number with %s', (_label, raw) => {
    expect(normalisePhone(raw)).toBe(raw);
  });
});

describe('parseLogin', () => {
  it('reads a login starting with + as a phone number', () => {
    expect(parseLogin('+46 70-123 45 67')).toEqual({ kind: 'phone', value: '+46701234567' });
  });

  it('reads a login starting with + after leading whitespace as a phone number', () => {
    expect(parseLogin('  +46701234567')).toEqual({ kind: 'phone', value: '+46701234567' });
  });

  it('reads any other login as an email address', () => {
    expect(parseLogin(' Anna@Salon.se ')).toEqual({ kind: 'email', value: 'anna@salon.se' });
  });

  it('refuses a login starting with + that is not a valid phone number', () => {
    expect(parseLogin('+0701234567')).toBeUndefined();
  });

  it('does not read a phone number without + as a phone', () => {
    expect(parseLogin('0701234567')).toBeUndefined();
  });

  it('reads an email address with a leading + as a (bad) phone number, not as an email', () => {
    expect(normaliseEmail('+anna@salon.se')).toBe('+anna@salon.se');
    expect(parseLogin('+anna@salon.se')).toBeUndefined();
  });

  it('refuses an invalid email address', () => {
    expect(parseLogin('anna@salon')).toBeUndefined();
  });

  it('agrees with normalisePhone on logins starting with +', () => {
    fc.assert(
      fc.property(decoratedPhone, ({ phone, typed }) => {
        expect(parseLogin(typed)).toEqual({ kind: 'phone', value: phone });
      }),
    );
  });

  it('agrees with normaliseEmail on logins not starting with +', () => {
    fc.assert(
      fc.property(validEmailLogin, (address) => {
        expect(parseLogin(address)).toEqual({ kind: 'email', value: normaliseEmail(address) });
      }),
    );
  });
});

describe('loginKey', () => {
  it.each([
    [{ kind: 'email', value: 'anna@salon.se' } as const, 'email:anna@salon.se'],
    [{ kind: 'phone', value: '+46701234567' } as const, 'phone:+46701234567'],
  ])('keys %j as %j', (login, key) => {
    expect(loginKey(login)).toBe(key);
  });

  it('gives one key to every spelling of the same login', () => {
    const spellings = ['Anna@Salon.se', ' anna@salon.se', 'ANNA@SALON.SE '];
    const keys = spellings.map((raw) => loginKey(parseLogin(raw)!));
    expect(new Set(keys)).toEqual(new Set(['email:anna@salon.se']));
  });
});
