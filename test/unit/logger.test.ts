import { describe, expect, it } from 'vitest';
import { REDACTED, redactingReplacer } from '#shared/logger.js';

const SECRET_KEYS = [
  'pin',
  'PIN',
  'newPin',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'sessionToken',
  'approvalToken',
  'authorization',
  'Authorization',
  'totpSecret',
  'secret',
  'secretHash',
  'recoveryCodes',
  'tokenHash',
  'passwordHash',
  'cookie',
];

const READABLE_KEYS = ['code', 'status', 'tenantId', 'requestId', 'staffId', 'accountId', 'method', 'path', 'message', 'name', 'statusCode'];

const stringify = (value: unknown) => JSON.stringify(value, redactingReplacer);

describe('redactingReplacer', () => {
  it.each(SECRET_KEYS)('redacts the value of %j', (key) => {
    expect(redactingReplacer(key, 'value-123')).toBe(REDACTED);
  });

  it.each(READABLE_KEYS)('leaves the value of %j alone', (key) => {
    expect(redactingReplacer(key, 'value-123')).toBe('value-123');
  });

  it('leaves the root value alone (the empty key)', () => {
    const root = { code: 'x' };
    expect(redactingReplacer('', root)).toBe(root);
  });

  it.each([
    ['a number', 123456],
    ['an object', { nested: true }],
    ['an array', ['a', 'b']],
    ['null', null],
  ])('redacts %s under a secret key, not only strings', (_label, value) => {
    expect(redactingReplacer('pin', value)).toBe(REDACTED);
  });

  it('hides secrets nested anywhere in a logged object', () => {
    const logged = {
      requestId: 'req-1',
      tenantId: 'ten_1',
      input: {
        Item: { passwordHash: '$argon2id$secret-hash', account: { totpSecret: 'JBSWY3DPEHPK3PXP' } },
        headers: { authorization: 'Bearer ten_1.ses_2.s3cr3t-value' },
      },
      list: [{ token: 'ten_1.inv_2.another-secret' }, { recoveryCodes: ['rc-aaaa', 'rc-bbbb'] }],
      error: { code: 'invalid_pin', status: 401, details: { PIN: '482913' } },
    };
    const out = stringify(logged);
    for (const secret of ['secret-hash', 'JBSWY3DPEHPK3PXP', 's3cr3t-value', 'another-secret', 'rc-aaaa', 'rc-bbbb', '482913']) {
      expect(out).not.toContain(secret);
    }
  });

  it('keeps the readable parts of a nested object', () => {
    const out = JSON.parse(
      stringify({ requestId: 'req-1', tenantId: 'ten_1', error: { code: 'invalid_pin', status: 401 }, body: { pin: '1234' } }),
    ) as unknown;
    expect(out).toEqual({
      requestId: 'req-1',
      tenantId: 'ten_1',
      error: { code: 'invalid_pin', status: 401 },
      body: { pin: REDACTED },
    });
  });

  it('replaces a secret-named subtree as a whole', () => {
    expect(JSON.parse(stringify({ session: { id: 's1' }, sessionToken: { value: 'abc', expires: 1 } }))).toEqual({
      session: { id: 's1' },
      sessionToken: REDACTED,
    });
  });
});
