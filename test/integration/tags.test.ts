import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entities } from '#shared/data/entities.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { itemsOfPartition } from '../support/table.js';
import { testTableName } from '../support/test-table.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** Writes straight to the test table: only to leave a rename as a call that died half-way would. */
const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

const tagsPath = (owner: SignedInOwner) => `/v1/tenants/${owner.tenantId}/tags`;
const tagPath = (owner: SignedInOwner, name: string) => `${tagsPath(owner)}/${encodeURIComponent(name)}`;
const listTags = (owner: SignedInOwner, token = owner.token) => api.request('GET', tagsPath(owner), { token });
const createTag = (owner: SignedInOwner, name: string, headers: Record<string, string> = {}) =>
  api.request('POST', tagsPath(owner), { token: owner.token, json: { name }, headers });
const renameTag = (owner: SignedInOwner, from: string, to: string) => api.request('PATCH', tagPath(owner, from), { token: owner.token, json: { name: to } });
const deleteTag = (owner: SignedInOwner, name: string) => api.request('DELETE', tagPath(owner, name), { token: owner.token });
const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
const tagsOf = async (owner: SignedInOwner, staffId: string): Promise<string[]> => (await getStaff(owner, staffId)).body.tags;

async function listedIds(owner: SignedInOwner, query: string): Promise<string[]> {
  const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff${query}`, { token: owner.token });
  expect(response.status, response.text).toBe(200);
  return response.body.items.map((member: { id: string }) => member.id).sort();
}

async function salon() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { template: 'specialist' });
  const member = (tags: string[]) => makeStaff(api, owner, { accessLevelId: level.id, tags });
  return { owner, levelId: level.id, member };
}

async function auditActions(owner: SignedInOwner, action: string) {
  const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=${action}&limit=200`, { token: owner.token });
  expect(response.status).toBe(200);
  return response.body.items as { action: string; target: { type: string; id: string } | null }[];
}

describe('GET /v1/tenants/{t}/tags', () => {
  it('lists the tags staff carry, each with how many members carry it, by name', async () => {
    const { owner, member } = await salon();
    await member(['colourist', 'night']);
    await member(['colourist']);
    await member([]);

    const response = await listTags(owner);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [{ name: 'colourist', members: 2 }, { name: 'night', members: 1 }], nextCursor: null });
  });

  it('lists a created tag nobody carries yet with 0 members', async () => {
    const { owner } = await salon();
    expect((await createTag(owner, 'Trainee')).status).toBe(201);
    expect((await listTags(owner)).body.items).toEqual([{ name: 'Trainee', members: 0 }]);
  });

  it('does not count archived members', async () => {
    const { owner, member } = await salon();
    const gone = await member(['colourist']);
    expect((await api.request('DELETE', `/v1/tenants/${owner.tenantId}/staff/${gone.id}`, { token: owner.token })).status).toBe(204);
    expect((await listTags(owner)).body.items).toEqual([{ name: 'colourist', members: 0 }]);
  });

  it('needs staff.view: 403 for a member without it', async () => {
    const { owner, member } = await salon();
    await member(['colourist']);
    const plain = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const someone = await makeSignedInMember(api, owner, plain.id);
    expect((await listTags(owner, someone.token)).status).toBe(403);
  });
});

describe('POST /v1/tenants/{t}/tags', () => {
  it('creates a tag: 201 {name, members}, audited as staff.tag_created', async () => {
    const { owner } = await salon();
    const response = await createTag(owner, 'Senior stylist');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ name: 'Senior stylist', members: 0 });
    expect((await auditActions(owner, 'staff.tag_created')).map((event) => event.target)).toEqual([{ type: 'tag', id: 'senior stylist' }]);
  });

  it('refuses a tag the salon already has, whatever its case: 409 name_taken', async () => {
    const { owner } = await salon();
    expect((await createTag(owner, 'Colourist')).status).toBe(201);
    for (const name of ['Colourist', 'colourist', '  COLOURIST ']) {
      const response = await createTag(owner, name);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('name_taken');
    }
    expect((await listTags(owner)).body.items).toEqual([{ name: 'Colourist', members: 0 }]);
  });

  it('answers a retry with the same Idempotency-Key with the first answer', async () => {
    const { owner } = await salon();
    const first = await createTag(owner, 'Junior', { 'idempotency-key': 'tag-junior-1' });
    const again = await createTag(owner, 'Junior', { 'idempotency-key': 'tag-junior-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses a blank or multi-line name: 400', async () => {
    const { owner } = await salon();
    for (const name of ['  ', 'a\nb', 'x'.repeat(41)]) expect((await createTag(owner, name)).status).toBe(400);
  });
});

describe('tags given on staff create and update', () => {
  it('puts a tag new to the salon on the list', async () => {
    const { owner, member } = await salon();
    const eva = await member(['weekend']);
    const patched = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${eva.id}`, { token: owner.token, json: { tags: ['weekend', 'float'] } });
    expect(patched.status).toBe(200);
    expect((await listTags(owner)).body.items).toEqual([
      { name: 'float', members: 1 },
      { name: 'weekend', members: 1 },
    ]);
  });

  it("gives a member a listed tag in the list's spelling", async () => {
    const { owner, member } = await salon();
    await createTag(owner, 'Colourist');
    const eva = await member(['colourist']);
    expect(await tagsOf(owner, eva.id)).toEqual(['Colourist']);
  });
});

describe('GET /v1/tenants/{t}/staff?tag=', () => {
  it('keeps the single tag filter', async () => {
    const { owner, member } = await salon();
    const colourist = await member(['colourist']);
    await member(['night']);
    expect(await listedIds(owner, '?tag=colourist')).toEqual([colourist.id]);
  });

  it('with the tag repeated, lists the members who carry every one of them', async () => {
    const { owner, member } = await salon();
    const both = await member(['colourist', 'night']);
    await member(['colourist']);
    await member(['night']);
    expect(await listedIds(owner, '?tag=colourist&tag=night')).toEqual([both.id]);
  });

  it("matches a tag in the list's spelling whatever the case asked", async () => {
    const { owner, member } = await salon();
    const colourist = await member(['Colourist']);
    expect(await listedIds(owner, '?tag=COLOURIST')).toEqual([colourist.id]);
  });

  it('refuses more than 10 tags: 400', async () => {
    const { owner } = await salon();
    const query = Array.from({ length: 11 }, (_, index) => `tag=t${index}`).join('&');
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff?${query}`, { token: owner.token });
    expect(response.status).toBe(400);
  });
});

describe('PATCH /v1/tenants/{t}/tags/{tag}', () => {
  it('renames the tag on every member who carries it, each member audited as staff.updated', async () => {
    const { owner, member } = await salon();
    const carriers = await Promise.all([member(['night', 'colourist']), member(['night']), member(['night'])]);
    const other = await member(['colourist']);

    const response = await renameTag(owner, 'night', 'Late shift');

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ name: 'Late shift', membersUpdated: 3, complete: true });
    expect(await tagsOf(owner, carriers[0].id)).toEqual(['Late shift', 'colourist']);
    for (const carrier of carriers.slice(1)) expect(await tagsOf(owner, carrier.id)).toEqual(['Late shift']);
    expect(await tagsOf(owner, other.id)).toEqual(['colourist']);
    expect((await listTags(owner)).body.items).toEqual([
      { name: 'colourist', members: 2 },
      { name: 'Late shift', members: 3 },
    ]);
    const updated = (await auditActions(owner, 'staff.updated')).map((event) => event.target?.id);
    expect(updated.sort()).toEqual(carriers.map((carrier) => carrier.id).sort());
    expect(await auditActions(owner, 'staff.tag_renamed')).toHaveLength(1);
  });

  it('changes only the case of a tag in place', async () => {
    const { owner, member } = await salon();
    const eva = await member(['colourist']);
    const response = await renameTag(owner, 'colourist', 'Colourist');
    expect(response.status).toBe(200);
    expect(await tagsOf(owner, eva.id)).toEqual(['Colourist']);
    expect((await listTags(owner)).body.items).toEqual([{ name: 'Colourist', members: 1 }]);
  });

  it("refuses a rename onto another tag's name: 409 name_taken, and no member changes", async () => {
    const { owner, member } = await salon();
    const eva = await member(['night']);
    await member(['Late']);
    const response = await renameTag(owner, 'night', 'late');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('name_taken');
    expect(await tagsOf(owner, eva.id)).toEqual(['night']);
  });

  it('answers 404 for a tag nobody has', async () => {
    const { owner } = await salon();
    expect((await renameTag(owner, 'nothing', 'something')).status).toBe(404);
  });

  it('finishes a rename that failed half-way when called again', async () => {
    const { owner, member } = await salon();
    const [done, left, alsoLeft] = await Promise.all([member(['night']), member(['night']), member(['night'])]);
    // As the first call leaves it when it dies after the new tag and one member were written.
    const now = new Date().toISOString();
    await table.send(
      new PutCommand({
        TableName: testTableName,
        Item: entities.tag.item({ tenantId: owner.tenantId, name: 'Late' }, { tenantId: owner.tenantId, name: 'Late', renamedFrom: 'night', createdAt: now, updatedAt: now }),
      }),
    );
    await table.send(
      new UpdateCommand({
        TableName: testTableName,
        Key: entities.staff.key({ tenantId: owner.tenantId, staffId: done.id }),
        UpdateExpression: 'SET tags = :tags, version = version + :one',
        ExpressionAttributeValues: { ':tags': ['Late'], ':one': 1 },
      }),
    );

    const response = await renameTag(owner, 'night', 'Late');

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ name: 'Late', membersUpdated: 2, complete: true });
    for (const carrier of [done, left, alsoLeft]) expect(await tagsOf(owner, carrier.id)).toEqual(['Late']);
    expect((await listTags(owner)).body.items).toEqual([{ name: 'Late', members: 3 }]);
    expect((await renameTag(owner, 'night', 'Late')).body).toEqual({ name: 'Late', membersUpdated: 0, complete: true });
  });

  it('does not overwrite a member edited since the rename read them', async () => {
    const { owner, member } = await salon();
    const eva = await member(['night']);
    const [renamed, patched] = await Promise.all([
      renameTag(owner, 'night', 'Late'),
      api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${eva.id}`, { token: owner.token, json: { firstName: 'Evelina' } }),
    ]);
    expect(renamed.status).toBe(200);
    expect(patched.status).toBe(200);
    expect((await getStaff(owner, eva.id)).body).toMatchObject({ firstName: 'Evelina', tags: ['Late'] });
  });

  it('answers 404 for a tag that is not a valid tag name', async () => {
    const { owner } = await salon();
    expect((await api.request('PATCH', `${tagsPath(owner)}/%0Aa`, { token: owner.token, json: { name: 'x' } })).status).toBe(404);
  });
});

describe('DELETE /v1/tenants/{t}/tags/{tag}', () => {
  it('removes the tag from every member and from the list: 204', async () => {
    const { owner, member } = await salon();
    const carriers = await Promise.all([member(['night', 'colourist']), member(['night'])]);

    const response = await deleteTag(owner, 'Night');

    expect(response.status, response.text).toBe(204);
    expect(await tagsOf(owner, carriers[0].id)).toEqual(['colourist']);
    expect(await tagsOf(owner, carriers[1].id)).toEqual([]);
    expect((await listTags(owner)).body.items).toEqual([{ name: 'colourist', members: 1 }]);
    expect(await auditActions(owner, 'staff.tag_deleted')).toHaveLength(1);
    const tagItems = (await itemsOfPartition(`TENANT#${owner.tenantId}`)).filter((item) => String(item.sk).startsWith('TAG#'));
    expect(tagItems.map((item) => item.name)).toEqual(['colourist']);
  });

  it('deletes a tag nobody carries', async () => {
    const { owner } = await salon();
    await createTag(owner, 'Unused');
    expect((await deleteTag(owner, 'Unused')).status).toBe(204);
    expect((await listTags(owner)).body.items).toEqual([]);
  });

  it('answers 404 for a tag nobody has, and for a second delete', async () => {
    const { owner, member } = await salon();
    await member(['night']);
    expect((await deleteTag(owner, 'night')).status).toBe(204);
    expect((await deleteTag(owner, 'night')).status).toBe(404);
  });
});

describe('the tag list and managers limited to branches', () => {
  it('refuses a rename or delete by a manager limited to branches (403 escalation_denied): it changes members of every branch, and nobody changes', async () => {
    const { owner, member } = await salon();
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Söder' } });
    const manager = await makeAccessLevel(api, owner, { template: 'manager' });
    const local = await makeSignedInMember(api, owner, manager.id, { branchIds: [branch.body.id] });
    const elsewhere = await member(['night']);
    const as = { ...owner, token: local.token };

    const renamed = await renameTag(as, 'night', 'Late shift');
    const deleted = await deleteTag(as, 'night');

    expect([renamed.status, renamed.body.code]).toEqual([403, 'escalation_denied']);
    expect([deleted.status, deleted.body.code]).toEqual([403, 'escalation_denied']);
    expect(await tagsOf(owner, elsewhere.id)).toEqual(['night']);
  });
});
