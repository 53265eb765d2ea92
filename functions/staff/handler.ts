import { z } from 'zod';
import { MAX_OVERRIDES } from '#shared/domain/permissions/grants.js';
import * as staff from '#shared/domain/staff/manage.js';
import { MAX_BRANCH_LEVELS } from '#shared/domain/staff/branch-levels.js';
import { removePin, setPin } from '#shared/domain/pins/manage.js';
import { renewOwnPin } from '#shared/domain/pins/renew.js';
import { resolveActor } from '#shared/domain/access/actor.js';
import { tenantForCheck } from '#shared/domain/authorization/authorize.js';
import { UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { page, Staff } from '#shared/http/response-schemas.js';
import { BulkResults, GeneratedPin, Tag, TagChange } from '#shared/http/responses/staff-and-tenants.js';
import { StaffImportJob, StaffImportResult } from '#shared/http/responses/staff-import.js';
import { exportStaffCsv } from '#shared/domain/staff/export.js';
import { IMPORT_WRITE_BUDGET_MS, importStaffCsv } from '#shared/domain/staff/import.js';
import { getImportJobView, startImportJob } from '#shared/domain/staff/import-jobs.js';
import * as tags from '#shared/domain/staff/tags.js';
import { type BulkRequest, MAX_BULK_STAFF, runBulk } from '#shared/domain/staff/bulk.js';
import { isDependencyFailure } from '#shared/http/dependency-failure.js';
import { email, locale, opaqueId, personName, phone, tag } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { localDate } from '#shared/http/time-fields.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

const externalId = z.string().trim().min(1).max(64).regex(/^[\w.:@-]+$/, 'Letters, digits and . _ : @ - only.');
const employeeId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Letters, digits and . _ : - only.');
const branchIds = z.array(opaqueId).max(50);
const branchLevels = z
  .array(z.strictObject({ branchId: opaqueId, accessLevelId: opaqueId }))
  .max(MAX_BRANCH_LEVELS)
  .describe(
    "The level that applies at a branch instead of `accessLevelId`: checks about that branch (resource.branchId, or a session at a terminal of it) use it. One per branch, each a branch the member works in (any, when branchIds is empty). Needs access.manage.",
  );

/** Checked against the catalog and the level in the domain (forms, parents, escalation); here only the shape. */
const overrides = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => Object.keys(value).length <= MAX_OVERRIDES, `At most ${MAX_OVERRIDES} personal overrides.`)
  .describe("Personal adjustments to the level: permission key → a grant that replaces the level's, or false to take the level's away. Not the admin rights (access.manage, staff.manage, settings.manage). Needs access.manage.");

const createBody = z.strictObject({
  firstName: personName,
  lastName: personName,
  email: email.optional(),
  phone: phone.optional(),
  accessLevelId: opaqueId,
  overrides: overrides.optional(),
  branchIds: branchIds.optional(),
  branchLevels: branchLevels.optional(),
  employeeId: employeeId.optional(),
  tags: z.array(tag).max(20).optional(),
  externalId: externalId.optional(),
  locale: locale.optional().describe("The language of messages sent to this person (invitation, PIN, password reset); absent: the salon's `locale`."),
  startsOn: localDate.optional().describe("The first local day (the salon's time zone) on which they may sign in or unlock."),
  endsOn: localDate.optional().describe('The last local day on which they may sign in or unlock; not before startsOn.'),
});

const patchBody = z.strictObject({
  firstName: personName.optional(),
  lastName: personName.optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  accessLevelId: opaqueId.optional(),
  overrides: overrides.nullable().optional(),
  branchIds: branchIds.optional(),
  branchLevels: branchLevels.nullable().optional(),
  employeeId: employeeId.nullable().optional(),
  tags: z.array(tag).max(20).optional(),
  externalId: externalId.nullable().optional(),
  locale: locale.nullable().optional().describe("The language of messages sent to this person; null: the salon's `locale` again."),
  status: z.enum(['active', 'suspended']).optional(),
  startsOn: localDate.nullable().optional().describe('The first local day on which they may sign in or unlock; null: no start.'),
  endsOn: localDate.nullable().optional().describe('The last local day on which they may sign in or unlock; null: no end.'),
});

const listFilters = listQuery.extend({
  tag: z
    .union([tag, z.array(tag).min(1).max(10)])
    .optional()
    .describe('Members who carry this tag; repeated (`?tag=a&tag=b`, at most 10), members who carry every one of them. Matched as the tag list spells it.'),
  branchId: opaqueId.optional(),
  status: z.enum(['active', 'invited', 'suspended', 'archived']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** Exact and case-sensitive: the page holds the one member with it, or none. */
  externalId: externalId.optional(),
});

const BULK_FIELDS = { tag: 'tag', untag: 'tag', set_level: 'accessLevelId', renew_pins: undefined, suspend: undefined } as const;

/** One action on many staff members: each action takes exactly the field it needs (`tag` or `accessLevelId`). */
const bulkBody = z
  .strictObject({
    action: z.enum(['tag', 'untag', 'set_level', 'renew_pins', 'suspend']),
    staffIds: z
      .array(opaqueId)
      .min(1)
      .max(MAX_BULK_STAFF)
      .refine((ids) => new Set(ids).size === ids.length, 'Each staff id at most once.'),
    tag: tag.optional().describe('For `tag` and `untag`.'),
    accessLevelId: opaqueId.optional().describe('For `set_level`.'),
  })
  .superRefine((body, ctx) => {
    const needed = BULK_FIELDS[body.action];
    for (const field of ['tag', 'accessLevelId'] as const) {
      if (field === needed && body[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `Required for the action ${body.action}.` });
      if (field !== needed && body[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `Not taken by the action ${body.action}.` });
    }
  })
  .transform(({ action, staffIds, tag: name, accessLevelId }): BulkRequest => {
    if (action === 'tag' || action === 'untag') return { action, staffIds, tag: name ?? '' };
    if (action === 'set_level') return { action, staffIds, accessLevelId: accessLevelId ?? '' };
    return { action, staffIds };
  });

export const handler = createApiHandler('staff', {
  listStaff: defineOperation({
    responses: { 200: page(Staff) },
    query: listFilters,
    handle: async ({ actor, query }) => ({
      status: 200,
      body: await staff.listStaffViews(
        requireActor(actor).tenantId,
        {
          tags: query.tag === undefined ? undefined : await tags.listedSpellings(requireActor(actor).tenantId, [query.tag].flat()),
          branchId: query.branchId,
          status: query.status,
          q: query.q,
          externalId: query.externalId,
        },
        query.limit,
        query.cursor,
      ),
    }),
  }),
  createStaff: defineOperation({
    responses: { 201: Staff },
    body: createBody,
    handle: async ({ actor, body, request }) => ({
      status: 201,
      body: await staff.createStaff(requireActor(actor), body, auditContext(request)),
    }),
  }),
  exportStaff: defineOperation({
    responses: { 200: z.string().describe('CSV (RFC 4180), header first: see docs/staff-csv.md.') },
    responseType: 'text/csv',
    handle: async ({ actor }) => ({
      status: 200,
      body: await exportStaffCsv(requireActor(actor).tenantId),
      headers: { 'Content-Disposition': 'attachment; filename="staff.csv"' },
    }),
  }),
  importStaff: defineOperation({
    responses: { 200: StaffImportResult },
    body: z.string().describe('CSV (RFC 4180, UTF-8), header first, the export\'s columns (any subset, any order), at most 5,000 rows: see docs/staff-csv.md.'),
    requestType: 'text/csv',
    query: z.object({
      dryRun: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
      partial: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    }),
    handle: async ({ actor, body, query, request }) => ({
      status: 200,
      body: await importStaffCsv(
        requireActor(actor),
        body,
        { create: createBody, patch: patchBody },
        { dryRun: query.dryRun, partial: query.partial, writeDeadlineMs: Date.now() + IMPORT_WRITE_BUDGET_MS },
        auditContext(request),
      ),
    }),
  }),
  startStaffImport: defineOperation({
    responses: { 200: StaffImportResult, 202: StaffImportJob },
    body: z.string().describe('CSV as for POST …/staff/import, at most 5,000 rows: see docs/staff-csv.md.'),
    requestType: 'text/csv',
    query: z.object({
      dryRun: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
      partial: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    }),
    handle: async ({ actor, principal, body, query, request }) => {
      const importer = requireActor(actor);
      const schemas = { create: createBody, patch: patchBody };
      // A dry run writes nothing and fits a request: the synchronous import's answer.
      if (query.dryRun) return { status: 200, body: await importStaffCsv(importer, body, schemas, { dryRun: true, partial: query.partial, writeDeadlineMs: 0 }, auditContext(request)) };
      const started = await startImportJob(importer, principal, body, schemas, query.partial, auditContext(request));
      if ('refused' in started) return { status: 200, body: started.refused };
      return {
        status: 202,
        body: started.job,
        headers: { Location: `/v1/tenants/${importer.tenantId}/staff/imports/${started.job.id}` },
      };
    },
  }),
  getStaffImport: defineOperation({
    responses: { 200: StaffImportJob },
    handle: async ({ actor, params }) => ({
      status: 200,
      body: await getImportJobView(requireActor(actor).tenantId, params.importId ?? ''),
    }),
  }),
  getStaff: defineOperation({
    responses: { 200: Staff },
    handle: async ({ actor, params }) => ({
      status: 200,
      body: await staff.getStaffView(requireActor(actor).tenantId, params.staffId ?? ''),
    }),
  }),
  updateStaff: defineOperation({
    responses: { 200: Staff },
    body: patchBody,
    handle: async ({ actor, body, params, request }) => ({
      status: 200,
      body: await staff.updateStaff(requireActor(actor), params.staffId ?? '', body, ifMatchVersion(request.headers), auditContext(request)),
    }),
  }),
  archiveStaff: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await staff.archiveStaff(requireActor(actor), params.staffId ?? '', ifMatchVersion(request.headers), auditContext(request));
      return { status: 204 };
    },
  }),
  setPin: defineOperation({
    responses: { 200: GeneratedPin, 204: null },
    body: z.union([
      z.strictObject({ pin: z.string().max(12), send: z.enum(['sms', 'email']).optional() }),
      z.strictObject({ generate: z.literal(true), send: z.enum(['sms', 'email']).optional() }),
    ]),
    handle: async ({ actor, body, params, request }) => {
      const result = await setPin(requireActor(actor), params.staffId ?? '', body, auditContext(request));
      // api.md: the PIN is in a response only when generated and not sent.
      return result.pin === undefined ? { status: 204 } : { status: 200, body: { pin: result.pin } };
    },
  }),
  removePin: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await removePin(requireActor(actor), params.staffId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  renewOwnPin: defineOperation({
    body: z.strictObject({ tenantId: opaqueId.optional() }),
    responses: { 204: null },
    handle: async ({ principal, body, request }) => {
      if (!principal) throw new UnauthorizedError();
      await renewOwnPin(await resolveActor(principal, tenantForCheck(principal, body.tenantId), 'member'), auditContext(request));
      return { status: 204 };
    },
  }),
  revokeStaffSessions: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await staff.revokeStaffSessions(requireActor(actor), params.staffId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  listTags: defineOperation({
    responses: { 200: page(Tag) },
    handle: async ({ actor }) => ({ status: 200, body: await tags.listTags(requireActor(actor).tenantId) }),
  }),
  createTag: defineOperation({
    responses: { 201: Tag },
    body: z.strictObject({ name: tag }),
    handle: async ({ actor, body, request }) => ({ status: 201, body: await tags.createTag(requireActor(actor), body.name, auditContext(request)) }),
  }),
  renameTag: defineOperation({
    responses: { 200: TagChange, 202: TagChange },
    body: z.strictObject({ name: tag }),
    handle: async ({ actor, body, params, request }) => {
      const change = await tags.renameTag(requireActor(actor), tag.parse(params.tag), body.name, auditContext(request));
      return { status: change.complete ? 200 : 202, body: change };
    },
  }),
  deleteTag: defineOperation({
    responses: { 202: TagChange, 204: null },
    handle: async ({ actor, params, request }) => {
      const change = await tags.deleteTag(requireActor(actor), tag.parse(params.tag), auditContext(request));
      return change.complete ? { status: 204 } : { status: 202, body: change };
    },
  }),
  bulkStaff: defineOperation({
    responses: { 200: BulkResults },
    body: bulkBody,
    handle: async ({ actor, body, request }) => ({
      status: 200,
      body: await runBulk(requireActor(actor), body, auditContext(request), isDependencyFailure),
    }),
  }),
});
