import { z } from 'zod';
import { getTenant, updatePlan } from '#shared/data/repositories/tenants.js';
import { createTenant } from '#shared/domain/tenants/create-tenant.js';
import { tenantView } from '#shared/domain/views.js';
import { clock } from '#shared/clock.js';
import { NotFoundError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { email, personName, phone } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';

const plan = z.enum(['trial', 'paid']);

const createTenantBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  plan,
  owner: z
    .strictObject({ firstName: personName, lastName: personName, email: email.optional(), phone: phone.optional() })
    .refine((owner) => owner.email !== undefined || owner.phone !== undefined, {
      message: 'The owner needs an email or a phone number to receive the invitation.',
      path: ['email'],
    }),
  pinLength: z.union([z.literal(4), z.literal(6)]).optional(),
  locale: z.enum(['en', 'sv', 'ru']).optional(),
});

export const handler = createApiHandler('tenants', {
  createTenant: defineOperation({
    body: createTenantBody,
    handle: async ({ body }) => ({ status: 201, body: await createTenant(body) }),
  }),
  changePlan: defineOperation({
    body: z.strictObject({ plan }),
    handle: async ({ body, params, request }) => ({
      status: 200,
      body: tenantView(await updatePlan(params.tenantId ?? '', body.plan, clock.now().toISOString(), ifMatchVersion(request.headers))),
    }),
  }),
  getTenant: defineOperation({
    handle: async ({ params }) => {
      const tenant = await getTenant(params.tenantId ?? '');
      if (!tenant) throw new NotFoundError();
      return { status: 200, body: tenantView(tenant) };
    },
  }),
});
