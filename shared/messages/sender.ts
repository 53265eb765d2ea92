import { oneLine } from './templates.js';

/** Who a message without a salon (a password reset) is from. */
export const PRODUCT_SENDER = 'StaffGate';

/** RFC 2047: an encoded-word is at most 75 characters; `=?UTF-8?B?` and `?=` take 12, and 45 bytes are 60 in base64. */
const ENCODED_WORD_BYTES = 45;

/**
 * The From header of an email: `name` as the display name, the deployment's
 * verified address (`emailFrom`) as the only address. A salon names itself
 * however it likes, so the name can never become a second address, a header
 * or a line: printable ASCII goes in a quoted-string with `"` and `\`
 * escaped, anything else in RFC 2047 encoded-words (SES takes no raw UTF-8
 * in From), split between characters. A name that is empty once made one
 * line is the product's.
 */
export function fromHeader(address: string, name: string | undefined): string {
  const display = oneLine(name ?? '') || PRODUCT_SENDER;
  return `${displayName(display)} <${address}>`;
}

function displayName(name: string): string {
  // "=?" inside quotes is no encoded-word by the RFC, but some readers decode it anyway: such a name is encoded too.
  if (/^[\x20-\x7e]*$/.test(name) && !name.includes('=?')) return `"${name.replace(/["\\]/g, '\\$&')}"`;
  return encodedWords(name).join(' ');
}

function encodedWords(name: string): string[] {
  const words: string[] = [];
  let chunk = '';
  for (const char of name) {
    if (Buffer.byteLength(chunk + char, 'utf8') > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
}
