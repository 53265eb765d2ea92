/**
 * Recommended access levels a salon can use as they are or start from
 * (YCLIENTS: "choose a role and the recommended rights are set").
 */
import { ownerGrants } from './catalog.js';
import type { Grants } from './grants.js';

export interface Template {
  key: string;
  label: string;
  remoteAccess: boolean;
  grants: Grants;
}

const own = { scope: 'own' } as const;

const reception: Grants = {
  'calendar.view': true,
  'calendar.phone.view': true,
  'calendar.reschedule': true,
  'calendar.history': { days: 30 },
  'calendar.events.manage': true,
  'appointments.view': true,
  'appointments.create': true,
  'appointments.edit': true,
  'appointments.comment': true,
  'appointments.delete': 'approval',
  'appointments.payment': true,
  'appointments.products.sell': true,
  'appointments.memberships.sell': true,
  'appointments.extra_fields.view': true,
  'appointments.client_data': true,
  'appointments.client_list': true,
  'appointments.client_list.phone': true,
  'clients.view': true,
  'clients.history.view': true,
  'clients.notes.view': true,
  'clients.notes.edit': true,
  'clients.contacts.list': true,
  'clients.contacts.card': true,
  'clients.create': true,
  'clients.edit': true,
  'overview.bookings': true,
  'overview.bookings.phone': true,
  'sales.view': { days: 1 },
  'sales.checkout': true,
  'sales.products.sell': true,
  'sales.memberships.sell': true,
  'sales.gift_cards.sell': true,
  'sales.discount': { limit: 50 },
  'sales.refund': 'approval',
  'sales.card_refund': 'approval',
  'sales.void': 'approval',
  'sales.cash_drawer.open': 'approval',
  'stock.view': true,
  'stock.receive': true,
  'staff.view': true,
};

// Runs the salon but hands out no rights (access levels stay with the owner) and sees no pay or integration secrets.
const managerExcluded = new Set(['access.manage', 'settings.integrations.manage', 'staff.salary.manage']);

export const templates: readonly Template[] = [
  { key: 'owner', label: 'Owner', remoteAccess: true, grants: ownerGrants() },
  {
    key: 'manager',
    label: 'Manager',
    remoteAccess: true,
    grants: Object.fromEntries(Object.entries(ownerGrants()).filter(([key]) => !managerExcluded.has(key))),
  },
  { key: 'reception', label: 'Reception', remoteAccess: false, grants: reception },
  // api.md: own calendar and bookings only, no client contacts (YCLIENTS' specialist sees only their own schedule, bookings and salary).
  // So no client database either: a client's history shows the bookings other employees made.
  {
    key: 'specialist',
    label: 'Specialist',
    remoteAccess: true,
    grants: {
      'calendar.view': own,
      'calendar.schedule.edit': own,
      'calendar.reschedule': own,
      'calendar.history': { days: 7 },
      'appointments.view': true,
      'appointments.create': own,
      'appointments.edit': own,
      'appointments.comment': own,
      'overview.bookings': own,
      'overview.salary': own,
      'mobile.app': true,
      'mobile.notifications': true,
    },
  },
  {
    key: 'junior',
    label: 'Junior stylist (apprentice)',
    remoteAccess: false,
    grants: {
      'calendar.view': own,
      'calendar.history': { days: 1 },
      'appointments.view': true,
      'clients.view': true,
      'clients.notes.view': true,
    },
  },
  {
    key: 'accountant',
    label: 'Accountant',
    remoteAccess: true,
    grants: {
      'overview.summary': true,
      'overview.reports': true,
      'overview.salary': true,
      'sales.view': true,
      'sales.day_end': true,
      'stock.view': true,
      'staff.view': true,
      'audit.view': true,
    },
  },
];

export function findTemplate(key: string): Template | undefined {
  return templates.find((template) => template.key === key);
}
