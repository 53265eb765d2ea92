import { z } from 'zod';
import { resolveActor } from '#shared/domain/access/actor.js';
import { listAudit, recordAudit, staffActor } from '#shared/domain/audit/audit.js';
import { tenantForCheck } from '#shared/domain/authorization/authorize.js';
import { UnauthorizedError, ValidationError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { opaqueId } from '#shared/http/fields.js';
import { listQuery } from '#shared/http/list-query.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

const action = z.string().min(1).max(100).regex(/^[a-z][a-z0-9_.]*$/, 'Lower-case words joined by . or _, e.g. appointment.moved.');
const details = z.record(z.string().max(100), z.unknown()).refine((value) => JSON.stringify(value).length <= 4096, 'At most 4 KB of details.');

export const handler = createApiHandler('audit', {
  recordEvent: defineOperation({
    body: z.strictObject({
      action,
      target: z.strictObject({ type: z.string().min(1).max(40), id: z.string().min(1).max(100) }).optional(),
      details: details.optional(),
      tenantId: opaqueId.optional(),
    }),
    handle: async ({ principal, body, request }) => {
      if (!principal) throw new UnauthorizedError();
      const actor = await resolveActor(principal, tenantForCheck(principal, body.tenantId), 'member');
      const event = await recordAudit({
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: body.action,
        ...(body.target ? { target: body.target } : {}),
        ...(body.details ? { details: body.details } : {}),
        context: auditContext(request),
      });
      return { status: 201, body: { id: event.eventId, at: event.at } };
    },
  }),
  listEvents: defineOperation({
    query: listQuery.extend({
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      staffId: opaqueId.optional(),
      action: action.optional(),
    }),
    handle: async ({ actor, query }) => {
      if (query.from && query.to && query.from > query.to) {
        throw new ValidationError([{ path: 'query.from', message: 'from must not be after to.' }]);
      }
      return { status: 200, body: await listAudit({ tenantId: requireActor(actor).tenantId, ...query }) };
    },
  }),
});
