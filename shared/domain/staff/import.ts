import type { z } from 'zod';
import type { AccessLevelItem, BranchLevels, StaffItem } from '../../data/entities.js';
import { listAccessLevels } from '../../data/repositories/access-levels.js';
import { listBranches } from '../../data/repositories/branches.js';
import { UnknownAccessLevelError } from '../../data/repositories/holdings.js';
import { ExternalIdTakenError, staffPages, UnknownBranchError } from '../../data/repositories/staff.js';
import { AppError, ConflictError, NotFoundError, type ProblemCode, ValidationError } from '../../errors.js';
import { isDependencyFailure } from '../../http/dependency-failure.js';
import type { Actor } from '../access/actor.js';
import { assertCoversBranches, assertCoversLevel, assertMayManageMember, assertNotSelfBounding } from '../access/escalation.js';
import { type BranchLevel, branchLevelList, heldLevelIds, storedBranchLevels } from './branch-levels.js';
import { parseBranchLevels } from './branch-levels-cell.js';
import type { AuditContext } from '../audit/audit.js';
import { CsvSyntaxError, parseCsv, parseList, unguardFormula } from './csv.js';
import { STAFF_CSV_COLUMNS, type StaffCsvColumn } from './export.js';
import { assertMayAssignLevels, assertMayGiveBranchLevels, createStaff, type StaffInput, type StaffPatch, updateStaff } from './manage.js';
import type { Overrides } from '../permissions/grants.js';

/** api.md v1.1: an import holds at most this many rows (the header not counted). */
export const MAX_IMPORT_ROWS = 5_000;

/**
 * Rows are written until this long after the import starts, then the rest
 * are reported as not imported: the staff function's time limit is 10 s
 * (infra/staffgate-stack.ts), and the answer (and its idempotency record)
 * must still be written within it.
 */
export const IMPORT_WRITE_BUDGET_MS = 7_000;

/** The JSON routes' request schemas (functions/staff/handler.ts): every row is validated by the same ones. */
export interface RowSchemas {
  create: z.ZodType<StaffInput>;
  patch: z.ZodType<StaffPatch>;
}

export interface ImportOptions {
  dryRun: boolean;
  partial: boolean;
  /** Epoch ms after which no further row is written (the function's time limit, less a margin for the answer). */
  writeDeadlineMs: number;
}

/** `row` counts records as a spreadsheet numbers its rows: the header is row 1. */
export interface RowError {
  row: number;
  code: ProblemCode;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Rows that name a member and change nothing: nothing is written for them. */
  unchanged: number;
  errors: RowError[];
}

/** What a checked row asks for; the import job stores the rows to write as they are here. */
export type Plan =
  | { row: number; kind: 'create'; input: StaffInput }
  | { row: number; kind: 'update'; staffId: string; version: number; patch: StaffPatch }
  | { row: number; kind: 'unchanged' };
export type WritePlan = Exclude<Plan, { kind: 'unchanged' }>;

const LIST_COLUMNS = new Set<StaffCsvColumn>(['branchIds', 'tags']);
/** Optional fields: an empty cell clears them on an update. */
const CLEARABLE = new Set<StaffCsvColumn>(['email', 'phone', 'employeeId', 'externalId', 'locale', 'startsOn', 'endsOn', 'branchLevels']);
/** Not fields of the JSON bodies: `staffId` picks the member, `accessLevelName` is for readers, `status` is handled apart. */
const NOT_FIELDS = new Set<StaffCsvColumn>(['staffId', 'accessLevelName', 'status']);
const PATCH_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'accessLevelId', 'branchIds', 'employeeId', 'tags', 'externalId', 'locale', 'startsOn', 'endsOn', 'status'] as const;

/** What the salon holds, read once per import (a salon has tens to hundreds of staff; one query of each kind). */
interface Salon {
  levels: Map<string, AccessLevelItem>;
  branches: Set<string>;
  staff: Map<string, StaffItem>;
  byExternalId: Map<string, string>;
}

async function readSalon(tenantId: string): Promise<Salon> {
  const [levels, branches] = await Promise.all([listAccessLevels(tenantId), listBranches(tenantId)]);
  const staff = new Map<string, StaffItem>();
  for await (const items of staffPages(tenantId)) for (const item of items) staff.set(item.staffId, item);
  return {
    levels: new Map(levels.map((level) => [level.accessLevelId, level])),
    branches: new Set(branches.map((branch) => branch.branchId)),
    staff,
    byExternalId: new Map([...staff.values()].flatMap((item) => (item.externalId ? [[item.externalId, item.staffId] as const] : []))),
  };
}

const fileError = (message: string) => new ValidationError([{ path: 'body', message }]);

/** createStaff's and updateStaff's rule for the two dates (local dates of one zone: text order is day order). */
function assertDatesInOrder(startsOn: string | undefined, endsOn: string | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) throw new RowValidationError([{ path: 'endsOn', message: 'endsOn must not be before startsOn.' }]);
}

/** The header's columns by position; unknown or repeated names refuse the whole file. */
function readHeader(cells: string[]): StaffCsvColumn[] {
  const columns = cells.map((cell) => cell.trim());
  for (const column of columns) {
    if (!(STAFF_CSV_COLUMNS as readonly string[]).includes(column)) {
      throw fileError(`Row 1: unknown column "${column.slice(0, 40)}"; the columns are ${STAFF_CSV_COLUMNS.join(', ')}.`);
    }
  }
  const repeated = columns.find((column, index) => columns.indexOf(column) !== index);
  if (repeated) throw fileError(`Row 1: the column ${repeated} appears twice.`);
  return columns as StaffCsvColumn[];
}

class RowValidationError extends ValidationError {
  constructor(issues: { path: string; message: string }[]) {
    super(issues);
    this.message = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  }
}

function parsed<T>(schema: z.ZodType<T>, json: Record<string, unknown>): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new RowValidationError(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

function sameValue(existing: StaffItem, field: (typeof PATCH_FIELDS)[number], value: unknown): boolean {
  const current = existing[field];
  if (Array.isArray(value)) return JSON.stringify([...new Set(value)]) === JSON.stringify(current);
  return (value ?? undefined) === current;
}

const sameBranchLevels = (a: BranchLevels | undefined, b: BranchLevels | undefined) => JSON.stringify(branchLevelList(a)) === JSON.stringify(branchLevelList(b));

/** A domain rule's ValidationError as a row error whose message says what is wrong (ValidationError's own is generic). */
function asRowError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError && !(error instanceof RowValidationError)) throw new RowValidationError(error.errors);
    throw error;
  }
}

/** A cell as the JSON body's field: null clears an optional field (a new member's empty cells are left out before). */
function fieldValue(column: StaffCsvColumn, value: string): unknown {
  if (value === '' && CLEARABLE.has(column)) return null;
  if (column === 'branchLevels') return asRowError(() => parseBranchLevels(value));
  return LIST_COLUMNS.has(column) ? parseList(value) : value;
}

/**
 * The branch levels as createStaff/updateStaff would store them (one per
 * branch, within the member's branches). A refusal names the branch: the
 * cell has no positions to point at.
 */
function storedWithinBranches(list: readonly BranchLevel[], accessLevelId: string, branchIds: readonly string[]): BranchLevels | undefined {
  try {
    return storedBranchLevels(list, accessLevelId, branchIds);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const branchOf = (path: string) => list[Number(path.split('.')[1])]?.branchId ?? '';
    throw new RowValidationError(error.errors.map((issue) => ({ path: 'branchLevels', message: `${branchOf(issue.path)}: ${issue.message}` })));
  }
}

/**
 * Checks a row as createStaff/updateStaff would, against the salon as read
 * at the start, and answers what to write: the same refusals (codes and
 * order) as those functions, so a dry run says what the write would say.
 * The write itself goes through them and checks everything again.
 */
class RowPlanner {
  private readonly rowOfStaff = new Map<string, number>();
  private readonly rowOfExternalId = new Map<string, number>();

  constructor(
    private readonly actor: Actor,
    private readonly salon: Salon,
    private readonly schemas: RowSchemas,
    private readonly columns: StaffCsvColumn[],
  ) {}

  plan(row: number, cells: string[]): Plan {
    if (cells.length !== this.columns.length) {
      throw new RowValidationError([{ path: '', message: `The row has ${cells.length} cells; the header has ${this.columns.length}.` }]);
    }
    const values = new Map(this.columns.map((column, index) => [column, unguardFormula((cells[index] as string).trim())]));
    const staffId = values.get('staffId') || undefined;
    const externalId = values.get('externalId') || undefined;
    // An empty staffId with a known external id updates that member: re-importing a host system's file creates nobody twice.
    const target = staffId ?? (externalId ? this.salon.byExternalId.get(externalId) : undefined);
    this.claim(this.rowOfStaff, target, row, (other) => `The staff member ${target} is also on row ${other}.`);
    this.claim(this.rowOfExternalId, externalId, row, (other) => `The externalId ${externalId} is also on row ${other}.`);
    return target === undefined ? this.planCreate(row, values) : this.planUpdate(row, target, values);
  }

  private claim(rows: Map<string, number>, key: string | undefined, row: number, message: (other: number) => string): void {
    if (key === undefined) return;
    const other = rows.get(key);
    if (other !== undefined) throw new RowValidationError([{ path: '', message: message(other) }]);
    rows.set(key, row);
  }

  private planCreate(row: number, values: Map<StaffCsvColumn, string>): Plan {
    const status = values.get('status');
    if (status && status !== 'active') {
      throw new RowValidationError([{ path: 'status', message: 'A new staff member starts active; import them, then set another status.' }]);
    }
    const json: Record<string, unknown> = {};
    for (const [column, value] of values) {
      if (NOT_FIELDS.has(column) || value === '') continue;
      json[column] = fieldValue(column, value);
    }
    const input = parsed(this.schemas.create, json);
    // createStaff's checks, in its order.
    assertDatesInOrder(input.startsOn, input.endsOn);
    const level = this.salon.levels.get(input.accessLevelId);
    if (!level) throw new UnknownAccessLevelError();
    assertCoversLevel(this.actor, level);
    const branchIds = [...new Set(input.branchIds ?? [])];
    assertCoversBranches(this.actor, branchIds);
    this.assertBranchesExist(branchIds);
    const branchLevels = storedWithinBranches(input.branchLevels ?? [], input.accessLevelId, branchIds);
    if (branchLevels) this.checkBranchLevels(branchLevels, undefined, []);
    return { row, kind: 'create', input };
  }

  private planUpdate(row: number, staffId: string, values: Map<StaffCsvColumn, string>): Plan {
    const existing = this.salon.staff.get(staffId);
    if (!existing) throw new NotFoundError('not_found', `No staff member ${staffId.slice(0, 64)} in this salon.`);
    const json: Record<string, unknown> = {};
    for (const [column, value] of values) {
      if (NOT_FIELDS.has(column)) continue;
      json[column] = fieldValue(column, value);
    }
    const status = values.get('status');
    if (status && status !== existing.status) json.status = status;
    const full = parsed(this.schemas.patch, json);
    const patch: StaffPatch = {};
    for (const field of PATCH_FIELDS) {
      if (full[field] !== undefined && !sameValue(existing, field, full[field])) Object.assign(patch, { [field]: full[field] });
    }
    // As updateStaff: the branch levels of the row (else the member's) must lie within the branches it leaves them; no column keeps them.
    const branchLevels = storedWithinBranches(
      full.branchLevels === undefined ? branchLevelList(existing.branchLevels) : (full.branchLevels ?? []),
      patch.accessLevelId ?? existing.accessLevelId,
      [...new Set(patch.branchIds ?? existing.branchIds)],
    );
    const branchLevelsChange = !sameBranchLevels(branchLevels, existing.branchLevels);
    if (full.branchLevels !== undefined && branchLevelsChange) patch.branchLevels = full.branchLevels;
    const changed = Object.keys(patch);
    if (changed.length === 0) return { row, kind: 'unchanged' };
    // updateStaff's checks, in its order.
    if (patch.status !== undefined && (existing.status === 'invited' || existing.status === 'archived')) {
      throw new ConflictError('invalid_status', `A staff member who is ${existing.status} cannot be set to ${patch.status}.`);
    }
    const date = (field: 'startsOn' | 'endsOn') => (patch[field] === undefined ? existing[field] : (patch[field] ?? undefined));
    assertDatesInOrder(date('startsOn'), date('endsOn'));
    assertNotSelfBounding(this.actor, staffId, changed);
    for (const accessLevelId of heldLevelIds(existing)) assertMayManageMember(this.actor, existing, this.salon.levels.get(accessLevelId));
    if (patch.accessLevelId !== undefined) {
      assertMayAssignLevels(this.actor);
      const level = this.salon.levels.get(patch.accessLevelId);
      if (!level) throw new UnknownAccessLevelError();
      assertCoversLevel(this.actor, level);
    }
    if (patch.branchIds !== undefined) {
      const branchIds = [...new Set(patch.branchIds)];
      assertCoversBranches(this.actor, branchIds);
      this.assertBranchesExist(branchIds.filter((branchId) => !existing.branchIds.includes(branchId)));
    }
    if (branchLevelsChange) this.checkBranchLevels(branchLevels, existing.overrides, [...existing.branchIds, ...Object.keys(existing.branchLevels ?? {})]);
    if (patch.externalId) {
      const holder = this.salon.byExternalId.get(patch.externalId);
      if (holder !== undefined && holder !== staffId) throw new ExternalIdTakenError();
    }
    return { row, kind: 'update', staffId, version: existing.version, patch };
  }

  private assertBranchesExist(branchIds: string[]): void {
    const unknown = branchIds.find((branchId) => !this.salon.branches.has(branchId));
    if (unknown !== undefined) throw new UnknownBranchError(`No branch ${unknown} in this salon.`);
  }

  /**
   * createStaff's and updateStaff's checks of branch levels given, in their
   * order: access.manage, the branches, each level with the member's
   * overrides; then the branches the member did not name before exist.
   */
  private checkBranchLevels(branchLevels: BranchLevels | undefined, overrides: Overrides | undefined, named: readonly string[]): void {
    assertMayAssignLevels(this.actor);
    if (!branchLevels) return;
    const branchIds = Object.keys(branchLevels);
    assertCoversBranches(this.actor, branchIds);
    const levels = [...new Set(Object.values(branchLevels))].map((accessLevelId) => {
      const level = this.salon.levels.get(accessLevelId);
      if (!level) throw new UnknownAccessLevelError(`branchLevels: no access level ${accessLevelId} in this salon.`);
      return level;
    });
    asRowError(() => assertMayGiveBranchLevels(this.actor, levels, overrides));
    this.assertBranchesExist(branchIds.filter((branchId) => !named.includes(branchId)));
  }
}

export const rowError = (row: number, error: AppError): RowError => ({ row, code: error.code, message: error.message });

/** A failing dependency ends a synchronous import (the rows from there on are reported) and a job's slice (the queue retries it). */
export function endsImport(error: unknown): boolean {
  return isDependencyFailure(error) || (error instanceof AppError && error.status >= 500);
}

/** A checked file: its rows' plans in file order and the rows that failed the checks. */
export interface CheckedFile {
  /** Rows of the file, the header not counted. */
  rows: number;
  plans: Plan[];
  errors: RowError[];
}

/**
 * Reads and checks a whole file without writing anything: the file's own
 * problems (syntax, header, size) refuse it with 400; each row's problem is
 * a row error. Shared by the synchronous import and the import job.
 */
export async function checkStaffCsv(actor: Actor, csv: string, schemas: RowSchemas): Promise<CheckedFile> {
  const records = parseCsv([csv]);
  let header: StaffCsvColumn[] | undefined;
  const rows: { row: number; cells: string[] }[] = [];
  try {
    for (const record of records) {
      if (!header) {
        header = readHeader(record.cells);
        continue;
      }
      if (rows.length === MAX_IMPORT_ROWS) throw fileError(`At most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows per import; split the file.`);
      rows.push({ row: rows.length + 2, cells: record.cells });
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(`Not valid CSV (RFC 4180): ${error.message}`);
    throw error;
  }
  if (!header) throw fileError(`The file needs a header row naming its columns (${STAFF_CSV_COLUMNS.join(', ')}).`);

  const planner = new RowPlanner(actor, await readSalon(actor.tenantId), schemas, header);
  const plans: Plan[] = [];
  const errors: RowError[] = [];
  for (const { row, cells } of rows) {
    try {
      plans.push(planner.plan(row, cells));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(rowError(row, error));
    }
  }
  return { rows: rows.length, plans, errors };
}

/** Writes one checked row through createStaff/updateStaff: its own transaction with its own audit event. */
export async function writePlan(actor: Actor, plan: WritePlan, context: AuditContext): Promise<'created' | 'updated'> {
  if (plan.kind === 'create') {
    await createStaff(actor, plan.input, context);
    return 'created';
  }
  // The version the row was checked against: a member changed since answers version_conflict for that row.
  await updateStaff(actor, plan.staffId, plan.patch, plan.version, context);
  return 'updated';
}

/**
 * POST …/staff/import (api.md v1.1). Every row is checked first; unless
 * `partial`, nothing is written when any row fails. Then each row is written
 * through createStaff/updateStaff — its own transaction with its own audit
 * event, the same uniqueness conditions and escalation checks — so an import
 * is not one transaction (5,000 rows are far beyond DynamoDB's 100 items per
 * transaction): a row that fails at the write (a concurrent change, a
 * uniqueness conflict) is reported as a row error and the others stand.
 * See docs/staff-csv.md for why a retry is safe.
 */
export async function importStaffCsv(actor: Actor, csv: string, schemas: RowSchemas, options: ImportOptions, context: AuditContext): Promise<ImportResult> {
  const { plans, errors } = await checkStaffCsv(actor, csv, schemas);
  const count = (kind: Plan['kind']) => plans.filter((plan) => plan.kind === kind).length;
  if (options.dryRun) return { created: count('create'), updated: count('update'), unchanged: count('unchanged'), errors };
  if (errors.length > 0 && !options.partial) return { created: 0, updated: 0, unchanged: 0, errors };

  const result: ImportResult = { created: 0, updated: 0, unchanged: count('unchanged'), errors };
  const writes = plans.filter((plan): plan is WritePlan => plan.kind !== 'unchanged');
  for (const [index, plan] of writes.entries()) {
    if (Date.now() > options.writeDeadlineMs) {
      notWritten(result, writes.slice(index), 'service_unavailable', `Not imported: the import ran out of time before row ${plan.row}; import the rows from here again.`);
      break;
    }
    try {
      result[await writePlan(actor, plan, context)]++;
    } catch (error) {
      if (endsImport(error)) {
        notWritten(result, writes.slice(index), 'service_unavailable', `Not imported: the service failed at row ${plan.row} (which may or may not have been written); import the rows from here again.`);
        break;
      }
      if (!(error instanceof AppError)) throw error;
      result.errors.push(rowError(plan.row, error));
    }
  }
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}

function notWritten(result: ImportResult, plans: Plan[], code: ProblemCode, message: string): void {
  for (const plan of plans) result.errors.push({ row: plan.row, code, message });
}
