import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { latestToken, makeAccessLevel, makeSignedInOwner, makeStaff, makeTenantBody, OWNER_PASSWORD, uniquePhone } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { itemsOfPartition } from '../support/table.js';

let api: TestApi;
beforeAll(async () => {
  // Its parallel fetches, unlocks or acceptances come in bursts.
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

async function invitedOwner(overrides: Record<string, unknown> = {}) {
  const body = makeTenantBody(overrides);
  const created = await api.operator('POST', '/v1/operator/tenants', body);
  const owner = body.owner as { email?: string; phone?: string };
  const token = await latestToken(api, owner.email ?? owner.phone ?? '');
  return { created: created.body, token, email: owner.email, phone: owner.phone };
}

describe('POST /v1/invitations/lookup', () => {
  it('shows the salon name, the first name and the expiry', async () => {
    const { token, created } = await invitedOwner({ name: 'Studio Nord' });
    const response = await api.request('POST', '/v1/invitations/lookup', { json: { token } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tenantName: 'Studio Nord', firstName: 'Anna', inviterName: null, expiresAt: created.owner.invitation.expiresAt });
  });

  it('names who invited, as the invitation message does, when a member of the salon sent it', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const staff = await makeStaff(api, owner, { firstName: 'Eva', accessLevelId: level.id });
    const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff.id, channel: 'email' } });
    expect(invited.status).toBe(201);
    const response = await api.request('POST', '/v1/invitations/lookup', { json: { token: await latestToken(api, staff.email) } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ firstName: 'Eva', inviterName: 'Anna Berg' });
  });

  it('names the member who resent an invitation', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'specialist' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff.id, channel: 'email' } });
    const resent = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations/${invited.body.id}/resend`, { token: owner.token });
    expect(resent.status).toBe(201);
    const response = await api.request('POST', '/v1/invitations/lookup', { json: { token: await latestToken(api, staff.email) } });
    expect(response.body.inviterName).toBe('Anna Berg');
  });

  it.each([
    ['an unknown token', (t: string) => t.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA')],
    ['a malformed token', () => 'not-a-token'],
    ['a token of another tenant id', (t: string) => t.replace(/^ten_[^.]+/, 'ten_01aaaaaaaaaaaaaaaaaaaaaaaa')],
  ])('answers 404 invitation_not_found for %s', async (_label, mutate) => {
    const { token } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/lookup', { json: { token: mutate(token) } });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('invitation_not_found');
  });

  it('answers 404 once the invitation has expired after 7 days', async () => {
    const { token } = await invitedOwner();
    clock.advance(7 * 86_400_000 + 1000);
    const response = await api.request('POST', '/v1/invitations/lookup', { json: { token } });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('invitation_not_found');
  });
});

describe('POST /v1/invitations/accept', () => {
  it('creates the account, activates the owner and signs them in', async () => {
    const { token, created, email } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.body.account).toMatchObject({ email, phone: null });
    expect(response.body.memberships).toEqual([
      { tenantId: created.tenant.id, tenantName: created.tenant.name, staffId: created.owner.staff.id },
    ]);
    const me = await api.request('GET', '/v1/me', { token: response.body.token });
    expect(me.status).toBe(200);
    const staff = (await itemsOfPartition(`TENANT#${created.tenant.id}`)).find((item) => item.entity === 'staff');
    expect(staff).toMatchObject({ status: 'active', accountId: response.body.account.id });
  });

  it('gives an SMS-invited owner a phone login', async () => {
    const phone = uniquePhone();
    const { token } = await invitedOwner({ owner: { firstName: 'Olga', lastName: 'Ivanova', phone } });
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } });
    expect(response.body.account).toMatchObject({ email: null, phone });
    const login = await api.request('POST', '/v1/auth/login', { json: { login: phone, password: OWNER_PASSWORD } });
    expect(login.status).toBe(200);
  });

  it('can be used only once', async () => {
    const { token } = await invitedOwner();
    await api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } });
    const again = await api.request('POST', '/v1/invitations/accept', { json: { token, password: 'another long password' } });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('invitation_not_found');
  });

  it('lets exactly one of many simultaneous acceptances win', async () => {
    const { token } = await invitedOwner();
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } })),
    );
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.status !== 200).every((r) => r.status === 404 || r.status === 409)).toBe(true);
  });

  it('refuses an expired invitation', async () => {
    const { token } = await invitedOwner();
    clock.advance(7 * 86_400_000 + 1000);
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } });
    expect(response.status).toBe(404);
  });

  it.each([
    ['too short', 'short1'],
    ['too long', 'x'.repeat(129)],
    ['a common password', 'password123'],
  ])('refuses a %s password with weak_password and leaves the invitation usable', async (_label, password) => {
    const { token } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('weak_password');
    const preview = await api.request('POST', '/v1/invitations/lookup', { json: { token } });
    expect(preview.status).toBe(200);
  });

  it.each([
    ['a repeated character', () => 'aaaaaaaaaaaa', /repeats one character/],
    ['a sequence', () => 'abcdefgh', /is a sequence like abcd or 4321/],
    ['a repeated piece', () => 'abcabcabc', /repeats a short pattern/],
    ['a keyboard walk', () => 'qwertyuiop[]', /is a keyboard pattern/],
    ['a common word and a year', () => 'Summer2024!', /is a common password with only digits or symbols added/],
    ["the salon's name", () => 'Solsken2024!', /is built from the salon's name/],
    ['the invited email address', (email: string) => `${email.split('@')[0]}!`, /is built from your email address/],
    ["the person's name", () => 'AnnaBerg1984', /is built from your name/],
  ])('refuses a password that is %s, saying so, and leaves the invitation usable', async (_label, password, detail) => {
    const { token, email } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: password(email as string) } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'weak_password', detail: expect.stringMatching(detail) });
    expect((await api.request('POST', '/v1/invitations/lookup', { json: { token } })).status).toBe(200);
  });

  it("accepts a passphrase that merely contains common words (the README's)", async () => {
    const { token } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: 'sunshine over the harbour' } });
    expect(response.status).toBe(200);
  });

  it('refuses a new account when the invited address already has one, pointing at the attach flow', async () => {
    const existing = await makeSignedInOwner(api);
    const { token } = await invitedOwner({ owner: { firstName: 'Anna', lastName: 'Berg', email: existing.email } });
    const response = await api.request('POST', '/v1/invitations/accept', { json: { token, password: 'yet another passphrase' } });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('login_taken');
  });

  it('attaches the membership to an existing account that signs in with its login and password', async () => {
    const existing = await makeSignedInOwner(api);
    const { token, created } = await invitedOwner({ owner: { firstName: 'Anna', lastName: 'Berg', email: existing.email } });
    const response = await api.request('POST', '/v1/invitations/accept', {
      json: { token, login: existing.email, password: OWNER_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(response.body.account.id).toBe(existing.accountId);
    expect(response.body.memberships.map((m: { tenantId: string }) => m.tenantId).sort()).toEqual(
      [existing.tenantId, created.tenant.id].sort(),
    );
  });

  it('refuses to attach with a wrong password with invalid_credentials', async () => {
    const existing = await makeSignedInOwner(api);
    const { token } = await invitedOwner();
    const response = await api.request('POST', '/v1/invitations/accept', {
      json: { token, login: existing.email, password: 'not the password at all' },
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_credentials');
  });
});
