import { z } from 'zod';
import * as staff from '#shared/domain/staff/manage.js';
import { removePin, setPin } from '#shared/domain/pins/manage.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { page, Staff } from '#shared/http/response-schemas.js';
import { GeneratedPin } from '#shared/http/responses/staff-and-tenants.js';
import { email, locale, opaqueId, personName, phone, tag } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

const externalId = z.string().trim().min(1).max(64).regex(/^[\w.:@-]+$/, 'Letters, digits and . _ : @ - only.');
const employeeId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Letters, digits and . _ : - only.');
const branchIds = z.array(opaqueId).max(50);

const createBody = z.strictObject({
  firstName: personName,
  lastName: personName,
  email: email.optional(),
  phone: phone.optional(),
  accessLevelId: opaqueId,
  branchIds: branchIds.optional(),
  employeeId: employeeId.optional(),
  tags: z.array(tag).max(20).optional(),
  externalId: externalId.optional(),
  locale: locale.optional().describe("The language of messages sent to this person (invitation, PIN, password reset); absent: the salon's `locale`."),
});

const patchBody = z.strictObject({
  firstName: personName.optional(),
  lastName: personName.optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  accessLevelId: opaqueId.optional(),
  branchIds: branchIds.optional(),
  employeeId: employeeId.nullable().optional(),
  tags: z.array(tag).max(20).optional(),
  externalId: externalId.nullable().optional(),
  locale: locale.nullable().optional().describe("The language of messages sent to this person; null: the salon's `locale` again."),
  status: z.enum(['active', 'suspended']).optional(),
});

const listFilters = listQuery.extend({
  tag: tag.optional(),
  branchId: opaqueId.optional(),
  status: z.enum(['active', 'invited', 'suspended', 'archived']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** Exact and case-sensitive: the page holds the one member with it, or none. */
  externalId: externalId.optional(),
});

export const handler = createApiHandler('staff', {
  listStaff: defineOperation({
    responses: { 200: page(Staff) },
    query: listFilters,
    handle: async ({ actor, query }) => ({
      status: 200,
      body: await staff.listStaffViews(
        requireActor(actor).tenantId,
        { tag: query.tag, branchId: query.branchId, status: query.status, q: query.q, externalId: query.externalId },
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
  revokeStaffSessions: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await staff.revokeStaffSessions(requireActor(actor), params.staffId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
});
