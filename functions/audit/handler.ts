import { z } from 'zod';
import { AuditEventPage, RecordedAuditEvent } from '#shared/http/responses/auth-terminals-audit.js';
import { resolveChecker } from '#shared/domain/access/actor.js';
import { DETAILS_LIMITS, detailsProblems, HOST_ACTION, checkerActor, listAudit, recordHostEvent } from '#shared/domain/audit/audit.js';
import { tenantForCheck } from '#shared/domain/authorization/authorize.js';
import { UnauthorizedError, ValidationError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { opaqueId } from '#shared/http/fields.js';
import { listQuery } from '#shared/http/list-query.js';
import { localDate } from '#shared/http/time-fields.js';
import { addDays, localDayStartMs } from '#shared/time/local-days.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

/** api.md v1.1: a host event's action, e.g. `appointment.moved` (StaffGate's own prefixes answer `400 reserved_action`). */
const hostAction = z.string().max(100).regex(HOST_ACTION, 'Lower-case words (a-z, 0-9, _) joined by dots, at least two, e.g. appointment.moved.');

/**
 * The action filter of the list: any stored action, including StaffGate's
 * own and those of events recorded before host actions needed a dot.
 */
const actionFilter = z.string().min(1).max(100).regex(/^[a-z][a-z0-9_.]*$/, 'Lower-case words joined by . or _, e.g. appointment.moved.');

const targetType = z.string().min(1).max(40);
const targetId = z.string().min(1).max(100);

/** At most 4 KB, 8 levels deep, no empty keys, numbers finite and within ±(2^53 − 1): anything else is a 400, never a failed write. */
const details = z
  .record(z.string().max(DETAILS_LIMITS.keyLength), z.unknown())
  .superRefine((value, ctx) => {
    for (const problem of detailsProblems(value)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .describe(`Free-form JSON: at most ${DETAILS_LIMITS.bytes} bytes, ${DETAILS_LIMITS.depth} levels deep, no empty keys, numbers finite and within ±(2^53 − 1).`);

/** A bound as an instant: a date is its local day's first instant (`start`) or last millisecond (`end`) in `timeZone`, across DST. */
function instantOf(bound: string, timeZone: string, edge: 'start' | 'end'): string {
  if (bound.length !== 10) return bound;
  return new Date(edge === 'start' ? localDayStartMs(bound, timeZone) : localDayStartMs(addDays(bound, 1), timeZone) - 1).toISOString();
}

export const handler = createApiHandler('audit', {
  recordEvent: defineOperation({
    body: z.strictObject({
      action: hostAction,
      target: z.strictObject({ type: targetType, id: targetId }).optional(),
      details: details.optional(),
      tenantId: opaqueId.optional(),
    }),
    responses: { 201: RecordedAuditEvent },
    handle: async ({ principal, body, request }) => {
      if (!principal) throw new UnauthorizedError();
      const checker = await resolveChecker(principal, tenantForCheck(principal, body.tenantId));
      const event = await recordHostEvent({
        tenantId: checker.tenantId,
        actor: checkerActor(checker),
        action: body.action,
        ...(body.target ? { target: body.target } : {}),
        ...(body.details ? { details: body.details } : {}),
        ...(principal.kind === 'terminal' || principal.kind === 'desk' ? { terminalId: principal.terminalId } : {}),
        context: auditContext(request),
      });
      return { status: 201, body: { id: event.eventId, at: event.at } };
    },
  }),
  listEvents: defineOperation({
    /**
     * Filters, all optional and combined with AND: `from`/`to` (the time
     * range, both ends included; a date instead of a date-time is a whole
     * local day in the salon's time zone), `staffId` (the acting staff member),
     * `action`, `source` (`staffgate` or `host`), and the target: `targetType`
     * alone (every event about, say, appointments) or `targetType` with
     * `targetId` (one target; ids are unique only within their type, so
     * `targetId` alone is a 400).
     */
    query: listQuery
      .extend({
        from: z.iso.datetime().or(localDate).optional().describe("An instant, or a date: from the start of that local day in the salon's time zone."),
        to: z.iso.datetime().or(localDate).optional().describe("An instant, or a date: to the end of that local day in the salon's time zone."),
        staffId: opaqueId.optional(),
        action: actionFilter.optional(),
        source: z.enum(['staffgate', 'host']).optional(),
        targetType: targetType.optional(),
        targetId: targetId.optional(),
      })
      .superRefine((query, ctx) => {
        if (query.targetId !== undefined && query.targetType === undefined) {
          ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'targetId needs targetType: ids are unique only within a type.' });
        }
      }),
    responses: { 200: AuditEventPage },
    handle: async ({ actor, query }) => {
      const { tenantId, access } = requireActor(actor);
      const from = query.from && instantOf(query.from, access.timeZone, 'start');
      const to = query.to && instantOf(query.to, access.timeZone, 'end');
      // Compared as instants: `…:00.5Z` is after `…:00Z`, though it sorts before it as text.
      if (from && to && Date.parse(from) > Date.parse(to)) {
        throw new ValidationError([{ path: 'query.from', message: 'from must not be after to.' }]);
      }
      return { status: 200, body: await listAudit({ tenantId, ...query, from, to }) };
    },
  }),
});
