import type { Channel, Locale } from '../data/entities.js';

/**
 * Everything StaffGate sends to a person. A message carries its secret (the
 * invitation token, later a PIN or reset code) until it is sent: it travels
 * only through the KMS-encrypted queue and is never logged.
 */
export type OutgoingMessage = InvitationMessage | PinMessage | PasswordResetMessage;

/**
 * Whom a message concerns, when known: a message that is never delivered is
 * recorded in that salon's audit trail, against that staff member.
 */
export interface MessageSubject {
  tenantId?: string;
  staffId?: string;
}

export interface InvitationMessage extends MessageSubject {
  kind: 'invitation';
  channel: Channel;
  to: string;
  locale: Locale;
  tenantName: string;
  firstName: string;
  inviterName: string | null;
  token: string;
  expiresAt: string;
  /** The salon's IANA zone, the expiry's; absent on messages queued before zones: UTC. */
  timeZone?: string;
}

/** A staff member's PIN, sent at the moment it is set or generated: the only time it exists in clear. */
export interface PinMessage extends MessageSubject {
  kind: 'pin';
  channel: Channel;
  to: string;
  locale: Locale;
  tenantName: string;
  firstName: string;
  pin: string;
}

/** A password-reset link, sent by the login's own channel. */
export interface PasswordResetMessage extends MessageSubject {
  kind: 'password_reset';
  channel: Channel;
  to: string;
  locale: Locale;
  token: string;
  expiresAt: string;
}

/**
 * Work that follows a request, done by the table-stream worker once the
 * request's outbox item has committed, not by the request: whatever the work
 * finds, the request has answered already and in the same time. An outbox
 * item holds either a message or a job; both are sealed the same way.
 */
export type OutboxJob = PasswordResetRequestJob;
export type OutboxContent = OutgoingMessage | OutboxJob;

/**
 * Someone asked for a reset link for `login` (normalised; `channel` is its
 * kind). The worker looks the login up and, only if an account has it,
 * issues the link and sends it by that channel. The login may have no
 * account, so the job names no owner.
 */
export interface PasswordResetRequestJob {
  kind: 'password_reset_request';
  channel: Channel;
  login: string;
}

export const JOB_KINDS: ReadonlySet<OutboxContent['kind']> = new Set<OutboxJob['kind']>(['password_reset_request']);

export function isJob(content: OutboxContent): content is OutboxJob {
  return JOB_KINDS.has(content.kind);
}

/** Name the message kind (never its content) so mail and SMS tooling can sort messages. */
export const KIND_HEADER = 'X-StaffGate-Kind';
export const SMS_KIND_ATTRIBUTE = 'StaffGate.Kind';
