import { describe, expect, it } from 'vitest';
import { CATALOG_VERSION, ownerGrants, permissionKeys, permissions, sections } from '#shared/domain/permissions/catalog.js';
import { REQUIRED_PERMISSION_KEYS } from '../support/contract.js';

function definition(key: string) {
  return sections.flatMap((section) => section.permissions).find((permission) => permission.key === key);
}

/** The rights `key` refines, nearest first. */
function ancestors(key: string): string[] {
  const chain: string[] = [];
  for (let parent = definition(key)?.parent; parent !== undefined; parent = definition(parent)?.parent) chain.push(parent);
  return chain;
}

describe('the permission catalog', () => {
  it.each(REQUIRED_PERMISSION_KEYS)('has %s', (key) => {
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

  it('lets every permission with an amount limit also take approval, so {limit, above:"approval"} is always a form it accepts', () => {
    for (const permission of permissions) if (permission.forms.includes('limit')) expect(permission.forms).toContain('approval');
  });

  it('names as parent a permission of the same section that can be simply allowed', () => {
    for (const section of sections) {
      for (const permission of section.permissions) {
        if (permission.parent === undefined) continue;
        expect(section.permissions.map((p) => p.key)).toContain(permission.parent);
        expect(definition(permission.parent)?.forms).toContain('allow');
      }
    }
  });

  it('has no chain of parents that comes back to where it started', () => {
    for (const permission of permissions) {
      const seen = new Set([permission.key]);
      for (let parent = permission.parent; parent !== undefined; parent = definition(parent)?.parent) {
        expect(seen.has(parent)).toBe(false);
        seen.add(parent);
      }
    }
  });

  it.each([
    ['appointments', 'appointments.view'],
    ['calendar', 'calendar.view'],
    ['clients', 'clients.view'],
  ])('opens the %s section with %s, which every other right of that section refines', (sectionKey, base) => {
    const section = sections.find((candidate) => candidate.key === sectionKey);
    for (const permission of section?.permissions ?? []) {
      if (permission.key === base) expect(permission.parent).toBeUndefined();
      else expect(ancestors(permission.key)).toContain(base);
    }
  });

  it.each([
    ['appointments.client_list', 'appointments.view'],
    ['appointments.client_list.phone', 'appointments.client_list'],
    ['appointments.comment', 'appointments.edit'],
    ['calendar.schedule.edit', 'calendar.view'],
    ['calendar.reschedule', 'calendar.view'],
    ['calendar.history', 'calendar.view'],
    ['calendar.events.manage', 'calendar.view'],
    ['calendar.online_slots.edit', 'calendar.schedule.edit'],
    ['clients.create', 'clients.view'],
    ['clients.edit', 'clients.view'],
    ['clients.delete', 'clients.view'],
    ['clients.merge', 'clients.view'],
    ['clients.export', 'clients.contacts.list'],
  ])('names %s refining %s', (key, parent) => {
    expect(definition(key)?.parent).toBe(parent);
  });

  it('is version 4, with appointments.client_list appended to its section (82 keys): the bits after it moved, so forms of version 3 are recompiled', () => {
    expect(CATALOG_VERSION).toBe(4);
    expect(permissionKeys).toHaveLength(82);
    expect(sections.find((section) => section.key === 'appointments')?.permissions.at(-1)?.key).toBe('appointments.client_list');
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
    expect(ownerGrants()).toMatchObject(Object.fromEntries(REQUIRED_PERMISSION_KEYS.map((key) => [key, true])));
  });
});
