import { StaffGateProblem } from '@staffgate/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, uniqueEmail } from '../../test/support/builders.js';
import { startTestApi, type TestApi } from '../../test/support/local-api.js';
import { openSalon } from './salon.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

function problemAnswer(status: 429 | 503, retryAfter?: string): Response {
  const code = status === 429 ? 'too_many_requests' : 'service_unavailable';
  return new Response(JSON.stringify({ type: `urn:staffgate:problem:${code}`, title: code, status, detail: 'Try again shortly.', code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...(retryAfter === undefined ? {} : { 'Retry-After': retryAfter }) },
  });
}

/**
 * Stands between the client and the real service. Armed with answers, it
 * answers the next requests with them instead; `reach: true` lets a request
 * through to the service first and only replaces its answer, as when an
 * answer is lost on the way back. Every request it sees is kept.
 */
function flakyNetwork() {
  const requests: Request[] = [];
  let pending: { answer: Response; reach: boolean }[] = [];
  return {
    requests,
    arm(...answers: { answer: Response; reach?: boolean }[]) {
      pending = answers.map(({ answer, reach = false }) => ({ answer, reach }));
      requests.length = 0;
    },
    fetch: async (request: Request): Promise<Response> => {
      requests.push(request.clone());
      const next = pending.shift();
      if (!next) return fetch(request);
      if (next.reach) await (await fetch(request)).text();
      return next.answer;
    },
  };
}

describe('retries', () => {
  it('sends a creating POST again after Retry-After with the same Idempotency-Key, so an attempt that reached the service is replayed, not repeated', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    const email = uniqueEmail('staff');
    network.arm({ answer: problemAnswer(503, '1'), reach: true });

    const started = Date.now();
    const { data, response } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
      params: { path: { tenantId: salon.tenantId } },
      body: { firstName: 'Eva', lastName: 'Lind', email, accessLevelId: salon.levelId },
    });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const keys = network.requests.map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    const { data: list } = await salon.owner.GET('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId: salon.tenantId }, query: { q: email } } });
    expect(list.items.map((staff) => staff.id)).toEqual([data.id]);
  });

  it('sends a read again after a 429', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    network.arm({ answer: problemAnswer(429, '0') });
    const { data } = await salon.owner.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId: salon.tenantId } } });
    expect(data.id).toBe(salon.tenantId);
    expect(network.requests).toHaveLength(2);
  });

  it('sends a conditional update (If-Match) again', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    const { data: staff } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
      params: { path: { tenantId: salon.tenantId } },
      body: { firstName: 'Eva', lastName: 'Lind', accessLevelId: salon.levelId },
    });
    network.arm({ answer: problemAnswer(503, '0') });
    const { data } = await salon.owner.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', {
      params: { path: { tenantId: salon.tenantId, staffId: staff.id } },
      headers: { 'If-Match': String(staff.version) },
      body: { firstName: 'Maja' },
    });
    expect(data.firstName).toBe('Maja');
    expect(network.requests).toHaveLength(2);
  });

  it('never sends an unconditional update twice', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    const { data: staff } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
      params: { path: { tenantId: salon.tenantId } },
      body: { firstName: 'Eva', lastName: 'Lind', accessLevelId: salon.levelId },
    });
    network.arm({ answer: problemAnswer(503, '0') });
    const update = salon.owner.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', {
      params: { path: { tenantId: salon.tenantId, staffId: staff.id } },
      body: { firstName: 'Maja' },
    });
    await expect(update).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(network.requests).toHaveLength(1);
  });

  it('never sends a login twice: a second attempt could count against the login throttle', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    network.arm({ answer: problemAnswer(503, '0') });
    await expect(salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } })).rejects.toMatchObject({ status: 503 });
    expect(network.requests).toHaveLength(1);
  });

  it('gives up after its retry limit and throws the last answer’s problem, with its Retry-After', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch, retries: { limit: 1 } });
    network.arm({ answer: problemAnswer(503, '0') }, { answer: problemAnswer(503, '0') });
    const read = salon.owner.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId: salon.tenantId } } });
    const problem = await read.catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(StaffGateProblem);
    expect(problem).toMatchObject({ status: 503, code: 'service_unavailable', retryAfter: 0 });
    expect(network.requests).toHaveLength(2);
  });

  it('does not wait out a Retry-After longer than maxDelaySeconds: the problem is thrown at once, carrying it', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch, retries: { maxDelaySeconds: 5 } });
    network.arm({ answer: problemAnswer(429, '120') });
    const read = salon.owner.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId: salon.tenantId } } });
    await expect(read).rejects.toMatchObject({ status: 429, code: 'too_many_requests', retryAfter: 120 });
    expect(network.requests).toHaveLength(1);
  });

  it('backs off by itself when the answer has no Retry-After', async () => {
    const network = flakyNetwork();
    const salon = await openSalon(api, { fetch: network.fetch });
    network.arm({ answer: problemAnswer(503) });
    const started = Date.now();
    await salon.owner.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId: salon.tenantId } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(network.requests).toHaveLength(2);
  });
});
