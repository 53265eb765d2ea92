import { describe, expect, it } from 'vitest';
import { ownerGrants, permissionKeys, sections } from '#shared/domain/permissions/catalog.js';

/** api.md, "Permission keys that must exist". */
const REQUIRED_KEYS = [
  'calendar.view',
  'calendar.schedule.edit',
  'calendar.phone.view',
  'calendar.reschedule',
  'calendar.history',
  'appointments.create',
  'appointments.edit',
  'appointments.delete',
  'appointments.payment',
  'appointments.client_data',
  'clients.view',
  'clients.history.view',
  'clients.notes.view',
  'clients.notes.edit',
  'clients.contacts.list',
  'clients.contacts.card',
  'overview.summary',
  'sales.refund',
  'sales.card_refund',
  'mobile.dashboard',
  'staff.view',
  'staff.manage',
  'staff.pin.manage',
  'staff.invite',
  'access.view',
  'access.manage',
  'settings.manage',
  'audit.view',
];

function definition(key: string) {
  return sections.flatMap((section) => section.permissions).find((permission) => permission.key === key);
}

describe('the permission catalog', () => {
  it.each(REQUIRED_KEYS)('has %s', (key) => {
    expect(permissionKeys).toContain(key);
  });

  it('has every permission key once', () => {
    expect(new Set(permissionKeys).size).toBe(permissionKeys.length);
  });

  it('has every section key once', () => {
    const keys = sections.map((section) => section.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists in permissionKeys exactly the permissions of the sections', () => {
    expect([...permissionKeys].sort()).toEqual(sections.flatMap((s) => s.permissions.map((p) => p.key)).sort());
  });

  it('uses dotted lowercase keys', () => {
    for (const key of permissionKeys) expect(key).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
  });

  it('labels every section and permission', () => {
    for (const section of sections) {
      expect(section.label.trim()).not.toBe('');
      for (const permission of section.permissions) expect(permission.label.trim()).not.toBe('');
    }
  });

  it('lets every permission be simply allowed', () => {
    for (const section of sections) for (const permission of section.permissions) expect(permission.forms).toContain('allow');
  });

  it.each([
    ['calendar.view', 'scope'],
    ['calendar.history', 'days'],
    ['sales.refund', 'limit'],
    ['appointments.delete', 'approval'],
  ] as const)('lets %s take the %s grant form', (key, form) => {
    expect(definition(key)?.forms).toContain(form);
  });
});

describe('ownerGrants', () => {
  it('grants every catalog key', () => {
    expect(Object.keys(ownerGrants()).sort()).toEqual([...permissionKeys].sort());
  });

  it('grants every key unrestricted (true)', () => {
    for (const value of Object.values(ownerGrants())) expect(value).toBe(true);
  });

  it('includes every required key', () => {
    expect(ownerGrants()).toMatchObject(Object.fromEntries(REQUIRED_KEYS.map((key) => [key, true])));
  });
});
