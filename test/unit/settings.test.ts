import { describe, expect, it } from 'vitest';
import { defaultSettings } from '#shared/domain/tenants/settings.js';

describe('defaultSettings (product.md "Defaults")', () => {
  it('turns PINs on', () => {
    expect(defaultSettings().pinsEnabled).toBe(true);
  });

  it('gives new tenants 6-digit PINs', () => {
    expect(defaultSettings().pinLength).toBe(6);
  });

  it.each([4, 6] as const)('uses %i-digit PINs when asked', (length) => {
    expect(defaultSettings(length).pinLength).toBe(length);
  });

  it('logs out after 15 minutes idle (900 s)', () => {
    expect(defaultSettings().autoLogoutSeconds).toBe(900);
  });

  it('locks a terminal for 5 minutes after 5 wrong PINs, with a tenant-wide budget of 20 failures per hour', () => {
    expect(defaultSettings().lockout).toEqual({ maxAttempts: 5, lockSeconds: 300, tenantFailuresPerHour: 20 });
  });

  it('keeps every other setting when only the PIN length changes', () => {
    expect({ ...defaultSettings(4), pinLength: 6 }).toEqual(defaultSettings(6));
  });

  it('returns a fresh object each time, so one tenant cannot change another\'s defaults', () => {
    const first = defaultSettings();
    first.lockout.maxAttempts = 99;
    first.pinsEnabled = false;
    expect(defaultSettings()).toMatchObject({ pinsEnabled: true, lockout: { maxAttempts: 5 } });
  });
});
