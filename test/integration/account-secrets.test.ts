import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import { makeSignedInOwner, OWNER_PASSWORD } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { captureLogs } from '../support/log-capture.js';
import { allItems } from '../support/table.js';

let api: TestApi;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  logs = captureLogs();
  api = await startTestApi();
});
afterAll(async () => {
  clock.reset();
  await api.stop();
});

describe('secrets of the account flows (reset, two-factor)', () => {
  it('never appear in logs, audit events or stored items', async () => {
    const owner = await makeSignedInOwner(api);
    const secrets: string[] = [OWNER_PASSWORD];

    const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
    const totpSecret = started.body.secret as string;
    secrets.push(totpSecret);
    const code = hotp(base32Decode(totpSecret), stepAt(clock.nowMs()));
    const confirmed = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code } });
    secrets.push(...(confirmed.body.recoveryCodes as string[]));
    clock.advance(90_000);
    const loginCode = hotp(base32Decode(totpSecret), stepAt(clock.nowMs()));
    const withCode = await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, totp: loginCode } });
    expect(withCode.status).toBe(200);
    await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, totp: loginCode } });

    await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } });
    const outbox = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
    const resetToken = outbox.body.items.find((item: { kind: string }) => item.kind === 'password_reset').token as string;
    secrets.push(resetToken, resetToken.split('.')[2] as string);
    const newPassword = 'the newest of passphrases';
    secrets.push(newPassword);
    expect((await api.request('POST', '/v1/auth/password-reset/confirm', { json: { token: resetToken, newPassword } })).status).toBe(204);

    const session = await api.request('POST', '/v1/auth/login', {
      json: { login: owner.email, password: newPassword, totp: hotp(base32Decode(totpSecret), stepAt(clock.nowMs()) + 1) },
    });
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?limit=200`, { token: session.body.token });
    expect(audit.status).toBe(200);

    const logged = logs.text();
    const stored = JSON.stringify(await allItems());
    const trail = JSON.stringify(audit.body);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(logged, 'logs').not.toContain(secret);
      expect(trail, 'audit').not.toContain(secret);
      expect(stored, 'table').not.toContain(secret);
    }
  });
});
