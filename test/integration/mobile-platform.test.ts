import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { accessSnapshotDecider } from '#shared/access-snapshot/decide.js';

/**
 * Issue 12, client platform (Altegio's mobile rights and web-only overview):
 * a session records the app it was opened from; the mobile app needs
 * `mobile.app`, and holds the level without its web-only sections.
 */
let api: TestApi;
let owner: SignedInOwner;
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
});
afterAll(async () => {
  await api.stop();
});

const STYLIST = { 'calendar.view': true, 'overview.reports': true, 'mobile.app': true };

async function memberOf(grants: Record<string, unknown>, webOnlySections: string[] = []) {
  const level = await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token, json: { name: `Level ${Math.random()}`, grants, webOnlySections } });
  expect(level.status, level.text).toBe(201);
  const member = await makeSignedInMember(api, owner, level.body.id);
  const mobile = await api.request('POST', '/v1/auth/login', { json: { login: member.email, password: OWNER_PASSWORD, platform: 'mobile' } });
  expect(mobile.status, mobile.text).toBe(200);
  return { levelId: level.body.id as string, web: member.token, mobile: mobile.body.token as string };
}

const check = (token: string, permission: string) =>
  api.request('POST', '/v1/authorize', { token, headers: { 'X-Tenant-Id': owner.tenantId }, json: { permission } });

describe('sessions from the mobile app', () => {
  it('hold the level without its web-only sections, while the web app holds all of it', async () => {
    const { web, mobile } = await memberOf(STYLIST, ['overview']);

    expect((await check(mobile, 'overview.reports')).body).toEqual({ allowed: false, reason: 'not_granted' });
    expect((await check(mobile, 'calendar.view')).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await check(web, 'overview.reports')).body).toEqual({ allowed: true, reason: 'granted' });
  });

  it('need mobile.app: without it every request in the salon answers 403 mobile_app_denied', async () => {
    const { web, mobile } = await memberOf({ 'calendar.view': true });

    const denied = await check(mobile, 'calendar.view');

    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('mobile_app_denied');
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: mobile })).body.code).toBe('mobile_app_denied');
    expect((await check(web, 'calendar.view')).body.allowed).toBe(true);
  });

  it('are told apart in GET /v1/session and the account’s session list', async () => {
    const { mobile } = await memberOf(STYLIST, ['overview']);

    const described = await api.request('GET', '/v1/session', { token: mobile, headers: { 'X-Tenant-Id': owner.tenantId } });
    expect(described.body.platform).toBe('mobile');
    expect(described.body.permissions.map((permission: { key: string }) => permission.key).sort()).toEqual(['calendar.view', 'mobile.app']);
    const sessions = await api.request('GET', '/v1/auth/sessions', { token: mobile });
    expect(sessions.body.items.map((session: { platform: string; current: boolean }) => [session.platform, session.current])).toEqual([
      ['mobile', true],
      ['web', false],
    ]);
  });

  it('get access snapshots without the web-only sections', async () => {
    const { mobile } = await memberOf(STYLIST, ['overview']);
    const snapshot = await api.request('POST', '/v1/access-snapshot', { token: mobile, headers: { 'X-Tenant-Id': owner.tenantId } });
    expect(snapshot.status).toBe(200);
    const payload = JSON.parse(Buffer.from(String(snapshot.body.snapshot).split('.')[1] ?? '', 'base64url').toString('utf8'));
    const decider = accessSnapshotDecider(payload);
    const nowMs = Date.parse(snapshot.body.expiresAt) - 1000;

    expect(decider.can('overview.reports', undefined, nowMs)).toEqual({ allowed: false, reason: 'not_granted' });
    expect(decider.can('calendar.view', undefined, nowMs)).toEqual({ allowed: true, reason: 'granted' });
  });
});

describe('webOnlySections on access levels', () => {
  it('cannot be loosened by a member whose own level keeps the section to the web (403 escalation_denied)', async () => {
    const grants = { 'access.view': true, 'access.manage': true, 'settings.view': true, 'settings.manage': true, 'mobile.app': true };
    const { levelId, web } = await memberOf(grants, ['settings']);
    const member = { tenantId: owner.tenantId, token: web };
    const path = `/v1/tenants/${owner.tenantId}/access-levels`;

    const loosened = await api.request('PUT', `${path}/${levelId}`, { token: member.token, json: { name: 'Mine', grants, webOnlySections: [] } });
    const looserLevel = await api.request('POST', path, { token: member.token, json: { name: 'Looser', grants: { 'settings.view': true }, webOnlySections: [] } });
    const likeTheirs = await api.request('POST', path, { token: member.token, json: { name: 'Like mine', grants: { 'settings.view': true } } });

    expect([loosened.status, loosened.body.code]).toEqual([403, 'escalation_denied']);
    expect([looserLevel.status, looserLevel.body.code]).toEqual([403, 'escalation_denied']);
    expect(likeTheirs.status).toBe(201);
    expect(likeTheirs.body.webOnlySections).toEqual(['settings']);
  });

  it('explains a web-only right to a mobile session as not granted', async () => {
    const { mobile } = await memberOf(STYLIST, ['overview']);
    const response = await api.request('POST', '/v1/authorize', {
      token: mobile,
      headers: { 'X-Tenant-Id': owner.tenantId },
      json: { permission: 'overview.reports', explain: true },
    });
    expect(response.body).toMatchObject({ allowed: false, reason: 'not_granted', explain: { grant: null } });
  });

  it('is stored in catalog order, shown, and kept by a PUT that leaves it out', async () => {
    const created = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true }, webOnlySections: ['sales', 'overview', 'sales'] });
    const path = `/v1/tenants/${owner.tenantId}/access-levels/${created.id}`;
    expect((await api.request('GET', path, { token: owner.token })).body.webOnlySections).toEqual(['overview', 'sales']);

    const replaced = await api.request('PUT', path, { token: owner.token, json: { name: 'Renamed', grants: { 'calendar.view': true } } });

    expect(replaced.body.webOnlySections).toEqual(['overview', 'sales']);
  });

  it('refuses a section the catalog does not have (400 validation_failed)', async () => {
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, {
      token: owner.token,
      json: { name: 'Odd', grants: {}, webOnlySections: ['reports'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('is the default of none: a level without it holds everything in the mobile app', async () => {
    const { mobile } = await memberOf(STYLIST);
    expect((await check(mobile, 'overview.reports')).body.allowed).toBe(true);
  });
});
