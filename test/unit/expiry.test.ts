import { describe, expect, it } from 'vitest';
import type { InvitationMessage } from '#shared/messages/message.js';
import { renderEmail } from '#shared/messages/email-html.js';
import { formatExpiry, renderMessage } from '#shared/messages/templates.js';

const APP = 'https://app.staffgate.example';
const STOCKHOLM = 'Europe/Stockholm';

function invitation(overrides: Partial<InvitationMessage> = {}): InvitationMessage {
  return {
    kind: 'invitation',
    channel: 'email',
    to: 'anna@salon.example',
    locale: 'en',
    tenantName: 'Salong Blå',
    firstName: 'Anna',
    inviterName: null,
    token: 'ten_1.inv_2.secret',
    expiresAt: '2026-03-29T01:30:00.000Z',
    timeZone: STOCKHOLM,
    ...overrides,
  };
}

describe('an expiry is the salon-local date and time, with its zone', () => {
  it.each([
    ['the last minute of winter time', '2026-03-29T00:59:00.000Z', '29 March 2026 at 01:59 CET'],
    ['the first minute of summer time (02:00 does not exist)', '2026-03-29T01:00:00.000Z', '29 March 2026 at 03:00 CEST'],
    ['02:30 in summer time, the first of the two', '2026-10-25T00:30:00.000Z', '25 October 2026 at 02:30 CEST'],
    ['02:30 in winter time, the second of the two', '2026-10-25T01:30:00.000Z', '25 October 2026 at 02:30 CET'],
    ['the next day in Stockholm, still the day before in UTC', '2026-06-30T22:30:00.000Z', '1 July 2026 at 00:30 CEST'],
  ])('in Europe/Stockholm: %s', (_label, iso, expected) => {
    expect(formatExpiry(iso, 'en', STOCKHOLM)).toBe(expected);
  });

  it.each([
    ['sv', '29 mars 2026 kl. 03:00 CEST'],
    ['de', '29. März 2026 um 03:00 MESZ'],
    ['fr', '29 mars 2026 à 03:00 UTC+2'],
    ['fi', '29. maaliskuuta 2026 klo 03.00 UTC+2'],
  ] as const)('in the message language: %s', (locale, expected) => {
    expect(formatExpiry('2026-03-29T01:00:00.000Z', locale, STOCKHOLM)).toBe(expected);
  });

  it('is UTC, and says so, without a zone', () => {
    expect(formatExpiry('2026-03-29T01:00:00.000Z', 'en')).toBe('29 March 2026 at 01:00 UTC');
  });

  it('is UTC, and says so, for a zone Intl does not know (a message queued with one cannot fail on it)', () => {
    expect(formatExpiry('2026-03-29T01:00:00.000Z', 'en', 'Mars/Olympus_Mons')).toBe('29 March 2026 at 01:00 UTC');
  });

  it('leaves out the year in an SMS and writes French "aout" in GSM 7-bit letters', () => {
    expect(formatExpiry('2026-03-29T01:00:00.000Z', 'en', STOCKHOLM, 'sms')).toBe('29 March at 03:00 CEST');
    expect(formatExpiry('2026-08-01T10:00:00.000Z', 'fr', STOCKHOLM, 'sms')).toBe('1er aout à 12:00 UTC+2');
    expect(formatExpiry('2026-08-01T10:00:00.000Z', 'fr', STOCKHOLM)).toBe('1er août 2026 à 12:00 UTC+2');
  });
});

describe('an invitation states its expiry in the salon zone', () => {
  it('in the email text and HTML', () => {
    const email = renderEmail(invitation(), APP);
    expect(email.text).toContain('valid until 29 March 2026 at 03:30 CEST');
    expect(email.html).toContain('Valid until 29 March 2026 at 03:30 CEST.');
  });

  it('in the SMS', () => {
    expect(renderMessage(invitation({ channel: 'sms', to: '+46701234567' }), APP).text).toContain('(valid until 29 March at 03:30 CEST)');
  });

  it('in UTC when it was queued without a zone', () => {
    const { timeZone: _zone, ...queuedBefore } = invitation();
    expect(renderMessage(queuedBefore, APP).text).toContain('valid until 29 March 2026 at 01:30 UTC');
  });
});

describe('a password reset has no salon', () => {
  it('states its expiry in UTC, and says so', () => {
    const email = renderEmail({ kind: 'password_reset', channel: 'email', to: 'anna@salon.example', locale: 'sv', token: 'acc_1.rst_2.secret', expiresAt: '2026-03-29T01:30:00.000Z' }, APP);
    expect(email.text).toContain('Länken gäller i 30 minuter, till 29 mars 2026 kl. 01:30 UTC.');
    expect(email.html).toContain('Länken gäller i 30 minuter, till 29 mars 2026 kl. 01:30 UTC.');
  });
});
