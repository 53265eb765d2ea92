import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner, uniquePhone } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

type Caller = { tenantId: string; token: string };

const bulk = (caller: Caller, json: unknown, headers: Record<string, string> = {}) =>
  api.request('POST', `/v1/tenants/${caller.tenantId}/staff/bulk`, { token: caller.token, json, headers });
const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
const NO_SUCH_STAFF = 'stf_01nosuchstaffmember';

async function salon() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { template: 'specialist' });
  const member = (body: Record<string, unknown> = {}) => makeStaff(api, owner, { accessLevelId: level.id, ...body });
  return { owner, levelId: level.id, member };
}

async function outbox(to: string) {
  const response = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return response.body.items as { channel: string; to: string; kind: string; pin?: string }[];
}

async function auditTargets(owner: SignedInOwner, action: string): Promise<string[]> {
  const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=${action}&limit=200`, { token: owner.token });
  expect(response.status).toBe(200);
  return response.body.items.map((event: { target: { id: string } }) => event.target.id).sort();
}

describe('POST /v1/tenants/{t}/staff/bulk: tag and untag', () => {
  it('tags every member: 200 with one ok result per id in the order sent, each member audited', async () => {
    const { owner, member } = await salon();
    const [a, b] = await Promise.all([member({ tags: ['night'] }), member()]);

    const response = await bulk(owner, { action: 'tag', staffIds: [b.id, a.id], tag: 'Weekend' });

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ results: [{ staffId: b.id, ok: true }, { staffId: a.id, ok: true }] });
    expect((await getStaff(owner, a.id)).body.tags).toEqual(['night', 'Weekend']);
    expect((await getStaff(owner, b.id)).body.tags).toEqual(['Weekend']);
    expect(await auditTargets(owner, 'staff.updated')).toEqual([a.id, b.id].sort());
    const tags = await api.request('GET', `/v1/tenants/${owner.tenantId}/tags`, { token: owner.token });
    expect(tags.body.items).toContainEqual({ name: 'Weekend', members: 2 });
  });

  it('leaves a member who already carries the tag (in any case) with it once', async () => {
    const { owner, member } = await salon();
    const a = await member({ tags: ['Weekend'] });
    expect((await bulk(owner, { action: 'tag', staffIds: [a.id], tag: 'weekend' })).body.results).toEqual([{ staffId: a.id, ok: true }]);
    expect((await getStaff(owner, a.id)).body.tags).toEqual(['Weekend']);
  });

  it('untags every member, whatever the case sent', async () => {
    const { owner, member } = await salon();
    const [a, b] = await Promise.all([member({ tags: ['night', 'colourist'] }), member({ tags: ['night'] })]);
    const response = await bulk(owner, { action: 'untag', staffIds: [a.id, b.id], tag: 'NIGHT' });
    expect(response.body.results.every((result: { ok: boolean }) => result.ok)).toBe(true);
    expect((await getStaff(owner, a.id)).body.tags).toEqual(['colourist']);
    expect((await getStaff(owner, b.id)).body.tags).toEqual([]);
  });

  it('refuses a member above the actor (escalation_denied) and goes on with the others', async () => {
    const { owner, member } = await salon();
    const manager = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { template: 'manager' })).id);
    const a = await member();
    const response = await bulk(manager, { action: 'tag', staffIds: [owner.staffId, a.id], tag: 'night' });
    expect(response.body.results).toEqual([
      { staffId: owner.staffId, ok: false, code: 'escalation_denied' },
      { staffId: a.id, ok: true },
    ]);
    expect((await getStaff(owner, owner.staffId)).body.tags).toEqual([]);
  });

  it('answers an unknown or archived staff id as not_found and goes on with the others', async () => {
    const { owner, member } = await salon();
    const [a, gone] = await Promise.all([member(), member()]);
    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/staff/${gone.id}`, { token: owner.token })).status).toBe(204);

    const response = await bulk(owner, { action: 'tag', staffIds: [NO_SUCH_STAFF, a.id, gone.id], tag: 'night' });

    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { staffId: NO_SUCH_STAFF, ok: false, code: 'not_found' },
      { staffId: a.id, ok: true },
      { staffId: gone.id, ok: false, code: 'not_found' },
    ]);
  });

  it('refuses a member who would carry more than 20 tags', async () => {
    const { owner, member } = await salon();
    const full = await member({ tags: Array.from({ length: 20 }, (_, index) => `t${index}`) });
    expect((await bulk(owner, { action: 'tag', staffIds: [full.id], tag: 'one more' })).body.results).toEqual([{ staffId: full.id, ok: false, code: 'validation_failed' }]);
  });
});

describe('POST /v1/tenants/{t}/staff/bulk: set_level', () => {
  it('moves members to the level', async () => {
    const { owner, member } = await salon();
    const [a, b] = await Promise.all([member(), member()]);
    const reception = await makeAccessLevel(api, owner, { template: 'reception' });

    const response = await bulk(owner, { action: 'set_level', staffIds: [a.id, b.id], accessLevelId: reception.id });

    expect(response.body.results).toEqual([{ staffId: a.id, ok: true }, { staffId: b.id, ok: true }]);
    expect((await getStaff(owner, a.id)).body.accessLevelId).toBe(reception.id);
  });

  it('needs access.manage for the whole request, as a level change does: 403 not_permitted, nobody moved', async () => {
    const { owner, levelId, member } = await salon();
    const manager = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { template: 'manager' })).id);
    const a = await member();
    const reception = await makeAccessLevel(api, owner, { template: 'reception' });
    const response = await bulk(manager, { action: 'set_level', staffIds: [a.id], accessLevelId: reception.id });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expect((await getStaff(owner, a.id)).body.accessLevelId).toBe(levelId);
  });

  it('refuses an unknown level for the whole request: 400 unknown_access_level', async () => {
    const { owner, member } = await salon();
    const a = await member();
    const response = await bulk(owner, { action: 'set_level', staffIds: [a.id], accessLevelId: 'lvl_01nosuchlevel' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_access_level');
  });
});

describe('POST /v1/tenants/{t}/staff/bulk: suspend', () => {
  it('suspends members and refuses the actor themself (escalation_denied)', async () => {
    const { owner, member } = await salon();
    const a = await member();
    const response = await bulk(owner, { action: 'suspend', staffIds: [a.id, owner.staffId] });
    expect(response.body.results).toEqual([
      { staffId: a.id, ok: true },
      { staffId: owner.staffId, ok: false, code: 'escalation_denied' },
    ]);
    expect((await getStaff(owner, a.id)).body.status).toBe('suspended');
    expect(await auditTargets(owner, 'staff.suspended')).toEqual([a.id]);
  });

  it('keeps a last admin: of two admins suspending each other at once, exactly one succeeds', async () => {
    const owner = await makeSignedInOwner(api);
    const coOwner = await makeAccessLevel(api, owner, { template: 'owner' });
    const second = await makeSignedInMember(api, owner, coOwner.id);

    const [a, b] = await Promise.all([bulk(owner, { action: 'suspend', staffIds: [second.staffId] }), bulk(second, { action: 'suspend', staffIds: [owner.staffId] })]);

    const results = [a, b].filter((response) => response.status === 200).map((response) => response.body.results[0]);
    const refused = [a, b].filter((response) => response.status !== 200);
    // The loser's own session may end first (the winner suspended them): then its whole request is refused.
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    for (const result of results.filter((r) => !r.ok)) expect(['last_admin', 'concurrent_update']).toContain(result.code);
    for (const response of refused) expect([401, 404]).toContain(response.status);
  });
});

describe('POST /v1/tenants/{t}/staff/bulk: renew_pins', () => {
  it('sends each member a new PIN by SMS, else email; never answers one; no_contact for a member with neither', async () => {
    const { owner, member } = await salon();
    const phone = uniquePhone();
    const [bySms, byEmail, unreachable] = await Promise.all([member({ phone }), member(), member({ email: undefined })]);

    const response = await bulk(owner, { action: 'renew_pins', staffIds: [bySms.id, byEmail.id, unreachable.id] });

    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { staffId: bySms.id, ok: true },
      { staffId: byEmail.id, ok: true },
      { staffId: unreachable.id, ok: false, code: 'no_contact' },
    ]);
    const [sms] = await outbox(phone);
    const [mail] = await outbox(byEmail.email);
    expect(sms).toMatchObject({ channel: 'sms', kind: 'pin', pin: expect.stringMatching(/^\d{6}$/) });
    expect(mail).toMatchObject({ channel: 'email', kind: 'pin', pin: expect.stringMatching(/^\d{6}$/) });
    expect(await outbox(byEmail.email)).toHaveLength(1);
    expect(response.text).not.toContain(sms?.pin);
    expect(response.text).not.toContain(mail?.pin);
    expect((await getStaff(owner, bySms.id)).body.hasPin).toBe(true);
    expect((await getStaff(owner, unreachable.id)).body.hasPin).toBe(false);
    expect(await auditTargets(owner, 'pin.set')).toEqual([bySms.id, byEmail.id].sort());
  });

  it('needs staff.pin.manage for the whole request: 403 not_permitted, nothing sent', async () => {
    const { owner, member } = await salon();
    const noPins = await makeAccessLevel(api, owner, { grants: { 'staff.view': true, 'staff.manage': true } });
    const manager = await makeSignedInMember(api, owner, noPins.id);
    const a = await member();
    const response = await bulk(manager, { action: 'renew_pins', staffIds: [a.id] });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expect(await outbox(a.email)).toEqual([]);
  });
});

describe('POST /v1/tenants/{t}/staff/bulk: the request', () => {
  it('answers a retry with the same Idempotency-Key with the first answer and sends no second PIN', async () => {
    const { owner, member } = await salon();
    const a = await member();
    const first = await bulk(owner, { action: 'renew_pins', staffIds: [a.id] }, { 'idempotency-key': 'bulk-renew-1' });
    const again = await bulk(owner, { action: 'renew_pins', staffIds: [a.id] }, { 'idempotency-key': 'bulk-renew-1' });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await outbox(a.email)).toHaveLength(1);
  });

  it.each([
    ['501 ids', { action: 'suspend', staffIds: Array.from({ length: 501 }, (_, index) => `stf_${String(index).padStart(26, '0')}`) }],
    ['a repeated id', { action: 'suspend', staffIds: ['stf_01aaaa', 'stf_01aaaa'] }],
    ['no ids', { action: 'suspend', staffIds: [] }],
    ['an unknown action', { action: 'archive', staffIds: ['stf_01aaaa'] }],
    ['tag without a tag', { action: 'tag', staffIds: ['stf_01aaaa'] }],
    ['set_level without a level', { action: 'set_level', staffIds: ['stf_01aaaa'] }],
    ['a tag on suspend', { action: 'suspend', staffIds: ['stf_01aaaa'], tag: 'x' }],
    ['a malformed id', { action: 'suspend', staffIds: ['Robert'] }],
  ])('refuses %s: 400 validation_failed', async (_name, json) => {
    const { owner } = await salon();
    const response = await bulk(owner, json);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('accepts 500 ids in one request', async () => {
    const { owner, member } = await salon();
    const a = await member();
    const staffIds = [a.id, ...Array.from({ length: 499 }, (_, index) => `stf_${String(index).padStart(26, '0')}`)];
    const response = await bulk(owner, { action: 'tag', staffIds, tag: 'many' });
    expect(response.status, response.text).toBe(200);
    expect(response.body.results).toHaveLength(500);
    expect(response.body.results[0]).toEqual({ staffId: a.id, ok: true });
    expect(response.body.results.slice(1).every((result: { code?: string }) => result.code === 'not_found')).toBe(true);
  });

  it('needs staff.manage: 403 for a member without it', async () => {
    const { owner, member } = await salon();
    const viewer = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'staff.view': true } })).id);
    const a = await member();
    expect((await bulk(viewer, { action: 'suspend', staffIds: [a.id] })).status).toBe(403);
  });
});
