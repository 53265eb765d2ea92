/**
 * The permission catalog: every right a salon can grant, grouped in the
 * sections a back office draws (Phorest's sections-and-buttons tree,
 * Altegio/YCLIENTS rights per section, Sitoo's role flags). Defined in code
 * and versioned: bump CATALOG_VERSION whenever a key is added, removed or the
 * grant forms it accepts change. Order matters: a permission's index in
 * `permissionKeys` is its bit in compiled access levels, so new keys are
 * appended to their section and a key's meaning never changes.
 */
export const CATALOG_VERSION = 4;

/**
 * How a permission may be granted: `allow` (true), `approval` (another staff
 * member's PIN lets one action through), `scope` (all / own / these
 * employees), `days` (history limited to N past days), `limit` (an amount).
 */
export type GrantForm = 'allow' | 'approval' | 'scope' | 'days' | 'limit';

export interface PermissionDefinition {
  key: string;
  label: string;
  forms: readonly GrantForm[];
  /**
   * The right this one refines and is useless without (Altegio: phone
   * numbers in the booking list need the booking list). A level that grants
   * it must grant the parent too. Checked when a level is saved, never when
   * one is evaluated: a level stored before its parent was named works as
   * stored until it is next saved.
   */
  parent?: string;
}

export interface SectionDefinition {
  key: string;
  label: string;
  permissions: readonly PermissionDefinition[];
}

const plain = ['allow'] as const;
const approvable = ['allow', 'approval'] as const;
const scoped = ['allow', 'scope'] as const;
const scopedApprovable = ['allow', 'approval', 'scope'] as const;
const history = ['allow', 'days'] as const;
const amount = ['allow', 'approval', 'limit'] as const;

export const sections: readonly SectionDefinition[] = [
  {
    key: 'calendar',
    label: 'Appointment calendar',
    permissions: [
      { key: 'calendar.view', label: 'View schedule and bookings', forms: scoped },
      { key: 'calendar.schedule.edit', label: "Change employees' work schedule and breaks", forms: scoped, parent: 'calendar.view' },
      { key: 'calendar.phone.view', label: 'Show phone numbers', forms: plain, parent: 'calendar.view' },
      { key: 'calendar.reschedule', label: 'Reschedule bookings', forms: scopedApprovable, parent: 'calendar.view' },
      { key: 'calendar.history', label: 'History of past days', forms: history, parent: 'calendar.view' },
      // YCLIENTS: one right changes an employee's schedule "and the time for online booking".
      { key: 'calendar.online_slots.edit', label: 'Edit time available for online booking', forms: scoped, parent: 'calendar.schedule.edit' },
      { key: 'calendar.events.manage', label: 'Create and edit events and blocked time', forms: scoped, parent: 'calendar.view' },
    ],
  },
  {
    key: 'appointments',
    label: 'Booking window',
    permissions: [
      { key: 'appointments.create', label: 'Create bookings', forms: scopedApprovable, parent: 'appointments.view' },
      { key: 'appointments.edit', label: 'Change bookings', forms: scopedApprovable, parent: 'appointments.view' },
      // Altegio/YCLIENTS: commenting on a booking comes with "Change bookings".
      { key: 'appointments.comment', label: 'Add comments to bookings', forms: scoped, parent: 'appointments.edit' },
      { key: 'appointments.delete', label: 'Delete bookings', forms: scopedApprovable, parent: 'appointments.view' },
      { key: 'appointments.payment', label: 'Make payments', forms: approvable, parent: 'appointments.view' },
      { key: 'appointments.products.sell', label: 'Sell products', forms: approvable, parent: 'appointments.view' },
      { key: 'appointments.memberships.sell', label: 'Sell memberships and gift cards', forms: approvable, parent: 'appointments.view' },
      { key: 'appointments.extra_fields.view', label: 'View additional booking fields', forms: plain, parent: 'appointments.view' },
      { key: 'appointments.consumables.write_off', label: 'Write off consumables', forms: approvable, parent: 'appointments.view' },
      { key: 'appointments.client_data', label: "Access to the clients' data", forms: plain, parent: 'appointments.view' },
      { key: 'appointments.client_list.phone', label: 'Drop-down list with customer data: show phone numbers', forms: plain, parent: 'appointments.client_list' },
      { key: 'appointments.client_data.network', label: "Online access to the clients' data across the network", forms: plain, parent: 'appointments.client_data' },
      // Appended (a key's bit is its index): the base right every other right of the booking window refines.
      { key: 'appointments.view', label: 'Open the booking window', forms: plain },
      // Appended: a right of its own beside the clients' data (Altegio, YCLIENTS); its phone numbers refine it.
      { key: 'appointments.client_list', label: 'Access to the drop-down list with customer data', forms: plain, parent: 'appointments.view' },
    ],
  },
  {
    key: 'clients',
    label: 'Client database',
    permissions: [
      { key: 'clients.view', label: 'View client database', forms: plain },
      { key: 'clients.history.view', label: 'View client history', forms: plain, parent: 'clients.view' },
      { key: 'clients.notes.view', label: 'View notes', forms: plain, parent: 'clients.view' },
      { key: 'clients.notes.edit', label: 'Edit notes', forms: plain, parent: 'clients.notes.view' },
      { key: 'clients.contacts.list', label: 'Show phone numbers and email in customer list', forms: plain, parent: 'clients.view' },
      { key: 'clients.contacts.card', label: "Show phone number and email in the client's card", forms: plain, parent: 'clients.view' },
      { key: 'clients.create', label: 'Add clients', forms: plain, parent: 'clients.view' },
      { key: 'clients.edit', label: 'Edit clients', forms: plain, parent: 'clients.view' },
      { key: 'clients.delete', label: 'Delete clients', forms: approvable, parent: 'clients.view' },
      // An export carries the list's phone numbers and emails, which only clients.contacts.list shows.
      { key: 'clients.export', label: 'Export the client list', forms: approvable, parent: 'clients.contacts.list' },
      { key: 'clients.merge', label: 'Merge duplicate clients', forms: plain, parent: 'clients.view' },
    ],
  },
  {
    key: 'overview',
    label: 'Overview',
    permissions: [
      { key: 'overview.summary', label: 'Summary section', forms: plain },
      { key: 'overview.summary.phone', label: 'Show phone numbers in the summary', forms: plain, parent: 'overview.summary' },
      { key: 'overview.bookings', label: 'View the list of bookings', forms: scoped },
      { key: 'overview.bookings.phone', label: 'Show phone numbers in bookings', forms: plain, parent: 'overview.bookings' },
      { key: 'overview.messages', label: 'View the detail of messages', forms: plain },
      { key: 'overview.messages.phone', label: 'Show phone numbers in messages', forms: plain, parent: 'overview.messages' },
      { key: 'overview.calls', label: 'Calls section', forms: plain },
      { key: 'overview.calls.phone', label: "Show clients' phone numbers in calls", forms: plain, parent: 'overview.calls' },
      { key: 'overview.reports', label: 'Reports', forms: history },
      { key: 'overview.salary', label: 'View salary', forms: scoped },
    ],
  },
  {
    key: 'sales',
    label: 'Sales & till',
    permissions: [
      { key: 'sales.view', label: 'View sales', forms: history },
      { key: 'sales.checkout', label: 'Take payments at the till', forms: plain },
      { key: 'sales.products.sell', label: 'Sell products', forms: plain },
      { key: 'sales.memberships.sell', label: 'Sell memberships', forms: plain },
      { key: 'sales.gift_cards.sell', label: 'Sell gift cards', forms: plain },
      { key: 'sales.discount', label: 'Give discounts', forms: amount },
      { key: 'sales.refund', label: 'Refunds', forms: amount },
      { key: 'sales.card_refund', label: 'Card refunds', forms: amount },
      { key: 'sales.void', label: 'Void a sale', forms: approvable },
      { key: 'sales.cash_drawer.open', label: 'Open the cash drawer without a sale', forms: approvable },
      { key: 'sales.cash.manage', label: 'Cash in and cash out', forms: amount },
      { key: 'sales.day_end', label: 'Close the day (Z report)', forms: plain },
    ],
  },
  {
    key: 'stock',
    label: 'Stock',
    permissions: [
      { key: 'stock.view', label: 'View stock', forms: plain },
      { key: 'stock.receive', label: 'Receive deliveries', forms: plain },
      { key: 'stock.adjust', label: 'Adjust stock levels', forms: approvable },
      { key: 'stock.consumables.write_off', label: 'Write off consumables', forms: approvable },
      { key: 'stock.orders.manage', label: 'Create and send purchase orders', forms: plain },
      { key: 'stock.transfer', label: 'Transfer stock between branches', forms: plain },
    ],
  },
  {
    key: 'marketing',
    label: 'Marketing',
    permissions: [
      { key: 'marketing.campaigns.view', label: 'View campaigns', forms: plain },
      { key: 'marketing.campaigns.manage', label: 'Create and send campaigns', forms: plain },
      { key: 'marketing.sms.send', label: 'Send SMS to clients', forms: plain },
      { key: 'marketing.reviews.manage', label: 'Answer reviews', forms: plain },
      { key: 'marketing.loyalty.manage', label: 'Manage loyalty programmes', forms: plain },
    ],
  },
  {
    key: 'staff',
    label: 'Staff',
    permissions: [
      { key: 'staff.view', label: 'View staff', forms: plain },
      { key: 'staff.manage', label: 'Add, edit, suspend and remove staff', forms: plain },
      { key: 'staff.pin.manage', label: 'Set and send PIN codes', forms: plain },
      { key: 'staff.invite', label: 'Invite staff to create a login', forms: plain },
      { key: 'staff.schedule.manage', label: 'Manage staff rotas', forms: plain },
      { key: 'staff.salary.manage', label: 'Manage salary and commission', forms: plain },
    ],
  },
  {
    key: 'access',
    label: 'Access',
    permissions: [
      { key: 'access.view', label: 'View access levels', forms: plain },
      { key: 'access.manage', label: 'Create, edit and assign access levels', forms: plain },
    ],
  },
  {
    key: 'settings',
    label: 'Settings',
    permissions: [
      { key: 'settings.view', label: 'View salon settings', forms: plain },
      { key: 'settings.manage', label: 'Manage salon settings, branches and terminals', forms: plain },
      { key: 'settings.services.manage', label: 'Manage services and prices', forms: plain },
      { key: 'settings.online_booking.manage', label: 'Manage online booking', forms: plain },
      { key: 'settings.integrations.manage', label: 'Manage integrations', forms: plain },
      { key: 'audit.view', label: 'View the audit trail', forms: plain },
    ],
  },
  {
    key: 'mobile',
    label: 'Mobile',
    permissions: [
      { key: 'mobile.app', label: 'Use the mobile app', forms: plain },
      { key: 'mobile.dashboard', label: 'Mobile dashboard', forms: plain, parent: 'mobile.app' },
      { key: 'mobile.notifications', label: 'Booking notifications on the phone', forms: plain, parent: 'mobile.app' },
    ],
  },
];

export const permissions: readonly PermissionDefinition[] = sections.flatMap((section) => section.permissions);
export const permissionKeys: readonly string[] = permissions.map((permission) => permission.key);

/** Key → bit index in compiled access levels. */
export const permissionIndex: ReadonlyMap<string, number> = new Map(permissionKeys.map((key, index) => [key, index]));

const definitions: ReadonlyMap<string, PermissionDefinition> = new Map(permissions.map((p) => [p.key, p]));

export function permissionDefinition(key: string): PermissionDefinition | undefined {
  return definitions.get(key);
}

const sectionByPermission: ReadonlyMap<string, string> = new Map(sections.flatMap((section) => section.permissions.map((p) => [p.key, section.key] as const)));

/** The section a permission is drawn in (not always its key's prefix: `audit.view` is in Settings). */
export function sectionOfPermission(key: string): string | undefined {
  return sectionByPermission.get(key);
}

/** The owner access level's grants: every permission of the catalog, unrestricted. */
export function ownerGrants(): Record<string, true> {
  return Object.fromEntries(permissionKeys.map((key) => [key, true as const]));
}
