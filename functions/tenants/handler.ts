import { z } from 'zod';
import { getTenant } from '#shared/data/repositories/tenants.js';
import { changePlan } from '#shared/domain/tenants/plan.js';
import type { Principal } from '#shared/http/principal.js';
import { createBranch, deleteBranch, listBranchViews, updateBranch } from '#shared/domain/tenants/branches.js';
import { createTenant } from '#shared/domain/tenants/create-tenant.js';
import { recoverOwner } from '#shared/domain/tenants/owner-recovery.js';
import { updateSettings } from '#shared/domain/tenants/settings-update.js';
import { MAX_SNAPSHOT_LIFETIME_SECONDS, MIN_SNAPSHOT_LIFETIME_SECONDS } from '#shared/domain/tenants/settings.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';
import { tenantView } from '#shared/domain/views.js';
import { NotFoundError, UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { page, Tenant } from '#shared/http/response-schemas.js';
import { Branch, InvitedOwner, TenantCreated, TenantSettingsUpdated } from '#shared/http/responses/staff-and-tenants.js';
import { branchName, email, locale, opaqueId, personName, phone, salonName } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { timeZone } from '#shared/http/time-fields.js';
import { pageOf } from '#shared/domain/pagination.js';

const plan = z.enum(['trial', 'paid']);

const owner = z
  .strictObject({ firstName: personName, lastName: personName, email: email.optional(), phone: phone.optional() })
  .refine((owner) => owner.email !== undefined || owner.phone !== undefined, {
    message: 'The owner needs an email or a phone number to receive the invitation.',
    path: ['email'],
  })
  // The refinement above, for the document: JSON Schema cannot see a zod refinement.
  .meta({ anyOf: [{ required: ['email'] }, { required: ['phone'] }] });

const createTenantBody = z.strictObject({
  name: salonName,
  plan,
  owner,
  pinLength: z.union([z.literal(4), z.literal(6)]).optional(),
  locale: locale.optional().describe('The language of the messages StaffGate sends for the salon (default `en`).'),
  timeZone: timeZone.optional().describe("The salon's time zone (default: the deployment region's, e.g. Europe/Dublin in eu-west-1)."),
});

function operatorOf(principal: Principal | undefined): string {
  if (principal?.kind !== 'operator') throw new UnauthorizedError();
  return principal.caller;
}

export const handler = createApiHandler('tenants', {
  createTenant: defineOperation({
    responses: { 201: TenantCreated },
    body: createTenantBody,
    handle: async ({ body, principal, request }) => ({
      status: 201,
      body: await createTenant(body, operatorOf(principal), auditContext(request)),
    }),
  }),
  recoverOwner: defineOperation({
    responses: { 201: InvitedOwner },
    body: z.strictObject({ owner }),
    handle: async ({ body, params, principal, request }) => ({
      status: 201,
      body: await recoverOwner(params.tenantId ?? '', body.owner, operatorOf(principal), auditContext(request)),
    }),
  }),
  changePlan: defineOperation({
    responses: { 200: Tenant },
    body: z.strictObject({ plan }),
    handle: async ({ body, params, principal, request }) => ({
      status: 200,
      body: await changePlan(params.tenantId ?? '', body.plan, ifMatchVersion(request.headers), operatorOf(principal), auditContext(request)),
    }),
  }),
  listBranches: defineOperation({
    responses: { 200: page(Branch) },
    query: listQuery,
    handle: async ({ actor, query }) => ({
      status: 200,
      body: pageOf(await listBranchViews(requireActor(actor).tenantId), (branch) => branch.id, query.limit, query.cursor),
    }),
  }),
  createBranch: defineOperation({
    responses: { 201: Branch },
    body: z.strictObject({ name: branchName }),
    handle: async ({ actor, body, request }) => ({
      status: 201,
      body: await createBranch(requireActor(actor), body.name, auditContext(request)),
    }),
  }),
  updateBranch: defineOperation({
    responses: { 200: Branch },
    body: z.strictObject({ name: branchName }),
    handle: async ({ actor, body, params, request }) => ({
      status: 200,
      body: await updateBranch(requireActor(actor), params.branchId ?? '', body.name, auditContext(request)),
    }),
  }),
  deleteBranch: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await deleteBranch(requireActor(actor), params.branchId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  updateSettings: defineOperation({
    responses: { 200: TenantSettingsUpdated },
    body: z.strictObject({
      pinsEnabled: z.boolean().optional(),
      pinLength: z.union([z.literal(4), z.literal(6)]).optional(),
      autoLogoutSeconds: z.number().int().min(60).max(8 * 3600).optional(),
      lockout: z
        .strictObject({
          maxAttempts: z.number().int().min(3).max(20).optional(),
          lockSeconds: z.number().int().min(60).max(86_400).optional(),
          // The salon's rolling budget is one item with a slot per attempt: 100 keeps it small enough to write on every PIN.
          tenantFailuresPerHour: z.number().int().min(5).max(100).optional(),
        })
        .optional(),
      auditRetentionDays: z.number().int().min(30).max(3650).optional(),
      requireTwoFactorForAdmins: z.boolean().optional(),
      // A host may honour a revoked right for this long: minutes at most, and never so short that hosts refetch every few requests.
      snapshotLifetimeSeconds: z.number().int().min(MIN_SNAPSHOT_LIFETIME_SECONDS).max(MAX_SNAPSHOT_LIFETIME_SECONDS).optional(),
      pinMaxAgeDays: z
        .number()
        .int()
        .min(30)
        .max(3650)
        .nullable()
        .optional()
        .describe('Days after which a PIN is due for renewal (unlock then answers `pinRenewalDue: true`, and still unlocks); null: no limit (the default).'),
      locale: locale.optional().describe("The language of the salon's messages; a staff member's own `locale` wins for messages to them."),
      timeZone: timeZone.optional().describe('The salon\'s time zone: `days` limits, audit day filters and staff `startsOn`/`endsOn` count its local days.'),
      deskAccessLevelId: opaqueId
        .nullable()
        .optional()
        .describe(
          'With PINs off: the access level a front-desk terminal acts with when nobody is signed in (POST /v1/terminal/desk-session). You must hold every right it grants. null: no desk sessions.',
        ),
    }),
    handle: async ({ actor, body, request }) => ({
      status: 200,
      body: await updateSettings(requireActor(actor), body, ifMatchVersion(request.headers), auditContext(request)),
    }),
  }),
  getTenant: defineOperation({
    responses: { 200: Tenant },
    handle: async ({ params }) => {
      const tenant = await getTenant(params.tenantId ?? '');
      if (!tenant) throw new NotFoundError();
      return { status: 200, body: tenantView(tenant) };
    },
  }),
});
