import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestToken, makeTenantBody, uniqueEmail, uniquePhone } from '../support/builders.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';
import { itemsOfPartition } from '../support/table.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ residency: 'EU', region: 'eu-west-1' });
});
afterAll(async () => {
  await api.stop();
});

describe('POST /v1/operator/tenants', () => {
  it('creates a tenant with product defaults, in the deployment region and residency', async () => {
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ name: 'Hår & Co' }));
    expect(response.status).toBe(201);
    expect(response.body.tenant).toMatchObject({
      name: 'Hår & Co',
      plan: 'paid',
      residency: 'EU',
      region: 'eu-west-1',
      locale: 'en',
      version: 1,
      settings: {
        pinsEnabled: true,
        pinLength: 6,
        autoLogoutSeconds: 900,
        lockout: { maxAttempts: 5, lockSeconds: 300, tenantFailuresPerHour: 20 },
      },
    });
    expect(response.body.tenant.id).toMatch(/^ten_/);
  });

  it('honours a 4-digit PIN length when asked', async () => {
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ pinLength: 4 }));
    expect(response.body.tenant.settings.pinLength).toBe(4);
  });

  it('makes the owner an invited staff member with the Owner access level, without secret fields', async () => {
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody());
    const { staff, invitation } = response.body.owner;
    expect(staff).toMatchObject({ firstName: 'Anna', lastName: 'Berg', status: 'invited', hasPin: false });
    expect(invitation).toMatchObject({ staffId: staff.id, channel: 'email', status: 'pending' });
    expect(JSON.stringify(response.body)).not.toMatch(/token|hash|password/i);
    const items = await itemsOfPartition(`TENANT#${response.body.tenant.id}`);
    const level = items.find((item) => item.entity === 'accessLevel');
    expect(level).toMatchObject({ name: 'Owner', accessLevelId: staff.accessLevelId });
    expect(Object.values(level?.grants as object).every((grant) => grant === true)).toBe(true);
  });

  it('invites the owner by email on a trial plan too, valid for 7 days', async () => {
    const body = makeTenantBody({ plan: 'trial' });
    const response = await api.operator('POST', '/v1/operator/tenants', body);
    expect(response.status).toBe(201);
    const expires = Date.parse(response.body.owner.invitation.expiresAt);
    expect(expires - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const { body: outbox } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(body.owner.email)}`);
    expect(outbox.items).toHaveLength(1);
    expect(outbox.items[0]).toMatchObject({ channel: 'email', kind: 'invitation', to: body.owner.email });
    expect(outbox.items[0].text).toContain(outbox.items[0].token);
  });

  it('invites an owner who has only a phone by SMS', async () => {
    const phone = uniquePhone();
    const response = await api.operator(
      'POST',
      '/v1/operator/tenants',
      makeTenantBody({ owner: { firstName: 'Olga', lastName: 'Ivanova', phone } }),
    );
    expect(response.status).toBe(201);
    expect(response.body.owner.invitation.channel).toBe('sms');
    const { body: outbox } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(phone)}`);
    expect(outbox.items[0]).toMatchObject({ channel: 'sms', kind: 'invitation', to: phone });
  });

  it.each([
    ['en', 'invited'],
    ['sv', 'inbjuden'],
    ['ru', 'Приглашение'],
  ])('writes the invitation in the tenant locale %s', async (locale, word) => {
    const body = makeTenantBody({ locale });
    await api.operator('POST', '/v1/operator/tenants', body);
    const { body: outbox } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(body.owner.email)}`);
    expect(`${outbox.items[0].subject} ${outbox.items[0].text}`).toContain(word);
  });

  it('normalises the owner email to lower case', async () => {
    const email = uniqueEmail().toUpperCase();
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ owner: { firstName: 'A', lastName: 'B', email } }));
    expect(response.body.owner.staff.email).toBe(email.toLowerCase());
    await expect(latestToken(api, email.toLowerCase())).resolves.toBeTruthy();
  });

  it('refuses an owner without email or phone', async () => {
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ owner: { firstName: 'A', lastName: 'B' } }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed' });
    expect(response.body.errors[0].path).toBe('owner.email');
  });

  it('refuses a request without the operator token', async () => {
    const response = await api.request('POST', '/v1/operator/tenants', { json: makeTenantBody() });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses a request with a wrong operator token', async () => {
    const response = await api.request('POST', '/v1/operator/tenants', { json: makeTenantBody(), token: 'not-the-token' });
    expect(response.status).toBe(401);
  });
});

describe('PATCH /v1/operator/tenants/{tenantId}', () => {
  it('changes the plan and bumps the version', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ plan: 'trial' }));
    const response = await api.operator('PATCH', `/v1/operator/tenants/${created.body.tenant.id}`, { plan: 'paid' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: created.body.tenant.id, plan: 'paid', version: 2 });
  });

  it('applies the change when If-Match names the current version', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ plan: 'trial' }));
    const response = await api.request('PATCH', `/v1/operator/tenants/${created.body.tenant.id}`, {
      token: TEST_OPERATOR_TOKEN,
      json: { plan: 'paid' },
      headers: { 'if-match': '1' },
    });
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(2);
  });

  it('refuses a stale If-Match with 412 version_conflict and changes nothing', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ plan: 'trial' }));
    await api.operator('PATCH', `/v1/operator/tenants/${created.body.tenant.id}`, { plan: 'paid' });
    const stale = await api.request('PATCH', `/v1/operator/tenants/${created.body.tenant.id}`, {
      token: TEST_OPERATOR_TOKEN,
      json: { plan: 'trial' },
      headers: { 'if-match': '1' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_conflict');
    const [tenant] = (await itemsOfPartition(`TENANT#${created.body.tenant.id}`)).filter((item) => item.entity === 'tenant');
    expect(tenant).toMatchObject({ plan: 'paid', version: 2 });
  });

  it('answers 404 for an unknown tenant and creates nothing', async () => {
    const response = await api.operator('PATCH', '/v1/operator/tenants/ten_01unknown', { plan: 'paid' });
    expect(response.status).toBe(404);
    expect(await itemsOfPartition('TENANT#ten_01unknown')).toEqual([]);
  });

  it('refuses a plan that does not exist', async () => {
    const created = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ plan: 'trial' }));
    const response = await api.operator('PATCH', `/v1/operator/tenants/${created.body.tenant.id}`, { plan: 'gold' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('plan');
  });
});
