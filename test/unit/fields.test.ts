import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from '#shared/domain/auth/login-identifier.js';
import {
  accessLevelName,
  branchName,
  email,
  emailProblem,
  loginField,
  opaqueId,
  password,
  personName,
  phone,
  salonName,
  singleLineText,
  tag,
  terminalName,
  textProblem,
} from '#shared/http/fields.js';
import { newId } from '#shared/crypto/tokens.js';

describe('email field', () => {
  it('normalises case and surrounding whitespace', () => {
    expect(email.parse('  Anna@Salon.SE ')).toBe('anna@salon.se');
  });

  it.each(['anna', 'anna@salon', '@salon.se', 'an na@salon.se', ''])('refuses %j with a readable message', (value) => {
    const result = email.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Not a valid email address: .+\.$/) })]);
  });

  it('refuses a value that is not a string', () => {
    expect(email.safeParse(42).success).toBe(false);
  });

  it('refuses more than 254 characters', () => {
    expect(email.safeParse(`anna@${'a'.repeat(247)}.se`).success).toBe(false);
  });

  it('stores what normaliseEmail gives, so a login finds the address (it accepts a subset of what normaliseEmail takes)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: fc.constantFrom(...'ab.-@[]"1,_ \r\nå') })), (value) => {
        const result = email.safeParse(value);
        if (result.success) expect(result.data).toBe(normaliseEmail(value));
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

/** The addresses the email field accepts, written independently of its code: dot-atom ASCII local part, letters-digits-hyphens labels. */
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]";
const SUBSET = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:[a-z]{2,}|xn--[a-z0-9-]*[a-z0-9])$`);

describe('email field: the subset SES delivers', () => {
  it.each([
    ['plus addressing and dots', 'first.last+tag@sub.example.com', 'first.last+tag@sub.example.com'],
    ['every atext character', "a!#$%&'*+-/=?^_`{|}~z@salon.se", "a!#$%&'*+-/=?^_`{|}~z@salon.se"],
    ['a punycode domain', 'anna@xn--salongbl-5za.se', 'anna@xn--salongbl-5za.se'],
    ['a punycode top-level domain', 'anna@salong.xn--p1ai', 'anna@salong.xn--p1ai'],
    ['hyphens and digits inside labels', 'anna@salon-2.example', 'anna@salon-2.example'],
    ['a 64-character local part', `${'a'.repeat(64)}@salon.se`, `${'a'.repeat(64)}@salon.se`],
    ['surrounding whitespace and capitals', '\tANNA@SALON.SE\n', 'anna@salon.se'],
  ])('accepts %s', (_label, value, expected) => {
    expect(email.parse(value)).toBe(expected);
  });

  it.each([
    ['a comma in the local part', 'a,b@example.com', 'may contain only letters, digits, dots and', '(found ",")'],
    ['an IP literal', 'x@[127.0.0.1]', 'IP address literals'],
    ['an IPv6 literal', 'x@[IPv6:::1]', 'IP address literals'],
    ['a bare IP address', 'x@127.0.0.1', 'an IP address is not accepted'],
    ['a quoted local part', '"anna"@salon.se', 'quoted local parts'],
    ['a quoted local part holding an @', '"a@b"@salon.se', 'quoted local parts'],
    ['two @', 'anna@b@salon.se', 'exactly one @'],
    ['no @', 'anna.salon.se', 'needs an @'],
    ['nothing before the @', '@salon.se', 'nothing before the @'],
    ['nothing after the @', 'anna@', 'nothing after the @'],
    ['a 65-character local part', `${'a'.repeat(65)}@salon.se`, 'longer than 64 characters'],
    ['a leading dot', '.anna@salon.se', 'must not start or end with a dot'],
    ['a trailing dot', 'anna.@salon.se', 'must not start or end with a dot'],
    ['two dots in a row', 'an..na@salon.se', 'two dots in a row'],
    ['a space inside', 'an na@salon.se', 'must not contain spaces', '(found U+0020)'],
    ['a no-break space inside', 'anna@salon\u00a0.se', '(found U+00A0)'],
    ['a CR LF header inside', 'anna@salon.se\r\nBcc: eve@evil.example', '(found U+000D)'],
    ['a NUL', 'an\u0000na@salon.se', '(found U+0000)'],
    ['a non-ASCII local part', 'åsa@salon.se', 'must be ASCII (found U+00E5)'],
    ['a Unicode domain', 'anna@salongblå.se', 'punycode form (xn--…) (found U+00E5)'],
    ['a single-label domain', 'anna@salon', 'at least two labels'],
    ['an underscore in the domain', 'anna@sal_on.se', 'letters, digits and hyphens (found "_")'],
    ['a leading hyphen in a label', 'anna@-salon.se', 'must not start or end with a hyphen'],
    ['a trailing hyphen in a label', 'anna@salon-.se', 'must not start or end with a hyphen'],
    ['a 64-character label', `anna@${'a'.repeat(64)}.se`, 'longer than 63 characters'],
    ['a trailing dot on the domain', 'anna@salon.se.', 'must not start or end with a dot'],
    ['an empty label', 'anna@salon..se', 'two dots in a row'],
    ['a one-letter top-level domain', 'anna@salon.s', 'top-level domain'],
    ['a numeric top-level domain', 'anna@salon.123', 'top-level domain'],
    ['over 254 characters', `anna@${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.se`, 'longer than 254 characters'],
  ])('refuses %s and says which rule failed', (_label, value, ...fragments) => {
    const result = email.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    const message = result.error?.issues[0]?.message ?? '';
    expect(message.startsWith('Not a valid email address: ')).toBe(true);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it('accepts the addresses fast-check generates (RFC 5322 dot-atoms with letter top-level domains) up to 254 characters', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (value) => {
        fc.pre(value.length <= 254 && (value.split('@')[0] ?? '').length <= 64);
        expect(email.parse(value)).toBe(value.toLowerCase());
      }),
    );
  });

  it('accepts nothing outside the subset', () => {
    const alphabet = [...'aZ9.-_@[]",+!~ ', '\r', '\n', '\u0000', 'å', 'xn--'];
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }), fc.string({ unit: 'binary' })), (value) => {
        const result = email.safeParse(value);
        if (!result.success) return;
        expect(result.data).toMatch(SUBSET);
        expect(result.data.length).toBeLessThanOrEqual(254);
        expect((result.data.split('@')[0] ?? '').length).toBeLessThanOrEqual(64);
        expect(emailProblem(result.data)).toBeUndefined();
      }),
    );
  });
});

/** Every character no name may hold: C0, DEL, C1, line and paragraph separators, bidi controls. */
const FORBIDDEN = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x2028, 0x2029, 0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
].map((code) => String.fromCodePoint(code));
const FORBIDDEN_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** Names built from letters, spaces, combining marks and the characters that must never pass. */
const nameLike = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'AnaÅsaЮлия李 -\'.', 'e\u0301', 'A\u030a', '\u00a0', '\u2001', '\ufeff', '\u200d', '\u{1f487}') },
    { weight: 1, arbitrary: fc.constantFrom(...FORBIDDEN, '\ud800', '\udfff') },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  ),
  maxLength: 30,
});

const textFields = [
  ['personName', personName, 100],
  ['salonName', salonName, 120],
  ['branchName', branchName, 100],
  ['terminalName', terminalName, 80],
  ['accessLevelName', accessLevelName, 80],
  ['tag', tag, 40],
] as const;

describe.each(textFields)('%s field', (_name, field, max) => {
  it('accepts an ordinary name, NFC-normalised and trimmed', () => {
    expect(field.parse('  Åsa Lindqvist-Öberg ')).toBe('Åsa Lindqvist-Öberg');
    expect(field.parse('A\u030asa')).toBe('\u00c5sa');
    expect(field.parse('Юлия 李 O\u2019Brien \u{1f487}')).toBe('Юлия 李 O\u2019Brien \u{1f487}');
  });

  it.each(FORBIDDEN.map((char) => [`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, char]))('refuses %s inside, at the end or alone, naming it', (code, char) => {
    for (const value of [`Anna${char}Berg`, `Anna${char}`, `${char}Anna`, char]) {
      const result = field.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([expect.objectContaining({ message: expect.stringContaining(`(found ${code})`) })]);
    }
  });

  it('says which rule failed', () => {
    expect(field.safeParse('Anna\r\nSubject: Free money').error?.issues[0]?.message).toBe('Must not contain control characters or line breaks (found U+000D).');
    expect(field.safeParse('Anna\u202eBerg').error?.issues[0]?.message).toBe('Must not contain bidirectional-text controls (found U+202E).');
    expect(field.safeParse('Anna\ud800').error?.issues[0]?.message).toBe('Must be well-formed Unicode (found a lone surrogate U+D800).');
    expect(field.safeParse('  ').error?.issues[0]?.message).toBe('Must not be blank.');
    expect(field.safeParse('a'.repeat(max + 1)).error?.issues[0]?.message).toBe(`At most ${max} characters.`);
  });

  it('counts the length after normalising and trimming', () => {
    expect(field.safeParse(` ${'a'.repeat(max)} `).success).toBe(true);
    expect(field.safeParse('e\u0301'.repeat(max)).success).toBe(true);
    expect(field.safeParse('a'.repeat(max + 1)).success).toBe(false);
  });

  it('accepts no value holding a control, line break, bidi control or lone surrogate, and only NFC, trimmed, non-blank values of at most its length', () => {
    fc.assert(
      fc.property(nameLike, (value) => {
        const result = field.safeParse(value);
        if (!result.success) return;
        expect(result.data).not.toMatch(FORBIDDEN_RE);
        expect(result.data).toBe(result.data.normalize('NFC'));
        expect(result.data).toBe(result.data.trim());
        expect(result.data.length).toBeGreaterThanOrEqual(1);
        expect(result.data.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every value holding a forbidden character', () => {
    fc.assert(
      fc.property(nameLike, (value) => {
        fc.pre(FORBIDDEN_RE.test(value));
        expect(field.safeParse(value).success).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('normalises idempotently: an accepted value parses to itself', () => {
    fc.assert(
      fc.property(fc.oneof(nameLike, fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 })), (value) => {
        const result = field.safeParse(value);
        if (result.success) expect(field.parse(result.data)).toBe(result.data);
      }),
      { numRuns: 500 },
    );
  });
});

describe('textProblem', () => {
  it('finds nothing in ordinary text, including joiners and no-break spaces', () => {
    expect(textProblem('Anna-Maria O\u2019Brien \u0645\u200c\u0631 \u00a0')).toBeUndefined();
  });

  it('names the first forbidden character found by rule: controls before bidi controls', () => {
    expect(textProblem('\u202eA\n')).toContain('control characters');
  });

  it('gives every field the same rules', () => {
    expect(singleLineText(10).safeParse('a\u2066b').error?.issues[0]?.message).toBe(textProblem('a\u2066b'));
  });
});
