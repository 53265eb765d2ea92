import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckResult, type FetchLike, formatResult, runSmokeChecks } from '../../scripts/smoke/checks.js';
import { bearerSigner } from '../../scripts/smoke/signers.js';
import { uniqueEmail } from '../support/builders.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';

const run = promisify(execFile);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ residency: 'EU', region: 'eu-west-1' });
});
afterAll(async () => {
  await api.stop();
});

// This file's own client address, so the smoke login never shares a per-address throttle with another file.
const clientIp = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const localFetch: FetchLike = (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-forwarded-for': clientIp } });

const byPath = (results: CheckResult[], prefix: string) => results.filter((result) => result.name.startsWith(prefix));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('smoke checks against the local API', () => {
  it('pass, with the operator call authenticated by the local operator token', async () => {
    const ownerEmail = uniqueEmail('smoke');
    const lines: string[] = [];
    const results = await runSmokeChecks(
      { baseUrl: api.url, fetch: localFetch, operator: { signer: bearerSigner(TEST_OPERATOR_TOKEN), ownerEmail } },
      (result) => lines.push(formatResult(result)),
    );
    expect(results.filter((result) => !result.ok).map(formatResult)).toEqual([]);
    expect(results.map((result) => [result.name.split(' — ')[0], result.status, result.code])).toEqual([
      ['GET /health', 200, undefined],
      ['GET /v1/permissions', 200, undefined],
      ['GET /v1', 404, 'not_found'],
      ['GET /v1/me', 401, 'unauthorized'],
      ['GET /v1/me', 401, 'unauthorized'],
      ['POST /v1/auth/login', 401, 'invalid_credentials'],
      ['POST /v1/auth/password-reset', 202, undefined],
      ['POST /v1/invitations/lookup', 404, 'invitation_not_found'],
      // Local: the operator-token check answers 401; deployed, API Gateway's MISSING_AUTHENTICATION_TOKEN (404).
      ['POST /v1/operator/tenants', 401, 'unauthorized'],
      ['POST /v1/operator/tenants', 201, undefined],
    ]);
    expect(lines).toHaveLength(results.length);
    expect(lines.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(lines[8]).toContain('refused: operator token required (local server)');

    // The smoke salon exists as a trial, and its owner invitation went to the given address.
    const created = /is (ten_[0-9a-z]+)/.exec(results[9]?.detail ?? '')?.[1];
    expect(created).toBeDefined();
    expect(results[9]?.detail).toContain(ownerEmail);
    const { body: outbox } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(ownerEmail)}`);
    expect(outbox.items).toHaveLength(1);
    expect(outbox.items[0]).toMatchObject({ channel: 'email', kind: 'invitation', to: ownerEmail });
  });

  it('run only the unsigned checks without an operator (--skip-operator)', async () => {
    const results = await runSmokeChecks({ baseUrl: `${api.url}/`, fetch: localFetch });
    expect(results).toHaveLength(9);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(byPath(results, 'POST /v1/operator/tenants')).toHaveLength(1);
  });

  it('report a wrong answer as ✗ with its status and problem code, and go on', async () => {
    // A deployment whose health route is missing: /health answers what an unknown path answers.
    const broken: FetchLike = (url, init) => localFetch(url.endsWith('/health') ? url.replace(/\/health$/, '/nope') : url, init);
    const results = await runSmokeChecks({ baseUrl: api.url, fetch: broken });
    const [health] = results;
    expect(health).toMatchObject({ ok: false, status: 404, code: 'not_found' });
    expect(formatResult(health as CheckResult)).toBe('✗ GET /health — health: 404 not_found — expected 200 {"status":"ok"}');
    expect(results.slice(1).every((result) => result.ok)).toBe(true);
  });

  it('fail when an operator route answers unsigned requests', async () => {
    // As if the route had no IAM auth: the unsigned call reaches the function, which rejects the empty body.
    const open: FetchLike = (url, init) =>
      localFetch(url, url.endsWith('/v1/operator/tenants') ? { ...init, headers: { ...init.headers, authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } } : init);
    const results = await runSmokeChecks({ baseUrl: api.url, fetch: open });
    expect(results.at(-1)).toMatchObject({ ok: false, status: 400, code: 'validation_failed' });
    expect(results.at(-1)?.detail).toContain('answers unsigned requests');
  });

  it('fail when the signed operator call is not accepted', async () => {
    const results = await runSmokeChecks({
      baseUrl: api.url,
      fetch: localFetch,
      operator: { signer: bearerSigner('not-the-operator-token'), ownerEmail: uniqueEmail('smoke') },
    });
    expect(results.at(-1)).toMatchObject({ ok: false, status: 401, detail: 'expected 201: the request was not accepted as signed' });
  });

  it('report an unreachable API on every line', async () => {
    const results = await runSmokeChecks({ baseUrl: `http://127.0.0.1:${await closedPort()}`, fetch: localFetch, timeoutMs: 2_000 });
    expect(results.every((result) => !result.ok && result.status === undefined && result.detail.startsWith('no answer'))).toBe(true);
  });
});

describe('npm run smoke (the command)', () => {
  const tsx = 'node_modules/.bin/tsx';

  it('exits 0 and prints one ✓ line per check against the local API with --local-operator-token', async () => {
    const ownerEmail = uniqueEmail('smoke-cli');
    const { stdout } = await run(tsx, ['scripts/smoke.ts', '--url', api.url, '--local-operator-token', TEST_OPERATOR_TOKEN, '--owner-email', ownerEmail]);
    const lines = stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
    expect(lines).toHaveLength(10);
    expect(lines.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(stdout).toContain(`owner invitation goes to ${ownerEmail}`);
    expect(stdout).toContain('All 10 checks passed.');
  });

  it('exits 1 when a check fails and 2 on bad usage', async () => {
    const unreachable = run(tsx, ['scripts/smoke.ts', '--url', `http://127.0.0.1:${await closedPort()}`, '--skip-operator']);
    await expect(unreachable).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('9 of 9 checks failed.') });
    const usage = run(tsx, ['scripts/smoke.ts', '--url', api.url, '--operator-profile', 'ops']);
    await expect(usage).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--owner-email') });
  });
});
