import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('platform routes', () => {
  it('answers GET /health with status ok', async () => {
    const response = await api.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await api.request('GET', '/v1/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers a known route with a wrong method with a 405 problem naming the allowed methods', async () => {
    const response = await api.request('DELETE', '/health');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('sends security headers on every answer, problems included', async () => {
    for (const path of ['/health', '/nope']) {
      const response = await api.request('GET', path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});
