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

/** startStaffImport and getStaffImport (shared/domain/staff/import-jobs.ts). */
export const StaffImportJob = z
  .strictObject({
    id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']).describe('`failed`: the job could not go on (the importer lost staff.manage or left the salon); the rows it did not reach are in `errors`.'),
    partial: z.boolean(),
    rows: z.number().int().min(0).describe("The file's rows, the header not counted."),
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0).describe('Rows that name a member and change nothing: nothing is written for them.'),
    remaining: z.number().int().min(0).describe('Rows still to write.'),
    errorCount: z.number().int().min(0).describe('Every row error so far, stored or not.'),
    errors: z
      .array(
        z.strictObject({
          row: z.number().int().min(2).describe('The row as a spreadsheet numbers it: the header is row 1.'),
          code: z.enum(PROBLEM_CODES).describe('The problem code the JSON route would answer for this row.'),
          message: z.string().max(200),
        }),
      )
      .describe('The first 1,000 row errors recorded (the rows that failed the checks, then those that failed at their write), by row.'),
    errorsTruncated: z.boolean().describe('More row errors than `errors` holds (see `errorCount`).'),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
  })
  .meta({
    id: 'StaffImportJob',
    description: 'An asynchronous staff CSV import and its progress (docs/staff-csv.md). POST …/staff/imports answers it with 202 and `Location: /v1/tenants/{tenantId}/staff/imports/{id}`.',
  });
