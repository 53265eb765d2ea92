import { config } from '../../config.js';
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

/**
 * A salon's time zone until it sets one: the zone of the city its
 * deployment's region is in (eu-west-1 is Dublin). A region not listed
 * counts days in UTC.
 */
const REGION_TIME_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'America/New_York',
  'us-east-2': 'America/New_York',
  'us-west-1': 'America/Los_Angeles',
  'us-west-2': 'America/Los_Angeles',
  'ca-central-1': 'America/Toronto',
  'ca-west-1': 'America/Edmonton',
  'sa-east-1': 'America/Sao_Paulo',
  'eu-west-1': 'Europe/Dublin',
  'eu-west-2': 'Europe/London',
  'eu-west-3': 'Europe/Paris',
  'eu-central-1': 'Europe/Berlin',
  'eu-central-2': 'Europe/Zurich',
  'eu-north-1': 'Europe/Stockholm',
  'eu-south-1': 'Europe/Rome',
  'eu-south-2': 'Europe/Madrid',
  'me-central-1': 'Asia/Dubai',
  'il-central-1': 'Asia/Jerusalem',
  'af-south-1': 'Africa/Johannesburg',
  'ap-south-1': 'Asia/Kolkata',
  'ap-southeast-1': 'Asia/Singapore',
  'ap-southeast-2': 'Australia/Sydney',
  'ap-northeast-1': 'Asia/Tokyo',
  'ap-northeast-2': 'Asia/Seoul',
  'ap-east-1': 'Asia/Hong_Kong',
};

export function regionTimeZone(region: string): string {
  return REGION_TIME_ZONES[region] ?? 'UTC';
}

/** The salon's zone: the one it set (settings, or the POLICY item's copy), else its deployment region's. */
export function salonTimeZone(stored: string | undefined): string {
  return stored ?? regionTimeZone(config().region);
}

/** product.md's defaults: 6-digit PINs, 15-minute auto-logout, 5 wrong PINs lock a terminal for 5 minutes. */
export function defaultSettings(pinLength: 4 | 6 = 6, timeZone?: string): TenantSettings {
  return {
    pinsEnabled: true,
    pinLength,
    autoLogoutSeconds: 15 * 60,
    lockout: { maxAttempts: 5, lockSeconds: 5 * 60, tenantFailuresPerHour: 20 },
    auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
    requireTwoFactorForAdmins: false,
    snapshotLifetimeSeconds: DEFAULT_SNAPSHOT_LIFETIME_SECONDS,
    ...(timeZone ? { timeZone } : {}),
  };
}

/** The settings as the API shows them: a salon created before a setting existed has its default; a limit that is off is null. */
export function settingsWithDefaults(
  settings: TenantSettings,
): Omit<Required<TenantSettings>, 'pinMaxAgeDays' | 'deskAccessLevelId'> & { pinMaxAgeDays: number | null; deskAccessLevelId: string | null } {
  return {
    ...settings,
    snapshotLifetimeSeconds: settings.snapshotLifetimeSeconds ?? DEFAULT_SNAPSHOT_LIFETIME_SECONDS,
    pinMaxAgeDays: settings.pinMaxAgeDays ?? null,
    deskAccessLevelId: settings.deskAccessLevelId ?? null,
    timeZone: salonTimeZone(settings.timeZone),
  };
}
