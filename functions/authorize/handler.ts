import { z } from 'zod';
import { authorizeCheck, authorizeChecks, tenantForCheck } from '#shared/domain/authorization/authorize.js';
import { UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { opaqueId } from '#shared/http/fields.js';
import { Decision, DecisionBatch } from '#shared/http/response-schemas.js';

const permissionKey = z.string().min(1).max(100);
const resource = z.strictObject({
  employeeId: z.string().min(1).max(64).optional(),
  branchId: z.string().min(1).max(64).optional(),
  date: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
  amount: z.number().finite().min(0).max(1_000_000_000).optional(),
});
const explain = z.boolean().optional().describe('Add `explain`: the level that answered and its grant for the permission.');
const check = z.strictObject({ permission: permissionKey, resource: resource.optional(), explain });

const body = z.union([
  z.strictObject({
    permission: permissionKey,
    resource: resource.optional(),
    tenantId: opaqueId.optional(),
    approvalToken: z.string().min(1).max(256).optional(),
    explain,
  }),
  z.strictObject({ checks: z.array(check).min(1).max(100), tenantId: opaqueId.optional() }),
]);

export const handler = createApiHandler('authorize', {
  authorize: defineOperation({
    body,
    responses: { 200: z.union([Decision, DecisionBatch]) },
    handle: async ({ principal, body: input }) => {
      if (!principal) throw new UnauthorizedError();
      const tenantId = tenantForCheck(principal, input.tenantId);
      if ('checks' in input) {
        return { status: 200, body: { results: await authorizeChecks(principal, tenantId, input.checks) } };
      }
      const decision = await authorizeCheck(principal, tenantId, { permission: input.permission, resource: input.resource, explain: input.explain }, input.approvalToken);
      return { status: 200, body: decision };
    },
  }),
});
