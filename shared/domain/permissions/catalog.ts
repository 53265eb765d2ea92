/**
 * The permission catalog: sections of permissions, defined in code and
 * versioned. Bump `CATALOG_VERSION` whenever a key is added, removed or its
 * accepted grant forms change.
 */
import type { Grants } from './grants.js';

export const CATALOG_VERSION = 1;

export type GrantForm = 'allow' | 'approval' | 'scope' | 'days' | 'limit';

export interface PermissionDefinition {
  key: string;
  label: string;
  forms: readonly GrantForm[];
}

export interface SectionDefinition {
  key: string;
  label: string;
  permissions: readonly PermissionDefinition[];
}

const allow = ['allow', 'approval'] as const;

export const sections: readonly SectionDefinition[] = [
  {
    key: 'calendar',
    label: 'Appointment calendar',
    permissions: [
      { key: 'calendar.view', label: 'View schedule and bookings', forms: ['allow', 'scope'] },
      { key: 'calendar.schedule.edit', label: "Change employees' schedules", forms: allow },
      { key: 'calendar.phone.view', label: 'Show phone number', forms: allow },
      { key: 'calendar.reschedule', label: 'Reschedule bookings', forms: allow },
      { key: 'calendar.history', label: 'History of past days', forms: ['allow', 'days'] },
    ],
  },
  {
    key: 'appointments',
    label: 'Booking window',
    permissions: [
      { key: 'appointments.create', label: 'Create bookings', forms: allow },
      { key: 'appointments.edit', label: 'Change bookings', forms: allow },
      { key: 'appointments.delete', label: 'Delete bookings', forms: allow },
      { key: 'appointments.payment', label: 'Make payments', forms: allow },
      { key: 'appointments.client_data', label: "Access to the clients' data", forms: allow },
    ],
  },
  {
    key: 'clients',
    label: 'Client database',
    permissions: [
      { key: 'clients.view', label: 'View client database', forms: allow },
      { key: 'clients.history.view', label: 'View client history', forms: allow },
      { key: 'clients.notes.view', label: 'View notes', forms: allow },
      { key: 'clients.notes.edit', label: 'Edit notes', forms: allow },
      { key: 'clients.contacts.list', label: 'Show phone numbers and email in customer list', forms: allow },
      { key: 'clients.contacts.card', label: "Show phone number and email in the client's card", forms: allow },
    ],
  },
  {
    key: 'overview',
    label: 'Overview',
    permissions: [{ key: 'overview.summary', label: 'Summary section', forms: allow }],
  },
  {
    key: 'sales',
    label: 'Sales & till',
    permissions: [
      { key: 'sales.refund', label: 'Refunds', forms: ['allow', 'approval', 'limit'] },
      { key: 'sales.card_refund', label: 'Card refunds', forms: allow },
    ],
  },
  {
    key: 'mobile',
    label: 'Mobile',
    permissions: [{ key: 'mobile.dashboard', label: 'Mobile dashboard', forms: allow }],
  },
  {
    key: 'staff',
    label: 'Staff',
    permissions: [
      { key: 'staff.view', label: 'View staff', forms: ['allow'] },
      { key: 'staff.manage', label: 'Add and edit staff', forms: ['allow'] },
      { key: 'staff.pin.manage', label: 'Set and send PIN codes', forms: ['allow'] },
      { key: 'staff.invite', label: 'Invite staff', forms: ['allow'] },
    ],
  },
  {
    key: 'access',
    label: 'Access',
    permissions: [
      { key: 'access.view', label: 'View access levels', forms: ['allow'] },
      { key: 'access.manage', label: 'Create and edit access levels', forms: ['allow'] },
    ],
  },
  {
    key: 'settings',
    label: 'Settings',
    permissions: [
      { key: 'settings.manage', label: 'Manage salon settings, branches and terminals', forms: ['allow'] },
      { key: 'audit.view', label: 'View the audit trail', forms: ['allow'] },
    ],
  },
];

export const permissionKeys: readonly string[] = sections.flatMap((section) => section.permissions.map((p) => p.key));

/** The Owner access level: every permission of the catalog, unrestricted. */
export function ownerGrants(): Grants {
  return Object.fromEntries(permissionKeys.map((key) => [key, true as const]));
}
