import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 12: DELETE /v1/tenants/{t}/branches/{id}, refused (409 in_use) while staff or terminals work there. */
let api: TestApi;
let owner: SignedInOwner;
let levelId: string;
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
});
afterAll(async () => {
  await api.stop();
});

const path = (rest: string) => `/v1/tenants/${owner.tenantId}${rest}`;

async function makeBranch(name = 'Södermalm'): Promise<string> {
  const response = await api.request('POST', path('/branches'), { token: owner.token, json: { name } });
  expect(response.status).toBe(201);
  return response.body.id;
}

const deleteBranch = (branchId: string, token = owner.token) => api.request('DELETE', path(`/branches/${branchId}`), { token });
const branchIds = async () => ((await api.request('GET', path('/branches'), { token: owner.token })).body.items as { id: string }[]).map((branch) => branch.id);

async function auditOf(action: string) {
  const response = await api.request('GET', path(`/audit?action=${action}&limit=50`), { token: owner.token });
  expect(response.status).toBe(200);
  return response.body.items as { action: string; target: { type: string; id: string }; details: Record<string, unknown> | null }[];
}

describe('DELETE /v1/tenants/{t}/branches/{id}', () => {
  it('deletes a branch nobody works in: 204, gone from the list, audited with its name', async () => {
    const branchId = await makeBranch('Gamla stan');

    const response = await deleteBranch(branchId);

    expect(response.status, response.text).toBe(204);
    expect(await branchIds()).not.toContain(branchId);
    expect(await auditOf('branch.deleted')).toContainEqual(
      expect.objectContaining({ target: { type: 'branch', id: branchId }, details: { name: 'Gamla stan' } }),
    );
  });

  it('refuses with 409 in_use while a staff member works there, naming how many, and keeps the branch', async () => {
    const branchId = await makeBranch();
    await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [branchId] });

    const response = await deleteBranch(branchId);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('in_use');
    expect(response.body.detail).toBe('1 staff member still works in this branch: move or archive them first.');
    expect(await branchIds()).toContain(branchId);
  });

  it('refuses with 409 in_use while a terminal is there', async () => {
    const branchId = await makeBranch();
    expect((await api.request('POST', path('/terminals'), { token: owner.token, json: { name: 'Desk', branchId } })).status).toBe(201);

    const response = await deleteBranch(branchId);

    expect(response.status).toBe(409);
    expect(response.body.detail).toBe('1 terminal still works in this branch: move or archive them first.');
  });

  it('deletes once the staff member moved away and the terminal was moved', async () => {
    const branchId = await makeBranch();
    const elsewhere = await makeBranch('Elsewhere');
    const staff = await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [branchId] });
    const terminal = (await api.request('POST', path('/terminals'), { token: owner.token, json: { name: 'Desk', branchId } })).body;
    expect((await deleteBranch(branchId)).body.detail).toBe('1 staff member and 1 terminal still work in this branch: move or archive them first.');

    await api.request('PATCH', path(`/staff/${staff.id}`), { token: owner.token, json: { branchIds: [elsewhere] } });
    await api.request('PATCH', path(`/terminals/${terminal.id}`), { token: owner.token, json: { branchId: elsewhere } });

    expect((await deleteBranch(branchId)).status).toBe(204);
  });

  it('is not held up by archived staff, nor by staff who work in every branch', async () => {
    const branchId = await makeBranch();
    const leaver = await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [branchId] });
    expect((await api.request('DELETE', path(`/staff/${leaver.id}`), { token: owner.token })).status).toBe(204);
    await makeStaff(api, owner, { accessLevelId: levelId });

    expect((await deleteBranch(branchId)).status).toBe(204);
  });

  it('never leaves a staff member in a deleted branch when a deletion and a hire race', async () => {
    for (let round = 0; round < 8; round += 1) {
      const branchId = await makeBranch(`Race ${round}`);
      const [deleted, hired] = await Promise.all([
        deleteBranch(branchId),
        api.request('POST', path('/staff'), { token: owner.token, json: { firstName: 'Ny', lastName: 'Anställd', accessLevelId: levelId, branchIds: [branchId] } }),
      ]);
      expect([deleted.status, hired.status], `${deleted.text} ${hired.text}`).not.toContain(500);
      const exists = (await branchIds()).includes(branchId);
      if (hired.status === 201) expect(exists).toBe(true);
      if (deleted.status === 204) expect([400, 409]).toContain(hired.status);
    }
  });

  it('answers 404 for an unknown branch or another salon’s', async () => {
    const stranger = await makeSignedInOwner(api);
    const theirs = (await api.request('POST', `/v1/tenants/${stranger.tenantId}/branches`, { token: stranger.token, json: { name: 'Theirs' } })).body.id;
    for (const branchId of ['brn_01nosuchbranch', theirs]) {
      const response = await deleteBranch(branchId);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
  });

  it('lets a manager limited to branches delete, create or place terminals in no branch but theirs', async () => {
    const theirs = await makeBranch('Theirs');
    const other = await makeBranch('Other');
    const settingsLevel = await makeAccessLevel(api, owner, { grants: { 'settings.view': true, 'settings.manage': true } });
    const manager = await makeSignedInMember(api, owner, settingsLevel.id, { branchIds: [theirs] });
    const as = { token: manager.token };

    const refused = [
      await deleteBranch(other, manager.token),
      await api.request('POST', path('/branches'), { ...as, json: { name: 'New' } }),
      await api.request('PATCH', path(`/branches/${other}`), { ...as, json: { name: 'Renamed' } }),
      await api.request('POST', path('/terminals'), { ...as, json: { name: 'Desk', branchId: other } }),
    ];

    expect(refused.map((response) => [response.status, response.body.code])).toEqual(Array(4).fill([403, 'escalation_denied']));
    expect(await branchIds()).toContain(other);
    expect((await api.request('POST', path('/terminals'), { ...as, json: { name: 'Desk', branchId: theirs } })).status).toBe(201);
  });

  it('needs settings.manage (403 not_permitted) and deletes nothing without it', async () => {
    const branchId = await makeBranch();
    const member = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'staff.view': true } })).id);

    const response = await deleteBranch(branchId, member.token);

    expect(response.status).toBe(403);
    expect(await branchIds()).toContain(branchId);
  });
});
