import type { StaffItem } from '../../data/entities.js';
import { listAccessLevels } from '../../data/repositories/access-levels.js';
import { staffPages } from '../../data/repositories/staff.js';
import { formatBranchLevels } from './branch-levels-cell.js';
import { formatList, formatRecord } from './csv.js';

/**
 * The columns of the staff CSV, export and import alike. `accessLevelName`
 * is for people reading the file: the import ignores it (the id decides).
 * `branchLevels` holds `branchId=accessLevelId` pairs (branch-levels-cell.ts).
 */
export const STAFF_CSV_COLUMNS = [
  'staffId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'accessLevelId',
  'accessLevelName',
  'branchIds',
  'employeeId',
  'tags',
  'externalId',
  'locale',
  'startsOn',
  'endsOn',
  'status',
  // Last, so that readers of files exported before it find every other column where it was.
  'branchLevels',
] as const;
export type StaffCsvColumn = (typeof STAFF_CSV_COLUMNS)[number];

function staffRecord(staff: StaffItem, levelNames: ReadonlyMap<string, string>): string {
  const cells: Record<StaffCsvColumn, string> = {
    staffId: staff.staffId,
    firstName: staff.firstName,
    lastName: staff.lastName,
    email: staff.email ?? '',
    phone: staff.phone ?? '',
    accessLevelId: staff.accessLevelId,
    accessLevelName: levelNames.get(staff.accessLevelId) ?? '',
    branchIds: formatList(staff.branchIds),
    branchLevels: formatBranchLevels(staff.branchLevels),
    employeeId: staff.employeeId ?? '',
    tags: formatList(staff.tags),
    externalId: staff.externalId ?? '',
    locale: staff.locale ?? '',
    startsOn: staff.startsOn ?? '',
    endsOn: staff.endsOn ?? '',
    status: staff.status,
  };
  return formatRecord(STAFF_CSV_COLUMNS.map((column) => cells[column]));
}

/**
 * The salon's staff (every status but archived) as CSV, header first. Reads
 * the staff one DynamoDB page at a time and appends that page's CSV before
 * reading the next, so at most one page of items (1 MB) is held beside the
 * text built so far; the text itself must be whole, since a Lambda proxy
 * answer is one string (at most 6 MB: about 40,000 typical rows).
 */
export async function exportStaffCsv(tenantId: string): Promise<string> {
  const levelNames = new Map((await listAccessLevels(tenantId)).map((level) => [level.accessLevelId, level.name]));
  const parts = [formatRecord(STAFF_CSV_COLUMNS)];
  for await (const items of staffPages(tenantId)) parts.push(items.map((staff) => staffRecord(staff, levelNames)).join(''));
  return parts.join('');
}
