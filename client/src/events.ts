/**
 * The change events StaffGate sends to a host's webhooks. Data holds ids and
 * non-personal fields only: read the staff member (or level, terminal…) by id
 * when you need more. StaffGate may add event types before you upgrade this
 * package, so handle `type` with a `default` branch that ignores the rest.
 */
import type { components } from './schema.js';

export interface StaffGateEventData {
  'staff.created': { staffId: string; accessLevelId: string; status: components['schemas']['Staff']['status'] };
  /** `fields` names what changed (`firstName`, `branchIds`…), never the values. */
  'staff.updated': { staffId: string; fields: string[] };
  /** A level change (with any other fields changed in the same edit, named in `fields`). */
  'staff.level_changed': { staffId: string; accessLevelId: string; previousAccessLevelId: string; fields: string[] };
  'staff.suspended': { staffId: string };
  'staff.archived': { staffId: string };
  'access_level.created': { accessLevelId: string };
  'access_level.updated': { accessLevelId: string };
  'access_level.deleted': { accessLevelId: string };
  'pin.set': { staffId: string };
  /** A salon's change of PIN length retires every PIN at once, so it names no staff member. */
  'pin.retired': { staffId?: string; reason: 'removed' | 'pin_length_changed' };
  'terminal.registered': { terminalId: string; branchId: string };
  /** `fields`: `name` and/or `branchId`; `branchId`, the branch it moved to. A move ends the sessions opened on it. */
  'terminal.updated': { terminalId: string; fields: string[]; branchId?: string };
  'terminal.revoked': { terminalId: string };
  /** `until`: when PIN entry on the terminal opens again (ISO 8601). */
  'terminal.locked': { terminalId: string; until: string };
  /** `until`: when PIN entry opens again on every terminal of the salon (ISO 8601). */
  'tenant.pins_locked': { until: string };
  /** Every session of the staff member in the salon ended (`reason: "sessions_revoked"`). */
  'session.revoked': { staffId: string; reason: string };
  'invitation.created': { invitationId: string; staffId: string; channel: 'email' | 'sms' };
  'invitation.accepted': { invitationId: string; staffId: string };
  'invitation.revoked': { invitationId: string; staffId: string };
  'branch.created': { branchId: string };
  /** `fields` names what changed (`name`). */
  'branch.updated': { branchId: string; fields: string[] };
  'branch.deleted': { branchId: string };
  'webhook.test': { webhookId: string };
  'webhook.disabled': { webhookId: string };
}

export type EventType = keyof StaffGateEventData;

/** One event; `switch (event.type)` narrows `data`. `id` is the same on redeliveries: de-duplicate by it. */
export type StaffGateEvent = {
  [Type in EventType]: { id: string; type: Type; tenantId: string; occurredAt: string; data: StaffGateEventData[Type] };
}[EventType];
