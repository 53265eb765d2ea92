import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** Local mode's server against DNS rebinding: a page's own host name pointed at 127.0.0.1 reads nothing. */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, api.url);
  return new Promise((resolve, reject) => {
    const sent = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('the local server’s host names', () => {
  it('refuses a request that names another host, before any route or the outbox', async () => {
    const answer = await getWithHost('/_local/outbox', 'rebind.evil.example');

    expect(answer.status).toBe(421);
    expect(answer.body).not.toContain('items');
  });

  it.each(['127.0.0.1', 'localhost'])('answers requests to %s', async (name) => {
    const answer = await getWithHost('/health', `${name}:${new URL(api.url).port}`);

    expect(answer.status).toBe(200);
  });
});
