import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

let api: TestApi;
/** The salon of the tests that only look at refusals (signing up an owner costs an argon2 hash). */
let salon: SignedInOwner;
beforeAll(async () => {
  api = await startTestApi();
  salon = await makeSignedInOwner(api);
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
  source: 'staffgate' | 'host';
  action: string;
  actor: { type: string; id: string; staffId?: string };
  target: { type: string; id: string } | null;
  terminalId: string | null;
  details: Record<string, unknown> | null;
}

const listAudit = (owner: SignedInOwner, query = '') => api.request('GET', `/v1/tenants/${owner.tenantId}/audit${query}`, { token: owner.token });

async function events(owner: SignedInOwner, query = ''): Promise<AuditEvent[]> {
  const response = await listAudit(owner, query);
  expect(response.status).toBe(200);
  return response.body.items;
}

const record = (token: string, tenantId: string, json: Record<string, unknown>) => api.request('POST', '/v1/audit', { token, json, headers: { 'x-tenant-id': tenantId } });

/** A body sent as is: JSON.stringify cannot write every number a client can (9007199254740993). */
const recordRaw = (token: string, tenantId: string, body: string) =>
  api.request('POST', '/v1/audit', { token, body, headers: { 'x-tenant-id': tenantId, 'content-type': 'application/json' } });

/**
 * The prefixes StaffGate's own events use, written out here rather than
 * imported: dropping one from RESERVED_ACTION_PREFIXES must fail this test.
 */
const RESERVED_PREFIXES = [
  'tenant.',
  'access_level.',
  'staff.',
  'pin.',
  'terminal.',
  'invitation.',
  'account.',
  'approval.',
  'settings.',
  'branch.',
  'message.',
  'session.',
  'staffgate.',
];

/** The audit items of the whole table (every salon): to prove that a refused event left nothing behind. */
const storedEvents = async () => (await allItems()).filter((item) => item.entity === 'auditEvent').length;

/** A junior at the salon's front desk: a terminal session of a staff member with almost no rights. */
async function juniorAtTerminal(owner: SignedInOwner): Promise<{ token: string; staffId: string; terminalId: string }> {
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Front' } });
  expect(branch.status).toBe(201);
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId: branch.body.id } });
  expect(terminal.status).toBe(201);
  const level = await makeAccessLevel(api, owner, { template: 'junior' });
  const staff = await makeStaff(api, owner, { accessLevelId: level.id });
  const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staff.id}/pin`, { token: owner.token, json: { generate: true } });
  expect(pin.status).toBe(200);
  const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
  expect(unlocked.status).toBe(200);
  return { token: unlocked.body.token, staffId: staff.id, terminalId: terminal.body.id };
}

describe('POST /v1/audit reserves the actions of StaffGate itself', () => {
  it.each(RESERVED_PREFIXES.map((prefix) => `${prefix}created`))('refuses %s with 400 reserved_action and stores nothing', async (action) => {
    const owner = salon;
    const before = await storedEvents();
    const response = await record(owner.token, owner.tenantId, { action, target: { type: 'staff', id: owner.staffId } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('reserved_action');
    expect(await storedEvents()).toBe(before);
  });

  it.each(['access_level.updated', 'tenant.created', 'staff.created'])("refuses %s from a junior's terminal session (the issue's forgeries)", async (action) => {
    const owner = await makeSignedInOwner(api);
    const junior = await juniorAtTerminal(owner);
    const before = await events(owner);
    const response = await record(junior.token, owner.tenantId, { action });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('reserved_action');
    expect(await events(owner)).toEqual(before);
  });

  it('reserves whole first words only: staffing.planned and appointment.staff.changed are the host app’s', async () => {
    const owner = await makeSignedInOwner(api);
    for (const action of ['staffing.planned', 'appointment.staff.changed']) {
      expect((await record(owner.token, owner.tenantId, { action })).status).toBe(201);
    }
  });

  it.each(['appointment', 'Appointment.moved', 'appointment..moved', 'appointment.moved.', '.appointment.moved', 'appointment.mov-ed', '1appointment.moved'])(
    'refuses the action %s, not in the host shape, with 400 validation_failed',
    async (action) => {
      const owner = salon;
      const response = await record(owner.token, owner.tenantId, { action });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors[0].path).toBe('action');
    },
  );
});

describe('the source of an event', () => {
  it('lists a host event with source host and StaffGate’s own events with source staffgate', async () => {
    const owner = await makeSignedInOwner(api);
    const recorded = await record(owner.token, owner.tenantId, { action: 'appointment.moved' });
    expect(recorded.status).toBe(201);
    const [host, ...own] = await events(owner);
    expect(host).toMatchObject({ id: recorded.body.id, source: 'host', action: 'appointment.moved' });
    expect(own.map((event) => [event.action, event.source])).toEqual([
      ['invitation.accepted', 'staffgate'],
      ['tenant.created', 'staffgate'],
    ]);
  });

  it('filters by source=host and source=staffgate', async () => {
    const owner = await makeSignedInOwner(api);
    await makeAccessLevel(api, owner, { template: 'specialist' });
    await record(owner.token, owner.tenantId, { action: 'appointment.moved' });
    await record(owner.token, owner.tenantId, { action: 'sale.refunded' });
    expect((await events(owner, '?source=host')).map((event) => event.action)).toEqual(['sale.refunded', 'appointment.moved']);
    expect((await events(owner, '?source=staffgate')).map((event) => event.action)).toEqual(['access_level.created', 'invitation.accepted', 'tenant.created']);
  });

  it('lists events stored before source existed by their action: StaffGate’s prefixes as staffgate, anything else as host', async () => {
    const owner = await makeSignedInOwner(api);
    const { putAuditEvent } = await import('#shared/data/repositories/audit.js');
    const legacy = (eventId: string, action: string, at: string) =>
      putAuditEvent({ eventId, tenantId: owner.tenantId, at, action, actor: { type: 'staff', id: owner.staffId, staffId: owner.staffId }, ttl: 4_102_444_800 });
    await legacy('evt_legacyown', 'staff.created', '2020-01-01T00:00:00.000Z');
    await legacy('evt_legacyhost', 'appointment.moved', '2020-01-02T00:00:00.000Z');
    await legacy('evt_legacyhostnodot', 'checkout', '2020-01-03T00:00:00.000Z');
    const listed = await events(owner, '?to=2020-12-31T00:00:00Z');
    expect(listed.map((event) => [event.id, event.source])).toEqual([
      ['evt_legacyhostnodot', 'host'],
      ['evt_legacyhost', 'host'],
      ['evt_legacyown', 'staffgate'],
    ]);
    expect((await events(owner, '?to=2020-12-31T00:00:00Z&source=host')).map((event) => event.id)).toEqual(['evt_legacyhostnodot', 'evt_legacyhost']);
    expect((await events(owner, '?to=2020-12-31T00:00:00Z&source=staffgate')).map((event) => event.id)).toEqual(['evt_legacyown']);
    expect((await events(owner, '?to=2020-12-31T00:00:00Z&action=checkout')).map((event) => event.id)).toEqual(['evt_legacyhostnodot']);
  });

  it.each(['?source=operator', '?source='])('refuses %s with 400 validation_failed', async (query) => {
    const owner = salon;
    const response = await listAudit(owner, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('the target filter (targetType alone, or targetType with targetId)', () => {
  it('lists the events about one target with targetType and targetId', async () => {
    const owner = await makeSignedInOwner(api);
    await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '881' } });
    await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '882' } });
    await record(owner.token, owner.tenantId, { action: 'client.noted', target: { type: 'client', id: '881' } });
    await record(owner.token, owner.tenantId, { action: 'appointment.paid', target: { type: 'appointment', id: '881' } });
    const listed = await events(owner, '?targetType=appointment&targetId=881');
    expect(listed.map((event) => [event.action, event.target])).toEqual([
      ['appointment.paid', { type: 'appointment', id: '881' }],
      ['appointment.moved', { type: 'appointment', id: '881' }],
    ]);
  });

  it("lists StaffGate's own events about a staff member, and combines with source", async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${staff.id}`, { token: owner.token, json: { lastName: 'Holm' } });
    await record(owner.token, owner.tenantId, { action: 'shift.assigned', target: { type: 'staff', id: staff.id } });
    const about = `?targetType=staff&targetId=${staff.id}`;
    expect((await events(owner, about)).map((event) => event.action)).toEqual(['shift.assigned', 'staff.updated', 'staff.created']);
    expect((await events(owner, `${about}&source=staffgate`)).map((event) => event.action)).toEqual(['staff.updated', 'staff.created']);
    expect((await events(owner, `${about}&source=host`)).map((event) => event.action)).toEqual(['shift.assigned']);
  });

  it('lists every event about targets of one type with targetType alone', async () => {
    const owner = await makeSignedInOwner(api);
    await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '1' } });
    await record(owner.token, owner.tenantId, { action: 'client.noted', target: { type: 'client', id: '1' } });
    await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '2' } });
    const listed = await events(owner, '?targetType=appointment');
    expect(listed.map((event) => event.target?.id)).toEqual(['2', '1']);
  });

  it('pages through a target-filtered list', async () => {
    const owner = await makeSignedInOwner(api);
    for (let i = 0; i < 3; i += 1) await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '7' } });
    await record(owner.token, owner.tenantId, { action: 'appointment.moved', target: { type: 'appointment', id: '8' } });
    const first = await listAudit(owner, '?targetType=appointment&targetId=7&limit=2');
    const second = await listAudit(owner, `?targetType=appointment&targetId=7&limit=2&cursor=${first.body.nextCursor}`);
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['targetId without targetType', '?targetId=881', 'query.targetId'],
    ['an empty targetType', '?targetType=', 'query.targetType'],
    ['a targetType over 40 characters', `?targetType=${'t'.repeat(41)}`, 'query.targetType'],
    ['a targetId over 100 characters', `?targetType=appointment&targetId=${'1'.repeat(101)}`, 'query.targetId'],
  ])('refuses %s with 400 validation_failed', async (_label, query, path) => {
    const owner = salon;
    const response = await listAudit(owner, query);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});

describe('details of a host event', () => {
  const nested = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{"leaf":1}${'}'.repeat(levels - 1)}`;

  it.each([
    ['an integer above 2^53', '{"n":9007199254740993}', 'details.n'],
    ['2^53 itself', '{"n":9007199254740992}', 'details.n'],
    ['an integer below -2^53', '{"list":[1,-9007199254740993]}', 'details.list.1'],
    ['1e200', '{"big":1e200}', 'details.big'],
    ['1e-200', '{"tiny":1e-200}', 'details.tiny'],
    ['-1e-200, nested', '{"a":{"tiny":-1e-200}}', 'details.a.tiny'],
    ['an empty key', '{"":"x"}', 'details'],
    ['an empty key, nested', '{"a":{"b":{"":"x"}}}', 'details.a.b'],
    ['9 levels of nesting', nested(9), 'details.a.a.a.a.a.a.a.a'],
    ['32 levels of nesting', nested(32), 'details.a.a.a.a.a.a.a.a'],
    ['40 levels of arrays', `{"deep":${'['.repeat(40)}${']'.repeat(40)}}`, 'details.deep.0.0.0.0.0.0.0'],
    ['more than 4 KB', `{"note":"${'x'.repeat(4100)}"}`, 'details'],
    ['a key over 100 characters', `{"a":{"${'k'.repeat(101)}":1}}`, 'details.a'],
  ])('refuses %s with 400 validation_failed naming the path, and stores nothing', async (_label, details, path) => {
    const owner = salon;
    const before = await storedEvents();
    const response = await recordRaw(owner.token, owner.tenantId, `{"action":"appointment.moved","details":${details}}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await storedEvents()).toBe(before);
  });

  it('stores details at the limits exactly: 8 levels, ±(2^53 − 1), 1e-130, 0, -0 and 4096 bytes', async () => {
    const owner = await makeSignedInOwner(api);
    const edge = { max: 9007199254740991, min: -9007199254740991, tiny: 1e-130, small: 1.5e-7, zero: 0, negativeZero: -0, price: 12.5 };
    const deep = JSON.parse(nested(8));
    for (const details of [edge, deep]) {
      const response = await record(owner.token, owner.tenantId, { action: 'limits.tested', details });
      expect(response.status).toBe(201);
    }
    const [deepListed, edgeListed] = await events(owner, '?action=limits.tested');
    expect(deepListed?.details).toEqual(deep);
    expect(edgeListed?.details).toEqual({ ...edge, negativeZero: 0 });
    const filler = 'x'.repeat(4096 - JSON.stringify({ note: '' }).length);
    expect((await record(owner.token, owner.tenantId, { action: 'limits.tested', details: { note: filler } })).status).toBe(201);
    expect((await record(owner.token, owner.tenantId, { action: 'limits.tested', details: { note: `${filler}x` } })).status).toBe(400);
  });

  it.each([
    ['a __proto__ key', '{"__proto__":{"polluted":true},"kept":1}'],
    ['a lone surrogate in a value', '{"note":"\\ud800"}'],
    ['a lone surrogate in a key', '{"\\udc00":"x"}'],
    ['a lone surrogate in the target', null],
    ['an array as details', '[1,2]'],
    ['a string as details', '"moved"'],
    ['null as details', 'null'],
  ])('answers %s below 500', async (_label, details) => {
    const owner = salon;
    const body =
      details === null
        ? '{"action":"appointment.moved","target":{"type":"appointment","id":"\\ud800"}}'
        : `{"action":"appointment.moved","details":${details}}`;
    const response = await recordRaw(owner.token, owner.tenantId, body);
    expect(response.status).toBeLessThan(500);
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
  });
});

describe('the list cursor', () => {
  const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['over DynamoDB’s key size, in the shape of a sort key', () => cursorOf(`2026-01-01T00:00:00.000Z#evt_${'a'.repeat(1400)}`)],
    ['with a time of any length', () => cursorOf(`2026-01-01T${'0'.repeat(1200)}Z#evt_01abc`)],
    ['at the query’s own length limit', () => 'A'.repeat(2048)],
    ['over the query’s length limit', () => 'A'.repeat(2049)],
    ['of another shape', () => cursorOf('TENANT#x#AUDIT#0')],
    ['not base64url', () => '%2B%2F%3D'],
  ])('refuses a cursor %s with 400 validation_failed', async (_label, cursor) => {
    const owner = salon;
    const response = await listAudit(owner, `?cursor=${cursor()}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('answers an empty page for a cursor from before `from`, not a DynamoDB error', async () => {
    const owner = await makeSignedInOwner(api);
    const cursor = cursorOf('2020-01-01T00:00:00.000Z#evt_01abc');
    const response = await listAudit(owner, `?from=2025-01-01T00:00:00Z&cursor=${cursor}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('compares from and to as instants: from …00.5Z is after to …00Z', async () => {
    const owner = await makeSignedInOwner(api);
    const response = await listAudit(owner, '?from=2025-01-01T00:00:00.5Z&to=2025-01-01T00:00:00Z');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('events from a terminal session', () => {
  it('carry the terminalId, host events and StaffGate’s own alike; back-office events carry none', async () => {
    const owner = await makeSignedInOwner(api);
    const junior = await juniorAtTerminal(owner);
    const atDesk = await record(junior.token, owner.tenantId, { action: 'appointment.checked_in', target: { type: 'appointment', id: '42' } });
    expect(atDesk.status).toBe(201);
    const fromOffice = await record(owner.token, owner.tenantId, { action: 'appointment.moved' });
    expect(fromOffice.status).toBe(201);
    const listed = await events(owner);
    expect(listed.find((event) => event.id === atDesk.body.id)).toMatchObject({
      source: 'host',
      actor: { type: 'staff', id: junior.staffId },
      terminalId: junior.terminalId,
    });
    expect(listed.find((event) => event.id === fromOffice.body.id)).toMatchObject({ source: 'host', terminalId: null });
    expect(listed.find((event) => event.action === 'terminal.unlocked')).toMatchObject({ source: 'staffgate', terminalId: junior.terminalId });
  });
});
