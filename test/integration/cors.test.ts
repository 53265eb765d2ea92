import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS } from '#shared/http/cors.js';
import { makeSignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * The host app's pages (the web components) call the API from the host's
 * origin. Locally the host app is the demo page on the server's own origin,
 * so the host origin is the server's.
 */
let api: TestApi;
let hostOrigin: string;
const elsewhere = 'https://evil.example';

beforeAll(async () => {
  api = await startTestApi();
  hostOrigin = new URL(api.url).origin;
});
afterAll(async () => {
  await api?.stop();
});

const preflight = (path: string, origin: string, method: string) =>
  api.request('OPTIONS', path, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, if-match' } });

describe('preflights', () => {
  it('grant the host app the route’s methods and the headers the API reads', async () => {
    const answer = await preflight('/v1/tenants/ten_x/staff/stf_y', hostOrigin, 'PATCH');

    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(hostOrigin);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, PATCH, DELETE');
    expect(answer.headers.get('access-control-allow-headers')).toBe(CORS_ALLOWED_HEADERS.join(', '));
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('are refused to any other origin, which gets no CORS header at all', async () => {
    const answer = await preflight('/v1/tenants/ten_x/staff/stf_y', elsewhere, 'PATCH');

    expect(answer.status).toBe(405);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('are refused for a method the route does not have', async () => {
    const answer = await preflight('/v1/tenants/ten_x/staff/stf_y', hostOrigin, 'PUT');

    expect(answer.status).toBe(405);
  });

  it('are refused for a path that is no route', async () => {
    const answer = await preflight('/v1/nothing-here', hostOrigin, 'GET');

    expect(answer.status).toBe(404);
  });
});

describe('answers', () => {
  it('name the host app’s origin and expose the version and wait headers to it', async () => {
    const owner = await makeSignedInOwner(api);

    const answer = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token, headers: { origin: hostOrigin } });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(hostOrigin);
    expect(answer.headers.get('access-control-expose-headers')).toBe(CORS_EXPOSED_HEADERS.join(', '));
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('name it on a problem too, so the host can read why it was refused', async () => {
    const owner = await makeSignedInOwner(api);

    const answer = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/stf_missing`, { token: owner.token, headers: { origin: hostOrigin } });

    expect(answer.status).toBe(404);
    expect(answer.headers.get('access-control-allow-origin')).toBe(hostOrigin);
  });

  it('name it on the gateway’s own refusals, which run no function', async () => {
    const answer = await api.request('GET', '/v1/me', { headers: { origin: hostOrigin } });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(hostOrigin);
  });

  it('give any other origin nothing to read', async () => {
    const owner = await makeSignedInOwner(api);

    const answer = await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token, headers: { origin: elsewhere } });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
