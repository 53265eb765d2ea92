import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Words that, found in a key, make its value secret wherever it appears in a
 * logged object (an SDK input, an error's cause...). Keys are split into
 * words (camelCase, dots, dashes, underscores), so `newPassword`, `tokenHash`
 * and `PIN` match while `opinion` does not. Request bodies are never logged
 * in the first place.
 */
const SECRET_WORDS = new Set([
  'pin',
  'pins',
  'password',
  'passwd',
  'passcode',
  'secret',
  'token',
  'authorization',
  'cookie',
  'totp',
  'otp',
  'verifier',
  'hash',
  'recovery',
]);
export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SECRET_WORDS.has(word));
}

export function redactingReplacer(key: string, value: unknown): unknown {
  return key !== '' && isSecretKey(key) ? REDACTED : value;
}

export const logger = new Logger({
  serviceName: 'staffgate',
  jsonReplacerFn: redactingReplacer,
});
