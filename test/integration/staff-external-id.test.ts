import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDynamoRequests } from '#local/dynamo-requests.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 12: GET /v1/tenants/{t}/staff?externalId= finds the member through the external id's uniqueness item. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

async function salonWithStaff(): Promise<{ owner: SignedInOwner; levelId: string; eva: { id: string }; ola: { id: string } }> {
  const owner = await makeSignedInOwner(api);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
  const eva = await makeStaff(api, owner, { accessLevelId: levelId, externalId: 'SITOO-1001' });
  const ola = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Ola', lastName: 'Nord', externalId: 'SITOO-1002' });
  return { owner, levelId, eva, ola };
}

const find = (owner: { tenantId: string; token: string }, query: string) =>
  api.request('GET', `/v1/tenants/${owner.tenantId}/staff?${query}`, { token: owner.token });

describe('GET /v1/tenants/{t}/staff?externalId=', () => {
  it('answers the list page with the one member who has that external id', async () => {
    const { owner, eva } = await salonWithStaff();

    const response = await find(owner, 'externalId=SITOO-1001');

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ items: [expect.objectContaining({ id: eva.id, externalId: 'SITOO-1001', firstName: 'Eva' })], nextCursor: null });
    const single = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${eva.id}`, { token: owner.token });
    expect(response.body.items[0]).toEqual(single.body);
  });

  it('matches exactly and case-sensitively: no prefix, no other case, no other salon; an empty page otherwise', async () => {
    const { owner } = await salonWithStaff();
    const stranger = await makeSignedInOwner(api);
    await makeStaff(api, stranger, { accessLevelId: (await makeAccessLevel(api, stranger, { grants: { 'clients.view': true } })).id, externalId: 'THEIRS-1' });

    for (const query of ['externalId=sitoo-1001', 'externalId=SITOO-100', 'externalId=SITOO-10011', 'externalId=NOBODY', 'externalId=THEIRS-1']) {
      const response = await find(owner, query);
      expect(response.status, query).toBe(200);
      expect(response.body, query).toEqual({ items: [], nextCursor: null });
    }
  });

  it('keeps the other filters: a suspended member only with status=suspended; a changed external id no longer finds them', async () => {
    const { owner, ola } = await salonWithStaff();
    const suspended = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${ola.id}`, { token: owner.token, json: { status: 'suspended' } });
    expect(suspended.status).toBe(200);

    expect((await find(owner, 'externalId=SITOO-1002&status=active')).body.items).toEqual([]);
    expect((await find(owner, 'externalId=SITOO-1002&status=suspended')).body.items).toEqual([expect.objectContaining({ id: ola.id })]);
    expect((await find(owner, 'externalId=SITOO-1002&q=ola')).body.items).toEqual([expect.objectContaining({ id: ola.id })]);
    expect((await find(owner, 'externalId=SITOO-1002&q=eva')).body.items).toEqual([]);

    const changed = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${ola.id}`, { token: owner.token, json: { externalId: 'SITOO-2002' } });
    expect(changed.status).toBe(200);
    expect((await find(owner, 'externalId=SITOO-1002&status=suspended')).body.items).toEqual([]);
    expect((await find(owner, 'externalId=SITOO-2002&status=suspended')).body.items).toEqual([expect.objectContaining({ id: ola.id })]);
  });

  it('reads the uniqueness item and the staff item: two GetItems, no Query or Scan of the salon', async () => {
    const { owner } = await salonWithStaff();
    await find(owner, 'externalId=SITOO-1001');
    const requests = await countDynamoRequests();
    try {
      const response = await find(owner, 'externalId=SITOO-1001');
      expect(response.body.items).toHaveLength(1);
      const commands = requests.commands;
      expect(commands).not.toContain('Query');
      expect(commands).not.toContain('Scan');
      expect(commands.slice(-2)).toEqual(['GetItem', 'GetItem']);
    } finally {
      requests.stop();
    }
  });

  it('refuses a malformed external id with 400 validation_failed', async () => {
    const { owner } = await salonWithStaff();
    for (const value of ['', 'has%20space', 'x'.repeat(65), 'semi%3Bcolon']) {
      const response = await find(owner, `externalId=${value}`);
      expect(response.status, value).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });

  it('needs staff.view (403 not_permitted)', async () => {
    const { owner } = await salonWithStaff();
    const member = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id);
    const response = await find({ tenantId: owner.tenantId, token: member.token }, 'externalId=SITOO-1001');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });
});
