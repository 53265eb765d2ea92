import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import { type AuditActor, type AuditEventAttributes, putAuditEvent, queryAuditEvents } from '../../data/repositories/audit.js';
import { ValidationError } from '../../errors.js';
import { redactingReplacer } from '../../logger.js';
import type { Actor } from '../access/actor.js';
import { permissionIndex } from '../permissions/catalog.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../tenants/settings.js';
import { recentTenantSettings } from '../tenants/settings-cache.js';

export interface AuditContext {
  requestId?: string;
  sourceIp?: string;
}

export interface AuditInput {
  tenantId: string;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  changes?: Record<string, { before: unknown; after: unknown }>;
  details?: Record<string, unknown>;
  context?: AuditContext;
}

/**
 * Whatever a caller puts in `details`, a key that names a secret keeps only
 * "[redacted]". Permission keys (`staff.pin.manage`) name rights, not
 * secrets, and stay readable.
 */
function scrub(details: Record<string, unknown>): Record<string, unknown> {
  const replacer = (key: string, value: unknown) => (permissionIndex.has(key) ? value : redactingReplacer(key, value));
  return JSON.parse(JSON.stringify(details, replacer)) as Record<string, unknown>;
}

export function staffActor(actor: Actor): AuditActor {
  return { type: 'staff', id: actor.staffId, staffId: actor.staffId };
}

/** Events expire by TTL after the tenant's `auditRetentionDays`. */
export async function recordAudit(input: AuditInput): Promise<AuditEventAttributes> {
  const retentionDays = (await recentTenantSettings(input.tenantId))?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const event = auditEvent(input, retentionDays);
  await putAuditEvent(event);
  return event;
}

/** An event to write inside the caller's own transaction (hot paths: one request for the change and its record). */
export function auditEvent(input: AuditInput, retentionDays: number): AuditEventAttributes {
  const nowMs = clock.nowMs();
  const event: AuditEventAttributes = {
    eventId: newId('evt'),
    tenantId: input.tenantId,
    at: new Date(nowMs).toISOString(),
    action: input.action,
    actor: input.actor,
    ...(input.actor.staffId ? { actorStaffId: input.actor.staffId } : {}),
    ...(input.target ? { target: input.target } : {}),
    ...(input.context?.requestId ? { requestId: input.context.requestId } : {}),
    ...(input.context?.sourceIp ? { sourceIp: input.context.sourceIp } : {}),
    ...(input.changes && Object.keys(input.changes).length ? { changes: scrub(input.changes) as AuditEventAttributes['changes'] } : {}),
    ...(input.details ? { details: scrub(input.details) } : {}),
    ttl: Math.ceil(nowMs / 1000) + retentionDays * 86_400,
  };
  return event;
}

/** Before/after of the fields that changed, for an audit event. Callers pass non-secret fields only. */
export const PERSONAL = '[personal data]';

/**
 * Before/after of the fields that changed, for an audit event. Personal
 * fields say only that they changed: the trail outlives a staff member's
 * erasure (GDPR), so it must never hold their name or contacts.
 */
export function diff<T extends object>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
  personal: readonly (keyof T & string)[] = [],
) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const was = before[field] ?? null;
    const now = after[field] ?? null;
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    changes[field] = personal.includes(field)
      ? { before: was === null ? null : PERSONAL, after: now === null ? null : PERSONAL }
      : { before: was, after: now };
  }
  return changes;
}

export function auditView(event: AuditEventAttributes) {
  return {
    id: event.eventId,
    at: event.at,
    action: event.action,
    actor: event.actor,
    target: event.target ?? null,
    requestId: event.requestId ?? null,
    sourceIp: event.sourceIp ?? null,
    changes: event.changes ?? null,
    details: event.details ?? null,
  };
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

export async function listAudit(query: {
  tenantId: string;
  from?: string | undefined;
  to?: string | undefined;
  staffId?: string | undefined;
  action?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  // Sort keys are `<ISO time, ms>#<id>`: bounds are normalised to the same form, and `<to>~` includes every event at `to`.
  const upper = query.to ? `${new Date(query.to).toISOString()}~` : FAR_FUTURE;
  const cursor = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
  if (cursor !== undefined && !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#evt_[0-9a-z]+$/.test(cursor)) {
    throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
  }
  const before = cursor && cursor < upper ? cursor : upper;
  const items = await queryAuditEvents({
    tenantId: query.tenantId,
    from: query.from ? new Date(query.from).toISOString() : '0000',
    before,
    staffId: query.staffId,
    action: query.action,
    limit: query.limit,
  });
  const page = items.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(auditView),
    nextCursor: items.length > query.limit && last ? Buffer.from(last.sk).toString('base64url') : null,
  };
}
