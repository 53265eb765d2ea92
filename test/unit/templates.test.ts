import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Channel, type Locale, LOCALES as ALL_LOCALES } from '#shared/data/entities.js';
import { textProblem } from '#shared/http/fields.js';
import type { InvitationMessage, OutgoingMessage, PinMessage } from '#shared/messages/message.js';
import { invitationLink, oneLine, renderMessage, secretsInText } from '#shared/messages/templates.js';

const APP = 'https://app.staffgate.example';
const TOKEN = 'ten_01hx5k3.inv_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';

function message(overrides: Partial<InvitationMessage> = {}): InvitationMessage {
  return {
    kind: 'invitation',
    channel: 'email',
    to: 'anna@salon.se',
    locale: 'en',
    tenantName: 'Salong Blå',
    firstName: 'Anna',
    inviterName: 'Maria Berg',
    token: TOKEN,
    expiresAt: '2025-03-14T10:00:00.000Z',
    ...overrides,
  };
}

const LOCALES: Locale[] = [...ALL_LOCALES];

const EXPIRY: Record<Locale, string> = {
  en: '14 March 2025',
  sv: '14 mars 2025',
  ru: '14 марта 2025',
  de: '14. März 2025',
  fr: '14 mars 2025',
  es: '14 de marzo de 2025',
  nl: '14 maart 2025',
  pl: '14 marca 2025',
  fi: '14. maaliskuuta 2025',
  nb: '14. mars 2025',
  da: '14. marts 2025',
};

describe('renderMessage for an invitation', () => {
  describe.each(LOCALES)('in %s', (locale) => {
    const rendered = renderMessage(message({ locale }), APP);

    it('names the tenant in the subject and the text', () => {
      expect(rendered.subject).toContain('Salong Blå');
      expect(rendered.text).toContain('Salong Blå');
    });

    it('greets the person by first name', () => {
      expect(rendered.text).toContain('Anna');
    });

    it('carries the invitation link, opening the page in the message’s language', () => {
      expect(rendered.text).toContain(`${APP}/account/invitation?lang=${locale}#${TOKEN}`);
    });

    it('formats the expiry date for the locale', () => {
      expect(rendered.text).toContain(EXPIRY[locale]);
    });

    it('names the inviter when there is one', () => {
      expect(rendered.text).toContain('Maria Berg');
    });

    it('reads without an inviter', () => {
      const text = renderMessage(message({ locale, inviterName: null }), APP).text;
      expect(text).not.toContain('null');
      expect(text).not.toContain('Maria Berg');
      expect(text).toContain(`${APP}/account/invitation?lang=${locale}#${TOKEN}`);
    });

    it('lets secretsInText find exactly the token', () => {
      expect(secretsInText(rendered.text)).toEqual({ token: TOKEN });
    });
  });

  it('localises the subject: each locale has its own', () => {
    const subjects = LOCALES.map((locale) => renderMessage(message({ locale }), APP).subject);
    expect(new Set(subjects).size).toBe(LOCALES.length);
  });

  it('localises the text: each locale has its own', () => {
    const texts = LOCALES.map((locale) => renderMessage(message({ locale }), APP).text);
    expect(new Set(texts).size).toBe(LOCALES.length);
  });

  it.each([
    ['sv', 'Du är inbjuden'],
    ['ru', 'Приглашение'],
    ['en', "You're invited"],
  ] as const)('writes the %s subject in that language', (locale, words) => {
    expect(renderMessage(message({ locale }), APP).subject).toContain(words);
  });

  it('formats the expiry date in UTC', () => {
    expect(renderMessage(message({ expiresAt: '2025-03-14T23:30:00.000Z' }), APP).text).toContain('14 March 2025');
    expect(renderMessage(message({ expiresAt: '2025-03-15T00:30:00.000Z' }), APP).text).toContain('15 March 2025');
  });

  it('falls back to English wording for an unknown locale', () => {
    const rendered = renderMessage(message({ locale: 'xx' as Locale }), APP);
    expect(rendered.subject).toBe(renderMessage(message({ locale: 'en' }), APP).subject);
    expect(rendered.text).toMatch(/^Hi Anna, Maria Berg has invited you to join Salong Blå on StaffGate\./);
  });

  it('does not double the slash when the base URL ends with one', () => {
    const text = renderMessage(message(), `${APP}/`).text;
    expect(text).toContain(`${APP}/account/invitation?lang=en#${TOKEN}`);
    expect(text).not.toContain('//account');
  });
});

describe('invitationLink', () => {
  it.each([APP, `${APP}/`])('builds <base>/account/invitation#<token> from %j', (base) => {
    expect(invitationLink(base, TOKEN)).toBe(`${APP}/account/invitation#${TOKEN}`);
  });

  it('keeps a base path', () => {
    expect(invitationLink('https://example.com/app', 'a.b.c')).toBe('https://example.com/app/account/invitation#a.b.c');
  });

  it('names the page’s language when asked (an email’s link), before the fragment', () => {
    expect(invitationLink(APP, TOKEN, 'sv')).toBe(`${APP}/account/invitation?lang=sv#${TOKEN}`);
  });

  it('names none in an SMS, whose every character counts against its segments', () => {
    expect(renderMessage(message({ channel: 'sms', to: '+46701234567' } as Partial<InvitationMessage>), APP).text).toContain(`${APP}/account/invitation#${TOKEN}`);
  });
});

describe('secretsInText', () => {
  it('finds nothing in a text without a link', () => {
    expect(secretsInText('Hi Anna, welcome to Salong Blå.')).toEqual({});
  });

  it('finds nothing in the empty text', () => {
    expect(secretsInText('')).toEqual({});
  });

  it('finds nothing in an invitation link whose token has fewer than three parts', () => {
    expect(secretsInText(`${APP}/account/invitation#ten_1.inv_2`)).toEqual({});
  });

  it('stops the token at the first character outside the token alphabet', () => {
    expect(secretsInText(`Open ${APP}/account/invitation#a.b.c-d_e (valid until tomorrow).`)).toEqual({ token: 'a.b.c-d_e' });
  });

  it('does not return a PIN for an invitation text', () => {
    expect(secretsInText(renderMessage(message(), APP).text)).not.toHaveProperty('pin');
  });
});

/** Line breaks and controls in any form, bidi controls, lone surrogates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
const LINE_BREAK = /[\r\n\u000b\u000c\u0085\u2028\u2029]/u;

function pinMessage(overrides: Partial<PinMessage> = {}): PinMessage {
  return { kind: 'pin', channel: 'sms', to: '+46701234567', locale: 'en', tenantName: 'Salong Blå', firstName: 'Anna', pin: '482913', ...overrides };
}

describe('oneLine', () => {
  it.each([
    ['CR LF', 'Anna\r\nSubject: Free money', 'Anna Subject: Free money'],
    ['a run of controls', 'Anna\r\n\t\u0000Berg', 'Anna Berg'],
    ['NEL and the line separator', 'Anna\u0085Berg\u2028Lind', 'Anna Berg Lind'],
    ['a right-to-left override', 'Anna \u202egreB', 'Anna greB'],
    ['an isolate and marks', '\u2067Anna\u2069\u200f\u061c', 'Anna'],
    ['a lone surrogate', 'Anna\ud800', 'Anna\ufffd'],
    ['controls at the ends', '\r\nAnna\r\n', 'Anna'],
  ])('replaces %s', (_label, value, expected) => {
    expect(oneLine(value)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    for (const value of ['Salong Blå', 'Юлия', '李', 'O\u2019Brien', 'a\u200db', '\u{1f487} Hair']) expect(oneLine(value)).toBe(value);
  });

  it('removes or replaces exactly the characters the field schemas refuse (every BMP code unit)', () => {
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      const refused = textProblem(`a${char}b`) !== undefined;
      const changed = oneLine(`a${char}b`) !== `a${char}b`;
      if (refused !== changed) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });
});

describe('a field cannot add headers or lines to a message', () => {
  const hostile = {
    tenantName: 'Salong\r\nBcc: eve@evil.example',
    firstName: 'Anna\r\nSubject: Free money\r\n\r\nClick here',
    inviterName: 'Maria\u202e\u2028Berg\u0000',
  };
  const kinds: Array<[string, (locale: Locale, channel: Channel) => OutgoingMessage]> = [
    ['invitation', (locale, channel) => message({ locale, channel, ...hostile })],
    ['PIN', (locale, channel) => pinMessage({ locale, channel, tenantName: hostile.tenantName, firstName: hostile.firstName })],
  ];

  describe.each(kinds)('%s', (_kind, build) => {
    it.each(LOCALES.flatMap((locale) => (['email', 'sms'] as const).map((channel) => [locale, channel] as const)))('in %s by %s: one-line subject, no line in the text from a field', (locale, channel) => {
      const rendered = renderMessage(build(locale, channel), APP);
      expect(rendered.subject).not.toMatch(UNSAFE);
      expect(rendered.text).not.toMatch(UNSAFE);
      expect(rendered.subject).toContain('Salong Bcc: eve@evil.example');
      expect(rendered.text).toContain('Anna Subject: Free money Click here');
    });
  });

  it('keeps the inviter readable and the token findable', () => {
    const rendered = renderMessage(message(hostile), APP);
    expect(rendered.text).toContain('Maria Berg has invited you');
    expect(secretsInText(rendered.text)).toEqual({ token: TOKEN });
  });

  it('reads as having no inviter when the inviter name is only controls', () => {
    expect(renderMessage(message({ inviterName: '\r\n\u202e' }), APP).text).toMatch(/^Hi Anna, you have been invited to join/);
  });

  it('holds for any values of the fields (property)', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('\r', '\n', '\u0085', '\u2028', '\u202e', '\u2066', '\u0000', '\ud800', 'a', ' ', 'Å'), fc.string({ unit: 'binary', maxLength: 2 })), maxLength: 40 });
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText), fc.constantFrom(...LOCALES), (tenantName, firstName, inviterName, locale) => {
        for (const built of [message({ locale, tenantName, firstName, inviterName }), pinMessage({ locale, tenantName, firstName })]) {
          const rendered = renderMessage(built, APP);
          expect(rendered.subject).not.toMatch(UNSAFE);
          expect(rendered.text).not.toMatch(LINE_BREAK);
          expect(rendered.text).not.toMatch(UNSAFE);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('still finds the PIN in a PIN text', () => {
    expect(secretsInText(renderMessage(pinMessage({ firstName: hostile.firstName }), APP).text)).toEqual({ pin: '482913' });
  });
});
