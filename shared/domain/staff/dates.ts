import { localDate } from '../../time/local-days.js';

/** A staff member's first and last local day (`YYYY-MM-DD`), as the staff item and its copies hold them (null: cleared). */
export interface StaffDates {
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
}

/**
 * Whether `nowMs` falls on a local day in `timeZone` from `startsOn` to
 * `endsOn`, both included: outside them a member is treated as suspended
 * (no salon access, no unlock). Members without dates cost no Intl call.
 */
export function withinStaffDates(dates: StaffDates, nowMs: number, timeZone: string): boolean {
  if (!dates.startsOn && !dates.endsOn) return true;
  const today = localDate(nowMs, timeZone);
  return (!dates.startsOn || today >= dates.startsOn) && (!dates.endsOn || today <= dates.endsOn);
}
