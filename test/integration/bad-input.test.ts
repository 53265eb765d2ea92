import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestToken, makeSignedInOwner, makeTenantBody } from '../support/builders.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';
import { allItems, itemsOfPartition } from '../support/table.js';

let api: TestApi;
let owner: Awaited<ReturnType<typeof makeSignedInOwner>>;
let invitationToken: string;
let invitedTenantId: string;
const marker = `marker-${randomUUID()}`;

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  const body = makeTenantBody();
  const created = await api.operator('POST', '/v1/operator/tenants', body);
  invitedTenantId = created.body.tenant.id;
  invitationToken = await latestToken(api, body.owner.email);
});
afterAll(async () => {
  await api.stop();
});

interface RouteCase {
  name: string;
  method: string;
  path: () => string;
  token: () => string | undefined;
  hasBody: boolean;
  /** A valid body, mutated by the cases below. */
  valid: () => Record<string, unknown>;
}

const routes: RouteCase[] = [
  { name: 'create tenant', method: 'POST', path: () => '/v1/operator/tenants', token: () => TEST_OPERATOR_TOKEN, hasBody: true, valid: () => makeTenantBody({ name: marker }) },
  { name: 'change plan', method: 'PATCH', path: () => `/v1/operator/tenants/${invitedTenantId}`, token: () => TEST_OPERATOR_TOKEN, hasBody: true, valid: () => ({ plan: 'paid' }) },
  { name: 'login', method: 'POST', path: () => '/v1/auth/login', token: () => undefined, hasBody: true, valid: () => ({ login: owner.email, password: marker }) },
  { name: 'accept invitation', method: 'POST', path: () => '/v1/invitations/accept', token: () => undefined, hasBody: true, valid: () => ({ token: invitationToken, password: `${marker} long enough` }) },
  { name: 'logout', method: 'POST', path: () => '/v1/auth/logout', token: () => owner.token, hasBody: false, valid: () => ({}) },
];

const send = (route: RouteCase, body: string, contentType = 'application/json') => {
  const token = route.token();
  return api.request(route.method, route.path(), {
    body,
    headers: { 'content-type': contentType },
    ...(token ? { token } : {}),
  });
};

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

describe.each(routes)('bad input to $name', (route) => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    expectProblem(await send(route, '{"oops": '), 400, 'invalid_json');
  });

  it('answers an unknown field with 400 validation_failed naming it', async () => {
    const response = await send(route, JSON.stringify({ ...route.valid(), isAdmin: true }));
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('answers a JSON array or scalar body with 400 validation_failed', async () => {
    for (const body of ['[]', '42', '"text"', 'null']) {
      const response = await send(route, body);
      expect(response.status).toBe(400);
    }
  });

  it('answers a body over the size limit with 413', async () => {
    expectProblem(await send(route, JSON.stringify({ ...route.valid(), padding: 'x'.repeat(20_000) })), 413, 'payload_too_large');
  });

  it('answers a non-JSON content type with 415', async () => {
    expectProblem(await send(route, 'login=a&password=b', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  });
});

describe.each(routes.filter((route) => route.hasBody))('wrong types to $name', (route) => {
  it.each([null, 12345, true, [], {}, 'x'.repeat(5000)])('answers every field set to %j with 400 validation_failed', async (value) => {
    for (const field of Object.keys(route.valid())) {
      const response = await send(route, JSON.stringify({ ...route.valid(), [field]: value }));
      expect(response.status, `${field} = ${JSON.stringify(value).slice(0, 20)}`).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });
});

describe('after all the bad input', () => {
  it('wrote nothing carrying the requests\u2019 values', async () => {
    const items = await allItems();
    expect(items.filter((item) => JSON.stringify(item).includes(marker))).toEqual([]);
  });

  it('left the invitation pending and its tenant on the trial-or-paid plan it had', async () => {
    const items = await itemsOfPartition(`TENANT#${invitedTenantId}`);
    expect(items.find((item) => item.entity === 'invitation')).toMatchObject({ status: 'pending' });
    expect(items.find((item) => item.entity === 'tenant')).toMatchObject({ version: 1 });
  });

  it('kept the owner signed in (no bad request ended the session)', async () => {
    expect((await api.request('GET', '/v1/me', { token: owner.token })).status).toBe(200);
  });
});

describe('ids in paths', () => {
  it.each([
    ['an over-long staff id', () => `/v1/tenants/${owner.tenantId}/staff/stf_${'a'.repeat(1100)}`],
    ['an over-long tenant id', () => `/v1/tenants/ten_${'a'.repeat(1100)}`],
    ['an id of the wrong shape', () => `/v1/tenants/${owner.tenantId}/staff/DROP TABLE`],
  ])('answer %s with 404, never a 5xx', async (_label, path) => {
    const response = await api.request('GET', path(), { token: owner.token });
    expect(response.status).toBe(404);
  });

  it('answers an over-long session id with 404', async () => {
    const response = await api.request('DELETE', `/v1/auth/sessions/ses_${'a'.repeat(1100)}`, { token: owner.token });
    expect(response.status).toBe(404);
  });
});
