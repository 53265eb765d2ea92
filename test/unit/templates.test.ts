import { describe, expect, it } from 'vitest';
import type { Locale } from '#shared/data/entities.js';
import type { InvitationMessage } from '#shared/messages/message.js';
import { invitationLink, renderMessage, secretsInText } from '#shared/messages/templates.js';

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

const LOCALES: Locale[] = ['en', 'sv', 'ru'];

const EXPIRY: Record<Locale, string> = {
  en: '14 March 2025',
  sv: '14 mars 2025',
  ru: '14 марта 2025',
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

    it('carries the invitation link', () => {
      expect(rendered.text).toContain(`${APP}/invitations/${TOKEN}`);
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
      expect(text).toContain(`${APP}/invitations/${TOKEN}`);
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
    const rendered = renderMessage(message({ locale: 'de' as Locale }), APP);
    expect(rendered.subject).toBe(renderMessage(message({ locale: 'en' }), APP).subject);
    expect(rendered.text).toMatch(/^Hi Anna, Maria Berg has invited you to join Salong Blå on StaffGate\./);
  });

  it('does not double the slash when the base URL ends with one', () => {
    const text = renderMessage(message(), `${APP}/`).text;
    expect(text).toContain(`${APP}/invitations/${TOKEN}`);
    expect(text).not.toContain('//invitations');
  });
});

describe('invitationLink', () => {
  it.each([APP, `${APP}/`])('builds <base>/invitations/<token> from %j', (base) => {
    expect(invitationLink(base, TOKEN)).toBe(`${APP}/invitations/${TOKEN}`);
  });

  it('keeps a base path', () => {
    expect(invitationLink('https://example.com/app', 'a.b.c')).toBe('https://example.com/app/invitations/a.b.c');
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
    expect(secretsInText(`${APP}/invitations/ten_1.inv_2`)).toEqual({});
  });

  it('stops the token at the first character outside the token alphabet', () => {
    expect(secretsInText(`Open ${APP}/invitations/a.b.c-d_e (valid until tomorrow).`)).toEqual({ token: 'a.b.c-d_e' });
  });

  it('does not return a PIN for an invitation text', () => {
    expect(secretsInText(renderMessage(message(), APP).text)).not.toHaveProperty('pin');
  });
});
