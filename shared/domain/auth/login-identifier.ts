/**
 * A login is an email address or an E.164 phone number. Both are normalised
 * before they are stored or looked up, so "Anna@Salon.se" and "anna@salon.se"
 * are one login, and "+46 70-123 45 67" is "+46701234567".
 */
export type LoginIdentifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function normaliseEmail(raw: string): string | undefined {
  const value = raw.trim().toLowerCase();
  return value.length <= 254 && EMAIL.test(value) ? value : undefined;
}

export function normalisePhone(raw: string): string | undefined {
  const value = raw.trim().replace(/[\s().-]/g, '');
  return E164.test(value) ? value : undefined;
}

export function parseLogin(raw: string): LoginIdentifier | undefined {
  const trimmed = raw.trim();
  if (trimmed.startsWith('+')) {
    const phone = normalisePhone(trimmed);
    return phone ? { kind: 'phone', value: phone } : undefined;
  }
  const email = normaliseEmail(trimmed);
  return email ? { kind: 'email', value: email } : undefined;
}

/** The key under which a login identifier is unique across the deployment. */
export function loginKey(login: LoginIdentifier): string {
  return `${login.kind}:${login.value}`;
}
