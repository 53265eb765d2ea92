import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import { type AuditActor, type AuditEventAttributes, type AuditSource, putAuditEvent, queryAuditEvents } from '../../data/repositories/audit.js';
import { BadRequestError, ValidationError } from '../../errors.js';
import { redactingReplacer } from '../../logger.js';
import type { Actor, Checker } from '../access/actor.js';
import { permissionIndex } from '../permissions/catalog.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../tenants/settings.js';
import { recentTenantSettings } from '../tenants/settings-cache.js';

export type { AuditSource } from '../../data/repositories/audit.js';

/**
 * The action prefixes of StaffGate's own events. A host app may not record
 * an event under any of them (`POST /v1/audit` answers `400
 * reserved_action`), so nothing a session posts can pass for a real
 * `staff.created` or `access_level.updated`. Every event StaffGate records
 * must use one of these prefixes (test/unit/audit-actions.test.ts scans the
 * source tree and fails otherwise): add the prefix here before recording
 * events under a new one. Stored events without `source` (written before it
 * existed) are told apart by these prefixes too, see `sourceOf`.
 */
export const RESERVED_ACTION_PREFIXES = [
  'access_level.',
  'account.',
  'approval.',
  'branch.',
  'invitation.',
  'message.',
  'pin.',
  'session.',
  'settings.',
  'staff.',
  'staffgate.',
  'tenant.',
  'terminal.',
  'webhook.',
] as const;

/** True when `action` is (or would pass for) one of StaffGate's own events. */
export function isReservedAction(action: string): boolean {
  return RESERVED_ACTION_PREFIXES.some((prefix) => action.startsWith(prefix));
}

/** api.md v1.1: the shape of a host event's action, e.g. `appointment.moved`. */
export const HOST_ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export class ReservedActionError extends BadRequestError {
  constructor(action: string) {
    const prefix = action.slice(0, action.indexOf('.') + 1);
    super('reserved_action', `Actions starting with "${prefix}" are StaffGate's own events; record yours under a prefix of your own, e.g. appointment.moved.`);
  }
}

/** api.md v1.1: the limits of a host event's `details`. */
export const DETAILS_LIMITS = {
  /** Bytes of the details as JSON (UTF-8). */
  bytes: 4096,
  /** Nesting: the details object is level 1, each object or array inside it one more. */
  depth: 8,
  /** Characters of a key, at any level. */
  keyLength: 100,
} as const;

/**
 * The smallest non-zero magnitude DynamoDB stores (1E-130); integers are
 * bounded by ±(2^53 − 1) so that every one round-trips exactly.
 */
const SMALLEST_NUMBER = 1e-130;

export interface DetailsProblem {
  /** Where, below `details`: keys and array indexes. */
  path: string[];
  message: string;
}

/**
 * What is wrong with a host event's `details` (parsed JSON); none means it
 * can be stored as is. Walks at most `depth` levels, so even a body nested
 * thousands deep costs nothing and never reaches JSON.stringify or DynamoDB.
 */
export function detailsProblems(details: Record<string, unknown>): DetailsProblem[] {
  const problems: DetailsProblem[] = [];
  const walk = (value: unknown, path: string[], depth: number): void => {
    if (problems.length >= 20) return;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push({ path, message: 'Numbers must be finite.' });
      else if (Math.abs(value) > Number.MAX_SAFE_INTEGER) problems.push({ path, message: 'Numbers must lie within ±(2^53 − 1).' });
      else if (value !== 0 && Math.abs(value) < SMALLEST_NUMBER) problems.push({ path, message: 'Numbers other than 0 must be at least 1e-130 in size.' });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth > DETAILS_LIMITS.depth) {
      problems.push({ path, message: `Details may nest at most ${DETAILS_LIMITS.depth} levels deep.` });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, String(index)], depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === '') problems.push({ path, message: 'Keys must not be empty.' });
      else if (key.length > DETAILS_LIMITS.keyLength) problems.push({ path, message: `Keys are at most ${DETAILS_LIMITS.keyLength} characters.` });
      else walk(item, [...path, key], depth + 1);
    }
  };
  walk(details, [], 1);
  if (problems.length === 0 && Buffer.byteLength(JSON.stringify(details), 'utf8') > DETAILS_LIMITS.bytes) {
    problems.push({ path: [], message: `At most ${DETAILS_LIMITS.bytes} bytes of details (as JSON).` });
  }
  return problems;
}

export interface AuditContext {
  requestId?: string;
  sourceIp?: string;
  /** Set when the request came from a terminal session: whatever it changes happened at that terminal. */
  terminalId?: string;
}

export interface AuditInput {
  tenantId: string;
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  changes?: Record<string, { before: unknown; after: unknown }>;
  details?: Record<string, unknown>;
  /** The terminal the event happened at: every event of a terminal session (and of a terminal itself) names it. */
  terminalId?: string;
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

/** A checker's audit actor: the staff member, or the terminal of a desk session. */
export function checkerActor(checker: Checker): AuditActor {
  if (checker.staffId === undefined) return { type: 'terminal', id: checker.terminalId };
  return { type: 'staff', id: checker.staffId, staffId: checker.staffId };
}

/**
 * A host app's event (`POST /v1/audit`), stored with `source:"host"`. Its
 * action may not pass for one of StaffGate's own (`400 reserved_action`).
 * Events expire by TTL after the tenant's `auditRetentionDays`.
 */
export async function recordHostEvent(input: AuditInput): Promise<AuditEventAttributes> {
  if (isReservedAction(input.action)) throw new ReservedActionError(input.action);
  const retentionDays = (await recentTenantSettings(input.tenantId))?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const event = buildEvent(input, retentionDays, 'host');
  await putAuditEvent(event);
  return event;
}

/** One of StaffGate's own events, written alone. Events expire by TTL after the tenant's `auditRetentionDays`. */
export async function recordAudit(input: AuditInput): Promise<AuditEventAttributes> {
  const retentionDays = (await recentTenantSettings(input.tenantId))?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const event = auditEvent(input, retentionDays);
  await putAuditEvent(event);
  return event;
}

/** One of StaffGate's own events, to write inside the caller's own transaction (hot paths: one request for the change and its record). */
export function auditEvent(input: AuditInput, retentionDays: number): AuditEventAttributes {
  return buildEvent(input, retentionDays, 'staffgate');
}

function buildEvent(input: AuditInput, retentionDays: number, source: AuditSource): AuditEventAttributes {
  const nowMs = clock.nowMs();
  const event: AuditEventAttributes = {
    eventId: newId('evt'),
    tenantId: input.tenantId,
    at: new Date(nowMs).toISOString(),
    source,
    action: input.action,
    actor: input.actor,
    ...(input.actor.staffId ? { actorStaffId: input.actor.staffId } : {}),
    ...(input.target ? { target: input.target } : {}),
    ...((input.terminalId ?? input.context?.terminalId) ? { terminalId: input.terminalId ?? input.context?.terminalId } : {}),
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
/** JSON with object keys in order: a map read back from DynamoDB need not keep the order it was written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function diff<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
  personal: readonly (keyof T & string)[] = [],
) {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of fields) {
    // A field absent from `after` was cleared (a PATCH of null deletes it): that is a change too.
    const was = before[field] ?? null;
    const now = after[field] ?? null;
    if (canonicalJson(was) === canonicalJson(now)) continue;
    changes[field] = personal.includes(field)
      ? { before: was === null ? null : PERSONAL, after: now === null ? null : PERSONAL }
      : { before: was, after: now };
  }
  return changes;
}

/**
 * Who recorded an event. Events stored before `source` existed have none:
 * StaffGate has only ever recorded actions under its reserved prefixes, so
 * one of those is StaffGate's and anything else was posted by a host app.
 */
export function sourceOf(event: Pick<AuditEventAttributes, 'source' | 'action'>): AuditSource {
  return event.source ?? (isReservedAction(event.action) ? 'staffgate' : 'host');
}

export function auditView(event: AuditEventAttributes) {
  return {
    id: event.eventId,
    at: event.at,
    source: sourceOf(event),
    action: event.action,
    actor: event.actor,
    target: event.target ?? null,
    terminalId: event.terminalId ?? null,
    requestId: event.requestId ?? null,
    sourceIp: event.sourceIp ?? null,
    changes: event.changes ?? null,
    details: event.details ?? null,
  };
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/**
 * A cursor is the sort key of the last event of a page, exactly as
 * `auditEvent` writes it (`toISOString()` + `#` + an event id), so a tampered
 * one can neither exceed DynamoDB's key size nor hold anything else.
 */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#evt_[0-9a-z]{1,40}$/;

export async function listAudit(query: {
  tenantId: string;
  from?: string | undefined;
  to?: string | undefined;
  staffId?: string | undefined;
  action?: string | undefined;
  source?: AuditSource | undefined;
  /** The target filter: `targetType` alone, or `targetType` and `targetId` together (ids are unique only within a type). */
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  // Sort keys are `<ISO time, ms>#<id>`: bounds are normalised to the same form, and `<to>~` includes every event at `to`.
  const upper = query.to ? `${new Date(query.to).toISOString()}~` : FAR_FUTURE;
  const cursor = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
  if (cursor !== undefined && !CURSOR.test(cursor)) {
    throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
  }
  const before = cursor && cursor < upper ? cursor : upper;
  const from = query.from ? new Date(query.from).toISOString() : '0000';
  // A cursor from before `from` (a page of another query): nothing is in range, and DynamoDB refuses an empty BETWEEN.
  if (before <= from) return { items: [], nextCursor: null };
  const items = await queryAuditEvents({
    tenantId: query.tenantId,
    from,
    before,
    staffId: query.staffId,
    action: query.action,
    ...(query.source ? { source: { source: query.source, legacyStaffgatePrefixes: RESERVED_ACTION_PREFIXES } } : {}),
    targetType: query.targetType,
    targetId: query.targetId,
    limit: query.limit,
  });
  const page = items.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(auditView),
    nextCursor: items.length > query.limit && last ? Buffer.from(last.sk).toString('base64url') : null,
  };
}
