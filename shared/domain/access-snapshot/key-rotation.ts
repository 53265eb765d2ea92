/**
 * When the region's access-snapshot signing key changes (deployed). Time is
 * cut into periods; period N's key signs during period N. Verifiers cache
 * the JWKS, so each key is published a whole period before it signs, and the
 * previous one stays published for an overlap after it stops signing, so a
 * snapshot signed just before a rotation still verifies until it expires.
 */
import { MAX_SNAPSHOT_LIFETIME_SECONDS } from '../tenants/settings.js';

export const KEY_PERIOD_SECONDS = 30 * 86_400;

/** The longest snapshot lifetime plus generous clock skew between the service and hosts. */
export const KEY_OVERLAP_SECONDS = MAX_SNAPSHOT_LIFETIME_SECONDS + 10 * 60;

export interface KeyPlan {
  /** The period whose key signs now. */
  signWith: number;
  /** The periods whose keys the JWKS lists now. */
  publish: number[];
  /** The periods whose keys must exist now (made when missing): the signing one and the next. */
  ensure: number[];
}

export function keyPlan(nowMs: number): KeyPlan {
  const nowSeconds = Math.floor(nowMs / 1000);
  const period = Math.floor(nowSeconds / KEY_PERIOD_SECONDS);
  const intoPeriod = nowSeconds - period * KEY_PERIOD_SECONDS;
  return {
    signWith: period,
    publish: [...(intoPeriod < KEY_OVERLAP_SECONDS ? [period - 1] : []), period, period + 1],
    ensure: [period, period + 1],
  };
}

/** When a period's key item may go (DynamoDB TTL, seconds): after its overlap in the period that follows it. */
export function keyExpiresAtSeconds(period: number): number {
  return (period + 1) * KEY_PERIOD_SECONDS + KEY_OVERLAP_SECONDS;
}
