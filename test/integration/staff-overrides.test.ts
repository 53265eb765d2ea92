import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 12, per-person adjustments (Altegio sets rights per user): a level plus a few personal overrides. */
let api: TestApi;
let owner: SignedInOwner;
let tillLevelId: string;
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  tillLevelId = (await makeAccessLevel(api, owner, { grants: { 'calendar.view': { scope: 'own' }, 'sales.refund': { limit: 100 }, 'clients.view': true } })).id;
});
afterAll(async () => {
  await api.stop();
});

type Caller = { tenantId: string; token: string };
const staffPath = (id = '') => `/v1/tenants/${owner.tenantId}/staff${id ? `/${id}` : ''}`;
const patch = (caller: Caller, id: string, json: unknown) => api.request('PATCH', staffPath(id), { token: caller.token, json });
const check = (token: string, permission: string, resource?: Record<string, unknown>) =>
  api.request('POST', '/v1/authorize', { token, headers: { 'X-Tenant-Id': owner.tenantId }, json: { permission, ...(resource ? { resource } : {}) } });

describe('personal overrides', () => {
  it('adjust one member’s rights on top of their level, shown as overrides, and leave the level’s other holders as they were', async () => {
    const adjusted = await makeSignedInMember(api, owner, tillLevelId, { overrides: { 'sales.refund': { limit: 300 }, 'clients.view': false } });
    const colleague = await makeSignedInMember(api, owner, tillLevelId);

    expect((await api.request('GET', staffPath(adjusted.staffId), { token: owner.token })).body.overrides).toEqual({ 'sales.refund': { limit: 300 }, 'clients.view': false });
    expect((await check(adjusted.token, 'sales.refund', { amount: 250 })).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await check(adjusted.token, 'clients.view')).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(colleague.token, 'sales.refund', { amount: 250 })).body.reason).toBe('over_limit');
    expect((await check(colleague.token, 'clients.view')).body.allowed).toBe(true);
  });

  it('are seen by the next check after a PATCH, and null clears them', async () => {
    const member = await makeSignedInMember(api, owner, tillLevelId);
    expect((await patch(owner, member.staffId, { overrides: { 'stock.view': true } })).status).toBe(200);
    expect((await check(member.token, 'stock.view')).body.allowed).toBe(true);

    const cleared = await patch(owner, member.staffId, { overrides: null });

    expect(cleared.body.overrides).toEqual({});
    expect((await check(member.token, 'stock.view')).body.allowed).toBe(false);
  });

  it.each([
    ['an unknown permission', { 'stock.teleport': true }, 400, 'unknown_permission'],
    ['an admin right', { 'access.manage': true }, 400, 'validation_failed'],
    ['a whole section', { 'calendar.*': true }, 400, 'validation_failed'],
    ['a form the permission does not take', { 'clients.view': { limit: 5 } }, 400, 'validation_failed'],
    ['a right whose parent the result lacks', { 'clients.view': false, 'clients.notes.view': true }, 400, 'validation_failed'],
    ['more than 20', Object.fromEntries(['stock.view', 'stock.receive', 'stock.adjust', 'stock.transfer', 'marketing.campaigns.view', 'marketing.sms.send', 'sales.view', 'sales.checkout', 'sales.products.sell', 'sales.memberships.sell', 'sales.gift_cards.sell', 'sales.void', 'sales.day_end', 'overview.summary', 'overview.calls', 'overview.messages', 'overview.reports', 'overview.bookings', 'mobile.app', 'audit.view', 'staff.view'].map((key) => [key, true])), 400, 'validation_failed'],
  ])('are refused for %s, changing nothing', async (_label, overrides, status, code) => {
    const member = await makeStaff(api, owner, { accessLevelId: tillLevelId });

    const response = await patch(owner, member.id, { overrides });

    expect([response.status, response.body.code]).toEqual([status, code]);
    expect((await api.request('GET', staffPath(member.id), { token: owner.token })).body.overrides).toEqual({});
  });

  it('give no one more than they hold themselves (403 escalation_denied), while taking a right away is fine', async () => {
    const delegateLevel = await makeAccessLevel(api, owner, {
      grants: { 'access.view': true, 'access.manage': true, 'staff.view': true, 'staff.manage': true, 'calendar.view': { scope: 'own' }, 'sales.refund': { limit: 100 }, 'clients.view': true },
    });
    const delegate = await makeSignedInMember(api, owner, delegateLevel.id);
    const member = await makeStaff(api, owner, { accessLevelId: tillLevelId });

    const wider = await patch(delegate, member.id, { overrides: { 'sales.refund': { limit: 300 } } });
    const narrower = await patch(delegate, member.id, { overrides: { 'clients.view': false } });

    expect([wider.status, wider.body.code]).toEqual([403, 'escalation_denied']);
    expect(narrower.status).toBe(200);
  });

  it('need access.manage, and nobody changes their own', async () => {
    const staffAdmin = await makeAccessLevel(api, owner, { grants: { 'staff.view': true, 'staff.manage': true, ...{ 'calendar.view': { scope: 'own' }, 'sales.refund': { limit: 100 }, 'clients.view': true } } });
    const manager = await makeSignedInMember(api, owner, staffAdmin.id);
    const member = await makeStaff(api, owner, { accessLevelId: tillLevelId });

    const notPermitted = await patch(manager, member.id, { overrides: { 'clients.view': false } });
    const own = await patch(owner, owner.staffId, { overrides: { 'stock.view': false } });

    expect([notPermitted.status, notPermitted.body.code]).toEqual([403, 'not_permitted']);
    expect([own.status, own.body.code]).toEqual([403, 'escalation_denied']);
  });

  it('show in “who can”, marked as the member’s own, and take a holder away with false', async () => {
    const withMore = await makeStaff(api, owner, { accessLevelId: tillLevelId, firstName: 'Override', lastName: 'Plus', overrides: { 'stock.adjust': true } });
    const withLess = await makeStaff(api, owner, { accessLevelId: tillLevelId, firstName: 'Override', lastName: 'Minus', overrides: { 'clients.view': false } });
    const holders = async (permission: string) =>
      (await api.request('GET', `/v1/tenants/${owner.tenantId}/permissions/${permission}/holders?limit=200`, { token: owner.token })).body.items as { staffId: string; override?: true }[];

    expect((await holders('stock.adjust')).find((holder) => holder.staffId === withMore.id)).toMatchObject({ grant: true, override: true });
    expect((await holders('clients.view')).map((holder) => holder.staffId)).not.toContain(withLess.id);
  });

  it('travel with the PIN: a terminal session holds the overrides set after the PIN was', async () => {
    const branchId = (await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Desk branch' } })).body.id;
    const terminal = (await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Desk', branchId } })).body;
    const member = await makeStaff(api, owner, { accessLevelId: tillLevelId });
    const pin = (await api.request('PUT', `${staffPath(member.id)}/pin`, { token: owner.token, json: { generate: true } })).body.pin;
    expect((await patch(owner, member.id, { overrides: { 'sales.refund': { limit: 300 } } })).status).toBe(200);

    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.token, json: { pin } });

    expect(unlocked.status).toBe(200);
    expect(unlocked.body.permissions).toContainEqual({ key: 'sales.refund', limit: 300 });
    expect((await check(unlocked.body.token, 'sales.refund', { amount: 250 })).body.allowed).toBe(true);
  });

  it('are audited as a change of the member', async () => {
    const member = await makeStaff(api, owner, { accessLevelId: tillLevelId });
    await patch(owner, member.id, { overrides: { 'stock.view': true } });
    const events = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=staff.updated&limit=50`, { token: owner.token });
    const event = (events.body.items as { target: { id: string }; changes: Record<string, unknown> }[]).find((item) => item.target.id === member.id);
    expect(event?.changes).toEqual({ overrides: { before: null, after: { 'stock.view': true } } });
  });
});
