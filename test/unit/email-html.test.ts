import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Locale, LOCALES } from '#shared/data/entities.js';
import { EMAIL_WORDS } from '#shared/messages/email-words.js';
import { escapeHtml, renderEmail } from '#shared/messages/email-html.js';
import type { InvitationMessage, OutgoingMessage, PasswordResetMessage, PinMessage } from '#shared/messages/message.js';
import { formatExpiry, invitationLink, oneLine, passwordResetLink, renderMessage, renderWording } from '#shared/messages/templates.js';

const APP = 'https://app.staffgate.example';
const TOKEN = 'ten_01hx5k3.inv_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';
const RESET_TOKEN = 'acc_01hx5k3.rst_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';
const KINDS = ['invitation', 'pin', 'password_reset'] as const;

function invitation(locale: Locale, overrides: Partial<InvitationMessage> = {}): InvitationMessage {
  return {
    kind: 'invitation',
    channel: 'email',
    to: 'anna@salon.example',
    locale,
    tenantName: 'Salong Blå',
    firstName: 'Anna',
    inviterName: 'Maria Berg',
    token: TOKEN,
    expiresAt: '2026-12-03T13:00:00.000Z',
    timeZone: 'Europe/Stockholm',
    ...overrides,
  };
}

function pin(locale: Locale, overrides: Partial<PinMessage> = {}): PinMessage {
  return { kind: 'pin', channel: 'email', to: 'anna@salon.example', locale, tenantName: 'Salong Blå', firstName: 'Anna', pin: '482913', ...overrides };
}

function reset(locale: Locale): PasswordResetMessage {
  return { kind: 'password_reset', channel: 'email', to: 'anna@salon.example', locale, token: RESET_TOKEN, expiresAt: '2026-12-03T13:00:00.000Z' };
}

function build(kind: (typeof KINDS)[number], locale: Locale): OutgoingMessage {
  if (kind === 'invitation') return invitation(locale);
  if (kind === 'pin') return pin(locale);
  return reset(locale);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a reader sees: the body without tags, entities decoded, white space collapsed. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<br>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every tag of the HTML, in order, without its attributes. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((match) => match[0]);
}

/** The text's facts: who it greets, the salon, the link or PIN, the expiry. */
function facts(message: OutgoingMessage): string[] {
  if (message.kind === 'invitation') {
    return [message.firstName, message.tenantName, message.inviterName ?? '', invitationLink(APP, message.token, message.locale), formatExpiry(message.expiresAt, message.locale, message.timeZone)];
  }
  if (message.kind === 'pin') return [message.firstName, message.tenantName, message.pin];
  return [passwordResetLink(APP, message.token, message.locale), '30'];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

describe('every email has a text part and an HTML part that say the same', () => {
  describe.each(KINDS)('%s', (kind) => {
    it.each(LOCALES)('in %s the HTML shows the text part’s facts, and the text part is the message text', (locale) => {
      const message = build(kind, locale);
      const email = renderEmail(message, APP);
      const seen = collapse(visibleText(email.html));
      expect(email.text.startsWith(renderMessage(message, APP).text)).toBe(true);
      for (const fact of facts(message)) {
        expect(email.text).toContain(fact);
        expect(seen).toContain(collapse(fact));
      }
    });

    it.each(LOCALES)('in %s the HTML shows the text’s own sentences, the heading and who sent it', (locale) => {
      const message = build(kind, locale);
      const email = renderEmail(message, APP);
      const seen = collapse(visibleText(email.html));
      const words = EMAIL_WORDS[locale];
      expect(seen.startsWith(collapse(email.subject))).toBe(true);
      const sentBy = words.sentBy(message.kind === 'password_reset' ? undefined : message.tenantName);
      expect(seen).toContain(collapse(sentBy));
      expect(email.text.endsWith(sentBy)).toBe(true);
      // What to do if it was not expected, in the text as in the HTML's footer.
      const unexpected = renderWording(message, APP).unexpected;
      expect(email.text).toContain(unexpected);
      expect(seen.endsWith(collapse(`${sentBy} ${unexpected}`))).toBe(true);
    });
  });

  it('says the reset link’s expiry in UTC in both parts', () => {
    const email = renderEmail(reset('en'), APP);
    expect(email.text).toContain('The link is valid for 30 minutes, until 3 December 2026 at 13:00 UTC.');
    expect(visibleText(email.html)).toContain('The link is valid for 30 minutes, until 3 December 2026 at 13:00 UTC.');
  });
});

describe('the HTML layout', () => {
  describe.each(KINDS)('%s', (kind) => {
    it.each(LOCALES)('in %s is one self-contained page: lang and dir set, inline styles, nothing loaded', (locale) => {
      const { html } = renderEmail(build(kind, locale), APP);
      expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
      expect(html).toContain(`<html lang="${locale}" dir="ltr">`);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).not.toMatch(/<(?:style|script|img|link|iframe|object|embed|form|input|svg|video|audio)\b/i);
      expect(html).not.toMatch(/\b(?:src|srcset|background|class|on[a-z]+)=/i);
      expect(html).not.toMatch(/url\(|@import|@font-face/i);
      // The only addresses are the link the text carries.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
      expect(new Set(hrefs)).toEqual(new Set(kind === 'pin' ? [] : [kind === 'invitation' ? invitationLink(APP, TOKEN, locale) : passwordResetLink(APP, RESET_TOKEN, locale)]));
      expect(html.match(/https?:\/\//g)?.length ?? 0).toBe(kind === 'pin' ? 0 : 3);
      expect(tags(html).filter((tag) => tag === '<table').length).toBeGreaterThanOrEqual(2);
    });
  });

  it('shows invitations and resets a button to the link, with the link in words below it', () => {
    for (const [message, label, link] of [
      [invitation('en'), 'Set your password', invitationLink(APP, TOKEN, 'en')],
      [reset('en'), 'Choose a new password', passwordResetLink(APP, RESET_TOKEN, 'en')],
    ] as const) {
      const { html } = renderEmail(message, APP);
      const button = html.indexOf(`<a href="${link}" target="_blank" style="display:inline-block;`);
      expect(button).toBeGreaterThan(html.indexOf('<td bgcolor="#1d4ed8"'));
      expect(html.slice(button)).toMatch(new RegExp(`^<a [^>]*>${label}</a>`));
      expect(html).toContain(`>${link}</a>`);
    }
  });

  it('shows a PIN on its own, large, and no link', () => {
    const { html } = renderEmail(pin('en'), APP);
    expect(html).toMatch(/<p style="[^"]*font-size:32px;[^"]*">482913<\/p>/);
    expect(html).not.toContain('<a ');
  });

  it('writes the page in English for an unknown locale, as the text', () => {
    const { html, text } = renderEmail(invitation('xx' as Locale), APP);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(text).toMatch(/^Hi Anna, Maria Berg has invited you/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Salong Blå — Юлия 李 💇')).toBe('Salong Blå — Юлия 李 💇');
  });
});

describe('a hostile name stays text', () => {
  const hostile = {
    tenantName: `<script>alert("salon")</script> & 'Spa' "Bar"\u202e\u2066 </td></tr></table><a href="https://evil.example">`,
    firstName: `Anna"><img src=x onerror=alert(1)> &amp; \u202eniraK`,
    inviterName: `<b>Maria</b>\u200f & "Co"`,
  };
  const benign = { tenantName: 'Salong Blå', firstName: 'Anna', inviterName: 'Maria Berg' };
  const messages: Array<[string, (names: typeof hostile) => OutgoingMessage]> = [
    ['invitation', (names) => invitation('en', names)],
    ['PIN', (names) => pin('en', { tenantName: names.tenantName, firstName: names.firstName })],
  ];

  describe.each(messages)('%s', (_kind, make) => {
    const email = renderEmail(make(hostile), APP);

    it('adds no tag: the hostile page has the same tags as a benign one', () => {
      expect(tags(email.html)).toEqual(tags(renderEmail(make(benign), APP).html));
    });

    it('carries no bidi control and no raw quote or bracket from a name', () => {
      expect(email.html).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u);
      expect(email.html).not.toContain('<script');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('evil.example">');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;salon&quot;)&lt;/script&gt; &amp; &#39;Spa&#39; &quot;Bar&quot;');
    });

    it('shows the names as the text part does: made one line, then escaped', () => {
      const seen = visibleText(email.html);
      expect(seen).toContain(oneLine(hostile.tenantName));
      expect(seen).toContain(oneLine(hostile.firstName));
      expect(email.text).toContain(oneLine(hostile.tenantName));
    });
  });

  it('holds for any names (property)', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", '\r', '\n', '\u202e', '\u2066', '\u200f', 'a', ' ', 'Å', '/', '='), fc.string({ unit: 'binary', maxLength: 2 })), maxLength: 40 });
    const benignTags = tags(renderEmail(invitation('en', benign), APP).html);
    fc.assert(
      fc.property(anyText, anyText, fc.option(anyText, { nil: null }), fc.constantFrom(...LOCALES), (tenantName, firstName, inviterName, locale) => {
        const { html } = renderEmail(invitation(locale, { tenantName, firstName, inviterName }), APP);
        expect(tags(html)).toEqual(benignTags);
        expect(html).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u);
        expect(visibleText(html)).toContain(collapse(oneLine(tenantName)));
      }),
      { numRuns: 300 },
    );
  });
});
