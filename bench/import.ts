/**
 * The staff CSV benchmark: a 5,000-row import (dry run, then for real) and a
 * 5,000-member export through the whole local service, each timed with the
 * process's peak heap while it ran (the service runs in this process, so the
 * heap is the handler's too). The real import stops writing at the import's
 * write budget (IMPORT_WRITE_BUDGET_MS, the staff function's time limit less
 * a margin): its rows per second say how long 5,000 rows would take.
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '#shared/clients/dynamodb.js';
import { config } from '#shared/config.js';
import { entities, type StaffAttributes } from '#shared/data/entities.js';
import { formatRecord } from '#shared/domain/staff/csv.js';
import { IMPORT_WRITE_BUDGET_MS, MAX_IMPORT_ROWS } from '#shared/domain/staff/import.js';
import type { BenchService } from './lib/local-service.js';
import { markdownTable } from './lib/markdown.js';

const ROWS = MAX_IMPORT_ROWS;

export interface Measured {
  name: string;
  seconds: number;
  peakHeapMiB: number;
  heapGrowthMiB: number;
  status: number;
  outcome: string;
}

export interface ImportBenchResult {
  measured: Measured[];
  bodyBytes: number;
  exportBytes: number;
  writtenPerSecond: number;
  /** `POST …/staff` (JSON), one after another in the same salon: what one row's write costs through the JSON route. */
  jsonCreateMs: number;
  loadAverage: number[];
}

const MiB = 1024 * 1024;

/** Times `run` while sampling the heap every 5 ms; the peak and its growth over the heap just before. */
export async function measure(name: string, run: () => Promise<{ status: number; outcome: string }>): Promise<Measured> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = process.hrtime.bigint();
  try {
    const { status, outcome } = await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { name, seconds, peakHeapMiB: peak / MiB, heapGrowthMiB: (peak - before) / MiB, status, outcome };
  } finally {
    clearInterval(sampler);
  }
}

export async function call(service: BenchService, method: string, path: string, options: { token?: string; json?: unknown; csv?: string } = {}) {
  const response = await fetch(`${service.stack.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.csv === undefined ? {} : { 'content-type': 'text/csv' }),
    },
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    ...(options.csv === undefined ? {} : { body: options.csv }),
  });
  return { status: response.status, text: await response.text() };
}

/** A salon of its own, its owner signed in, and one access level to give. */
export async function freshSalon(service: BenchService, label: string) {
  const email = `import.${label}.${Date.now()}@bench.example`;
  const created = await call(service, 'POST', '/v1/operator/tenants', {
    token: service.operatorToken,
    json: { name: `Import ${label}`, plan: 'paid', owner: { firstName: 'Bench', lastName: 'Owner', email } },
  });
  const tenantId = JSON.parse(created.text).tenant.id as string;
  const outbox = JSON.parse((await call(service, 'GET', `/_local/outbox?to=${encodeURIComponent(email)}`)).text);
  const accepted = await call(service, 'POST', '/v1/invitations/accept', { json: { token: outbox.items[0].token, password: 'a long bench passphrase' } });
  const token = JSON.parse(accepted.text).token as string;
  const level = await call(service, 'POST', `/v1/tenants/${tenantId}/access-levels`, { token, json: { name: 'Stylist', grants: { 'clients.view': true } } });
  return { tenantId, token, levelId: JSON.parse(level.text).id as string };
}

/** What a host system's file looks like: every column but staffId, one member per row. */
export function importFile(levelId: string): string {
  const header = ['firstName', 'lastName', 'email', 'phone', 'accessLevelId', 'branchIds', 'employeeId', 'tags', 'externalId', 'locale', 'status'];
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `Person${i}`,
    `Lastname-${i}`,
    `person${i}@bench.example`,
    `+4670${String(1_000_000 + i)}`,
    levelId,
    '',
    `E-${i}`,
    i % 3 === 0 ? 'senior|colour' : 'junior',
    `HOST-${i}`,
    'sv',
    'active',
  ]);
  return [header, ...rows].map(formatRecord).join('');
}

/**
 * Seeds the export's salon directly (25 staff items per BatchWriteItem): the
 * export reads only staff and level items, and 5,000 creates through the API
 * take minutes, which is the import's figure, not the export's.
 */
async function seedStaff(tenantId: string, levelId: string): Promise<void> {
  const now = new Date().toISOString();
  // With the owner, the export is ROWS rows: as many as one import takes back.
  const items = Array.from({ length: ROWS - 1 }, (_, i): StaffAttributes => ({
    tenantId,
    staffId: `stf_bench${String(i).padStart(6, '0')}`,
    firstName: `Person${i}`,
    lastName: `Lastname-${i}`,
    email: `person${i}@bench.example`,
    phone: `+4670${String(1_000_000 + i)}`,
    accessLevelId: levelId,
    branchIds: [],
    employeeId: `E-${i}`,
    tags: i % 3 === 0 ? ['senior', 'colour'] : ['junior'],
    externalId: `HOST-${i}`,
    status: 'active',
    search: [`person${i}`, `lastname-${i}`, `person${i}@bench.example`],
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((staff) => ({ PutRequest: { Item: entities.staff.item(staff, staff) } }));
    let pending: typeof batch | undefined = batch;
    while (pending && pending.length > 0) {
      const result = await ddb.send(new BatchWriteCommand({ RequestItems: { [config().tableName]: pending } }));
      pending = result.UnprocessedItems?.[config().tableName] as typeof batch | undefined;
    }
  }
}

function outcomeOf(text: string): string {
  const body = JSON.parse(text) as { created: number; updated: number; unchanged: number; errors: { code: string }[] };
  const codes = [...new Set(body.errors.map((error) => error.code))].join(', ');
  return `created ${body.created}, updated ${body.updated}, unchanged ${body.unchanged}, ${body.errors.length} row errors${codes ? ` (${codes})` : ''}`;
}

export async function runImportBenchmark(service: BenchService): Promise<ImportBenchResult> {
  const loadAverage = loadavg();
  const measured: Measured[] = [];

  const importing = await freshSalon(service, 'rows');
  const file = importFile(importing.levelId);
  const path = `/v1/tenants/${importing.tenantId}/staff/import`;
  console.log(`import: ${ROWS} rows (${file.length} bytes), dry run ...`);
  measured.push(
    await measure(`POST …/staff/import?dryRun=true, ${ROWS} new rows`, async () => {
      const response = await call(service, 'POST', `${path}?dryRun=true`, { token: importing.token, csv: file });
      return { status: response.status, outcome: outcomeOf(response.text) };
    }),
  );
  console.log('import: for real ...');
  let created = 0;
  const real = await measure(`POST …/staff/import, ${ROWS} new rows`, async () => {
    const response = await call(service, 'POST', path, { token: importing.token, csv: file });
    created = (JSON.parse(response.text) as { created: number }).created;
    return { status: response.status, outcome: outcomeOf(response.text) };
  });
  measured.push(real);

  const JSON_CREATES = 20;
  const jsonStarted = process.hrtime.bigint();
  for (let i = 0; i < JSON_CREATES; i++) {
    await call(service, 'POST', `/v1/tenants/${importing.tenantId}/staff`, {
      token: importing.token,
      json: { firstName: `Json${i}`, lastName: 'Create', accessLevelId: importing.levelId, externalId: `JSON-${i}` },
    });
  }
  const jsonCreateMs = Number(process.hrtime.bigint() - jsonStarted) / 1e6 / JSON_CREATES;

  const exporting = await freshSalon(service, 'export');
  console.log(`export: seeding ${ROWS} staff ...`);
  await seedStaff(exporting.tenantId, exporting.levelId);
  let exported = '';
  measured.push(
    await measure(`GET …/staff/export, ${ROWS} members`, async () => {
      const response = await call(service, 'GET', `/v1/tenants/${exporting.tenantId}/staff/export`, { token: exporting.token });
      exported = response.text;
      return { status: response.status, outcome: `${exported.split('\r\n').length - 2} rows, ${(exported.length / 1024).toFixed(0)} KiB` };
    }),
  );
  console.log('import: the export back, dry run ...');
  measured.push(
    await measure(`POST …/staff/import?dryRun=true, the export back (${ROWS} rows)`, async () => {
      const response = await call(service, 'POST', `/v1/tenants/${exporting.tenantId}/staff/import?dryRun=true`, {
        token: exporting.token,
        csv: exported,
      });
      return { status: response.status, outcome: outcomeOf(response.text) };
    }),
  );
  return {
    measured,
    bodyBytes: Buffer.byteLength(file),
    exportBytes: Buffer.byteLength(exported),
    // The write phase ran for about the budget; the plan before it is the dry run's time.
    writtenPerSecond: created / Math.max(0.001, real.seconds - (measured[0]?.seconds ?? 0)),
    jsonCreateMs,
    loadAverage,
  };
}

export function importReport(result: ImportBenchResult): string {
  const table = markdownTable(
    ['request', 'wall time', 'peak heap', 'heap growth', 'status', 'outcome'],
    result.measured.map((m) => [m.name, `${m.seconds.toFixed(2)} s`, `${m.peakHeapMiB.toFixed(0)} MiB`, `${m.heapGrowthMiB.toFixed(0)} MiB`, String(m.status), m.outcome]),
  );
  const rate = result.writtenPerSecond;
  return [
    `Through the local service (DynamoDB Local in memory, in this process). Import body ${(result.bodyBytes / 1024).toFixed(0)} KiB for ${ROWS} rows; export ${(result.exportBytes / 1024).toFixed(0)} KiB. Load average at the start: ${result.loadAverage.map((value) => value.toFixed(2)).join(' / ')}.`,
    '',
    table,
    '',
    `Writes: **${rate.toFixed(1)} rows/s** (one createStaff transaction each, one after another: every row moves its level's holder count, so parallel rows would collide), so ${ROWS} rows would need **${(ROWS / Math.max(rate, 0.001)).toFixed(0)} s** here (${(1000 / Math.max(rate, 0.001)).toFixed(0)} ms per row; \`POST …/staff\` as JSON, one after another in the same run: ${result.jsonCreateMs.toFixed(0)} ms per member); the import stops writing after ${IMPORT_WRITE_BUDGET_MS / 1000} s (the staff function's limit is 10 s) and reports the rows it did not reach as \`service_unavailable\` row errors.`,
  ].join('\n');
}
