import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

interface AuditEvent {
  id: string;
  at: string;
  action: string;
  actor: { type: string; id: string; staffId?: string };
  target: { type: string; id: string } | null;
  requestId: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  details: Record<string, unknown> | null;
}

const listAudit = (caller: { tenantId: string; token: string }, query = '') =>
  api.request('GET', `/v1/tenants/${caller.tenantId}/audit${query}`, { token: caller.token });

async function events(owner: SignedInOwner, query = ''): Promise<AuditEvent[]> {
  const response = await listAudit(owner, query);
  expect(response.status).toBe(200);
  return response.body.items;
}

const record = (token: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.request('POST', '/v1/audit', { token, json, headers });

const MOVED = { action: 'appointment.moved', target: { type: 'appointment', id: '881' }, details: { from: '10:00', to: '11:00' } };

/** Records an event as the owner and returns its id and time; the clock then moves on a second. */
async function recordAt(owner: SignedInOwner, action: string): Promise<{ id: string; at: string }> {
  const response = await record(owner.token, { action }, { 'x-tenant-id': owner.tenantId });
  expect(response.status).toBe(201);
  clock.advance(1000);
  return response.body;
}

describe('the audit trail of mutations', () => {
  it('starts with tenant.created by the operator and invitation.accepted by the owner', async () => {
    const owner = await makeSignedInOwner(api);
    const [accepted, created] = await events(owner);
    expect(created).toMatchObject({ action: 'tenant.created', actor: { type: 'operator' }, target: { type: 'tenant', id: owner.tenantId } });
    expect(accepted).toMatchObject({
      action: 'invitation.accepted',
      actor: { type: 'account', id: owner.accountId },
      target: { type: 'staff', id: owner.staffId },
    });
  });

  type Mutation = (owner: SignedInOwner) => Promise<{ type: string; id: string }>;
  const level = (owner: SignedInOwner) => makeAccessLevel(api, owner, { template: 'specialist' });
  const staff = async (owner: SignedInOwner) => makeStaff(api, owner, { accessLevelId: (await level(owner)).id });
  const staffRoute = (owner: SignedInOwner, id: string) => `/v1/tenants/${owner.tenantId}/staff/${id}`;

  it.each<[string, Mutation]>([
    ['access_level.created', async (owner) => ({ type: 'access_level', id: (await level(owner)).id })],
    [
      'access_level.updated',
      async (owner) => {
        const { id } = await level(owner);
        await api.request('PUT', `/v1/tenants/${owner.tenantId}/access-levels/${id}`, { token: owner.token, json: { name: 'Renamed', grants: {} } });
        return { type: 'access_level', id };
      },
    ],
    [
      'access_level.deleted',
      async (owner) => {
        const { id } = await level(owner);
        await api.request('DELETE', `/v1/tenants/${owner.tenantId}/access-levels/${id}`, { token: owner.token });
        return { type: 'access_level', id };
      },
    ],
    ['staff.created', async (owner) => ({ type: 'staff', id: (await staff(owner)).id })],
    [
      'staff.updated',
      async (owner) => {
        const { id } = await staff(owner);
        await api.request('PATCH', staffRoute(owner, id), { token: owner.token, json: { lastName: 'Holm' } });
        return { type: 'staff', id };
      },
    ],
    [
      'staff.suspended',
      async (owner) => {
        const { id } = await staff(owner);
        await api.request('PATCH', staffRoute(owner, id), { token: owner.token, json: { status: 'suspended' } });
        return { type: 'staff', id };
      },
    ],
    [
      'staff.archived',
      async (owner) => {
        const { id } = await staff(owner);
        await api.request('DELETE', staffRoute(owner, id), { token: owner.token });
        return { type: 'staff', id };
      },
    ],
    [
      'staff.sessions_revoked',
      async (owner) => {
        const { id } = await staff(owner);
        await api.request('POST', `${staffRoute(owner, id)}/sessions/revoke`, { token: owner.token });
        return { type: 'staff', id };
      },
    ],
    [
      'branch.created',
      async (owner) => {
        const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'North' } });
        return { type: 'branch', id: response.body.id };
      },
    ],
    [
      'invitation.sent',
      async (owner) => {
        const { id } = await staff(owner);
        await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: id, channel: 'email' } });
        return { type: 'staff', id };
      },
    ],
  ])('records %s with the acting staff member, the target and the request id', async (action, mutate) => {
    const owner = await makeSignedInOwner(api);
    const target = await mutate(owner);
    const [newest] = await events(owner);
    expect(newest).toMatchObject({ action, actor: { type: 'staff', id: owner.staffId }, target, requestId: expect.any(String) });
  });

  it('lists the events newest first', async () => {
    const owner = await makeSignedInOwner(api);
    await makeStaff(api, owner, { accessLevelId: (await makeAccessLevel(api, owner, { template: 'specialist' })).id });
    const listed = await events(owner);
    expect(listed.map((event) => event.action)).toEqual(['staff.created', 'access_level.created', 'invitation.accepted', 'tenant.created']);
    const times = listed.map((event) => event.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('records which fields of staff.updated changed, with values only for the non-personal ones', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const other = await makeAccessLevel(api, owner, { template: 'junior' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, firstName: 'Eva', lastName: 'Lind' });
    await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, {
      token: owner.token,
      json: { firstName: 'Evelina', lastName: 'Lind', tags: ['senior'], accessLevelId: other.id },
    });
    const [updated] = await events(owner, '?action=staff.updated');
    expect(updated?.changes).toEqual({
      firstName: { before: '[personal data]', after: '[personal data]' },
      tags: { before: '[personal data]', after: '[personal data]' },
      accessLevelId: { before: level.id, after: other.id },
    });
  });

  it('keeps nothing personal of an archived staff member anywhere in the table', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const email = `erase-me.${Date.now()}@salon.example`;
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, firstName: 'Probus', lastName: 'Erasmus', email });
    await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token, json: { firstName: 'Probina' } });
    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token })).status).toBe(204);
    const stored = JSON.stringify(await allItems());
    for (const personal of [email, 'Probus', 'Probina', 'Erasmus']) expect(stored).not.toContain(personal);
    expect((await events(owner, `?action=staff.archived`))[0]?.target).toEqual({ type: 'staff', id: staff.id });
  });

  it('records nothing for a refused mutation', async () => {
    const owner = await makeSignedInOwner(api);
    const before = await events(owner);
    const refused = await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, {
      token: owner.token,
      json: { name: 'Owner', grants: {} },
    });
    expect(refused.status).toBe(409);
    expect(await events(owner)).toEqual(before);
  });
});

describe('POST /v1/audit', () => {
  it('records an event for the salon named by X-Tenant-Id and answers 201 {id, at}', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await record(owner.token, MOVED, { 'x-tenant-id': owner.tenantId });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), at: expect.any(String) });
    expect(Number.isNaN(Date.parse(response.body.at))).toBe(false);
  });

  it('lists the recorded event under the caller as actor', async () => {
    const owner = await makeSignedInOwner(api);
    const { body } = await record(owner.token, MOVED, { 'x-tenant-id': owner.tenantId });
    const [newest] = await events(owner);
    expect(newest).toMatchObject({
      id: body.id,
      at: body.at,
      action: 'appointment.moved',
      actor: { type: 'staff', id: owner.staffId },
      target: { type: 'appointment', id: '881' },
      details: { from: '10:00', to: '11:00' },
    });
  });

  it('accepts the salon as tenantId in the body', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await record(owner.token, { ...MOVED, tenantId: owner.tenantId });
    expect(response.status).toBe(201);
    expect((await events(owner))[0]?.id).toBe(response.body.id);
  });

  it('refuses a request that names no salon with 400 validation_failed', async () => {
    const owner = await makeSignedInOwner(api);
    const before = await events(owner);
    const response = await record(owner.token, MOVED);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(await events(owner)).toEqual(before);
  });

  it('answers 404 for a salon the caller is not a member of, in the body', async () => {
    const owner = await makeSignedInOwner(api);
    const other = await makeSignedInOwner(api);
    const before = await events(other);
    const response = await record(owner.token, { ...MOVED, tenantId: other.tenantId });
    expect(response.status).toBe(404);
    expect(await events(other)).toEqual(before);
  });

  it('answers 404 for a salon the caller is not a member of, in X-Tenant-Id', async () => {
    const owner = await makeSignedInOwner(api);
    const other = await makeSignedInOwner(api);
    const before = await events(other);
    const response = await record(owner.token, MOVED, { 'x-tenant-id': other.tenantId });
    expect(response.status).toBe(404);
    expect(await events(other)).toEqual(before);
  });

  it('lets any member record an event, without audit.view', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    const response = await record(member.token, MOVED, { 'x-tenant-id': owner.tenantId });
    expect(response.status).toBe(201);
    expect((await events(owner))[0]).toMatchObject({ id: response.body.id, actor: { type: 'staff', id: member.staffId } });
  });

  it('refuses an action that is not lower-case words with 400 validation_failed', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await record(owner.token, { action: 'Appointment Moved!' }, { 'x-tenant-id': owner.tenantId });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('redacts details that carry secrets and stores none of them', async () => {
    const owner = await makeSignedInOwner(api);
    const details = { pin: 'pin-9f8e7d', password: 'pw-3c2b1a', nested: { token: 'tok-5d4e3f' }, note: 'kept-a1b2c3' };
    const response = await record(owner.token, { action: 'appointment.noted', details }, { 'x-tenant-id': owner.tenantId });
    expect(response.status).toBe(201);
    const [newest] = await events(owner);
    expect(newest?.details).toEqual({ pin: '[redacted]', password: '[redacted]', nested: { token: '[redacted]' }, note: 'kept-a1b2c3' });
    const raw = JSON.stringify(await allItems());
    expect(raw).toContain('kept-a1b2c3');
    for (const secret of ['pin-9f8e7d', 'pw-3c2b1a', 'tok-5d4e3f']) expect(raw).not.toContain(secret);
  });
});

describe('audit details', () => {
  it('keeps permission keys readable: they name rights, not secrets', async () => {
    const owner = await makeSignedInOwner(api);
    await makeAccessLevel(api, owner, { template: 'manager' });
    const [created] = await events(owner, '?action=access_level.created');
    expect((created?.details as { grants: Record<string, unknown> }).grants['staff.pin.manage']).toBe(true);
  });
});

describe('GET /v1/tenants/{tenantId}/audit filters', () => {
  it('filters by action', async () => {
    const owner = await makeSignedInOwner(api);
    await record(owner.token, MOVED, { 'x-tenant-id': owner.tenantId });
    await record(owner.token, { action: 'appointment.cancelled' }, { 'x-tenant-id': owner.tenantId });
    await record(owner.token, MOVED, { 'x-tenant-id': owner.tenantId });
    const listed = await events(owner, '?action=appointment.moved');
    expect(listed.map((event) => event.action)).toEqual(['appointment.moved', 'appointment.moved']);
  });

  it('filters by the acting staff member, not by the target', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const byOwner = await events(owner, `?staffId=${owner.staffId}`);
    expect(byOwner.map((event) => event.action)).toEqual(['staff.created', 'access_level.created', 'invitation.accepted']);
    expect(await events(owner, `?staffId=${staff.id}`)).toEqual([]);
  });

  it('filters by a time range, both ends included', async () => {
    const owner = await makeSignedInOwner(api);
    clock.advance(1000);
    const first = await recordAt(owner, 'range.first');
    const second = await recordAt(owner, 'range.second');
    const third = await recordAt(owner, 'range.third');
    expect((await events(owner, `?from=${second.at}&to=${second.at}`)).map((event) => event.id)).toEqual([second.id]);
    expect((await events(owner, `?from=${first.at}&to=${second.at}`)).map((event) => event.id)).toEqual([second.id, first.id]);
    expect((await events(owner, `?from=${second.at}`)).map((event) => event.id)).toEqual([third.id, second.id]);
  });

  it('reads time bounds of any precision as instants: a bound in whole seconds includes the events of that second', async () => {
    const owner = await makeSignedInOwner(api);
    const recorded = await record(owner.token, { action: 'appointment.moved' }, { 'x-tenant-id': owner.tenantId });
    const at = recorded.body.at as string;
    const second = at.replace(/\.\d+Z$/, 'Z');
    const next = new Date(Date.parse(second) + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const found = await events(owner, `?action=appointment.moved&from=${second}&to=${next}`);
    expect(found.map((event) => event.at)).toEqual([at]);
    expect(await events(owner, `?action=appointment.moved&to=${second}`)).toEqual([]);
  });

  it('pages newest first through every event once with limit and nextCursor', async () => {
    const owner = await makeSignedInOwner(api);
    for (const action of ['page.one', 'page.two', 'page.three']) await record(owner.token, { action }, { 'x-tenant-id': owner.tenantId });
    const everything = await events(owner);
    expect(everything).toHaveLength(5);
    const paged: AuditEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listAudit(owner, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(paged.map((event) => event.id)).toEqual(everything.map((event) => event.id));
  });

  it('pages through a filtered list', async () => {
    const owner = await makeSignedInOwner(api);
    for (let i = 0; i < 3; i += 1) await record(owner.token, MOVED, { 'x-tenant-id': owner.tenantId });
    const first = await listAudit(owner, '?action=appointment.moved&limit=2');
    const second = await listAudit(owner, `?action=appointment.moved&limit=2&cursor=${first.body.nextCursor}`);
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['a garbage cursor', () => '?cursor=garbage'],
    ['from after to', () => `?from=${new Date(Date.now() + 60_000).toISOString()}&to=${new Date().toISOString()}`],
    ['a from that is not a time', () => '?from=yesterday'],
    ['limit=0', () => '?limit=0'],
    ['limit=201', () => '?limit=201'],
  ])('refuses %s with 400 validation_failed', async (_label, query) => {
    const owner = await makeSignedInOwner(api);
    const response = await listAudit(owner, query());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('refuses a member without audit.view with 403 not_permitted', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'staff.view': true } });
    const member = await makeSignedInMember(api, owner, level.id);
    const response = await listAudit(member);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });
});

describe('audit isolation', () => {
  it("never lists another salon's events", async () => {
    const owner = await makeSignedInOwner(api);
    const other = await makeSignedInOwner(api);
    await record(other.token, MOVED, { 'x-tenant-id': other.tenantId });
    const listed = await events(owner);
    expect(listed.map((event) => event.action)).toEqual(['invitation.accepted', 'tenant.created']);
  });
});
