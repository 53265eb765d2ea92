import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import { withCommitMarker } from '../../data/commit-marker.js';
import type { MembershipItem, StaffImportJobAttributes, StaffImportJobItem } from '../../data/entities.js';
import {
  createImportJob,
  deleteImportChunks,
  finishImportJob,
  getImportChunk,
  getImportJob,
  ImportJobMovedOnError,
  markImportRunning,
  putImportChunks,
  recordRowError,
  rowWrittenStep,
} from '../../data/repositories/staff-imports.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenantPolicies } from '../../data/repositories/tenants.js';
import { ConcurrentUpdateError } from '../../data/transaction.js';
import { AppError, NotFoundError } from '../../errors.js';
import { getTenantAccess } from '../../data/repositories/session-access.js';
import type { Principal } from '../../http/principal.js';
import { type Actor, NotPermittedError, resolveActor } from '../access/actor.js';
import { type TenantAccess, tenantAccessFrom } from '../access/tenant-access.js';
import { type AuditContext, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { checkStaffCsv, endsImport, type ImportResult, type RowError, type RowSchemas, rowError, type WritePlan, writePlan } from './import.js';
import { chunkRows, cutMessage, STORED_IMPORT_ERRORS } from './import-chunks.js';
import { enqueueImportSlice } from './import-queue.js';
import { membershipSnapshot } from './records.js';

/** A job and its chunks expire (DynamoDB TTL) this long after the import was started. */
export const IMPORT_JOB_TTL_SECONDS = 7 * 24 * 60 * 60;
/**
 * The first slice's message is sent before the job commits (so a queue that
 * cannot be reached refuses the request with nothing written), delayed this
 * long: by then the job normally exists.
 */
export const FIRST_SLICE_DELAY_MS = 1_000;
/** A message whose job is still missing this long after it was sent belongs to a request that failed: it is dropped. */
export const MISSING_JOB_PATIENCE_MS = 60_000;
/**
 * A row whose transaction collides with another on the same items (an edit
 * of the same level's counts at that moment) is tried this many times, a
 * little later each time, before it is recorded as `concurrent_update`.
 */
const ROW_ATTEMPTS = 5;

export type ImportJobView = ReturnType<typeof importJobView>;

export function importJobView(job: StaffImportJobAttributes) {
  return {
    id: job.importId,
    status: job.status,
    partial: job.partial,
    rows: job.rows,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    remaining: job.total - job.nextRow,
    errorCount: job.errorCount,
    errors: [...job.errors].sort((a, b) => a.row - b.row),
    errorsTruncated: job.errorCount > job.errors.length,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
}

const stored = (error: RowError): RowError => ({ ...error, message: cutMessage(error.message) });

/**
 * POST …/staff/imports. Checks the file exactly as the synchronous import
 * does; with `partial=false` and a failing row nothing is stored and the
 * answer is the synchronous one (`refused`). Otherwise the rows to write are
 * stored in chunks under a new job, which the import queue's worker writes.
 */
export async function startImportJob(
  actor: Actor,
  principal: Principal | undefined,
  csv: string,
  schemas: RowSchemas,
  partial: boolean,
  context: AuditContext,
): Promise<{ job: ImportJobView } | { refused: ImportResult }> {
  const { rows, plans, errors } = await checkStaffCsv(actor, csv, schemas);
  if (errors.length > 0 && !partial) return { refused: { created: 0, updated: 0, unchanged: 0, errors } };
  const writes = plans.filter((plan): plan is WritePlan => plan.kind !== 'unchanged');
  const { chunks, starts } = chunkRows(writes);
  const nowMs = clock.nowMs();
  const ttl = Math.floor(nowMs / 1000) + IMPORT_JOB_TTL_SECONDS;
  const job: StaffImportJobAttributes = {
    tenantId: actor.tenantId,
    importId: newId('imp'),
    status: 'queued',
    partial,
    rows,
    total: writes.length,
    chunkStarts: starts,
    nextRow: 0,
    created: 0,
    updated: 0,
    unchanged: plans.length - writes.length,
    errorCount: errors.length,
    errors: errors.slice(0, STORED_IMPORT_ERRORS).map(stored),
    importer: importerOf(actor, principal),
    context: { ...context },
    createdAt: new Date(nowMs).toISOString(),
    ttl,
  };
  await enqueueImportSlice(job, FIRST_SLICE_DELAY_MS);
  await putImportChunks(job, chunks, ttl);
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'staff.import_started',
        target: { type: 'staff_import', id: job.importId },
        details: { rows, toWrite: writes.length, unchanged: job.unchanged, rowErrors: errors.length, partial },
        context,
      },
    ],
  });
  await createImportJob(job, audit);
  return { job: importJobView(job) };
}

export async function getImportJobView(tenantId: string, importId: string): Promise<ImportJobView> {
  const job = await getImportJob(tenantId, importId);
  if (!job) throw new NotFoundError('not_found', 'No import with that id in this salon.');
  return importJobView(job);
}

/** Why the importer can no longer import: the rows not reached carry it. */
class ImporterCannotActError extends NotPermittedError {
  constructor() {
    super('staff.manage');
    this.message = 'Not imported: the member who started the import is no longer an active member holding staff.manage here; import the rows from here again.';
  }
}

/**
 * The importer as an actor, resolved as their session was (resolveActor),
 * with their membership and rights as they are now: someone suspended,
 * demoted or whose sessions were ended since the import started imports
 * nothing more.
 */
async function importerActor(job: StaffImportJobItem): Promise<Actor> {
  const { tenantId, importer, createdAt } = job;
  let access: TenantAccess | undefined;
  if (importer.accountId) {
    const read = await getTenantAccess(importer.accountId, tenantId);
    access = tenantAccessFrom(read.membership, read.policy);
  } else {
    const [staff, policies] = await Promise.all([getStaff(tenantId, importer.staffId), getTenantPolicies([tenantId])]);
    access = tenantAccessFrom(staff && ({ tenantId, ...membershipSnapshot(staff) } as unknown as MembershipItem), policies.get(tenantId));
  }
  if (!access) throw new ImporterCannotActError();
  const session = { sessionId: `import:${job.importId}`, sessionCreatedAt: createdAt, idleExpiresAt: createdAt };
  const principal: Principal =
    importer.kind === 'terminal'
      ? { kind: 'terminal', ...session, tenantId, staffId: importer.staffId, terminalId: importer.terminalId ?? '', branchId: importer.branchId, displayName: '', tenantAccess: access }
      : { kind: 'backoffice', ...session, accountId: importer.accountId ?? '', mfa: importer.mfa ?? false, platform: importer.platform ?? 'web', tenantId, tenantAccess: access };
  try {
    return await resolveActor(principal, tenantId, 'staff.manage');
  } catch (error) {
    if (error instanceof AppError && error.status < 500) throw new ImporterCannotActError();
    throw error;
  }
}

/** How the importer is signed in, kept with the job so that the worker can act as them later. */
function importerOf(actor: Actor, principal: Principal | undefined): StaffImportJobAttributes['importer'] {
  if (principal?.kind === 'terminal') {
    return { kind: 'terminal', staffId: actor.staffId, terminalId: principal.terminalId, ...(principal.branchId ? { branchId: principal.branchId } : {}) };
  }
  const backoffice = principal?.kind === 'backoffice' ? principal : undefined;
  return { kind: 'backoffice', staffId: actor.staffId, ...(actor.accountId ? { accountId: actor.accountId } : {}), mfa: backoffice?.mfa ?? false, platform: backoffice?.platform ?? 'web' };
}

/** The job's rows to write, chunk by chunk as they are needed. */
class StoredRows {
  private readonly chunks = new Map<number, WritePlan[]>();
  constructor(private readonly job: StaffImportJobItem) {}

  async at(index: number): Promise<WritePlan> {
    const chunk = this.job.chunkStarts.findLastIndex((start) => start <= index);
    let plans = this.chunks.get(chunk);
    if (!plans) {
      const rows = await getImportChunk(this.job, chunk);
      if (rows === undefined) throw new Error('import chunk missing');
      plans = JSON.parse(rows) as WritePlan[];
      this.chunks.set(chunk, plans);
    }
    const plan = plans[index - (this.job.chunkStarts[chunk] ?? 0)];
    if (!plan) throw new Error('import row missing');
    return plan;
  }
}

export type SliceOutcome = 'finished' | 'more' | 'stale' | 'missing';

/**
 * One slice of an import job: writes its rows in order from `nextRow` until
 * `endsAtMs` (at least one row, so every slice makes progress), then answers
 * `more` (queue the next slice), `finished`, `stale` (another delivery of
 * the job is ahead of this one and carries on) or `missing` (no such job).
 *
 * Exactly once per row: each row's transaction also moves the job's
 * `nextRow` on, on condition that it is still the row's index (the commit
 * marker carries that step into createStaff's/updateStaff's own
 * transaction). A second delivery, or a worker that crashed after the
 * commit, finds the job already past the row; a row that fails at its
 * write is recorded with the same condition. A failing dependency is thrown:
 * the queue retries the slice, which starts again at `nextRow`.
 */
export async function runImportSlice(tenantId: string, importId: string, endsAtMs: number): Promise<SliceOutcome> {
  const found = await getImportJob(tenantId, importId);
  const started = found?.status === 'queued' ? await markImportRunning(found, clock.now().toISOString()) : found;
  if (!started) return 'missing';
  if (started.status !== 'running') return 'finished';
  let job: StaffImportJobItem = started;
  const rows = new StoredRows(job);
  const context = job.context as AuditContext;
  let actor: Actor | undefined;
  let attempts = 0;
  try {
    for (let written = 0; job.nextRow < job.total; written++) {
      if (written > 0 && Date.now() >= endsAtMs) return 'more';
      const expected: number = job.nextRow;
      const plan = await rows.at(expected);
      try {
        actor ??= await importerActor(job);
      } catch (error) {
        if (!(error instanceof ImporterCannotActError)) throw error;
        await finishJob(job, 'failed', undefined, await notReached(job, rows, error));
        return 'finished';
      }
      try {
        const outcome = plan.kind === 'create' ? 'created' : 'updated';
        await withCommitMarker(rowWrittenStep(job, expected, outcome), () => writePlan(actor as Actor, plan, context));
        job = { ...job, nextRow: expected + 1, [outcome]: job[outcome] + 1 };
        attempts = 0;
      } catch (error) {
        if (error instanceof ImportJobMovedOnError) throw error;
        if (error instanceof ConcurrentUpdateError && ++attempts < ROW_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, attempts * 50 + Math.random() * 100));
          written--;
          continue;
        }
        if (endsImport(error) || !(error instanceof AppError)) throw error;
        const store: boolean = job.errors.length < STORED_IMPORT_ERRORS;
        const failed = stored(rowError(plan.row, error));
        await recordRowError(job, expected, failed, store);
        job = { ...job, nextRow: expected + 1, errorCount: job.errorCount + 1, errors: store ? [...job.errors, failed] : job.errors };
        attempts = 0;
      }
    }
    await finishJob(job, 'succeeded', actor);
    return 'finished';
  } catch (error) {
    if (error instanceof ImportJobMovedOnError) return 'stale';
    throw error;
  }
}

/** Every row from `nextRow` on, as not imported for `error`'s reason. */
async function notReached(job: StaffImportJobItem, rows: StoredRows, error: AppError): Promise<{ stored: RowError[]; count: number }> {
  const count = job.total - job.nextRow;
  const room = Math.max(0, STORED_IMPORT_ERRORS - job.errors.length);
  const errors: RowError[] = [];
  for (let index = job.nextRow; index < job.nextRow + Math.min(count, room); index++) errors.push(stored(rowError((await rows.at(index)).row, error)));
  return { stored: errors, count };
}

async function finishJob(job: StaffImportJobItem, status: 'succeeded' | 'failed', actor: Actor | undefined, errors?: { stored: RowError[]; count: number }): Promise<void> {
  const errorCount = job.errorCount + (errors?.count ?? 0);
  const audit = await effectSteps({
    audit: [
      {
        tenantId: job.tenantId,
        actor: actor ? staffActor(actor) : { type: 'staff', id: job.importer.staffId, staffId: job.importer.staffId },
        action: 'staff.import_finished',
        target: { type: 'staff_import', id: job.importId },
        details: { status, rows: job.rows, created: job.created, updated: job.updated, unchanged: job.unchanged, rowErrors: errorCount },
        context: job.context as AuditContext,
      },
    ],
  });
  await finishImportJob(job, { status, expected: job.nextRow, end: job.total, now: clock.now().toISOString(), ...(errors ? { errors } : {}) }, audit);
  // The job has ended, whoever retries it: nothing reads its rows again. A failure here leaves them to the TTL.
  await deleteImportChunks(job, job.chunkStarts.length).catch(() => undefined);
}
