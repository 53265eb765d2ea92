import type { InvitationItem, StaffItem, TenantItem } from '../data/entities.js';
import type { InvitationAttributes, StaffAttributes, TenantAttributes } from '../data/entities.js';
import { settingsWithDefaults } from './tenants/settings.js';
import { branchLevelList } from './staff/branch-levels.js';

/** What the API shows of stored items: never keys, hashes or other secrets. */
export function tenantView(tenant: TenantAttributes | TenantItem) {
  return {
    id: tenant.tenantId,
    name: tenant.name,
    plan: tenant.plan,
    residency: tenant.residency,
    region: tenant.region,
    locale: tenant.locale,
    settings: settingsWithDefaults(tenant.settings),
    version: tenant.version,
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  };
}

export function staffView(staff: StaffAttributes | StaffItem) {
  return {
    id: staff.staffId,
    firstName: staff.firstName,
    lastName: staff.lastName,
    email: staff.email ?? null,
    phone: staff.phone ?? null,
    accessLevelId: staff.accessLevelId,
    overrides: staff.overrides ?? {},
    branchIds: staff.branchIds,
    branchLevels: branchLevelList(staff.branchLevels),
    employeeId: staff.employeeId ?? null,
    tags: staff.tags,
    externalId: staff.externalId ?? null,
    locale: staff.locale ?? null,
    status: staff.status,
    startsOn: staff.startsOn ?? null,
    endsOn: staff.endsOn ?? null,
    hasAccount: staff.accountId !== undefined,
    hasPin: staff.pin !== undefined,
    pinSetAt: staff.pin?.setAt ?? null,
    needsNewPin: staff.needsNewPin === true,
    version: staff.version,
    createdAt: staff.createdAt,
    updatedAt: staff.updatedAt,
  };
}

export function invitationView(invitation: InvitationAttributes | InvitationItem) {
  return {
    id: invitation.invitationId,
    staffId: invitation.staffId,
    channel: invitation.channel,
    expiresAt: invitation.expiresAt,
    status: invitation.status,
  };
}
