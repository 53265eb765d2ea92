import { z } from 'zod';
import { Invitation, Staff, Tenant, timestamp } from '../response-schemas.js';

/**
 * The bodies of the staff, tenants, access-levels and platform operations
 * that response-schemas.ts does not already hold. Strict objects: local mode
 * and the tests then also catch a field an answer carries beyond its schema.
 */

// ---- Staff (functions/staff) ----

/** setPin, 200: a generated PIN that was not sent (api.md: the only place a PIN is ever shown). */
export const GeneratedPin = z
  .strictObject({ pin: z.string().regex(/^(\d{4}|\d{6})$/) })
  .meta({ id: 'GeneratedPin', description: 'A generated PIN that was not sent: shown in this one answer and never again.' });

/** A tag of the salon's list (shared/domain/staff/tags.ts). */
export const Tag = z
  .strictObject({ name: z.string(), members: z.number().int().min(0).describe('Staff members (archived ones aside) who carry it.') })
  .meta({ id: 'Tag' });

/** renameTag and deleteTag: how far the change of every member who carries the tag got. */
export const TagChange = z
  .strictObject({
    name: z.string().describe('The tag: its new name after a rename, the deleted one after a delete.'),
    membersUpdated: z.number().int().min(0).describe('Members this call changed.'),
    complete: z.boolean().describe('false (202): members are left to change; send the same request again to finish.'),
  })
  .meta({ id: 'TagChange' });

/** staffBulk (shared/domain/staff/bulk.ts): one result per staff id, in the order sent. */
export const BulkResults = z
  .strictObject({
    results: z.array(
      z.strictObject({
        staffId: z.string(),
        ok: z.boolean(),
        code: z
          .string()
          .optional()
          .describe('When not ok: the problem code the single operation would answer (not_found, escalation_denied, last_admin…), `no_contact` (renew_pins: no phone or email) or `internal_error`.'),
      }),
    ),
  })
  .meta({ id: 'BulkResults' });

// ---- Tenants (functions/tenants) ----

/** branchView (shared/domain/tenants/branches.ts). */
export const Branch = z.strictObject({ id: z.string(), name: z.string(), createdAt: timestamp }).meta({ id: 'Branch' });

/** An owner-to-be and their invitation: createTenant's `owner`, and recoverOwner's whole answer. */
export const InvitedOwner = z.strictObject({ staff: Staff, invitation: Invitation }).meta({ id: 'InvitedOwner' });

/** createTenant (shared/domain/tenants/create-tenant.ts). */
export const TenantCreated = z.strictObject({ tenant: Tenant, owner: InvitedOwner }).meta({ id: 'TenantCreated' });

/** updateSettings (shared/domain/tenants/settings-update.ts): the tenant, and how many PINs a PIN length switch retired. */
export const TenantSettingsUpdated = Tenant.extend({ retiredPins: z.number().int().min(0) }).meta({ id: 'TenantSettingsUpdated' });

// ---- Access levels and the permission catalog (functions/access-levels) ----

const grantForm = z.enum(['allow', 'approval', 'scope', 'days', 'limit']);

/**
 * One stored grant (shared/domain/permissions/grants.ts). Stored grants are
 * normalised: `{scope:"all"}` is stored as `true`, so a scope is own or staff.
 */
export const GrantValue = z
  .union([
    z.literal(true),
    z.literal('approval'),
    z.strictObject({ scope: z.literal('own') }),
    z.strictObject({ scope: z.literal('staff'), employeeIds: z.array(z.string()).min(1) }),
    z.strictObject({ days: z.number().int().min(0) }),
    z.strictObject({ limit: z.number().min(0) }),
    z.strictObject({ limit: z.number().min(0), above: z.literal('approval').describe('Above the limit, another staff member\'s PIN approves the amount instead of a refusal.') }),
  ])
  .meta({ id: 'GrantValue' });

/** Permission key → grant; an absent key is not granted. A section key (`"calendar.*": true`) grants the whole section, now and as it grows. */
export const Grants = z.record(z.string(), GrantValue).meta({ id: 'Grants' });

/** accessLevelView (shared/domain/access-levels/records.ts). */
export const AccessLevel = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    template: z.string().nullable(),
    version: z.number().int(),
    grants: Grants,
    remoteAccess: z.boolean(),
    /** Sections whose rights work only in the web app and at terminals, never in the mobile app. */
    webOnlySections: z.array(z.string()),
    /** Per catalog section: are all, some or none of its permissions granted. */
    sections: z.array(z.strictObject({ key: z.string(), state: z.enum(['all', 'some', 'none']) })),
    /** The grants as a list in catalog order (permissionList, shared/domain/permissions/compiled.ts). */
    permissions: z.array(
      z.strictObject({
        key: z.string(),
        scope: z.enum(['own', 'staff']).optional(),
        employeeIds: z.array(z.string()).optional(),
        days: z.number().int().min(0).optional(),
        limit: z.number().min(0).optional(),
        above: z.literal('approval').optional(),
        approval: z.literal(true).optional(),
      }),
    ),
    holders: z.number().int().min(0),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'AccessLevel' });

/** GET /v1/permissions (functions/access-levels/handler.ts): the catalog's sections and the recommended templates. */
export const PermissionCatalog = z
  .strictObject({
    version: z.number().int(),
    sections: z.array(
      z.strictObject({
        key: z.string(),
        label: z.string(),
        permissions: z.array(
          z.strictObject({
            key: z.string(),
            label: z.string(),
            forms: z.array(grantForm),
            /** Only for permissions that take the `scope` form. */
            scopes: z.array(z.enum(['all', 'own', 'staff'])).optional(),
            /** The right this one refines: a level that grants this one must grant the parent too. */
            parent: z.string().optional(),
          }),
        ),
      }),
    ),
    templates: z.array(z.strictObject({ key: z.string(), label: z.string(), remoteAccess: z.boolean(), grants: Grants })),
  })
  .meta({ id: 'PermissionCatalog' });

/** permissionHolders (shared/domain/access-levels/holders.ts): who holds a permission, and in which form. */
export const PermissionHolder = z
  .strictObject({
    staffId: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'invited', 'suspended']),
    branchIds: z.array(z.string()),
    accessLevelId: z.string().describe('The level that grants it: with `?branchId=`, the member\'s level at that branch; else their default level, or a branch level (see `levelBranchId`).'),
    accessLevelName: z.string(),
    levelBranchId: z
      .string()
      .nullable()
      .describe('The branch whose level (branchLevels) grants it; null: the member\'s default level.'),
    grant: z.unknown().describe('The grant they hold, as stored: true, "approval", {scope…}, {days} or {limit}; the level\'s, or their personal override\'s.'),
    override: z.literal(true).optional().describe('The grant is a personal override of this member, not their level\'s.'),
  })
  .meta({ id: 'PermissionHolder' });
