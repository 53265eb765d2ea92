import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinRenewalDue } from '#shared/domain/pins/policy.js';

const DAY = 86_400_000;
const SET = Date.parse('2026-01-01T09:00:00Z');
const setAt = new Date(SET).toISOString();

describe('pinRenewalDue', () => {
  it('is never due without a limit, however old the PIN or unknown its age', () => {
    expect(pinRenewalDue(setAt, undefined, SET + 10_000 * DAY)).toBe(false);
    expect(pinRenewalDue(undefined, undefined, SET)).toBe(false);
  });

  it('is due only once the PIN is older than the limit', () => {
    expect(pinRenewalDue(setAt, 30, SET + 30 * DAY)).toBe(false);
    expect(pinRenewalDue(setAt, 30, SET + 30 * DAY + 1)).toBe(true);
  });

  it('counts a PIN of unknown age (its digest predates the policy) as due once a limit is set', () => {
    expect(pinRenewalDue(undefined, 30, SET)).toBe(true);
  });

  it('agrees with the age in whole milliseconds for any limit and age', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 3650 }), fc.integer({ min: 0, max: 4000 * DAY }), (days, ageMs) => {
        expect(pinRenewalDue(setAt, days, SET + ageMs)).toBe(ageMs > days * DAY);
      }),
    );
  });
});
