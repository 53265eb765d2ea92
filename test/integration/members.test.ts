import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

describe('staff invitations (POST /v1/tenants/{tenantId}/invitations)', () => {
  it('lets an invited staff member sign in and see the salon', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'manager' });
    const member = await makeSignedInMember(api, owner, level.id);
    const me = await api.request('GET', '/v1/me', { token: member.token });
    expect(me.body.memberships).toEqual([expect.objectContaining({ tenantId: owner.tenantId, staffId: member.staffId })]);
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: member.token })).status).toBe(200);
  });

  it('names the salon and the inviter in the invitation, in the salon’s language', async () => {
    const owner = await makeSignedInOwner(api, { locale: 'sv', name: 'Salong Solsken' });
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id, firstName: 'Eva' });
    await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff.id, channel: 'email' } });
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(staff.email)}`);
    expect(body.items[0].subject).toBe('Du är inbjuden till Salong Solsken');
    expect(body.items[0].text).toContain('Hej Eva! Anna Berg har bjudit in dig till Salong Solsken');
  });

  it('refuses a trial salon with 402 plan_required', async () => {
    const owner = await makeSignedInOwner(api, { plan: 'trial' });
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, {
      token: owner.token,
      json: { staffId: staff.id, channel: 'email' },
    });
    expect(response.status).toBe(402);
    expect(response.body.code).toBe('plan_required');
  });

  it('refuses SMS for a staff member without a phone with 400 no_phone', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, {
      token: owner.token,
      json: { staffId: staff.id, channel: 'sms' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('no_phone');
  });

  it('refuses a staff member who already has an account with 409 already_member', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'manager' });
    const member = await makeSignedInMember(api, owner, level.id);
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, {
      token: owner.token,
      json: { staffId: member.staffId, channel: 'email' },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('already_member');
  });
});
