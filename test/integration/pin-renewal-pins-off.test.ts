import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, uniquePhone } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** Outside the EU, in a file of its own (see pins-off.test.ts): only there may a salon turn PINs off. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ residency: 'US', region: 'us-east-1' });
});
afterAll(async () => {
  await api.stop();
});

describe('PIN renewal while PINs are turned off', () => {
  it('answers 409 pins_disabled, as unlock does, and sends nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const phone = uniquePhone();
    await makeStaff(api, owner, { accessLevelId: level.id, phone });
    const off = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { pinsEnabled: false } });
    expect(off.status).toBe(200);

    const response = await api.request('POST', '/v1/session/pin/renew', { token: owner.token, headers: { 'x-tenant-id': owner.tenantId } });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('pins_disabled');
    const sent = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
    expect(sent.body.items.filter((message: { kind: string }) => message.kind === 'pin')).toEqual([]);
  });
});
