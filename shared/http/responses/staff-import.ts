import { z } from 'zod';
import { PROBLEM_CODES } from '../../errors.js';

/** importStaff (shared/domain/staff/import.ts). */
export const StaffImportResult = z
  .strictObject({
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0).describe('Rows that name a member and change nothing: nothing is written for them.'),
    errors: z.array(
      z.strictObject({
        row: z.number().int().min(2).describe('The row as a spreadsheet numbers it: the header is row 1.'),
        code: z.enum(PROBLEM_CODES).describe('The problem code the JSON route would answer for this row (validation_failed, escalation_denied, unknown_access_level, …).'),
        message: z.string(),
      }),
    ),
  })
  .meta({
    id: 'StaffImportResult',
    description:
      'With dryRun: what the import would do. Otherwise what it did; with partial=false and any row error, nothing was written (created and updated are 0).',
  });
