import { createStaffGateClient, StaffGateProblem } from '@staffgate/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestToken, OWNER_PASSWORD, uniqueEmail } from '../../test/support/builders.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../../test/support/local-api.js';
import { openSalon, recordingFetch, type Salon } from './salon.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const createStaff = (salon: Salon, body: { firstName?: string; email?: string; tags?: string[] } = {}) =>
  salon.owner.POST('/v1/tenants/{tenantId}/staff', {
    params: { path: { tenantId: salon.tenantId } },
    body: { firstName: 'Eva', lastName: 'Lind', email: uniqueEmail('staff'), accessLevelId: salon.levelId, ...body },
  });

describe('typed calls', () => {
  it('takes a salon from the operator’s creation through the owner’s invitation to a login, each answer typed', async () => {
    const operator = createStaffGateClient({ baseUrl: api.url, token: TEST_OPERATOR_TOKEN });
    const email = uniqueEmail();
    const { data: created, response } = await operator.POST('/v1/operator/tenants', {
      body: { name: 'Salong Solsken', plan: 'paid', owner: { firstName: 'Anna', lastName: 'Berg', email } },
    });
    expect(response.status).toBe(201);
    expect(created.owner.staff).toMatchObject({ firstName: 'Anna', email, status: 'invited' });

    const owner = createStaffGateClient({ baseUrl: api.url });
    const { data: accepted } = await owner.POST('/v1/invitations/accept', { body: { token: await latestToken(api, email), password: OWNER_PASSWORD } });
    expect(accepted.memberships.map((membership) => membership.tenantId)).toEqual([created.tenant.id]);

    const { data: login } = await owner.POST('/v1/auth/login', { body: { login: email, password: OWNER_PASSWORD } });
    owner.setToken(login.token);
    const { data: salon } = await owner.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId: created.tenant.id } } });
    expect(salon).toMatchObject({ id: created.tenant.id, name: 'Salong Solsken' });
  });

  it('answers a 204 with no data', async () => {
    const salon = await openSalon(api);
    const { data: staff } = await createStaff(salon);
    const { data, response } = await salon.owner.DELETE('/v1/tenants/{tenantId}/staff/{staffId}', { params: { path: { tenantId: salon.tenantId, staffId: staff.id } } });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });
});

describe('credentials', () => {
  it('asks a token function for the token before each request', async () => {
    const salon = await openSalon(api);
    const { data: login } = await salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } });
    let asked = 0;
    const client = createStaffGateClient({ baseUrl: api.url, token: async () => {
        asked++;
        return login.token;
      },
    });
    await client.GET('/v1/me');
    await client.GET('/v1/me');
    expect(asked).toBe(2);
  });

  it('sends no token once it is cleared, and the service answers 401', async () => {
    const salon = await openSalon(api);
    salon.owner.setToken(undefined);
    await expect(salon.owner.GET('/v1/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('names the salon with X-Tenant-Id, so an authorization check needs no tenantId in its body', async () => {
    const salon = await openSalon(api);
    const { data: login } = await salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } });
    const client = createStaffGateClient({ baseUrl: api.url, token: login.token, tenantId: salon.tenantId });
    const { data } = await client.POST('/v1/authorize', { body: { checks: [{ permission: 'calendar.view' }] } });
    expect(data).toEqual({ results: [{ allowed: true, reason: 'granted' }] });
  });
});

describe('Idempotency-Key', () => {
  it('is added, a fresh random UUID, to each creating POST', async () => {
    const recorder = recordingFetch();
    const salon = await openSalon(api, { fetch: recorder.fetch });
    recorder.requests.length = 0;
    await createStaff(salon);
    await createStaff(salon);
    const keys = recorder.requests.map((request) => request.headers.get('idempotency-key'));
    expect(keys).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('is not added to requests that do not take one (reads, logins)', async () => {
    const recorder = recordingFetch();
    const salon = await openSalon(api, { fetch: recorder.fetch });
    recorder.requests.length = 0;
    await salon.owner.GET('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId: salon.tenantId } } });
    await salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: OWNER_PASSWORD } });
    expect(recorder.requests.map((request) => request.headers.has('idempotency-key'))).toEqual([false, false]);
  });

  it('is the caller’s own when given, so a repeat returns the first answer and creates no one else', async () => {
    const salon = await openSalon(api);
    const email = uniqueEmail('staff');
    const send = () =>
      salon.owner.POST('/v1/tenants/{tenantId}/staff', {
        params: { path: { tenantId: salon.tenantId }, header: { 'Idempotency-Key': `hire-${email}` } },
        body: { firstName: 'Eva', lastName: 'Lind', email, accessLevelId: salon.levelId },
      });
    const first = await send();
    const repeat = await send();
    expect(repeat.data).toEqual(first.data);
    expect(repeat.response.headers.get('idempotent-replayed')).toBe('true');
    const { data: list } = await salon.owner.GET('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId: salon.tenantId }, query: { q: email } } });
    expect(list.items.map((staff) => staff.id)).toEqual([first.data.id]);
  });
});

describe('problems', () => {
  it('throws an error answer as a StaffGateProblem with its status, code and failed fields', async () => {
    const salon = await openSalon(api);
    const problem = await createStaff(salon, { firstName: '' }).catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(StaffGateProblem);
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'firstName', message: expect.any(String) }] });
  });

  it('throws a refused login as 401 invalid_credentials', async () => {
    const salon = await openSalon(api);
    await expect(salon.owner.POST('/v1/auth/login', { body: { login: salon.ownerEmail, password: 'not the password at all' } })).rejects.toMatchObject({
      name: 'StaffGateProblem',
      status: 401,
      code: 'invalid_credentials',
    });
  });

  it('throws a version conflict of a conditional update as 412 version_conflict', async () => {
    const salon = await openSalon(api);
    const { data: staff } = await createStaff(salon);
    const update = salon.owner.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', {
      params: { path: { tenantId: salon.tenantId, staffId: staff.id } },
      headers: { 'If-Match': String(staff.version + 1) },
      body: { firstName: 'Maja' },
    });
    await expect(update).rejects.toMatchObject({ status: 412, code: 'version_conflict' });
  });
});

describe('pagination', () => {
  it('iterates every item of a list across pages, one request per page', async () => {
    const recorder = recordingFetch();
    const salon = await openSalon(api, { fetch: recorder.fetch });
    const hired = [];
    for (let i = 0; i < 4; i++) hired.push((await createStaff(salon)).data.id);
    recorder.requests.length = 0;

    const seen: string[] = [];
    for await (const staff of salon.owner.paginate('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId: salon.tenantId }, query: { limit: 2 } } })) {
      seen.push(staff.id);
    }
    expect(new Set(seen).size).toBe(5); // the owner and the four hired, each once
    expect(seen).toEqual(expect.arrayContaining(hired));
    expect(recorder.requests).toHaveLength(3);
    expect(recorder.requests.slice(1).every((request) => new URL(request.url).searchParams.has('cursor'))).toBe(true);
  });

  it('keeps the caller’s filters on every page', async () => {
    const salon = await openSalon(api);
    const colourists = [];
    for (let i = 0; i < 3; i++) colourists.push((await createStaff(salon, { tags: ['colourist'] })).data.id);
    await createStaff(salon, { tags: ['barber'] });
    const seen: string[] = [];
    for await (const staff of salon.owner.paginate('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId: salon.tenantId }, query: { tag: 'colourist', limit: 1 } } })) {
      seen.push(staff.id);
    }
    expect(seen.sort()).toEqual(colourists.sort());
  });
});
