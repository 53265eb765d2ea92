/**
 * Change events for host apps: what changed, by id, never who it was.
 * Each is derived from one of StaffGate's own audit events, which every
 * change writes in its own transaction; the table's stream carries that
 * audit event only once the transaction has committed, so an event exists
 * if and only if its change does. The audit event's id is the change
 * event's id: a stream retry produces the same event, which consumers
 * de-duplicate by `id` (EventBridge) or `webhook-id` (webhooks).
 *
 * Data holds ids and non-personal fields only (GDPR): an archived person's
 * name or contacts must not live on in event history, archives or webhook
 * logs. Staff changes name the fields that changed, not their values.
 */
import type { AuditEventAttributes } from '../data/repositories/audit.js';

export const EVENT_TYPES = [
  'staff.created',
  'staff.updated',
  'staff.level_changed',
  'staff.suspended',
  'staff.archived',
  'access_level.created',
  'access_level.updated',
  'access_level.deleted',
  'pin.set',
  'pin.retired',
  'terminal.registered',
  'terminal.updated',
  'terminal.revoked',
  'terminal.locked',
  'tenant.pins_locked',
  'session.revoked',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'branch.created',
  'branch.updated',
  'branch.deleted',
  'webhook.test',
  'webhook.disabled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ChangeEvent {
  id: string;
  type: EventType;
  tenantId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Sent to one webhook only (its own test) and never put on the bus: it is not a change. */
export const WEBHOOK_ONLY_TYPES: ReadonlySet<EventType> = new Set(['webhook.test']);

type Build = (audit: AuditEventAttributes) => { type: EventType; data: Record<string, unknown> } | undefined;

const targetId = (audit: AuditEventAttributes) => audit.target?.id;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const after = (audit: AuditEventAttributes, field: string) => audit.changes?.[field]?.after;
const before = (audit: AuditEventAttributes, field: string) => audit.changes?.[field]?.before;

const staffUpdated: Build = (audit) => {
  const staffId = targetId(audit);
  const fields = Object.keys(audit.changes ?? {}).sort();
  if (!staffId || fields.length === 0) return undefined;
  const level = text(after(audit, 'accessLevelId'));
  const previous = text(before(audit, 'accessLevelId'));
  if (level && previous) return { type: 'staff.level_changed', data: { staffId, accessLevelId: level, previousAccessLevelId: previous, fields } };
  return { type: 'staff.updated', data: { staffId, fields } };
};

const invitation = (type: EventType): Build => (audit) => {
  const invitationId = text(audit.details?.invitationId);
  const staffId = targetId(audit);
  const channel = text(audit.details?.channel);
  if (!invitationId || !staffId) return undefined;
  if (type !== 'invitation.created') return { type, data: { invitationId, staffId } };
  return channel ? { type, data: { invitationId, staffId, channel } } : undefined;
};

/** Audit action → change event. Actions not listed (failed PINs, unlocks, logins, settings…) are not changes hosts follow. */
const BUILDERS: Readonly<Record<string, Build>> = {
  'staff.created': (audit) => {
    const [staffId, accessLevelId, status] = [targetId(audit), text(after(audit, 'accessLevelId')), text(after(audit, 'status'))];
    return staffId && accessLevelId && status ? { type: 'staff.created', data: { staffId, accessLevelId, status } } : undefined;
  },
  'staff.updated': staffUpdated,
  'staff.suspended': (audit) => (targetId(audit) ? { type: 'staff.suspended', data: { staffId: targetId(audit) } } : undefined),
  'staff.archived': (audit) => (targetId(audit) ? { type: 'staff.archived', data: { staffId: targetId(audit) } } : undefined),
  'staff.sessions_revoked': (audit) => (targetId(audit) ? { type: 'session.revoked', data: { staffId: targetId(audit), reason: 'sessions_revoked' } } : undefined),
  'access_level.created': (audit) => (targetId(audit) ? { type: 'access_level.created', data: { accessLevelId: targetId(audit) } } : undefined),
  'access_level.updated': (audit) => (targetId(audit) ? { type: 'access_level.updated', data: { accessLevelId: targetId(audit) } } : undefined),
  'access_level.deleted': (audit) => (targetId(audit) ? { type: 'access_level.deleted', data: { accessLevelId: targetId(audit) } } : undefined),
  'pin.set': (audit) => (targetId(audit) ? { type: 'pin.set', data: { staffId: targetId(audit) } } : undefined),
  'pin.removed': (audit) => (targetId(audit) ? { type: 'pin.retired', data: { staffId: targetId(audit), reason: 'removed' } } : undefined),
  'pin.retired': () => ({ type: 'pin.retired', data: { reason: 'pin_length_changed' } }),
  'terminal.registered': (audit) => {
    const [terminalId, branchId] = [targetId(audit), text(audit.details?.branchId)];
    return terminalId && branchId ? { type: 'terminal.registered', data: { terminalId, branchId } } : undefined;
  },
  'terminal.updated': (audit) => {
    const terminalId = targetId(audit);
    const fields = Object.keys(audit.changes ?? {}).sort();
    const branchId = text(after(audit, 'branchId'));
    if (!terminalId || fields.length === 0) return undefined;
    return { type: 'terminal.updated', data: { terminalId, fields, ...(branchId ? { branchId } : {}) } };
  },
  'terminal.revoked': (audit) => (targetId(audit) ? { type: 'terminal.revoked', data: { terminalId: targetId(audit) } } : undefined),
  'pin.terminal_locked': (audit) => {
    const until = text(audit.details?.until);
    return audit.terminalId && until ? { type: 'terminal.locked', data: { terminalId: audit.terminalId, until } } : undefined;
  },
  'pin.tenant_locked': (audit) => {
    const until = text(audit.details?.until);
    return until ? { type: 'tenant.pins_locked', data: { until } } : undefined;
  },
  'invitation.sent': invitation('invitation.created'),
  'invitation.accepted': invitation('invitation.accepted'),
  'invitation.revoked': invitation('invitation.revoked'),
  'branch.created': (audit) => (targetId(audit) ? { type: 'branch.created', data: { branchId: targetId(audit) } } : undefined),
  'branch.updated': (audit) => {
    const fields = Object.keys(audit.changes ?? {}).sort();
    return targetId(audit) && fields.length > 0 ? { type: 'branch.updated', data: { branchId: targetId(audit), fields } } : undefined;
  },
  'branch.deleted': (audit) => (targetId(audit) ? { type: 'branch.deleted', data: { branchId: targetId(audit) } } : undefined),
  'webhook.tested': (audit) => (targetId(audit) ? { type: 'webhook.test', data: { webhookId: targetId(audit) } } : undefined),
  'webhook.disabled': (audit) => (targetId(audit) ? { type: 'webhook.disabled', data: { webhookId: targetId(audit) } } : undefined),
};

/** The change event an audit event stands for, if it records a change hosts follow. Host events (`POST /v1/audit`) never do. */
export function changeEventOf(audit: AuditEventAttributes): ChangeEvent | undefined {
  if (audit.source !== 'staffgate') return undefined;
  const built = BUILDERS[audit.action]?.(audit);
  if (!built) return undefined;
  return { id: audit.eventId, type: built.type, tenantId: audit.tenantId, occurredAt: audit.at, data: built.data };
}

/** The audit actions that become change events, for the stream filter and the docs. */
export const CHANGE_ACTIONS: readonly string[] = Object.keys(BUILDERS);
