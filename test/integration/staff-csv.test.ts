import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRecord, parseCsv } from '#shared/domain/staff/csv.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner, uniqueEmail, uniquePhone } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** api.md v1.1: GET …/staff/export (text/csv) and POST …/staff/import (text/csv, dryRun, partial). */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const csv = (header: string[], rows: string[][]) => [header, ...rows].map(formatRecord).join('');
const NEW_HEADER = ['firstName', 'lastName', 'email', 'accessLevelId', 'externalId'];

function exportOf(owner: { tenantId: string; token: string }) {
  return api.request('GET', `/v1/tenants/${owner.tenantId}/staff/export`, { token: owner.token });
}

function importCsv(owner: { tenantId: string; token: string }, body: string, query = '', headers: Record<string, string> = {}) {
  return api.request('POST', `/v1/tenants/${owner.tenantId}/staff/import${query}`, {
    token: owner.token,
    body,
    headers: { 'content-type': 'text/csv; charset=utf-8', ...headers },
  });
}

/** The export as objects by column name. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...records] = [...parseCsv([text])].map((record) => record.cells);
  return records.map((cells) => Object.fromEntries((header ?? []).map((column, index) => [column, cells[index] ?? ''])));
}

async function staffCount(owner: SignedInOwner): Promise<number> {
  return rowsOf((await exportOf(owner)).text).length;
}

async function salon() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'clients.view': true } });
  return { owner, levelId: level.id };
}

describe('GET /v1/tenants/{t}/staff/export', () => {
  it('answers text/csv: a header row, then every member with their level name, lists joined by |', async () => {
    const { owner, levelId } = await salon();
    const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
    const eva = await makeStaff(api, owner, { accessLevelId: levelId, branchIds: [branch.body.id], tags: ['senior', 'a|b'], externalId: 'SITOO-1', locale: 'sv', startsOn: '2026-12-01' });

    const response = await exportOf(owner);

    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.text.split('\r\n')[0]).toBe('staffId,firstName,lastName,email,phone,accessLevelId,accessLevelName,branchIds,employeeId,tags,externalId,locale,startsOn,endsOn,status,branchLevels');
    const row = rowsOf(response.text).find((r) => r.staffId === eva.id);
    expect(row).toEqual({
      staffId: eva.id,
      firstName: 'Eva',
      lastName: 'Lind',
      email: eva.email,
      phone: '',
      accessLevelId: levelId,
      accessLevelName: 'Stylist',
      branchIds: branch.body.id,
      branchLevels: '',
      employeeId: '',
      tags: 'senior|a\\|b',
      externalId: 'SITOO-1',
      locale: 'sv',
      startsOn: '2026-12-01',
      endsOn: '',
      status: 'active',
    });
    expect(rowsOf(response.text).map((r) => r.staffId)).toContain(owner.staffId);
  });

  it('writes a cell that starts with = + - @ behind an apostrophe, so spreadsheets show it as text', async () => {
    const { owner, levelId } = await salon();
    const phone = uniquePhone();
    const member = await makeStaff(api, owner, { accessLevelId: levelId, firstName: '=HYPERLINK("http://evil.example")', phone });

    const text = (await exportOf(owner)).text;

    const line = text.split('\r\n').find((l) => l.startsWith(member.id)) ?? '';
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(line).toContain(`'${phone}`);
  });

  it('needs staff.view (403 not_permitted)', async () => {
    const { owner, levelId } = await salon();
    const member = await makeSignedInMember(api, owner, levelId);
    const response = await exportOf({ tenantId: owner.tenantId, token: member.token });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });
});

describe('POST /v1/tenants/{t}/staff/import', () => {
  it('changes nothing when the export is imported back unchanged', async () => {
    const { owner, levelId } = await salon();
    await makeStaff(api, owner, { accessLevelId: levelId, firstName: '-Dash', phone: uniquePhone(), tags: ['x|y'] });
    const exported = (await exportOf(owner)).text;

    const response = await importCsv(owner, exported);

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ created: 0, updated: 0, unchanged: 2, errors: [] });
    expect((await exportOf(owner)).text).toBe(exported);
  });

  it('creates rows without a staffId and updates rows with one, through the same audit events as the JSON routes', async () => {
    const { owner, levelId } = await salon();
    const ola = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Ola' });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'email', 'accessLevelId', 'tags'],
      [
        ['', 'Nina', 'Berg', uniqueEmail('nina'), levelId, 'new'],
        [ola.id, 'Ola', 'Nordström', ola.email, levelId, ''],
      ],
    );

    const response = await importCsv(owner, body);

    expect(response.body).toEqual({ created: 1, updated: 1, unchanged: 0, errors: [] });
    const rows = rowsOf((await exportOf(owner)).text);
    expect(rows.find((r) => r.firstName === 'Nina')).toMatchObject({ lastName: 'Berg', tags: 'new', status: 'active' });
    expect(rows.find((r) => r.staffId === ola.id)).toMatchObject({ lastName: 'Nordström' });
    const audit = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit`, { token: owner.token });
    const actions = audit.body.items.map((event: { action: string; target?: { id: string } }) => `${event.action} ${event.target?.id === ola.id ? 'ola' : ''}`);
    expect(actions).toContain('staff.updated ola');
    expect(actions.filter((action: string) => action.startsWith('staff.created')).length).toBeGreaterThanOrEqual(2);
  });

  it('clears an optional field whose cell is empty, and leaves the columns the file lacks as they were', async () => {
    const { owner, levelId } = await salon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId, employeeId: 'E-1', tags: ['keep'] });

    const response = await importCsv(owner, csv(['staffId', 'employeeId'], [[eva.id, '']]));

    expect(response.body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    const after = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${eva.id}`, { token: owner.token });
    expect(after.body.employeeId).toBeNull();
    expect(after.body.tags).toEqual(['keep']);
    expect(after.body.email).toBe(eva.email);
  });

  it('updates the member with the row\'s externalId when staffId is empty: a re-imported file creates nobody twice', async () => {
    const { owner, levelId } = await salon();
    const body = (lastName: string) => csv(NEW_HEADER, [['Eva', lastName, '', levelId, 'HOST-42']]);
    expect((await importCsv(owner, body('Lind'))).body).toMatchObject({ created: 1, updated: 0 });

    const again = await importCsv(owner, body('Lind-Berg'));

    expect(again.body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    const matches = rowsOf((await exportOf(owner)).text).filter((r) => r.externalId === 'HOST-42');
    expect(matches).toEqual([expect.objectContaining({ lastName: 'Lind-Berg' })]);
  });

  it('with dryRun=true checks every row and answers what it would do, writing nothing', async () => {
    const { owner, levelId } = await salon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId });
    const before = (await exportOf(owner)).text;
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId'],
      [
        ['', 'Nina', 'Berg', levelId],
        [eva.id, 'Eva', 'Changed', levelId],
        ['', 'Bad', 'Level', 'acl_doesnotexist'],
      ],
    );

    const response = await importCsv(owner, body, '?dryRun=true&partial=true');

    expect(response.body).toEqual({
      created: 1,
      updated: 1,
      unchanged: 0,
      errors: [{ row: 4, code: 'unknown_access_level', message: expect.any(String) }],
    });
    expect((await exportOf(owner)).text).toBe(before);
  });

  it('writes nothing when one row fails, and names that row and its problem code', async () => {
    const { owner, levelId } = await salon();
    const before = await staffCount(owner);
    const body = csv(NEW_HEADER, [
      ['Nina', 'Berg', uniqueEmail('nina'), levelId, ''],
      ['Ola', 'Nord', 'not-an-email', levelId, ''],
      ['Maja', 'Ek', uniqueEmail('maja'), levelId, ''],
    ]);

    const response = await importCsv(owner, body);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [{ row: 3, code: 'validation_failed', message: expect.stringContaining('email') }] });
    expect(await staffCount(owner)).toBe(before);
  });

  it('with partial=true writes the good rows and reports the others', async () => {
    const { owner, levelId } = await salon();
    const before = await staffCount(owner);
    const body = csv(NEW_HEADER, [
      ['Nina', 'Berg', '', levelId, ''],
      ['', 'Nameless', '', levelId, ''],
      ['Maja', 'Ek', '', levelId, ''],
    ]);

    const response = await importCsv(owner, body, '?partial=true');

    expect(response.body).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [{ row: 3, code: 'validation_failed', message: expect.stringContaining('firstName') }] });
    expect(await staffCount(owner)).toBe(before + 2);
  });

  it('refuses, row by row, what the importer may not give: a level above their own (escalation_denied), a level change without access.manage (not_permitted)', async () => {
    const { owner, levelId } = await salon();
    const managerLevel = await makeAccessLevel(api, owner, { grants: { 'staff.view': true, 'staff.manage': true, 'clients.view': true } });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const ownerLevelId = (await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${owner.staffId}`, { token: owner.token })).body.accessLevelId as string;
    const eva = await makeStaff(api, owner, { accessLevelId: levelId });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId'],
      [
        ['', 'Nina', 'Berg', levelId],
        ['', 'Boss', 'Made', ownerLevelId],
        [eva.id, 'Eva', 'Lind', managerLevel.id],
      ],
    );
    const asManager = { tenantId: owner.tenantId, token: manager.token };

    const dry = await importCsv(asManager, body, '?dryRun=true');
    const real = await importCsv(asManager, body, '?partial=true');

    const expected = [
      { row: 3, code: 'escalation_denied', message: expect.any(String) },
      { row: 4, code: 'not_permitted', message: expect.stringContaining('access.manage') },
    ];
    expect(dry.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: expected });
    expect(real.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: expected });
    const rows = rowsOf((await exportOf(owner)).text);
    expect(rows.some((r) => r.firstName === 'Boss')).toBe(false);
    expect(rows.find((r) => r.staffId === eva.id)?.accessLevelId).toBe(levelId);
  });

  it('refuses a row that names the same member or externalId as an earlier row', async () => {
    const { owner, levelId } = await salon();
    const body = csv(NEW_HEADER, [
      ['Nina', 'Berg', '', levelId, 'DUP-1'],
      ['Nina', 'Again', '', levelId, 'DUP-1'],
    ]);

    const response = await importCsv(owner, body, '?dryRun=true');

    expect(response.body.errors).toEqual([{ row: 3, code: 'validation_failed', message: 'The externalId DUP-1 is also on row 2.' }]);
  });

  it('checks a row as createStaff and updateStaff do: endsOn before startsOn is refused, for a new and for an existing member', async () => {
    const { owner, levelId } = await salon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId, startsOn: '2026-12-01' });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'startsOn', 'endsOn'],
      [
        ['', 'Nina', 'Berg', levelId, '2026-12-10', '2026-12-09'],
        [eva.id, 'Eva', 'Lind', levelId, '2026-12-01', '2026-11-30'],
      ],
    );

    const response = await importCsv(owner, body, '?dryRun=true');

    expect(response.body.errors).toEqual([
      { row: 2, code: 'validation_failed', message: 'endsOn: endsOn must not be before startsOn.' },
      { row: 3, code: 'validation_failed', message: 'endsOn: endsOn must not be before startsOn.' },
    ]);
  });

  it('answers 400 for more than 5,000 rows, before checking any', async () => {
    const { owner, levelId } = await salon();
    const body = csv(['firstName', 'lastName', 'accessLevelId'], Array.from({ length: 5_001 }, (_, i) => [`P${i}`, 'Many', levelId]));

    const response = await importCsv(owner, body, '?dryRun=true');

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual([{ path: 'body', message: expect.stringContaining('5,000') }]);
  });

  it('answers 400 for an unknown column or text that is not CSV', async () => {
    const { owner } = await salon();
    for (const body of ['firstName,shoeSize\r\nEva,38\r\n', 'firstName\r\n"unterminated\r\n', '']) {
      const response = await importCsv(owner, body);
      expect(response.status, body).toBe(400);
      expect(response.body.code, body).toBe('validation_failed');
    }
  });

  it('answers 415 unsupported_media_type for a body that is not text/csv', async () => {
    const { owner, levelId } = await salon();
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff/import`, {
      token: owner.token,
      json: { firstName: 'Eva', lastName: 'Lind', accessLevelId: levelId },
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ code: 'unsupported_media_type', detail: 'Send the request body as text/csv.' });
  });

  it('answers the first answer again for a repeat with the same Idempotency-Key, creating nobody twice; other query options are another request (422)', async () => {
    const { owner, levelId } = await salon();
    const body = csv(NEW_HEADER, [['Nina', 'Berg', '', levelId, '']]);
    const key = { 'idempotency-key': `import-${Date.now()}` };

    const first = await importCsv(owner, body, '', key);
    const repeat = await importCsv(owner, body, '', key);
    const dryWithSameKey = await importCsv(owner, body, '?dryRun=true', key);

    expect(first.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(rowsOf((await exportOf(owner)).text).filter((r) => r.firstName === 'Nina')).toHaveLength(1);
    expect(dryWithSameKey.status).toBe(422);
    expect(dryWithSameKey.body.code).toBe('idempotency_key_reused');
  });

  it('needs staff.manage (403 not_permitted)', async () => {
    const { owner, levelId } = await salon();
    const viewer = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'staff.view': true } })).id);
    const response = await importCsv({ tenantId: owner.tenantId, token: viewer.token }, csv(NEW_HEADER, [['Nina', 'Berg', '', levelId, '']]));
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
  });
});
