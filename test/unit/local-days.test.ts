import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  localDate,
  localDayStartMs,
  localDaysAgoStartMs,
  startOfLocalDay,
  wallClock,
  withinLocalDays,
} from '#shared/time/local-days.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const dayLengthHours = (date: string, zone: string) => (localDayStartMs(addDays(date, 1), zone) - localDayStartMs(date, zone)) / HOUR;

describe('localDayStartMs at the DST changes of 2026', () => {
  it.each([
    ['Europe/Stockholm', '2026-03-29', '2026-03-28T23:00:00.000Z', 23],
    ['Europe/Stockholm', '2026-10-25', '2026-10-24T22:00:00.000Z', 25],
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z', 23],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z', 25],
  ])('%s %s starts at %s and lasts %i hours', (zone, date, start, hours) => {
    expect(new Date(localDayStartMs(date, zone)).toISOString()).toBe(start);
    expect(dayLengthHours(date, zone)).toBe(hours);
  });

  it.each([
    ['Europe/Stockholm', '2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['Europe/Stockholm', '2026-10-26', '2026-10-25T23:00:00.000Z'],
    ['America/New_York', '2026-03-09', '2026-03-09T04:00:00.000Z'],
    ['America/New_York', '2026-11-02', '2026-11-02T05:00:00.000Z'],
  ])('%s: the day after the change, %s, starts at %s (the new offset)', (zone, date, start) => {
    expect(new Date(localDayStartMs(date, zone)).toISOString()).toBe(start);
  });

  it('starts a day whose midnight does not exist at its first minute (America/Santiago, 2026-09-06 01:00)', () => {
    const start = localDayStartMs('2026-09-06', 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(wallClock(start, 'America/Santiago')).toMatchObject({ hour: 1, minute: 0, second: 0 });
    expect(localDate(start - 1000, 'America/Santiago')).toBe('2026-09-05');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => localDayStartMs('2026-02-30', 'Europe/Stockholm')).toThrow(RangeError);
    expect(() => localDayStartMs('29.03.2026', 'Europe/Stockholm')).toThrow(RangeError);
  });
});

describe('localDate around the spring-forward hour (Europe/Stockholm, 2026-03-29 02:00 → 03:00)', () => {
  it('reads 01:59:59 CET and, a second later, 03:00:00 CEST on the same day', () => {
    expect(wallClock(at('2026-03-29T00:59:59Z'), 'Europe/Stockholm')).toMatchObject({ day: 29, hour: 1, minute: 59, second: 59 });
    expect(wallClock(at('2026-03-29T01:00:00Z'), 'Europe/Stockholm')).toMatchObject({ day: 29, hour: 3, minute: 0, second: 0 });
  });

  it('puts the UTC evening of the 28th on the 29th in Stockholm and on the 28th in New York', () => {
    expect(localDate(at('2026-03-28T23:30:00Z'), 'Europe/Stockholm')).toBe('2026-03-29');
    expect(localDate(at('2026-03-28T23:30:00Z'), 'America/New_York')).toBe('2026-03-28');
  });
});

describe('withinLocalDays (a `days` history limit)', () => {
  // 00:30 on 2026-03-30 in Stockholm, the day after spring-forward: "1 day back" reaches to the 29th's midnight (CET).
  const now = at('2026-03-29T22:30:00Z');

  it("allows from the first instant of the oldest local day, not from UTC's", () => {
    expect(withinLocalDays('2026-03-28T23:00:00Z', 1, now, 'Europe/Stockholm')).toBe(true);
    expect(withinLocalDays('2026-03-28T22:59:59.999Z', 1, now, 'Europe/Stockholm')).toBe(false);
    // Counted in UTC, the same instant would be well inside the limit.
    expect(withinLocalDays('2026-03-28T22:59:59.999Z', 1, now, 'UTC')).toBe(true);
  });

  it('compares a plain date as a local day', () => {
    expect(withinLocalDays('2026-03-29', 1, now, 'Europe/Stockholm')).toBe(true);
    expect(withinLocalDays('2026-03-28', 1, now, 'Europe/Stockholm')).toBe(false);
    // In New York it is still the 29th: one day back is the 28th.
    expect(withinLocalDays('2026-03-28', 1, now, 'America/New_York')).toBe(true);
  });

  it('allows today with 0 days and refuses what cannot be read', () => {
    expect(withinLocalDays('2026-03-30', 0, now, 'Europe/Stockholm')).toBe(true);
    expect(withinLocalDays('2026-03-29', 0, now, 'Europe/Stockholm')).toBe(false);
    expect(withinLocalDays('not a date', 30, now, 'Europe/Stockholm')).toBe(false);
    expect(withinLocalDays('2026-02-30', 30, now, 'Europe/Stockholm')).toBe(false);
  });

  it('reads an offset date-time as the instant it names', () => {
    // 00:00 CET on the 29th, written with its own offset.
    expect(withinLocalDays('2026-03-29T00:00:00+01:00', 1, now, 'Europe/Stockholm')).toBe(true);
    expect(withinLocalDays('2026-03-28T23:59:59+01:00', 1, now, 'Europe/Stockholm')).toBe(false);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['Europe/Stockholm', 'Europe/Stockholm'],
    ['europe/stockholm', 'Europe/Stockholm'],
    ['America/New_York', 'America/New_York'],
    ['UTC', 'UTC'],
  ])('knows %s as %s', (input, canonical) => {
    expect(canonicalTimeZone(input)).toBe(canonical);
  });

  it.each(['Mars/Olympus_Mons', '+01:00', '-05:00', '', 'Europe/Stockholm; DROP', 'x'.repeat(65)])('refuses %j', (input) => {
    expect(canonicalTimeZone(input)).toBeUndefined();
  });
});

const ZONES = [
  'Europe/Stockholm',
  'America/New_York',
  'Europe/Dublin',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Beirut',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'UTC',
] as const;
const zone = fc.constantFrom(...ZONES);
/** 2000–2099: today's rules (no zone above skipped or repeated a whole day in that span). */
const instant = fc.integer({ min: at('2000-01-02T00:00:00Z'), max: at('2099-12-30T00:00:00Z') });
const date = instant.map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('local days, properties', () => {
  it('the start of the local day holding an instant is at or before it, on the same local date, and a second earlier is the day before', () => {
    fc.assert(
      fc.property(instant, zone, (ms, timeZone) => {
        const start = startOfLocalDay(ms, timeZone);
        expect(start).toBeLessThanOrEqual(ms);
        expect(localDate(start, timeZone)).toBe(localDate(ms, timeZone));
        expect(localDate(start - 1000, timeZone) < localDate(ms, timeZone)).toBe(true);
      }),
    );
  });

  it('a day starts at 00:00:00 local, or at the first second that exists where a DST change skips midnight', () => {
    fc.assert(
      fc.property(date, zone, (day, timeZone) => {
        const start = localDayStartMs(day, timeZone);
        const clock = wallClock(start, timeZone);
        const midnight = clock.hour === 0 && clock.minute === 0 && clock.second === 0;
        expect(midnight || localDate(start - 1000, timeZone) < day).toBe(true);
        expect(localDate(start, timeZone)).toBe(day);
      }),
    );
  });

  it('consecutive day starts are 23, 24 or 25 hours apart', () => {
    fc.assert(
      fc.property(date, zone, (day, timeZone) => {
        expect([23, 24, 25]).toContain(dayLengthHours(day, timeZone));
      }),
    );
  });

  it('an instant is within N local days exactly when its local date is no earlier than N days before today', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -60 * 24, max: 2 * 24 }), fc.integer({ min: 0, max: 60 }), zone, (nowMs, hoursAgo, days, timeZone) => {
        const when = nowMs + hoursAgo * HOUR;
        const expected = localDate(when, timeZone) >= addDays(localDate(nowMs, timeZone), -days);
        expect(withinLocalDays(new Date(when).toISOString(), days, nowMs, timeZone)).toBe(expected);
        expect(localDaysAgoStartMs(nowMs, days, timeZone)).toBe(localDayStartMs(addDays(localDate(nowMs, timeZone), -days), timeZone));
      }),
    );
  });
});
