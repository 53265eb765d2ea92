import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRecord, parseCsv } from '#shared/domain/staff/csv.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Branch levels in the staff CSV (the `branchLevels` column: `branchId=accessLevelId`
 * pairs joined by `|`), through the export, the synchronous import and the import job.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

type Caller = { tenantId: string; token: string };

const csv = (header: string[], rows: string[][]) => [header, ...rows].map(formatRecord).join('');
const pair = (branchId: string, accessLevelId: string) => `${branchId}=${accessLevelId}`;

/** Maja's salon: two branches; a stylist level, and a manager level that also refunds. */
async function salon() {
  const owner = await makeSignedInOwner(api);
  const branch = async (name: string) => {
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } });
    expect(response.status, response.text).toBe(201);
    return response.body.id as string;
  };
  const [branchA, branchB] = [await branch('Södermalm'), await branch('Vasastan')];
  const stylistId = (await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'clients.view': true } })).id;
  const managerId = (await makeAccessLevel(api, owner, { name: 'Manager', grants: { 'clients.view': true, 'sales.refund': true } })).id;
  return { owner, branchA, branchB, stylistId, managerId };
}

const exportOf = async (caller: Caller) => (await api.request('GET', `/v1/tenants/${caller.tenantId}/staff/export`, { token: caller.token })).text;

function importCsv(caller: Caller, body: string, query = '') {
  return api.request('POST', `/v1/tenants/${caller.tenantId}/staff/import${query}`, { token: caller.token, body, headers: { 'content-type': 'text/csv' } });
}

function startImportJob(caller: Caller, body: string, query: string) {
  return api.request('POST', `/v1/tenants/${caller.tenantId}/staff/imports${query}`, { token: caller.token, body, headers: { 'content-type': 'text/csv' } });
}

async function finishedJob(owner: SignedInOwner, id: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/imports/${id}`, { token: owner.token });
    expect(response.status, response.text).toBe(200);
    if (response.body.status === 'succeeded' || response.body.status === 'failed') return response.body;
    if (Date.now() > until) throw new Error(`import ${id} still ${response.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The export's rows as objects by column name. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...records] = [...parseCsv([text])].map((record) => record.cells);
  return records.map((cells) => Object.fromEntries((header ?? []).map((column, index) => [column, cells[index] ?? ''])));
}

async function branchLevelsOf(owner: SignedInOwner, staffId: string) {
  const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
  expect(response.status, response.text).toBe(200);
  return response.body.branchLevels as { branchId: string; accessLevelId: string }[];
}

/** A manager who may give levels (staff.manage, access.manage) but holds no sales.refund. */
async function limitedManager(owner: SignedInOwner): Promise<Caller> {
  const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true, 'access.view': true, 'access.manage': true } });
  const manager = await makeSignedInMember(api, owner, level.id);
  return { tenantId: owner.tenantId, token: manager.token };
}

describe('the staff CSV export', () => {
  it('writes a member’s branch levels as branchId=accessLevelId pairs joined by |, in branch id order, after branchIds', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const seniorId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
    const maja = await makeStaff(api, owner, {
      accessLevelId: stylistId,
      branchLevels: [
        { branchId: branchB, accessLevelId: seniorId },
        { branchId: branchA, accessLevelId: managerId },
      ],
    });

    const text = await exportOf(owner);

    expect(text.split('\r\n')[0]).toMatch(/,status,branchLevels$/);
    const expected = [pair(branchA, managerId), pair(branchB, seniorId)].sort().join('|');
    expect(rowsOf(text).find((row) => row.staffId === maja.id)?.branchLevels).toBe(expected);
    expect(rowsOf(text).find((row) => row.staffId === owner.staffId)?.branchLevels).toBe('');
  });
});

describe('branch levels through POST …/staff/import', () => {
  it('changes nothing when the export is imported back, and gives a member created from an exported row the same branch levels', async () => {
    const { owner, branchA, stylistId, managerId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const exported = await exportOf(owner);

    const back = await importCsv(owner, exported);

    expect(back.body).toEqual({ created: 0, updated: 0, unchanged: 2, errors: [] });
    expect(await exportOf(owner)).toBe(exported);
    const [header] = [...parseCsv([exported])].map((record) => record.cells);
    const majaRow = rowsOf(exported).find((row) => row.staffId === maja.id) ?? {};
    const copy: Record<string, string> = { ...majaRow, staffId: '', firstName: 'Kopia', email: '', externalId: '' };
    const created = await importCsv(owner, csv(header ?? [], [(header ?? []).map((column) => copy[column] ?? '')]));
    expect(created.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    const kopia = rowsOf(await exportOf(owner)).find((row) => row.firstName === 'Kopia');
    expect(kopia?.branchLevels).toBe(pair(branchA, managerId));
    expect(await branchLevelsOf(owner, kopia?.staffId ?? '')).toEqual([{ branchId: branchA, accessLevelId: managerId }]);
  });

  it('replaces the branch levels with an edited cell, clears them with an empty one, and keeps them when the file has no such column', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const withCell = (cell: string) => csv(['staffId', 'branchLevels'], [[maja.id, cell]]);

    expect((await importCsv(owner, withCell(pair(branchB, managerId)))).body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await branchLevelsOf(owner, maja.id)).toEqual([{ branchId: branchB, accessLevelId: managerId }]);

    expect((await importCsv(owner, csv(['staffId', 'lastName'], [[maja.id, 'Berg']]))).body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await branchLevelsOf(owner, maja.id)).toEqual([{ branchId: branchB, accessLevelId: managerId }]);

    expect((await importCsv(owner, withCell(''))).body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await branchLevelsOf(owner, maja.id)).toEqual([]);
  });

  it('refuses, row by row, a branch level with rights the importer does not hold (escalation_denied), in a dry run as in the import', async () => {
    const { owner, branchA, stylistId, managerId } = await salon();
    const manager = await limitedManager(owner);
    const juniorId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
    const eva = await makeStaff(api, owner, { accessLevelId: stylistId });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'branchLevels'],
      [
        ['', 'Nina', 'Berg', stylistId, pair(branchA, juniorId)],
        ['', 'Boss', 'Made', stylistId, pair(branchA, managerId)],
        [eva.id, 'Eva', 'Lind', stylistId, pair(branchA, managerId)],
      ],
    );

    const dry = await importCsv(manager, body, '?dryRun=true');
    const real = await importCsv(manager, body, '?partial=true');

    const expected = [
      { row: 3, code: 'escalation_denied', message: expect.any(String) },
      { row: 4, code: 'escalation_denied', message: expect.any(String) },
    ];
    expect(dry.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: expected });
    expect(real.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: expected });
    const rows = rowsOf(await exportOf(owner));
    expect(rows.find((row) => row.firstName === 'Nina')?.branchLevels).toBe(pair(branchA, juniorId));
    expect(rows.some((row) => row.firstName === 'Boss')).toBe(false);
    expect(await branchLevelsOf(owner, eva.id)).toEqual([]);
  });

  it('needs access.manage to give branch levels (not_permitted for an importer with staff.manage alone)', async () => {
    const { owner, branchA, stylistId, managerId } = await salon();
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true, 'sales.refund': true, 'staff.view': true, 'staff.manage': true } });
    const staffManager = await makeSignedInMember(api, owner, level.id);

    const response = await importCsv(
      { tenantId: owner.tenantId, token: staffManager.token },
      csv(['firstName', 'lastName', 'accessLevelId', 'branchLevels'], [['Nina', 'Berg', stylistId, pair(branchA, managerId)]]),
      '?dryRun=true',
    );

    expect(response.body.errors).toEqual([{ row: 2, code: 'not_permitted', message: expect.stringContaining('access.manage') }]);
  });

  it('refuses a branch level on a branch the row’s branchIds leave out, naming the branch, and writes no row', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchIds: [branchA], branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const before = await exportOf(owner);
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'branchIds', 'branchLevels'],
      [
        ['', 'Nina', 'Berg', stylistId, branchB, pair(branchA, managerId)],
        ['', 'Ola', 'Nord', stylistId, '', ''],
        [maja.id, 'Eva', 'Lind', stylistId, branchB, pair(branchA, managerId)],
      ],
    );

    const response = await importCsv(owner, body);

    const outside = (row: number) => ({ row, code: 'validation_failed', message: `branchLevels: ${branchA}: The member does not work in this branch (branchIds); add it there first.` });
    expect(response.body).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [outside(2), outside(4)] });
    expect(await exportOf(owner)).toBe(before);
  });

  it('refuses a row whose branchIds would leave one of the member’s branch levels outside them, when the file has no branchLevels column', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });

    const response = await importCsv(owner, csv(['staffId', 'branchIds'], [[maja.id, branchB]]), '?dryRun=true');

    expect(response.body.errors).toEqual([{ row: 2, code: 'validation_failed', message: expect.stringContaining(`branchLevels: ${branchA}: The member does not work in this branch`) }]);
  });

  it('refuses a cell that is not branchId=accessLevelId pairs, names a branch twice, or names an unknown branch or level, saying which', async () => {
    const { owner, branchA, stylistId, managerId } = await salon();
    const unknownBranch = 'brn_01m8pegnk4kgjwsfz0kbndvq39';
    const unknownLevel = 'lvl_01m8pegnk4kgjwsfz0kbndvq39';
    const body = csv(
      ['firstName', 'lastName', 'accessLevelId', 'branchLevels'],
      [
        ['A', 'Syntax', stylistId, `${branchA}:${managerId}`],
        ['B', 'Twice', stylistId, `${pair(branchA, managerId)}|${pair(branchA, stylistId)}`],
        ['C', 'Branch', stylistId, pair(unknownBranch, managerId)],
        ['D', 'Level', stylistId, pair(branchA, unknownLevel)],
        ['E', 'Shape', stylistId, pair(branchA, 'not an id')],
      ],
    );

    const response = await importCsv(owner, body, '?dryRun=true');

    expect(response.body).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: [
        { row: 2, code: 'validation_failed', message: `branchLevels: "${branchA}:${managerId}" is not branchId=accessLevelId (pairs are separated by |).` },
        { row: 3, code: 'validation_failed', message: `branchLevels: The branch ${branchA} is named twice: one level per branch.` },
        { row: 4, code: 'unknown_branch', message: `No branch ${unknownBranch} in this salon.` },
        { row: 5, code: 'unknown_access_level', message: `branchLevels: no access level ${unknownLevel} in this salon.` },
        { row: 6, code: 'validation_failed', message: expect.stringContaining('branchLevels.0.accessLevelId') },
      ],
    });
  });

  it('with dryRun=true checks the branch levels of every row, answers what it would do, and writes nothing', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const maja = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: managerId }] });
    const before = await exportOf(owner);
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'branchLevels'],
      [
        ['', 'Nina', 'Berg', stylistId, pair(branchB, managerId)],
        [maja.id, 'Eva', 'Lind', stylistId, pair(branchB, managerId)],
        ['', 'Ola', 'Nord', stylistId, branchA],
      ],
    );

    const response = await importCsv(owner, body, '?dryRun=true');

    expect(response.body).toEqual({ created: 1, updated: 1, unchanged: 0, errors: [{ row: 4, code: 'validation_failed', message: expect.stringContaining('is not branchId=accessLevelId') }] });
    expect(await exportOf(owner)).toBe(before);
    expect(await branchLevelsOf(owner, maja.id)).toEqual([{ branchId: branchA, accessLevelId: managerId }]);
  });
});

describe('branch levels through the import job (POST …/staff/imports)', () => {
  it('writes the branch levels of its rows, and refuses a row above the importer’s power as the synchronous import does', async () => {
    const { owner, branchA, branchB, stylistId, managerId } = await salon();
    const manager = await limitedManager(owner);
    const juniorId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
    const eva = await makeStaff(api, owner, { accessLevelId: stylistId, branchLevels: [{ branchId: branchA, accessLevelId: juniorId }] });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'branchLevels'],
      [
        ['', 'Nina', 'Berg', stylistId, pair(branchB, juniorId)],
        [eva.id, 'Eva', 'Lind', stylistId, pair(branchB, juniorId)],
        ['', 'Boss', 'Made', stylistId, pair(branchA, managerId)],
      ],
    );

    const refused = await startImportJob(manager, body, '?partial=false');
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [{ row: 4, code: 'escalation_denied', message: expect.any(String) }] });

    const started = await startImportJob(manager, body, '?partial=true');
    expect(started.status, started.text).toBe(202);
    const job = await finishedJob(owner, started.body.id);

    expect(job).toMatchObject({ status: 'succeeded', created: 1, updated: 1, errors: [{ row: 4, code: 'escalation_denied' }] });
    const rows = rowsOf(await exportOf(owner));
    expect(rows.find((row) => row.firstName === 'Nina')?.branchLevels).toBe(pair(branchB, juniorId));
    expect(rows.some((row) => row.firstName === 'Boss')).toBe(false);
    expect(await branchLevelsOf(owner, eva.id)).toEqual([{ branchId: branchB, accessLevelId: juniorId }]);
  });
});
