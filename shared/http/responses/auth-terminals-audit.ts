import { z } from 'zod';
import { page, timestamp } from '../response-schemas.js';

/**
 * The answers of the auth, terminals and audit functions (functions/auth,
 * functions/terminals, functions/audit), as zod schemas: see
 * shared/http/response-schemas.ts for how they are used. Each mirrors the
 * domain function its operation calls.
 */

// ---------------------------------------------------------------- auth

/** accountView (shared/domain/auth/login.ts). */
export const Account = z
  .strictObject({
    id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: 'Account' });

/** membershipViews (shared/domain/auth/login.ts): a salon the account belongs to. */
export const AccountMembership = z
  .strictObject({
    tenantId: z.string(),
    tenantName: z.string(),
    staffId: z.string(),
  })
  .meta({ id: 'AccountMembership' });

/** profileView (shared/domain/auth/login.ts): `GET /v1/me`. */
export const Profile = z
  .strictObject({
    account: Account,
    memberships: z.array(AccountMembership),
  })
  .meta({ id: 'Profile' });

/** LoginResult (shared/domain/auth/login.ts): login, and accepting an invitation (which signs the person in). */
export const SignIn = z
  .strictObject({
    token: z.string().describe('The back-office session token (bearer); shown once.'),
    expiresAt: timestamp,
    account: Account,
    memberships: z.array(AccountMembership),
  })
  .meta({ id: 'SignIn' });

/** SessionView (shared/domain/auth/sessions.ts): one live session of the account. */
export const Session = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['backoffice', 'terminal']),
    platform: z.enum(['web', 'mobile']).describe('The app the session was opened from (login\'s `platform`).'),
    createdAt: timestamp,
    lastSeenAt: timestamp,
    expiresAt: timestamp,
    userAgent: z.string().nullable(),
    sourceIp: z.string().nullable(),
    current: z.boolean().describe('The session that asks.'),
  })
  .meta({ id: 'Session' });

/** `{ items, nextCursor }` of listAccountSessions. */
export const SessionPage = page(Session);

/** permissionList (shared/domain/permissions/compiled.ts): one held permission, as the app draws it. */
export const SessionPermission = z
  .strictObject({
    key: z.string(),
    scope: z.enum(['all', 'own', 'staff']).optional(),
    employeeIds: z.array(z.string()).optional(),
    days: z.number().int().optional(),
    limit: z.number().optional(),
    above: z.literal('approval').optional(),
    approval: z.literal(true).optional(),
  })
  .meta({ id: 'SessionPermission' });

/** describeSession (shared/domain/auth/describe-session.ts): `GET /v1/session`. */
export const CurrentSession = z
  .strictObject({
    kind: z.enum(['backoffice', 'terminal']),
    platform: z.enum(['web', 'mobile', 'terminal']).describe('Where the session works: the web app, the mobile app (its level without `webOnlySections`) or a salon terminal.'),
    tenantId: z.string().nullable(),
    staff: z
      .strictObject({
        id: z.string(),
        displayName: z.string().optional().describe('Terminal sessions only.'),
      })
      .nullable(),
    terminal: z
      .strictObject({ id: z.string(), name: z.string(), branchId: z.string() })
      .optional()
      .describe('A desk session only (PINs off, POST /v1/terminal/desk-session): the terminal that acts, with `staff` null.'),
    account: Account.nullable(),
    permissions: z.array(SessionPermission),
    idleExpiresAt: timestamp,
  })
  .meta({ id: 'CurrentSession' });

/** startTotpEnrolment (shared/domain/auth/two-factor.ts): the new secret, shown this once. */
export const TotpEnrolment = z
  .strictObject({
    secret: z.string().describe('The TOTP secret (base32); shown once.'),
    otpauthUri: z.string().describe('otpauth:// URI of the same secret, for a QR code.'),
  })
  .meta({ id: 'TotpEnrolment' });

/** confirmTotpEnrolment (shared/domain/auth/two-factor.ts): recovery codes, shown once. */
export const RecoveryCodes = z
  .strictObject({
    recoveryCodes: z.array(z.string()).describe('One-time recovery codes (xxxxx-xxxxx); shown once.'),
  })
  .meta({ id: 'RecoveryCodes' });

/** `POST /v1/auth/password-reset`: the same answer whether or not the login exists. */
export const PasswordResetAccepted = z.strictObject({ status: z.literal('accepted') }).meta({ id: 'PasswordResetAccepted' });

/** listInvitationViews (shared/domain/invitations/invite.ts): a pending one past its expiry shows as `expired`. */
export const InvitationListItem = z
  .strictObject({
    id: z.string(),
    staffId: z.string(),
    channel: z.enum(['email', 'sms']),
    expiresAt: timestamp,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: timestamp,
  })
  .meta({ id: 'InvitationListItem' });

/** pageOf over listInvitationViews. */
export const InvitationPage = page(InvitationListItem);

/** previewInvitation (shared/domain/invitations/accept.ts): what the invitee sees before accepting. */
export const InvitationPreview = z
  .strictObject({
    tenantName: z.string(),
    firstName: z.string(),
    inviterName: z
      .string()
      .nullable()
      .describe('Who invited, as the invitation message names them; null for the operator\'s owner invitation and invitations older than this field.'),
    expiresAt: timestamp,
  })
  .meta({ id: 'InvitationPreview' });

// ---------------------------------------------------------------- terminals

/** terminalView (shared/domain/terminals/manage.ts). */
export const Terminal = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    branchId: z.string(),
    version: z.number().int().describe('For `If-Match` on PATCH.'),
    createdAt: timestamp,
  })
  .meta({ id: 'Terminal' });

/** listTerminals: each terminal with who is signed in now and when its token was last used. */
export const ListedTerminal = Terminal.extend({
  lastSeenAt: timestamp
    .nullable()
    .describe(
      "When the terminal's token was last used: an unlock, the padlock, or a request of a session opened on it (to within a minute: the session's idle touch). Null if never.",
    ),
  signedIn: z
    .strictObject({
      staffId: z.string(),
      displayName: z.string(),
      since: timestamp.describe('When their unlock opened the session.'),
    })
    .nullable()
    .describe('Who is signed in at the terminal now; null when nobody is, or their session has ended (padlock, auto-logout, 12 hours, suspended, revoked, terminal moved).'),
}).meta({ id: 'ListedTerminal' });

/** registerTerminal: the terminal and its device token, shown once. */
export const RegisteredTerminal = Terminal.extend({
  token: z.string().describe('The terminal device token; shown once.'),
}).meta({ id: 'RegisteredTerminal' });

/** startPairing: what a device waiting to be paired shows (the code) and polls with (the id). */
export const TerminalPairing = z
  .strictObject({
    pairingId: z.string(),
    code: z.string().describe('8 characters (no 0, O, 1, I, L or U) for a manager to type at POST …/terminals/pair.'),
    expiresAt: timestamp,
  })
  .meta({ id: 'TerminalPairing' });

/** fetchPairedToken before a manager has paired the device. */
export const PairingWaiting = z
  .strictObject({ status: z.literal('waiting') })
  .describe('No manager has paired the device yet: fetch again after Retry-After seconds.')
  .meta({ id: 'PairingWaiting' });

/** fetchPairedToken once paired: the device token, handed out to one fetch only. */
export const PairedToken = z.strictObject({ token: z.string().describe('The terminal device token; given once.') }).meta({ id: 'PairedToken' });

/** The person at the terminal (terminal sessions, approvals). */
export const TerminalStaff = z
  .strictObject({
    id: z.string(),
    displayName: z.string(),
  })
  .meta({ id: 'TerminalStaff' });

/** unlock (shared/domain/terminals/unlock.ts): the staff member's terminal session. */
export const TerminalSession = z
  .strictObject({
    token: z.string().describe('The terminal session token (bearer); shown once.'),
    expiresAt: timestamp,
    idleTimeoutSeconds: z.number().int(),
    staff: TerminalStaff,
    permissions: z.array(SessionPermission),
    pinRenewalDue: z
      .literal(true)
      .optional()
      .describe(
        "Present when the PIN just used is older than the salon's `pinMaxAgeDays`: suggest `POST /v1/session/pin/renew`. Advice only: the unlock succeeded.",
      ),
  })
  .meta({ id: 'TerminalSession' });

/** startDeskSession (shared/domain/terminals/desk-sessions.ts): the front desk's own session, with PINs off. */
export const DeskSession = z
  .strictObject({
    token: z.string().describe('The desk session token (bearer); shown once.'),
    expiresAt: timestamp,
    idleTimeoutSeconds: z.number().int(),
    terminal: z.strictObject({ id: z.string(), name: z.string(), branchId: z.string() }),
    accessLevel: z.strictObject({ id: z.string(), name: z.string() }).describe("The salon's desk level (settings.deskAccessLevelId)."),
    permissions: z.array(SessionPermission),
  })
  .meta({ id: 'DeskSession' });

/** approve (shared/domain/terminals/approvals.ts): one action let through by another staff member's PIN. */
export const Approval = z
  .strictObject({
    approvalToken: z.string().describe('Single-use approval token; shown once.'),
    approver: TerminalStaff,
    expiresAt: timestamp,
  })
  .meta({ id: 'Approval' });

// ---------------------------------------------------------------- audit

/** AuditActor (shared/data/repositories/audit.ts). */
export const AuditActor = z
  .strictObject({
    type: z.enum(['staff', 'account', 'terminal', 'operator', 'system']),
    id: z.string(),
    staffId: z.string().optional(),
  })
  .meta({ id: 'AuditActor' });

/** auditView (shared/domain/audit/audit.ts). */
export const AuditEvent = z
  .strictObject({
    id: z.string(),
    at: timestamp,
    source: z.enum(['staffgate', 'host']),
    action: z.string(),
    actor: AuditActor,
    target: z.strictObject({ type: z.string(), id: z.string() }).nullable(),
    terminalId: z.string().nullable(),
    requestId: z.string().nullable(),
    sourceIp: z.string().nullable(),
    changes: z.record(z.string(), z.strictObject({ before: z.unknown(), after: z.unknown() })).nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });

/** `{ items, nextCursor }` of listAudit. */
export const AuditEventPage = page(AuditEvent);

/** `POST /v1/audit`: the recorded host event. */
export const RecordedAuditEvent = z
  .strictObject({
    id: z.string(),
    at: timestamp,
  })
  .meta({ id: 'RecordedAuditEvent' });
