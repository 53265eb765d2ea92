import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Keys whose values are never written to a log, wherever they appear in a
 * logged object (an SDK input, an error's cause...). `code` alone is an error
 * code and stays readable; request bodies are never logged in the first place.
 */
const SECRET_KEY = /pin|pass(word)?|secret|token|authorization|cookie|totp|otp|verifier|hash|recovery/i;
export const REDACTED = '[redacted]';

export function redactingReplacer(key: string, value: unknown): unknown {
  return key !== '' && SECRET_KEY.test(key) ? REDACTED : value;
}

export const logger = new Logger({
  serviceName: 'staffgate',
  jsonReplacerFn: redactingReplacer,
});
