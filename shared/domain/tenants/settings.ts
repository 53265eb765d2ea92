import type { TenantSettings } from '../../data/entities.js';

/** A year of audit trail unless the salon sets otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/**
 * An access snapshot answers checks for a minute unless the salon sets
 * otherwise: how long a revoked right may still be honoured by a host.
 */
export const DEFAULT_SNAPSHOT_LIFETIME_SECONDS = 60;
export const MIN_SNAPSHOT_LIFETIME_SECONDS = 10;
export const MAX_SNAPSHOT_LIFETIME_SECONDS = 300;

/** product.md's defaults: 6-digit PINs, 15-minute auto-logout, 5 wrong PINs lock a terminal for 5 minutes. */
export function defaultSettings(pinLength: 4 | 6 = 6): TenantSettings {
  return {
    pinsEnabled: true,
    pinLength,
    autoLogoutSeconds: 15 * 60,
    lockout: { maxAttempts: 5, lockSeconds: 5 * 60, tenantFailuresPerHour: 20 },
    auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
    requireTwoFactorForAdmins: false,
    snapshotLifetimeSeconds: DEFAULT_SNAPSHOT_LIFETIME_SECONDS,
  };
}

/** The settings as the API shows them: a salon created before a setting existed has its default. */
export function settingsWithDefaults(settings: TenantSettings): Required<TenantSettings> {
  return { ...settings, snapshotLifetimeSeconds: settings.snapshotLifetimeSeconds ?? DEFAULT_SNAPSHOT_LIFETIME_SECONDS };
}
