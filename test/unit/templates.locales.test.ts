import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Channel, type Locale, LOCALES } from '#shared/data/entities.js';
import { locale as localeField } from '#shared/http/fields.js';
import type { InvitationMessage, OutgoingMessage, PasswordResetMessage, PinMessage } from '#shared/messages/message.js';
import { formatExpiry, invitationLink, oneLine, passwordResetLink, renderMessage, secretsInText } from '#shared/messages/templates.js';

/**
 * Every message kind in every language: it exists (no locale falls back to
 * English), and every placeholder is filled, for any names, PINs, links and
 * dates. `__snapshots__/message-texts.md` holds every text with sample
 * values: the place to read (and review) them all.
 */

const APP = 'https://app.staffgate.example';
const TOKEN = 'ten_01hx5k3.inv_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';
const RESET_TOKEN = 'acc_01hx5k3.rst_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';
const KINDS = ['invitation', 'pin', 'password_reset'] as const;
type Kind = (typeof KINDS)[number];

interface Values {
  tenantName: string;
  firstName: string;
  inviterName: string | null;
  pin: string;
  token: string;
  expiresAt: string;
  channel: Channel;
}

const SAMPLE: Values = {
  tenantName: 'Salong Blå',
  firstName: 'Anna',
  inviterName: 'Maria Berg',
  pin: '482913',
  token: TOKEN,
  expiresAt: '2025-03-14T10:00:00.000Z',
  channel: 'sms',
};

function build(kind: Kind, locale: Locale, v: Values): OutgoingMessage {
  const to = v.channel === 'sms' ? '+46701234567' : 'anna@salon.example';
  if (kind === 'invitation') {
    const message: InvitationMessage = { kind, channel: v.channel, to, locale, tenantName: v.tenantName, firstName: v.firstName, inviterName: v.inviterName, token: v.token, expiresAt: v.expiresAt };
    return message;
  }
  if (kind === 'pin') {
    const message: PinMessage = { kind, channel: v.channel, to, locale, tenantName: v.tenantName, firstName: v.firstName, pin: v.pin };
    return message;
  }
  const message: PasswordResetMessage = { kind, channel: v.channel, to, locale, token: v.token, expiresAt: v.expiresAt };
  return message;
}

/** What any rendered text must not show: an unfilled placeholder or a missing value. */
const LEFTOVER = /\{[A-Za-z_]\w*\}|\$\{|\bundefined\b|\bnull\b|\bNaN\b|Invalid Date|\[object Object\]/;

function expectComplete(kind: Kind, locale: Locale, v: Values) {
  const { subject, text } = renderMessage(build(kind, locale, v), APP);
  for (const part of [subject, text]) {
    expect(part.trim().length).toBeGreaterThan(0);
    expect(part).not.toMatch(LEFTOVER);
  }
  if (kind === 'password_reset') {
    // An email's link names the page's language; an SMS's (every character counts) does not.
    const lang = v.channel === 'email' ? locale : undefined;
    expect(text).toContain(passwordResetLink(APP, v.token, lang));
    expect(secretsInText(text)).toEqual({ token: v.token });
    expect(text).toContain('30');
    return;
  }
  expect(subject).toContain(oneLine(v.tenantName));
  expect(text).toContain(oneLine(v.tenantName));
  expect(text).toContain(oneLine(v.firstName));
  if (kind === 'pin') {
    expect(text).toContain(v.pin);
    expect(secretsInText(text)).toEqual({ pin: v.pin });
    return;
  }
  expect(text).toContain(invitationLink(APP, v.token, v.channel === 'email' ? locale : undefined));
  expect(secretsInText(text)).toEqual({ token: v.token });
  if (v.channel === 'sms') {
    // Short: no year and no inviter (formatExpiry 'sms'); no-break spaces written as plain ones.
    expect(text).toContain(formatExpiry(v.expiresAt, locale, 'UTC', 'sms').replace(/[\u00a0\u202f]/g, ' '));
    return;
  }
  expect(text).toContain(formatExpiry(v.expiresAt, locale));
  const inviter = v.inviterName === null ? '' : oneLine(v.inviterName);
  if (inviter) expect(text).toContain(inviter);
}

describe('every message kind exists in every language', () => {
  it('lists the eleven languages', () => {
    expect([...LOCALES].sort()).toEqual(['da', 'de', 'en', 'es', 'fi', 'fr', 'nb', 'nl', 'pl', 'ru', 'sv']);
  });

  describe.each(KINDS)('%s', (kind) => {
    it.each(LOCALES.filter((locale) => locale !== 'en'))('has its own %s text and subject, not the English fallback', (locale) => {
      const english = renderMessage(build(kind, 'en', SAMPLE), APP);
      const rendered = renderMessage(build(kind, locale, SAMPLE), APP);
      expect(rendered.subject).not.toBe(english.subject);
      expect(rendered.text).not.toBe(english.text);
    });

    it('differs in every language', () => {
      const texts = LOCALES.map((locale) => renderMessage(build(kind, locale, SAMPLE), APP).text);
      expect(new Set(texts).size).toBe(LOCALES.length);
    });

    it.each(LOCALES)('in %s fills every placeholder of the sample', (locale) => {
      expectComplete(kind, locale, SAMPLE);
      expectComplete(kind, locale, { ...SAMPLE, inviterName: null, channel: 'email', pin: '0815' });
    });
  });
});

describe('every placeholder is filled, for any values (property)', () => {
  // Printable text of several scripts, none of the words LEFTOVER looks for, no braces.
  const word = fc.string({ unit: fc.constantFrom(...'aeAZ ÅåøØæéèçñłżß-’\'.&ЮлияΩ李'.split('')), minLength: 1, maxLength: 24 });
  const name = word.filter((value) => oneLine(value).length > 0 && !/undefined|null|NaN/i.test(value));
  const pin = fc.stringMatching(/^(?:\d{4}|\d{6})$/);
  const token = fc.tuple(...[0, 1, 2].map(() => fc.stringMatching(/^[A-Za-z0-9_-]{1,22}$/))).map((parts) => parts.join('.'));
  const expiresAt = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
  const values: fc.Arbitrary<Values> = fc.record({
    tenantName: name,
    firstName: name,
    inviterName: fc.option(name, { nil: null }),
    pin,
    token,
    expiresAt,
    channel: fc.constantFrom<Channel>('email', 'sms'),
  });

  it('in every language and kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.constantFrom(...LOCALES), values, (kind, locale, v) => {
        expectComplete(kind, locale, v);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('expiry dates are written in the message language (Intl), with the time and its zone', () => {
  it.each([
    ['en', '1 May 2025'],
    ['sv', '1 maj 2025'],
    ['ru', '1 мая 2025'],
    ['de', '1. Mai 2025'],
    ['fr', '1er mai 2025'],
    ['es', '1 de mayo de 2025'],
    ['nl', '1 mei 2025'],
    ['pl', '1 maja 2025'],
    ['fi', '1. toukokuuta 2025'],
    ['nb', '1. mai 2025'],
    ['da', '1. maj 2025'],
  ] as const)('%s: %s', (locale, expected) => {
    expect(formatExpiry('2025-05-01T10:00:00.000Z', locale)).toContain(expected);
    expect(renderMessage(build('invitation', locale, { ...SAMPLE, channel: 'email', expiresAt: '2025-05-01T10:00:00.000Z' }), APP).text).toContain(expected);
  });

  it('writes other days of a French month as plain numbers', () => {
    expect(formatExpiry('2025-05-11T10:00:00.000Z', 'fr')).toBe('11 mai 2025 à 10:00 UTC');
  });
});

describe('the locale field', () => {
  it.each(LOCALES)('accepts %s', (value) => {
    expect(localeField.safeParse(value).success).toBe(true);
  });

  it.each(['', 'EN', 'en-GB', 'no', 'se', 'it', 'xx', ' de'])('refuses %j', (value) => {
    expect(localeField.safeParse(value).success).toBe(false);
  });
});

describe('every text, for reading', () => {
  it('matches __snapshots__/message-texts.md', async () => {
    const lines = ['# StaffGate messages, every kind in every language', '', `Sample values: salon "${SAMPLE.tenantName}", person "${SAMPLE.firstName}", inviter "${SAMPLE.inviterName}", PIN ${SAMPLE.pin}, expiry ${SAMPLE.expiresAt}. Generated by test/unit/templates.locales.test.ts (\`npx vitest run test/unit/templates.locales.test.ts -u\` after a change).`, ''];
    for (const kind of KINDS) {
      lines.push(`## ${kind}`, '');
      for (const locale of LOCALES) {
        const token = kind === 'password_reset' ? RESET_TOKEN : TOKEN;
        const rendered = renderMessage(build(kind, locale, { ...SAMPLE, token, channel: 'email' }), APP);
        lines.push(`### ${locale}`, '', `- subject: ${rendered.subject}`, `- text: ${rendered.text}`);
        if (kind === 'invitation') {
          lines.push(`- text without an inviter: ${renderMessage(build(kind, locale, { ...SAMPLE, inviterName: null, channel: 'email' }), APP).text}`);
          lines.push(`- SMS: ${renderMessage(build(kind, locale, { ...SAMPLE, channel: 'sms' }), APP).text}`);
        }
        lines.push('');
      }
    }
    await expect(lines.join('\n')).toMatchFileSnapshot('./__snapshots__/message-texts.md');
  });
});
