import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from '#shared/domain/auth/login-identifier.js';
import { email, loginField, opaqueId, password, personName, phone } from '#shared/http/fields.js';
import { newId } from '#shared/crypto/tokens.js';

describe('email field', () => {
  it('normalises case and surrounding whitespace', () => {
    expect(email.parse('  Anna@Salon.SE ')).toBe('anna@salon.se');
  });

  it.each(['anna', 'anna@salon', '@salon.se', 'an na@salon.se', ''])('refuses %j with a readable message', (value) => {
    const result = email.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ message: 'Not a valid email address.' })]);
  });

  it('refuses a value that is not a string', () => {
    expect(email.safeParse(42).success).toBe(false);
  });

  it('refuses more than 254 characters', () => {
    expect(email.safeParse(`anna@${'a'.repeat(247)}.se`).success).toBe(false);
  });

  it('agrees with normaliseEmail', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (value) => {
        fc.pre(value.length <= 254);
        const result = email.safeParse(value);
        const expected = normaliseEmail(value);
        expect(result.success ? result.data : undefined).toBe(expected);
      }),
    );
  });
});

describe('phone field', () => {
  it('normalises to E.164', () => {
    expect(phone.parse('+46 70-123 45 67')).toBe('+46701234567');
  });

  it.each(['0701234567', '+0701234567', '+123', 'phone', ''])('refuses %j with a readable message', (value) => {
    const result = phone.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ message: expect.stringContaining('E.164') })]);
  });

  it('refuses more than 32 characters even if it would normalise', () => {
    const padded = `+46 ${'   '.repeat(10)}701234567`;
    expect(padded.length).toBeGreaterThan(32);
    expect(normalisePhone(padded)).toBe('+46701234567');
    expect(phone.safeParse(padded).success).toBe(false);
  });

  it('agrees with normalisePhone', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'+0123456789 -().'), maxLength: 32 }), (value) => {
        const result = phone.safeParse(value);
        expect(result.success ? result.data : undefined).toBe(normalisePhone(value));
      }),
    );
  });
});

describe('opaqueId field', () => {
  it.each(['ten', 'acc', 'stf', 'lvl', 'inv', 'ses', 'brn', 'trm', 'evt'] as const)('accepts a generated %s id', (prefix) => {
    const id = newId(prefix);
    expect(opaqueId.parse(id)).toBe(id);
  });

  it.each([
    ['the empty string', ''],
    ['no prefix', '01hx5k3'],
    ['a two-letter prefix', 'te_01hx'],
    ['a four-letter prefix', 'tena_01hx'],
    ['an uppercase body', 'ten_01HX'],
    ['nothing after the underscore', 'ten_'],
    ['a dot (a token, not an id)', 'ten_1.inv_2'],
    ['a slash', 'ten_1/2'],
    ['more than 64 characters', `ten_${'a'.repeat(61)}`],
  ])('refuses %s', (_label, value) => {
    expect(opaqueId.safeParse(value).success).toBe(false);
  });

  it('accepts exactly 64 characters', () => {
    expect(opaqueId.safeParse(`ten_${'a'.repeat(60)}`).success).toBe(true);
  });
});

describe('other fields', () => {
  it('trims a person name and refuses a blank one', () => {
    expect(personName.parse('  Anna ')).toBe('Anna');
    expect(personName.safeParse('   ').success).toBe(false);
  });

  it('refuses a person name over 100 characters', () => {
    expect(personName.safeParse('a'.repeat(100)).success).toBe(true);
    expect(personName.safeParse('a'.repeat(101)).success).toBe(false);
  });

  it('leaves the password policy to the domain but bounds its size', () => {
    expect(password.safeParse('short').success).toBe(true);
    expect(password.safeParse('').success).toBe(false);
    expect(password.safeParse('a'.repeat(1025)).success).toBe(false);
  });

  it('does not trim a password', () => {
    expect(password.parse(' pass word ')).toBe(' pass word ');
  });

  it('trims a login and refuses a blank one', () => {
    expect(loginField.parse(' anna@salon.se ')).toBe('anna@salon.se');
    expect(loginField.safeParse('  ').success).toBe(false);
  });
});
