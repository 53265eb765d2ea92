/**
 * Calendar days in a salon's time zone (IANA), with Intl alone: Node 20 has
 * no Temporal, and the module is bundled into host clients with the access
 * snapshot decider (shared/access-snapshot), so it stays PURE: no Node-only
 * module, no I/O. A local day is 23, 24 or 25 hours long across DST, and
 * may start at a time other than 00:00 where midnight does not exist.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** No zone's offset reaches 15 h: a local day starts within this of its UTC midnight. */
const MAX_OFFSET_MS = 15 * 3_600_000;

/** The zone a subject without one is evaluated in: what history limits counted before salons had zones. */
export const UTC_ZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one: one per zone and process. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size > 1_000) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at `ms`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour' || part.type === 'minute' || part.type === 'second') {
      clock[part.type] = Number(part.value);
    }
  }
  return clock;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** An IANA zone name Intl knows, in its canonical spelling (`europe/stockholm` → `Europe/Stockholm`); undefined otherwise. */
export function canonicalTimeZone(value: string): string | undefined {
  // Intl on newer engines also takes offsets (`+01:00`): not a zone, and not what a salon's clock follows across DST.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` naming a day of the Gregorian calendar (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`Not a date: ${date}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The local date (`YYYY-MM-DD`) in `timeZone` at `ms`. */
export function localDate(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

/**
 * The first instant (ms, on a whole second) of the local day `date` in
 * `timeZone`: its 00:00, or the first minute that exists where a DST change
 * skips midnight. First the offset at the day's UTC midnight is tried
 * (two formats); where that misses, a search over the ±15 h around it.
 */
export function localDayStartMs(date: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  if (!isCalendarDate(date) || Number.isNaN(utcMidnight)) throw new RangeError(`Not a date: ${date}`);
  const startsBy = (ms: number) => localDate(ms, timeZone) >= date;
  const offset = (ms: number) => {
    const clock = wallClock(ms, timeZone);
    return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - Math.floor(ms / 1000) * 1000;
  };
  const guess = utcMidnight - offset(utcMidnight - offset(utcMidnight));
  if (startsBy(guess) && !startsBy(guess - 1000)) return guess;
  let before = (utcMidnight - MAX_OFFSET_MS) / 1000;
  let at = (utcMidnight + MAX_OFFSET_MS) / 1000;
  while (at - before > 1) {
    const middle = Math.floor((before + at) / 2);
    if (startsBy(middle * 1000)) at = middle;
    else before = middle;
  }
  return at * 1000;
}

/** The first instant of the local day that holds `ms`. */
export function startOfLocalDay(ms: number, timeZone: string): number {
  return localDayStartMs(localDate(ms, timeZone), timeZone);
}

/**
 * The local day `ms` falls on, with its bounds and the oldest days that
 * history limits reach from it: cached per zone, as checks ask about
 * "today" again and again (a check then formats nothing and allocates
 * nothing, as compiled.ts's checks promise).
 */
interface LocalDay {
  date: string;
  startMs: number;
  endMs: number;
  /** By `days`: the date `days` before `date`, and the first instant of that day. */
  oldestDates: Map<number, string>;
  oldestStarts: Map<number, number>;
}

const today = new Map<string, LocalDay>();

function localDayOf(ms: number, timeZone: string): LocalDay {
  const hit = today.get(timeZone);
  if (hit && ms >= hit.startMs && ms < hit.endMs) return hit;
  const date = localDate(ms, timeZone);
  const day: LocalDay = {
    date,
    startMs: localDayStartMs(date, timeZone),
    endMs: localDayStartMs(addDays(date, 1), timeZone),
    oldestDates: new Map(),
    oldestStarts: new Map(),
  };
  if (today.size > 1_000) today.clear();
  today.set(timeZone, day);
  return day;
}

function oldestDate(day: LocalDay, days: number): string {
  let date = day.oldestDates.get(days);
  if (date === undefined) {
    date = addDays(day.date, -days);
    day.oldestDates.set(days, date);
  }
  return date;
}

/** The first instant of the local day `days` calendar days before the one that holds `nowMs`. */
export function localDaysAgoStartMs(nowMs: number, days: number, timeZone: string): number {
  const day = localDayOf(nowMs, timeZone);
  let start = day.oldestStarts.get(days);
  if (start === undefined) {
    start = localDayStartMs(oldestDate(day, days), timeZone);
    day.oldestStarts.set(days, start);
  }
  return start;
}

/** A date-time that names its offset (`Z`, `+02:00`) is an instant; anything else is a wall-clock reading. */
const INSTANT = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Whether `date` (a history limit's resource date) falls within today and
 * the `days` local calendar days before it, in `timeZone`, at `nowMs`.
 * An instant is compared with the first instant of the oldest day allowed;
 * a date or a local date-time (no offset) by its date, which names a local
 * day already. Unreadable: false (fail closed).
 */
export function withinLocalDays(date: string, days: number, nowMs: number, timeZone: string): boolean {
  if (date.length > 10 && INSTANT.test(date)) {
    const when = Date.parse(date);
    return !Number.isNaN(when) && when >= localDaysAgoStartMs(nowMs, days, timeZone);
  }
  const day = date.length === 10 ? date : date.slice(0, 10);
  if (!isCalendarDate(day) || (date.length > 10 && Number.isNaN(Date.parse(`${date}Z`)))) return false;
  return day >= oldestDate(localDayOf(nowMs, timeZone), days);
}
