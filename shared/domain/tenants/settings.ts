import type { TenantSettings } from '../../data/entities.js';

/** A year of audit trail unless the salon sets otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** product.md's defaults: 6-digit PINs, 15-minute auto-logout, 5 wrong PINs lock a terminal for 5 minutes. */
export function defaultSettings(pinLength: 4 | 6 = 6): TenantSettings {
  return {
    pinsEnabled: true,
    pinLength,
    autoLogoutSeconds: 15 * 60,
    lockout: { maxAttempts: 5, lockSeconds: 5 * 60, tenantFailuresPerHour: 20 },
    auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
    requireTwoFactorForAdmins: false,
  };
}
