import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entities } from '#shared/data/entities.js';
import { CATALOG_VERSION } from '#shared/domain/permissions/catalog.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { testTableName } from '../support/test-table.js';

/** Catalog version 4: the drop-down client list and the parents the seeds describe. */
let api: TestApi;
let owner: SignedInOwner;
beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
});
afterAll(async () => {
  await api.stop();
});

/** Writes straight to the test table: only to leave a level as catalog version 3 stored it. */
const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

const levels = (id = '') => `/v1/tenants/${owner.tenantId}/access-levels${id ? `/${id}` : ''}`;
const createLevel = (json: unknown) => api.request('POST', levels(), { token: owner.token, json });
const check = (token: string, permission: string, resource?: Record<string, unknown>) =>
  api.request('POST', '/v1/authorize', { token, headers: { 'X-Tenant-Id': owner.tenantId }, json: { permission, ...(resource ? { resource } : {}) } });

type CatalogPermission = { key: string; parent?: string };

describe('GET /v1/permissions (catalog version 4)', () => {
  it('lists the drop-down client list as the parent of its phone numbers', async () => {
    const response = await api.request('GET', '/v1/permissions');
    const booking: CatalogPermission[] = response.body.sections.find((section: { key: string }) => section.key === 'appointments').permissions;

    expect(response.body.version).toBe(CATALOG_VERSION);
    expect(booking.find((p) => p.key === 'appointments.client_list')).toMatchObject({ parent: 'appointments.view' });
    expect(booking.find((p) => p.key === 'appointments.client_list.phone')).toMatchObject({ parent: 'appointments.client_list' });
  });
});

describe('parents named by catalog version 4', () => {
  it.each([
    ['appointments.client_list.phone', { 'appointments.view': true, 'appointments.client_list.phone': true }, 'appointments.client_list'],
    ['calendar.history', { 'calendar.history': { days: 7 } }, 'calendar.view'],
    ['calendar.online_slots.edit', { 'calendar.view': true, 'calendar.online_slots.edit': true }, 'calendar.schedule.edit'],
    ['appointments.comment', { 'appointments.view': true, 'appointments.comment': true }, 'appointments.edit'],
    ['clients.export', { 'clients.view': true, 'clients.export': true }, 'clients.contacts.list'],
  ])('refuse a new level granting %s without its parent, naming the parent', async (key, grants, parent) => {
    const response = await createLevel({ name: `Without ${parent}`, grants });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual([{ path: `grants.${key}`, message: `${key} needs ${parent}: grant ${parent} too.` }]);
  });

  it('leave every template a level that can be created as it is', async () => {
    const { templates } = (await api.request('GET', '/v1/permissions')).body as { templates: { key: string }[] };
    for (const template of templates) {
      const response = await createLevel({ name: `From ${template.key}`, template: template.key });
      expect(response.status, `${template.key}: ${response.text}`).toBe(201);
    }
  });
});

describe('a level stored before catalog version 4 named calendar.view as the parent of calendar.history', () => {
  /** A level as version 3 accepted it: history without the calendar it refines. */
  async function storedLevel() {
    const level = await makeAccessLevel(api, owner, { grants: { 'calendar.view': true, 'calendar.history': { days: 7 }, 'sales.view': true } });
    await table.send(
      new UpdateCommand({
        TableName: testTableName,
        Key: entities.accessLevel.key({ tenantId: owner.tenantId, accessLevelId: level.id }),
        UpdateExpression: 'SET grants = :grants, compiled.catalogVersion = :v3',
        ExpressionAttributeValues: { ':grants': { 'calendar.history': { days: 7 }, 'sales.view': true }, ':v3': 3 },
      }),
    );
    return level.id;
  }

  it('is evaluated as stored', async () => {
    const member = await makeSignedInMember(api, owner, await storedLevel());

    expect((await check(member.token, 'calendar.history', { date: new Date().toISOString() })).body).toEqual({ allowed: true, reason: 'granted' });
    expect((await check(member.token, 'calendar.view')).body).toEqual({ allowed: false, reason: 'not_granted' });
  });

  it('is refused, naming the parent, when it is next saved as it is', async () => {
    const id = await storedLevel();

    const response = await api.request('PUT', levels(id), {
      token: owner.token,
      json: { name: 'Stored', grants: { 'calendar.history': { days: 7 }, 'sales.view': true } },
      headers: { 'If-Match': '1' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'grants.calendar.history', message: 'calendar.history needs calendar.view: grant calendar.view too.' }]);
  });

  it("still takes a holder's personal override that brings in no orphan of its own", async () => {
    const member = await makeSignedInMember(api, owner, await storedLevel());

    const response = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${member.staffId}`, { token: owner.token, json: { overrides: { 'stock.view': true } } });

    expect(response.status, response.text).toBe(200);
    expect((await check(member.token, 'stock.view')).body.allowed).toBe(true);
  });
});
