import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * A deployment outside the EU, in a file of its own: configuration (and so
 * the deployment's residency) is read once per process, and every test file
 * runs in its own module graph.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ residency: 'US', region: 'us-east-1' });
});
afterAll(async () => {
  await api.stop();
});

describe('PIN codes turned off, outside the EU', () => {
  it('lets a salon turn PINs off; unlock then answers 409 pins_disabled until they are turned on again', async () => {
    const owner = await makeSignedInOwner(api);
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Main St' } });
    const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
      token: owner.token,
      json: { name: 'Front desk', branchId: branch.body.id },
    });
    expect(terminal.status).toBe(201);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const generated = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staff.id}/pin`, { token: owner.token, json: { generate: true } });
    expect(generated.status).toBe(200);
    const unlock = () => api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: generated.body.pin } });
    expect((await unlock()).status).toBe(200);

    const off = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { pinsEnabled: false } });

    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ residency: 'US', settings: { pinsEnabled: false } });
    const refused = await unlock();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('pins_disabled');

    const on = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { pinsEnabled: true } });
    expect(on.status).toBe(200);
    expect((await unlock()).status).toBe(200);
  });
});
