/**
 * Every item kind of the single table, declared once: how its keys are built
 * and which attributes it carries. Item types are derived from these
 * declarations (`ItemOf`), so a repository cannot write a key by hand.
 *
 * Partition keys lead with the tenant (`TENANT#`) or account (`ACCOUNT#`) the
 * item belongs to. The exceptions are the global items for login
 * identifiers (`LOGIN#`: uniqueness and failure counters), per-address
 * throttles (`CLIENT#`) and devices waiting to be paired (`PAIRING#`): they
 * are looked up before any owner is known; an
 * operator's Idempotency-Keys (`OPERATOR#`); and the region's access-snapshot
 * signing keys (`SIGNING_KEY#`). See docs/data-model.md.
 */
import type { Residency } from '../config.js';
import type { Grants, Overrides } from '../domain/permissions/grants.js';

interface EntityDeclaration<Key, Attributes> {
  readonly name: string;
  key(key: Key): { pk: string; sk: string };
  item(key: Key, attributes: Attributes): { pk: string; sk: string; entity: string } & Attributes;
}

function entity<Key, Attributes>(
  name: string,
  key: (key: Key) => { pk: string; sk: string },
): EntityDeclaration<Key, Attributes> {
  return {
    name,
    key,
    item: (k, attributes) => ({ ...key(k), entity: name, ...attributes }),
  };
}

export type ItemOf<E> = E extends EntityDeclaration<unknown, infer A> ? A & { pk: string; sk: string; entity: string } : never;

const tenantPk = (tenantId: string) => `TENANT#${tenantId}`;
const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
/** What makes two tag names the same tag: case does not. */
export const tagKey = (name: string) => name.trim().toLowerCase();

export type Plan = 'trial' | 'paid';
export type StaffStatus = 'active' | 'invited' | 'suspended' | 'archived';
export type Channel = 'email' | 'sms';
/** The languages StaffGate writes its messages in (shared/messages/templates.ts). */
export const LOCALES = ['en', 'sv', 'ru', 'de', 'fr', 'es', 'nl', 'pl', 'fi', 'nb', 'da'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LockoutPolicy {
  maxAttempts: number;
  lockSeconds: number;
  tenantFailuresPerHour: number;
}

export interface TenantSettings {
  pinsEnabled: boolean;
  pinLength: 4 | 6;
  autoLogoutSeconds: number;
  lockout: LockoutPolicy;
  /** How long audit events are kept (DynamoDB TTL). */
  auditRetentionDays: number;
  /** Members who hold settings.manage or access.manage must sign in with two-factor login. */
  requireTwoFactorForAdmins: boolean;
  /** How long an access snapshot stays valid (10–300 s). Absent on salons created before snapshots: the default. */
  snapshotLifetimeSeconds?: number;
  /** PINs older than this many days (30–3650) are due for renewal: unlock says so (`pinRenewalDue`), never refuses. Absent: no limit. */
  pinMaxAgeDays?: number;
  /** The salon's IANA time zone: `days` limits, audit day filters and staff dates count its days. Absent on salons created before zones: the region's. */
  timeZone?: string;
  /**
   * With PINs off: the access level a front-desk terminal acts with in a
   * desk session (no staff member signed in). Absent: terminals get no desk
   * session.
   */
  deskAccessLevelId?: string;
}

export interface TenantAttributes {
  tenantId: string;
  name: string;
  plan: Plan;
  residency: Residency;
  region: string;
  locale: Locale;
  settings: TenantSettings;
  /** Bumped when the PIN length changes: PIN digests of an older epoch no longer unlock. */
  pinEpoch?: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A compiled access level as stored: bit words and restrictions by catalog index. */
export interface StoredCompiledLevel {
  catalogVersion: number;
  allow: number[];
  approval: number[];
  restrictions: Record<string, { scope?: 'own' | 'staff'; employeeIds?: string[]; days?: number; limit?: number; above?: 'approval' }>;
}

export interface AccessLevelAttributes {
  tenantId: string;
  accessLevelId: string;
  name: string;
  template?: string;
  grants: Grants;
  compiled: StoredCompiledLevel;
  remoteAccess: boolean;
  /** Catalog sections whose rights work only in the web app and at terminals, not in the mobile app (absent: none). */
  webOnlySections?: string[];
  /** How many staff members hold it; deletion needs 0. Kept in the same transactions as staff writes. */
  holders: number;
  /** How many *active* staff members hold it (the last-admin rule counts them). Same transactions as `holders`. */
  activeHolders: number;
  /** It grants every admin permission outright (admin-guard.ts): its active holders are the salon's admins. */
  admin: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The current version of every access level of a tenant: read with each session check, so edits are seen at once. */
export interface TenantPolicyAttributes {
  levels: Record<string, number>;
  /** Mirrors settings.requireTwoFactorForAdmins, read with every session check. */
  requireTwoFactorForAdmins?: boolean;
  /** Mirrors settings.timeZone, read with every session check (history limits, staff dates); absent: the region's. */
  timeZone?: string;
  /** Mirror settings.pinsEnabled and settings.deskAccessLevelId, read with every desk-session check; absent pinsEnabled: on. */
  pinsEnabled?: boolean;
  deskAccessLevelId?: string;
  /** When the desk began acting with its current level: desk sessions from before it have ended (a later off-and-on never revives them). */
  deskSince?: string;
  /** Active members on admin levels; a change may not bring it from ≥ 1 to 0 (409 last_admin). */
  admins: number;
}

/**
 * One of the region's access-snapshot signing keys (deployed only): a P-256
 * key pair made by KMS (GenerateDataKeyPairWithoutPlaintext), its private
 * part kept only encrypted under the secrets key (context
 * `owner: snapshot-key:<period>`). One key per rotation period; see
 * shared/domain/access-snapshot/key-rotation.ts.
 */
export interface SnapshotSigningKeyAttributes {
  period: number;
  kid: string;
  /** The public key's JWK coordinates (P-256). */
  x: string;
  y: string;
  /** KMS ciphertext (base64) of the PKCS #8 private key. */
  privateKeyCiphertext: string;
  createdAt: string;
  ttl: number;
}

export interface BranchAttributes {
  tenantId: string;
  branchId: string;
  name: string;
  createdAt: string;
  /**
   * Raised by every write that makes a staff member or a terminal work here
   * (branchReferenceStep), never lowered: a deletion that found no references
   * deletes only if it is still the value it read (deleteBranch).
   */
  referenceChanges?: number;
}

/**
 * A tag of the salon's managed list (Sitoo). Unique per salon whatever its
 * case; `name` is the spelling staff members carry.
 */
export interface TagAttributes {
  tenantId: string;
  name: string;
  /** Set when a rename made it: the key of the tag it replaces, so a retried rename is not refused as taken. */
  renamedFrom?: string;
  createdAt: string;
  updatedAt: string;
}

/** Branch id → the access level that applies there (StaffAttributes.branchLevels). */
export type BranchLevels = Record<string, string>;

export interface StaffAttributes {
  tenantId: string;
  staffId: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  accessLevelId: string;
  /** Personal adjustments to the level (grants.ts `Overrides`): a grant replaces the level's, `false` takes it away. */
  overrides?: Overrides;
  branchIds: string[];
  /**
   * The level that applies at a branch instead of `accessLevelId` (Toast: a
   * manager at one location is a stylist at another), by branch id. A map,
   * not a list, so a filter can ask whether a branch is named
   * (`attribute_exists(branchLevels.#branch)`). Absent: none.
   */
  branchLevels?: BranchLevels;
  employeeId?: string;
  tags: string[];
  externalId?: string;
  /** The language of messages sent to this person; absent = the salon's `locale`. */
  locale?: Locale;
  status: StaffStatus;
  /** First and last local day (`YYYY-MM-DD`, the salon's zone) on which they may sign in or unlock; absent = open-ended. */
  startsOn?: string;
  endsOn?: string;
  accountId?: string;
  /** Lower-cased first name, last name and email, for prefix search (`q`). */
  search: string[];
  sessionsNotBefore?: string;
  /**
   * The PIN, never in clear: only its keyed index digest (to replace it
   * atomically). Nothing here confirms a PIN without the MAC key.
   */
  pin?: { digest: string; keyVersion: string; epoch: number; setAt: string };
  /** Set when a PIN length switch retired their PIN. */
  needsNewPin?: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationAttributes {
  tenantId: string;
  invitationId: string;
  staffId: string;
  channel: Channel;
  tokenHash: string;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  /** The operator's owner invitation: sent (and resent) on any plan. */
  exemptFromPlan?: boolean;
  /** Who invited, as the invitation message names them; absent when nobody did (the operator's owner invitation) and on items older than the field. */
  inviterName?: string;
  ttl: number;
}

export interface AccountAttributes {
  accountId: string;
  email?: string;
  phone?: string;
  passwordHash: string;
  /** Two-factor login: the TOTP secret, encrypted, and the last time step used (each code works once). */
  totp?: { secret: string; lastStep: number; enabledAt: string };
  /** A secret handed out by POST /v1/auth/totp and not yet confirmed. */
  totpPending?: { secret: string; createdAt: string };
  /** SHA-256 of each unused recovery code. */
  recoveryCodes?: Record<string, true>;
  /** Back-office sessions created before this instant are over (a password reset ends them all in one write). */
  sessionsNotBefore?: string;
  /** The only password-reset link that still works: issuing a link ends every earlier one. */
  latestResetId?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /**
   * Session slots (shared/data/repositories/sessions.ts): `ss0`… each hold
   * `<createdAt>#<sessionId>` of the back-office session that took it, so
   * the count of live sessions is capped, read with the account at login.
   */
  [slot: `ss${number}`]: string;
}

export interface LoginAttributes {
  accountId: string;
}

/**
 * An account's membership of a tenant, with a copy of what authorization
 * needs from the staff member (kept in the same transactions as the staff
 * item), so a session check reads it in the same request as the session.
 */
export interface MembershipAttributes {
  accountId: string;
  tenantId: string;
  tenantName: string;
  staffId: string;
  status: StaffStatus;
  accessLevelId: string;
  overrides?: Overrides | null;
  branchIds: string[];
  branchLevels?: BranchLevels | null;
  employeeId?: string;
  /** Sessions created before this instant no longer reach the tenant (staff sessions revoked). */
  sessionsNotBefore?: string;
  /** The staff member's dates (null once cleared). */
  startsOn?: string | null;
  endsOn?: string | null;
  createdAt: string;
}

export type SessionKind = 'backoffice' | 'terminal';

export interface SessionAttributes {
  sessionId: string;
  kind: SessionKind;
  accountId?: string;
  tenantId?: string;
  staffId?: string;
  secretHash: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  expiresAt: string;
  userAgent?: string;
  sourceIp?: string;
  /** Signed in with a second factor (TOTP or a recovery code). */
  mfa?: boolean;
  /** Signed in from the mobile app (login's `platform`); absent: the web app. */
  platform?: 'mobile';
  /** The account's session slot it holds (`ss<slot>`); absent on sessions started before slots existed. */
  slot?: number;
  ttl: number;
}

export interface TerminalAttributes {
  tenantId: string;
  terminalId: string;
  name: string;
  branchId: string;
  secretHash: string;
  createdAt: string;
  /** For `If-Match`; terminals registered before it existed have none and count as version 1. */
  version?: number;
  updatedAt?: string;
  /** The terminal's one live desk session (PINs off): a newer one ends the one before. */
  deskSessionId?: string;
}

/** The staff session opened by a terminal's latest unlock: one person per terminal, the next unlock ends it. */
export interface TerminalSignedIn {
  sessionId: string;
  staffId: string;
  since: string;
}

/**
 * The PIN index: MAC(key, tenantId ‖ pin) → staff member. Unique per tenant
 * by construction, and the only proof of a PIN: finding the item needs the key.
 */
export interface PinDigestAttributes {
  staffId: string;
  keyVersion: string;
  epoch: number;
  /**
   * When the PIN was set (the staff item's `pin.setAt`), so that unlock can
   * tell its age from the item it reads anyway. Absent on digests written
   * before the PIN age policy existed.
   */
  setAt?: string;
  /** What a PIN entry needs of the holder, kept in the same transactions as the staff item: unlock reads no staff item. */
  holder: PinHolder;
}

export interface PinHolder {
  status: StaffStatus;
  accessLevelId: string;
  overrides?: Overrides;
  branchIds: string[];
  branchLevels?: BranchLevels;
  employeeId?: string;
  displayName: string;
  startsOn?: string;
  endsOn?: string;
}

export interface TerminalSessionAttributes {
  sessionId: string;
  kind: 'terminal';
  tenantId: string;
  staffId: string;
  terminalId: string;
  /** The terminal's branch: the session ends if the staff member stops working there. */
  branchId: string;
  secretHash: string;
  idleSeconds: number;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  expiresAt: string;
  ttl: number;
}

/**
 * A front desk's own session (PINs off, settings.deskAccessLevelId set): the
 * terminal acts, with the desk level, and no staff member is signed in. It
 * ends when the terminal is revoked or moved, or PINs are turned back on.
 */
export type DeskSessionAttributes = Omit<TerminalSessionAttributes, 'kind' | 'staffId'> & { kind: 'desk' };

/**
 * An attempt budget (shared/data/attempt-budgets.ts): slots `s0`… hold the
 * expiry (ms) of the attempts they count; a lock where the budget has one.
 */
export interface AttemptBudgetAttributes {
  lockedUntil?: number;
  locks?: number;
  ttl: number;
  [slot: `s${number}`]: number;
  /**
   * The salon's PIN budget item also keeps, per terminal: its run of wrong
   * PINs and lock (`T#<t>#s0`…, `lockedUntil`, `locks`), its token's hash
   * (`key`), who is signed in (`signedIn`, TerminalSignedIn), when its
   * token was last used (`seen`, ISO time) and, once it has been moved, its
   * branch (`branch`), which unlocks are conditioned on.
   */
  [perTerminal: `T#${string}#${string}`]: unknown;
}

export interface ApprovalAttributes {
  tenantId: string;
  approvalId: string;
  secretHash: string;
  permission: string;
  /** Canonical JSON of the resource the approval is bound to, its amount aside ('' for none). */
  resourceKey: string;
  /** The amount approved: the approval covers one check of at most this amount; absent, only a check without one. */
  amount?: number;
  approverStaffId: string;
  requesterStaffId: string;
  expiresAt: string;
  used: boolean;
  ttl: number;
}

/**
 * A message to send, committed in the same transaction as the change that
 * sends it, and delivered from the table's stream: it is sent if and only if
 * the change committed. Its content (which may hold a PIN or a token) is
 * sealed with the secrets key; the item expires after a day.
 */
export interface OutboxMessageAttributes {
  messageId: string;
  kind: string;
  channel: Channel;
  tenantId?: string;
  staffId?: string;
  sealed: string;
  createdAt: string;
  ttl: number;
}

/**
 * A creating request's Idempotency-Key: in progress (leased to one request),
 * committed (its change committed: marked inside the change's own
 * transaction) or completed (the first answer, sealed, to replay).
 */
export interface IdempotencyScope {
  tenantId?: string | undefined;
  accountId?: string | undefined;
  operator?: string | undefined;
}

export interface IdempotencyRecordAttributes {
  status: 'in_progress' | 'committed' | 'completed';
  fingerprint: string;
  owner: string;
  leaseUntil: number;
  response?: string;
  ttl: number;
}

export interface PasswordResetAttributes {
  accountId: string;
  resetId: string;
  secretHash: string;
  expiresAt: string;
  used: boolean;
  ttl: number;
}

/** A host's webhook endpoint (api.md v1.1). Its signing secrets are sealed under `webhook:<whk>`, never stored in the clear. */
export interface WebhookAttributes {
  tenantId: string;
  webhookId: string;
  url: string;
  types: string[];
  /** `disabled` after a delivery failed for 24 h (a `webhook.disabled` event says so); PATCH turns it back on. */
  status: 'active' | 'disabled';
  /** The current secret (`whsec_…`), sealed. */
  secret: string;
  /** After a rotation, the previous secret, still signing beside the new one until `previousSecretExpiresAt`. */
  previousSecret?: string;
  previousSecretExpiresAt?: string;
  disabledAt?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A device waiting to be paired with a salon (POST /v1/terminal/pairing), kept
 * under the SHA-256 of its normalised code: the manager who types the code and
 * the device that polls with it both find it with one GetItem. Once a manager
 * pairs it, it holds the new terminal's device token sealed under
 * `pairing:<prg>` until the device's one fetch removes it. Lives 10 minutes.
 */
export interface TerminalPairingAttributes {
  pairingId: string;
  status: 'waiting' | 'paired' | 'fetched';
  /** Epoch ms: conditions compare it, since TTL deletion lags. */
  expiresAtMs: number;
  createdAt: string;
  tenantId?: string;
  terminalId?: string;
  /** The device token, sealed (never in the clear), only between pairing and the device's fetch. */
  sealedToken?: string;
  /** The nonce of the fetch that took the token: only that fetch (retried) may take it again. */
  fetchedBy?: string;
  ttl: number;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event on its way to one webhook, with its attempts (ids and non-personal fields only, like the event). */
export interface WebhookDeliveryAttributes {
  tenantId: string;
  webhookId: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  /** The event's time: with the delivery id it makes the key, so the same event handed over twice makes one delivery. */
  occurredAt: string;
  /** The event as sent, JSON: the same bytes every attempt, so the receiver's signature check and de-duplication hold. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  /** The receiver's HTTP status of the latest attempt, if it answered. */
  responseStatus?: number;
  /** Why the latest attempt failed, in a word (`timeout`, `address_refused`, `http_status`…). */
  error?: string;
  ttl: number;
}

/** An asynchronous staff CSV import (shared/domain/staff/import-jobs.ts); its checked rows are in chunk items. */
export type StaffImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface StaffImportJobAttributes {
  tenantId: string;
  importId: string;
  status: StaffImportStatus;
  partial: boolean;
  /** Rows of the file, the header not counted. */
  rows: number;
  /** Rows to write (those that passed the checks and change something), stored in chunks. */
  total: number;
  /** The index (among the rows to write) of each chunk's first row. */
  chunkStarts: number[];
  /** The next row to write (index among the rows to write): moved in the same transaction as that row's write. */
  nextRow: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every row error so far; `errors` keeps the first STORED_IMPORT_ERRORS of them, so the item stays far below 400 KB. */
  errorCount: number;
  errors: { row: number; code: string; message: string }[];
  /** Who imports, and how they were signed in: the worker acts as them, with their rights as they are when each slice starts. */
  importer: {
    kind: 'backoffice' | 'terminal';
    staffId: string;
    accountId?: string;
    mfa?: boolean;
    platform?: 'web' | 'mobile';
    terminalId?: string;
    branchId?: string;
  };
  /** The request that started the import, for the audit events of its rows. */
  context: { requestId?: string; sourceIp?: string; terminalId?: string };
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  ttl: number;
}

/** A slice of an import job's checked rows (JSON of their plans), at most ~300 KB. */
export interface StaffImportChunkAttributes {
  rows: string;
  ttl: number;
}

export const entities = {
  tenant: entity<{ tenantId: string }, TenantAttributes>('tenant', ({ tenantId }) => ({
    pk: tenantPk(tenantId),
    sk: 'TENANT',
  })),
  accessLevel: entity<{ tenantId: string; accessLevelId: string }, AccessLevelAttributes>(
    'accessLevel',
    ({ tenantId, accessLevelId }) => ({ pk: tenantPk(tenantId), sk: `ACCESS_LEVEL#${accessLevelId}` }),
  ),
  /** Uniqueness of access-level names within a tenant (case-insensitive). */
  accessLevelName: entity<{ tenantId: string; name: string }, { accessLevelId: string }>(
    'accessLevelName',
    ({ tenantId, name }) => ({ pk: tenantPk(tenantId), sk: `ACCESS_LEVEL_NAME#${name.trim().toLowerCase()}` }),
  ),
  tenantPolicy: entity<{ tenantId: string }, TenantPolicyAttributes>('tenantPolicy', ({ tenantId }) => ({
    pk: tenantPk(tenantId),
    sk: 'POLICY',
  })),
  branch: entity<{ tenantId: string; branchId: string }, BranchAttributes>('branch', ({ tenantId, branchId }) => ({
    pk: tenantPk(tenantId),
    sk: `BRANCH#${branchId}`,
  })),
  /** Keyed by the lower-cased name: one tag per name whatever its case. */
  tag: entity<{ tenantId: string; name: string }, TagAttributes>('tag', ({ tenantId, name }) => ({
    pk: tenantPk(tenantId),
    sk: `TAG#${tagKey(name)}`,
  })),
  /** Uniqueness of a staff member's external id within a tenant (Sitoo's External ID). */
  staffExternalId: entity<{ tenantId: string; externalId: string }, { staffId: string }>(
    'staffExternalId',
    ({ tenantId, externalId }) => ({ pk: tenantPk(tenantId), sk: `STAFF_EXTERNAL#${externalId}` }),
  ),
  staff: entity<{ tenantId: string; staffId: string }, StaffAttributes>('staff', ({ tenantId, staffId }) => ({
    pk: tenantPk(tenantId),
    sk: `STAFF#${staffId}`,
  })),
  invitation: entity<{ tenantId: string; invitationId: string }, InvitationAttributes>(
    'invitation',
    ({ tenantId, invitationId }) => ({ pk: tenantPk(tenantId), sk: `INVITATION#${invitationId}` }),
  ),
  account: entity<{ accountId: string }, AccountAttributes>('account', ({ accountId }) => ({
    pk: accountPk(accountId),
    sk: 'ACCOUNT',
  })),
  /** Global uniqueness of a login identifier (normalised email or E.164 phone). */
  login: entity<{ login: string }, LoginAttributes>('login', ({ login }) => ({
    pk: `LOGIN#${login}`,
    sk: 'LOGIN',
  })),
  membership: entity<{ accountId: string; tenantId: string }, MembershipAttributes>(
    'membership',
    ({ accountId, tenantId }) => ({ pk: accountPk(accountId), sk: `MEMBERSHIP#${tenantId}` }),
  ),
  backofficeSession: entity<{ accountId: string; sessionId: string }, SessionAttributes>(
    'session',
    ({ accountId, sessionId }) => ({ pk: accountPk(accountId), sk: `SESSION#${sessionId}` }),
  ),
  terminal: entity<{ tenantId: string; terminalId: string }, TerminalAttributes>('terminal', ({ tenantId, terminalId }) => ({
    pk: tenantPk(tenantId),
    sk: `TERMINAL#${terminalId}`,
  })),
  pinDigest: entity<{ tenantId: string; digest: string }, PinDigestAttributes>('pinDigest', ({ tenantId, digest }) => ({
    pk: tenantPk(tenantId),
    sk: `PIN#${digest}`,
  })),
  terminalSession: entity<{ tenantId: string; sessionId: string }, TerminalSessionAttributes>(
    'terminalSession',
    ({ tenantId, sessionId }) => ({ pk: tenantPk(tenantId), sk: `SESSION#${sessionId}` }),
  ),
  /** Shares the session key space with terminalSession: session ids are unique whoever holds them. */
  deskSession: entity<{ tenantId: string; sessionId: string }, DeskSessionAttributes>(
    'deskSession',
    ({ tenantId, sessionId }) => ({ pk: tenantPk(tenantId), sk: `SESSION#${sessionId}` }),
  ),
  /**
   * PIN attempts across the tenant over a rolling hour, and the tenant-wide
   * lock that every terminal obeys; also each terminal's run of wrong PINs
   * (5 in a row lock it, doubling) and its lock, as `T#<terminalId>#…`
   * attributes, so that one write reserves an attempt in both.
   */
  tenantPinBudget: entity<{ tenantId: string }, AttemptBudgetAttributes>('tenantPinBudget', ({ tenantId }) => ({
    pk: tenantPk(tenantId),
    sk: 'BUDGET#PIN#TENANT',
  })),
  /** Typed PINs per acting staff member and rolling hour: a taken PIN (pin_unavailable) reveals a colleague's. */
  pinConflictBudget: entity<{ tenantId: string; staffId: string }, AttemptBudgetAttributes>(
    'pinConflictBudget',
    ({ tenantId, staffId }) => ({ pk: tenantPk(tenantId), sk: `BUDGET#PIN_CONFLICT#${staffId}` }),
  ),
  /** A staff member's own PIN renewals per rolling hour: each sends an SMS or email. */
  pinRenewalBudget: entity<{ tenantId: string; staffId: string }, AttemptBudgetAttributes>(
    'pinRenewalBudget',
    ({ tenantId, staffId }) => ({ pk: tenantPk(tenantId), sk: `BUDGET#PIN_RENEWAL#${staffId}` }),
  ),
  /** Codes typed to pair terminals, per salon and rolling hour: a wrong code may be a guess at another device's. */
  pairingBudget: entity<{ tenantId: string }, AttemptBudgetAttributes>('pairingBudget', ({ tenantId }) => ({
    pk: tenantPk(tenantId),
    sk: 'BUDGET#PAIRING',
  })),
  approval: entity<{ tenantId: string; approvalId: string }, ApprovalAttributes>('approval', ({ tenantId, approvalId }) => ({
    pk: tenantPk(tenantId),
    sk: `APPROVAL#${approvalId}`,
  })),
  /** With the salon it concerns, or (password resets) the account. */
  outboxMessage: entity<{ tenantId?: string | undefined; accountId?: string | undefined; messageId: string }, OutboxMessageAttributes>(
    'outboxMessage',
    ({ tenantId, accountId, messageId }) => ({ pk: tenantId ? tenantPk(tenantId) : accountPk(accountId ?? ''), sk: `OUTBOX#${messageId}` }),
  ),
  /** Idempotency keys live with the caller who sent them: the terminal's tenant, the account, or the operator. */
  idempotencyRecord: entity<IdempotencyScope & { key: string }, IdempotencyRecordAttributes>(
    'idempotencyRecord',
    ({ tenantId, accountId, operator, key }) => ({
      pk: tenantId ? tenantPk(tenantId) : accountId ? accountPk(accountId) : `OPERATOR#${operator ?? ''}`,
      sk: `REQUEST#${key}`,
    }),
  ),
  passwordReset: entity<{ accountId: string; resetId: string }, PasswordResetAttributes>(
    'passwordReset',
    ({ accountId, resetId }) => ({ pk: accountPk(accountId), sk: `RESET#${resetId}` }),
  ),
  /** Login attempts (password and second factor) for one login identifier, which may not exist. */
  loginBudget: entity<{ login: string }, AttemptBudgetAttributes>('loginBudget', ({ login }) => ({
    pk: `LOGIN#${login}`,
    sk: 'BUDGET#LOGIN',
  })),
  /** Login attempts from one client address, across logins (password spraying). */
  clientLoginBudget: entity<{ sourceIp: string }, AttemptBudgetAttributes>('clientLoginBudget', ({ sourceIp }) => ({
    pk: `CLIENT#${sourceIp}`,
    sk: 'BUDGET#LOGIN',
  })),
  /** Password-reset requests for one login identifier. */
  resetBudget: entity<{ login: string }, AttemptBudgetAttributes>('resetBudget', ({ login }) => ({
    pk: `LOGIN#${login}`,
    sk: 'BUDGET#RESET',
  })),
  /** Password-reset requests from one client address. */
  clientResetBudget: entity<{ sourceIp: string }, AttemptBudgetAttributes>('clientResetBudget', ({ sourceIp }) => ({
    pk: `CLIENT#${sourceIp}`,
    sk: 'BUDGET#RESET',
  })),
  /** Second-factor codes checked outside login (confirming and turning off two-factor login). Sorts after the profile items. */
  secondFactorBudget: entity<{ accountId: string }, AttemptBudgetAttributes>('secondFactorBudget', ({ accountId }) => ({
    pk: accountPk(accountId),
    sk: 'TOTP_BUDGET',
  })),
  /** A device waiting to be paired, found by the hash of its code before any salon is known. */
  terminalPairing: entity<{ codeHash: string }, TerminalPairingAttributes>('terminalPairing', ({ codeHash }) => ({
    pk: `PAIRING#${codeHash}`,
    sk: 'PAIRING',
  })),
  /** The region's access-snapshot signing keys, one per rotation period, in one partition of their own. */
  snapshotSigningKey: entity<{ period: number }, SnapshotSigningKeyAttributes>('snapshotSigningKey', ({ period }) => ({
    pk: 'SIGNING_KEY#access-snapshot',
    sk: `PERIOD#${period}`,
  })),
  webhook: entity<{ tenantId: string; webhookId: string }, WebhookAttributes>('webhook', ({ tenantId, webhookId }) => ({
    pk: tenantPk(tenantId),
    sk: `WEBHOOK#${webhookId}`,
  })),
  /** Sorted by the event's time within its webhook, so the deliveries list reads newest first from one query. */
  webhookDelivery: entity<{ tenantId: string; webhookId: string; occurredAt: string; deliveryId: string }, WebhookDeliveryAttributes>(
    'webhookDelivery',
    ({ tenantId, webhookId, occurredAt, deliveryId }) => ({ pk: tenantPk(tenantId), sk: `WEBHOOK_DELIVERY#${webhookId}#${occurredAt}#${deliveryId}` }),
  ),
  staffImportJob: entity<{ tenantId: string; importId: string }, StaffImportJobAttributes>('staffImportJob', ({ tenantId, importId }) => ({
    pk: tenantPk(tenantId),
    sk: `STAFF_IMPORT#${importId}`,
  })),
  /** Sorts right after its job: `STAFF_IMPORT#<id>#CHUNK#0000`. */
  staffImportChunk: entity<{ tenantId: string; importId: string; chunk: number }, StaffImportChunkAttributes>(
    'staffImportChunk',
    ({ tenantId, importId, chunk }) => ({ pk: tenantPk(tenantId), sk: `STAFF_IMPORT#${importId}#CHUNK#${String(chunk).padStart(4, '0')}` }),
  ),
} as const;

/** Sort-key range of an account partition that holds the account and its memberships, not its sessions. */
export const ACCOUNT_PROFILE_SK_BEFORE = 'N';

export type TenantItem = ItemOf<typeof entities.tenant>;
export type TerminalItem = ItemOf<typeof entities.terminal>;
export type PinDigestItem = ItemOf<typeof entities.pinDigest>;
export type TerminalSessionItem = ItemOf<typeof entities.terminalSession>;
export type DeskSessionItem = ItemOf<typeof entities.deskSession>;
export type TenantPolicyItem = ItemOf<typeof entities.tenantPolicy>;
export type BranchItem = ItemOf<typeof entities.branch>;
export type TagItem = ItemOf<typeof entities.tag>;
export type AccessLevelItem = ItemOf<typeof entities.accessLevel>;
export type StaffItem = ItemOf<typeof entities.staff>;
export type InvitationItem = ItemOf<typeof entities.invitation>;
export type AccountItem = ItemOf<typeof entities.account>;
export type PasswordResetItem = ItemOf<typeof entities.passwordReset>;
export type MembershipItem = ItemOf<typeof entities.membership>;
export type SessionItem = ItemOf<typeof entities.backofficeSession>;
export type WebhookItem = ItemOf<typeof entities.webhook>;
export type WebhookDeliveryItem = ItemOf<typeof entities.webhookDelivery>;
export type TerminalPairingItem = ItemOf<typeof entities.terminalPairing>;
export type StaffImportJobItem = ItemOf<typeof entities.staffImportJob>;
