import { describe, expect, it } from 'vitest';
import { ownerGrants, permissionKeys, permissions, sections } from '#shared/domain/permissions/catalog.js';
import { REQUIRED_PERMISSION_KEYS } from '../support/contract.js';

function definition(key: string) {
  return sections.flatMap((section) => section.permissions).find((permission) => permission.key === key);
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

  it('opens the booking window with appointments.view, the parent of every other right of that section', () => {
    const booking = sections.find((section) => section.key === 'appointments');
    for (const permission of booking?.permissions ?? []) {
      if (permission.key === 'appointments.view') expect(permission.parent).toBeUndefined();
      else expect(['appointments.view', 'appointments.client_data']).toContain(permission.parent);
    }
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
