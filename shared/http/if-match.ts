import { ValidationError } from '../errors.js';

/** The `If-Match: <version>` header (api.md: optimistic concurrency), if sent. Quotes of an ETag form are accepted. */
export function ifMatchVersion(headers: Record<string, string | undefined>): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) return undefined;
  const value = raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!/^\d{1,9}$/.test(value)) throw new ValidationError([{ path: 'If-Match', message: 'Send the resource version, an integer.' }]);
  return Number(value);
}
