import { z } from 'zod';
import { LOCALES } from '../data/entities.js';
import { DEFAULT_SNAPSHOT_LIFETIME_SECONDS, MAX_SNAPSHOT_LIFETIME_SECONDS, MIN_SNAPSHOT_LIFETIME_SECONDS } from '../domain/tenants/settings.js';

/**
 * The bodies the API answers with, as zod schemas: operations declare them
 * (`responses` in defineOperation), the OpenAPI document is generated from
 * them (named ones become components), and local mode and the tests check
 * every answer against them. Views are built in shared/domain/views.ts.
 */

export const timestamp = z.iso.datetime({ offset: true });

/** A list page: `nextCursor` is null on the last page. */
export const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

export const Decision = z
  .object({
    allowed: z.boolean(),
    reason: z.enum([
      'granted',
      'not_granted',
      'unknown_permission',
      'approval_required',
      'out_of_scope',
      'branch_not_allowed',
      'history_limit',
      'over_limit',
      'missing_context',
      'approved',
    ]),
    approvalRequired: z.literal(true).optional(),
    missing: z.array(z.enum(['employeeId', 'branchId', 'date', 'amount'])).optional(),
    explain: z
      .strictObject({
        levelId: z.string(),
        levelName: z.string(),
        grant: z.unknown().describe('The level\'s grant for the permission as stored (true, "approval", {scope…}, {days}, {limit}); null when it has none.'),
      })
      .optional()
      .describe('With `"explain": true` in the check.'),
  })
  .meta({ id: 'Decision', description: 'The answer to one check: allowed, and why (api.md: reasons).' });

export const DecisionBatch = z.strictObject({ results: z.array(Decision) }).meta({ id: 'DecisionBatch' });

export const Health = z.strictObject({ status: z.literal('ok') });

/** GET /health when the table cannot be reached: its own body (not a problem), with Retry-After. */
export const HealthUnavailable = z
  .strictObject({ status: z.literal('unavailable'), checks: z.record(z.string(), z.literal('unreachable')) })
  .meta({ id: 'HealthUnavailable' });

export const TenantSettings = z
  .object({
    pinsEnabled: z.boolean(),
    pinLength: z.union([z.literal(4), z.literal(6)]),
    autoLogoutSeconds: z.number().int(),
    lockout: z.strictObject({ maxAttempts: z.number().int(), lockSeconds: z.number().int(), tenantFailuresPerHour: z.number().int() }),
    auditRetentionDays: z.number().int(),
    requireTwoFactorForAdmins: z.boolean(),
    pinMaxAgeDays: z
      .number()
      .int()
      .nullable()
      .describe('PINs older than this many days are due for renewal: unlock answers `pinRenewalDue: true` (and still unlocks). null: no limit.'),
    snapshotLifetimeSeconds: z
      .number()
      .int()
      .min(MIN_SNAPSHOT_LIFETIME_SECONDS)
      .max(MAX_SNAPSHOT_LIFETIME_SECONDS)
      .describe(`How long an access snapshot (POST /v1/access-snapshot) stays valid, in seconds (default ${DEFAULT_SNAPSHOT_LIFETIME_SECONDS}).`),
    timeZone: z
      .string()
      .describe("The salon's IANA time zone (default: the deployment region's, e.g. Europe/Dublin): `days` limits, audit day filters and staff dates count its local days."),
    deskAccessLevelId: z
      .string()
      .nullable()
      .describe('With PINs off: the access level a front-desk terminal acts with in a desk session (POST /v1/terminal/desk-session), no staff member signed in. null: no desk sessions.'),
  })
  .meta({ id: 'TenantSettings' });

/** tenantView (shared/domain/views.ts). */
export const Tenant = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: z.enum(['trial', 'paid']),
    residency: z.enum(['EU', 'US', 'OTHER']),
    region: z.string(),
    locale: z.enum(LOCALES).describe('The language of the messages StaffGate sends for the salon (a staff member\'s own `locale` wins).'),
    settings: TenantSettings,
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Tenant' });

/** staffView (shared/domain/views.ts). */
export const Staff = z
  .object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    accessLevelId: z.string(),
    overrides: z
      .record(z.string(), z.unknown())
      .describe("Personal adjustments to the level: permission key → a grant (as in an access level's `grants`) that replaces the level's, or `false` that takes the level's away. `{}`: none."),
    branchIds: z.array(z.string()),
    branchLevels: z
      .array(z.object({ branchId: z.string(), accessLevelId: z.string() }))
      .describe('The level that applies at a branch instead of `accessLevelId`, by branch. `[]`: the default level everywhere.'),
    employeeId: z.string().nullable(),
    tags: z.array(z.string()),
    externalId: z.string().nullable(),
    locale: z.enum(LOCALES).nullable().describe('The language of messages sent to this person; null: the salon\'s `locale`.'),
    status: z.enum(['active', 'invited', 'suspended', 'archived']),
    startsOn: z.iso.date().nullable().describe("The first local day (the salon's time zone) on which they may sign in or unlock; null: no start."),
    endsOn: z.iso.date().nullable().describe('The last local day on which they may sign in or unlock; null: no end.'),
    hasAccount: z.boolean(),
    hasPin: z.boolean(),
    pinSetAt: timestamp.nullable().describe('When the current PIN was set (by a manager or renewed by the member); null without a PIN.'),
    needsNewPin: z.boolean(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Staff' });

/** invitationView (shared/domain/views.ts). */
export const Invitation = z
  .object({
    id: z.string(),
    staffId: z.string(),
    channel: z.enum(['email', 'sms']),
    expiresAt: timestamp,
    status: z.enum(['pending', 'accepted', 'revoked']),
  })
  .meta({ id: 'Invitation' });

