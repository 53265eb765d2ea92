import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHeader, PRODUCT_SENDER } from '#shared/messages/sender.js';
import { oneLine } from '#shared/messages/templates.js';

const ADDRESS = 'no-reply@mail.staffgate.example';

/**
 * A From header of exactly one mailbox, ADDRESS, with a display name that is
 * a quoted-string or a run of UTF-8 B encoded-words (RFC 5322, RFC 2047).
 */
const ONE_MAILBOX = /^(?:"(?:[^"\\\r\n]|\\["\\])*"|=\?UTF-8\?B\?[A-Za-z0-9+/]*={0,2}\?=(?: =\?UTF-8\?B\?[A-Za-z0-9+/]*={0,2}\?=)*) <no-reply@mail\.staffgate\.example>$/;

/** The display name as a mail reader shows it. */
function displayName(header: string): string {
  const name = header.slice(0, header.lastIndexOf(' <'));
  if (name.startsWith('"')) return name.slice(1, -1).replace(/\\(.)/g, '$1');
  return Buffer.concat(name.split(' ').map((word) => Buffer.from(word.slice('=?UTF-8?B?'.length, -2), 'base64'))).toString('utf8');
}

describe('fromHeader', () => {
  it('names the salon at the configured address', () => {
    expect(fromHeader(ADDRESS, 'Salong Sol')).toBe(`"Salong Sol" <${ADDRESS}>`);
  });

  it('is StaffGate without a salon (a password reset)', () => {
    expect(fromHeader(ADDRESS, undefined)).toBe(`"${PRODUCT_SENDER}" <${ADDRESS}>`);
  });

  it('is StaffGate for a name that is nothing once made one line', () => {
    expect(fromHeader(ADDRESS, '\r\n\u202e ')).toBe(`"StaffGate" <${ADDRESS}>`);
  });

  it('escapes quotes and backslashes in a quoted-string', () => {
    expect(fromHeader(ADDRESS, 'Bob\'s "Best" \\ Cuts')).toBe(`"Bob's \\"Best\\" \\\\ Cuts" <${ADDRESS}>`);
  });

  it('encodes a non-ASCII name as RFC 2047 encoded-words', () => {
    const header = fromHeader(ADDRESS, 'Salong Blå');
    expect(header).toBe(`=?UTF-8?B?${Buffer.from('Salong Blå').toString('base64')}?= <${ADDRESS}>`);
    expect(displayName(header)).toBe('Salong Blå');
  });

  it('splits a long name into encoded-words of at most 75 characters, between characters', () => {
    const name = 'Салон красоты «Северное сияние» 💇‍♀️ '.repeat(3).trim();
    const header = fromHeader(ADDRESS, name);
    const words = header.slice(0, header.lastIndexOf(' <')).split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word decodes on its own: no character is cut in two.
      expect(Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).not.toContain('\ufffd');
    }
    expect(displayName(header)).toBe(name);
  });

  it.each([
    ['a second address', 'Evil <evil@attacker.example>, Other'],
    ['a closing quote and an address', 'Salon" <evil@attacker.example>, "x'],
    ['a backslash before the closing quote', 'Salon\\'],
    ['a header on a new line', 'Salon\r\nBcc: victim@example.com'],
    ['a bare line feed and a header', 'Salon\nReply-To: evil@attacker.example'],
    ['a comment and a group', 'Salon (x) undisclosed:;'],
    ['something that looks encoded', '=?UTF-8?B?RXZpbCA8ZXZpbEBhdHRhY2tlci5leGFtcGxlPg==?='],
    ['a right-to-left override', 'Salon \u202eelpmaxe.rekcatta@live'],
    ['non-ASCII around an address', 'Blå <evil@attacker.example>\r\nBcc: x@y.z'],
  ])('keeps %s in the display name: one mailbox, the configured one', (_label, name) => {
    const header = fromHeader(ADDRESS, name);
    expect(header).toMatch(ONE_MAILBOX);
    expect(header).not.toMatch(/[\r\n]/);
    expect(displayName(header)).toBe(oneLine(name));
  });

  it('holds for any name (property)', () => {
    const anyName = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '<', '>', '@', ',', ';', ':', '(', ')', '=', '?', '\r', '\n', '\u202e', 'å', 'Ж', ' ', 'a'), fc.string({ unit: 'binary', maxLength: 2 })), maxLength: 120 });
    fc.assert(
      fc.property(anyName, (name) => {
        const header = fromHeader(ADDRESS, name);
        expect(header).toMatch(ONE_MAILBOX);
        expect(displayName(header)).toBe(oneLine(name) || PRODUCT_SENDER);
      }),
      { numRuns: 500 },
    );
  });
});
