import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRecord, parseCsv } from '#shared/domain/staff/csv.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** The asynchronous staff import: POST …/staff/imports (202, a queued job) and GET …/staff/imports/{id}. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const csv = (header: string[], rows: string[][]) => [header, ...rows].map(formatRecord).join('');
const HEADER = ['firstName', 'lastName', 'accessLevelId', 'externalId'];

async function salon() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'clients.view': true } });
  return { owner, levelId: level.id as string };
}

function startImport(owner: { tenantId: string; token: string }, body: string, query = '?partial=false', headers: Record<string, string> = {}) {
  return api.request('POST', `/v1/tenants/${owner.tenantId}/staff/imports${query}`, { token: owner.token, body, headers: { 'content-type': 'text/csv', ...headers } });
}

function readJob(owner: { tenantId: string; token: string }, id: string) {
  return api.request('GET', `/v1/tenants/${owner.tenantId}/staff/imports/${id}`, { token: owner.token });
}

/** Polls the job until it has finished; every answer seen on the way, in order. */
async function finished(owner: SignedInOwner, id: string, timeoutMs = 60_000) {
  const seen: { status: string; remaining: number }[] = [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await readJob(owner, id);
    expect(response.status, response.text).toBe(200);
    seen.push({ status: response.body.status, remaining: response.body.remaining });
    if (response.body.status === 'succeeded' || response.body.status === 'failed') return { job: response.body, seen };
    if (Date.now() > until) throw new Error(`import ${id} still ${response.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The salon's members by first name, from the export. */
async function membersNamed(owner: SignedInOwner, prefix: string): Promise<string[]> {
  const text = (await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/export`, { token: owner.token })).text;
  const [header, ...records] = [...parseCsv([text])].map((record) => record.cells);
  const column = (header ?? []).indexOf('firstName');
  return records.map((cells) => cells[column] ?? '').filter((name) => name.startsWith(prefix)).sort();
}

describe('POST /v1/tenants/{t}/staff/imports', () => {
  it('answers 202 with a queued job and its Location; the worker imports every row and the job reports succeeded with its counts', async () => {
    const { owner, levelId } = await salon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Eva', externalId: 'HOST-EVA' });
    await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Same', externalId: 'HOST-SAME' });
    const rows = Array.from({ length: 8 }, (_, i) => [`Job${i}`, 'Person', levelId, `HOST-J${i}`]);
    const body = csv(HEADER, [...rows, ['Evelina', 'Lind', levelId, 'HOST-EVA'], ['Same', 'Lind', levelId, 'HOST-SAME']]);

    const response = await startImport(owner, body);

    expect(response.status, response.text).toBe(202);
    expect(response.body).toMatchObject({ status: 'queued', rows: 10, created: 0, updated: 0, unchanged: 1, remaining: 9, errors: [], errorsTruncated: false });
    expect(response.headers.get('location')).toBe(`/v1/tenants/${owner.tenantId}/staff/imports/${response.body.id}`);
    const { job, seen } = await finished(owner, response.body.id);
    expect(job).toMatchObject({ status: 'succeeded', rows: 10, created: 8, updated: 1, unchanged: 1, remaining: 0, errorCount: 0, errors: [] });
    expect(job.startedAt).toEqual(expect.any(String));
    expect(job.finishedAt).toEqual(expect.any(String));
    expect(seen.at(-1)?.status).toBe('succeeded');
    expect(await membersNamed(owner, 'Job')).toEqual(rows.map((row) => row[0]).sort());
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${eva.id}`, { token: owner.token })).body.firstName).toBe('Evelina');
  });

  it('records staff.import_started and staff.import_finished with counts only, and each row its own staff.created', async () => {
    const { owner, levelId } = await salon();
    const response = await startImport(owner, csv(HEADER, [['Audited', 'Person', levelId, 'HOST-AUD']]));
    const { job } = await finished(owner, response.body.id);
    const audit = (action: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=${action}`, { token: owner.token });

    const started = (await audit('staff.import_started')).body.items;
    const ended = (await audit('staff.import_finished')).body.items;

    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ target: { type: 'staff_import', id: job.id }, details: { rows: 1, toWrite: 1, unchanged: 0, rowErrors: 0, partial: false } });
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ target: { type: 'staff_import', id: job.id }, details: { status: 'succeeded', rows: 1, created: 1, updated: 0, unchanged: 0, rowErrors: 0 } });
    expect(JSON.stringify([started, ended])).not.toContain('Audited');
    expect((await audit('staff.created')).body.items).toHaveLength(1);
  });

  it('with partial=false and a failing row answers 200 with the row errors as the synchronous import does, queues nothing and writes nothing', async () => {
    const { owner, levelId } = await salon();
    const body = csv(HEADER, [['Good', 'Person', levelId, 'HOST-G'], ['Bad', 'Person', 'lvl_nosuchlevel', 'HOST-B']]);

    const response = await startImport(owner, body);

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ created: 0, updated: 0, unchanged: 0, errors: [{ row: 3, code: 'unknown_access_level', message: expect.any(String) }] });
    await api.stack.importQueue.settled();
    expect(await membersNamed(owner, 'Good')).toEqual([]);
  });

  it('with partial=true writes the rows that pass and lists the failing ones, from the checks and from the writes', async () => {
    const { owner, levelId } = await salon();
    const taken = await makeStaff(api, owner, { accessLevelId: levelId, firstName: 'Taken', externalId: 'HOST-TAKEN' });
    const body = csv(
      ['staffId', 'firstName', 'lastName', 'accessLevelId', 'externalId'],
      [
        ['', 'Fine', 'One', levelId, 'HOST-F1'],
        ['', 'Broken', 'Level', 'lvl_nosuchlevel', 'HOST-BL'],
        [taken.id, 'Taken', 'Renamed', levelId, 'HOST-TAKEN'],
        ['', 'Fine', 'Two', levelId, 'HOST-F2'],
      ],
    );

    const response = await startImport(owner, body, '?partial=true');
    expect(response.status, response.text).toBe(202);
    // Changed after the checks: the row's write is refused (version_conflict) and the job moves on.
    await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${taken.id}`, { token: owner.token, json: { firstName: 'Moved' } });
    const { job } = await finished(owner, response.body.id);

    expect(job.created).toBe(2);
    expect(job.errors.map((error: { row: number; code: string }) => [error.row, error.code])).toEqual(
      job.updated === 1 ? [[3, 'unknown_access_level']] : [[3, 'unknown_access_level'], [4, 'version_conflict']],
    );
    expect(job.errorCount).toBe(job.errors.length);
    expect(await membersNamed(owner, 'Fine')).toEqual(['Fine', 'Fine']);
    expect(await membersNamed(owner, 'Broken')).toEqual([]);
  });

  it('writes each row exactly once when the same job is delivered several times at once', async () => {
    const { owner, levelId } = await salon();
    const { handler } = await import('#functions/staff-import/handler.js');
    // No externalId: a row written twice would be two members.
    const rows = Array.from({ length: 6 }, (_, i) => [`Twice${i}`, 'Person', levelId]);
    const response = await startImport(owner, csv(['firstName', 'lastName', 'accessLevelId'], rows));
    expect(response.status, response.text).toBe(202);
    const message = { tenantId: owner.tenantId, importId: response.body.id, sentAt: Date.now() };

    const deliveries = await Promise.all(
      Array.from({ length: 3 }, () => handler({ Records: [{ messageId: randomUUID(), body: JSON.stringify(message) }] } as never)),
    );
    const { job } = await finished(owner, response.body.id);
    await handler({ Records: [{ messageId: randomUUID(), body: JSON.stringify(message) }] } as never);

    expect(deliveries.flatMap((delivery) => delivery.batchItemFailures)).toEqual([]);
    expect(job).toMatchObject({ status: 'succeeded', created: 6, errors: [] });
    expect(await membersNamed(owner, 'Twice')).toEqual(rows.map((row) => row[0]).sort());
    const created = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=staff.created`, { token: owner.token });
    expect(created.body.items).toHaveLength(6);
  });

  it('writes a row once when the worker dies right after its transaction committed: the retried slice starts past it', async () => {
    const { owner, levelId } = await salon();
    const { dynamo } = await import('#shared/clients/dynamodb.js');
    const { inWorker } = await import('../../local/dynamo-requests.js');
    let crashes = 0;
    // After the first committed row transaction of a worker, the answer is lost: the worker fails as if it had crashed.
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (crashes === 0 && inWorker() && context.commandName === 'TransactWriteItemsCommand') {
          crashes += 1;
          throw Object.assign(new Error('the worker died'), { name: 'TimeoutError' });
        }
        return result;
      },
      { step: 'initialize', name: 'crashAfterCommit' },
    );
    try {
      const rows = Array.from({ length: 3 }, (_, i) => [`Crash${i}`, 'Person', levelId]);
      const response = await startImport(owner, csv(['firstName', 'lastName', 'accessLevelId'], rows));
      const { job } = await finished(owner, response.body.id);

      expect(crashes).toBe(1);
      expect(job).toMatchObject({ status: 'succeeded', created: 3, errors: [] });
      expect(await membersNamed(owner, 'Crash')).toEqual(rows.map((row) => row[0]).sort());
    } finally {
      dynamo.middlewareStack.remove('crashAfterCommit');
    }
  });

  it('goes on across slices: with a slice of one row, each slice queues the next until the job is done', async () => {
    const { owner, levelId } = await salon();
    const before = api.stack.importQueue.received;
    process.env.STAFF_IMPORT_SLICE_MS = '1';
    try {
      const rows = Array.from({ length: 4 }, (_, i) => [`Slice${i}`, 'Person', levelId, `HOST-S${i}`]);
      const response = await startImport(owner, csv(HEADER, rows));
      const { job, seen } = await finished(owner, response.body.id);

      expect(job).toMatchObject({ status: 'succeeded', created: 4, remaining: 0 });
      expect(api.stack.importQueue.received - before).toBeGreaterThanOrEqual(4);
      expect(await membersNamed(owner, 'Slice')).toEqual(rows.map((row) => row[0]).sort());
      // Progress is visible between slices (remaining counts down), never backwards.
      const remaining = seen.map((answer) => answer.remaining);
      expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    } finally {
      delete process.env.STAFF_IMPORT_SLICE_MS;
    }
  });

  it('fails the job, writing nothing more, when its importer is suspended before the worker acts as them; the rows not reached are not_permitted', async () => {
    const { owner, levelId } = await salon();
    const managerLevel = await makeAccessLevel(api, owner, { grants: { 'staff.manage': true, 'staff.view': true, 'clients.view': true } });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const rows = Array.from({ length: 3 }, (_, i) => [`Orphan${i}`, 'Person', levelId, `HOST-O${i}`]);
    const response = await startImport({ tenantId: owner.tenantId, token: manager.token }, csv(HEADER, rows));
    expect(response.status, response.text).toBe(202);

    // The first slice waits a second after the answer: the suspension lands first.
    const suspended = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${manager.staffId}`, { token: owner.token, json: { status: 'suspended' } });
    expect(suspended.status, suspended.text).toBe(200);
    const { job } = await finished(owner, response.body.id);

    expect(job).toMatchObject({ status: 'failed', created: 0, remaining: 0, errorCount: 3 });
    expect(job.errors.map((error: { row: number; code: string }) => [error.row, error.code])).toEqual([[2, 'not_permitted'], [3, 'not_permitted'], [4, 'not_permitted']]);
    expect(await membersNamed(owner, 'Orphan')).toEqual([]);
  });

  it('answers a repeat with the same Idempotency-Key with the same job, queuing nothing more', async () => {
    const { owner, levelId } = await salon();
    const body = csv(HEADER, [['Keyed', 'Person', levelId, 'HOST-K']]);
    const key = { 'idempotency-key': `imports-${randomUUID()}` };

    const first = await startImport(owner, body, '?partial=false', key);
    const again = await startImport(owner, body, '?partial=false', key);

    expect(first.status, first.text).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    await finished(owner, first.body.id);
    expect(await membersNamed(owner, 'Keyed')).toEqual(['Keyed']);
  });

  it('answers a dry run as the synchronous import does, with no job', async () => {
    const { owner, levelId } = await salon();
    const response = await startImport(owner, csv(HEADER, [['Dry', 'Person', levelId, 'HOST-D']]), '?dryRun=true');
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    await api.stack.importQueue.settled();
    expect(await membersNamed(owner, 'Dry')).toEqual([]);
  });

  it('refuses a file that is not CSV (400) and a JSON body (415), storing nothing', async () => {
    const { owner } = await salon();
    const bad = await startImport(owner, 'firstName,nonsense\r\nA,B\r\n');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const json = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff/imports`, { token: owner.token, json: { firstName: 'X' } });
    expect(json.status).toBe(415);
  });
});

describe('GET /v1/tenants/{t}/staff/imports/{id}', () => {
  it('answers 404 to a member of another salon, and for an id the salon does not have', async () => {
    const { owner, levelId } = await salon();
    const other = await makeSignedInOwner(api);
    const response = await startImport(owner, csv(HEADER, [['Private', 'Person', levelId, 'HOST-P']]));

    expect((await readJob(other, response.body.id)).status).toBe(404);
    expect((await readJob({ tenantId: owner.tenantId, token: other.token }, response.body.id)).status).toBe(404);
    expect((await readJob(owner, 'imp_nosuchimport')).status).toBe(404);
    await finished(owner, response.body.id);
  });

  it('needs staff.manage, as starting an import does (403 not_permitted for a viewer)', async () => {
    const { owner, levelId } = await salon();
    const viewer = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'staff.view': true } })).id);
    const response = await startImport(owner, csv(HEADER, [['Viewed', 'Person', levelId, 'HOST-V']]));
    const asViewer = { tenantId: owner.tenantId, token: viewer.token };

    const read = await readJob(asViewer, response.body.id);
    const start = await startImport(asViewer, csv(HEADER, [['Nope', 'Person', levelId, 'HOST-N']]));

    expect(read.status).toBe(403);
    expect(read.body.code).toBe('not_permitted');
    expect(start.status).toBe(403);
    await finished(owner, response.body.id);
  });
});
