import type { PinHolder, StaffAttributes } from '../../data/entities.js';

/** Lower-cased words a staff list can be searched by prefix (`q`). */
export function searchTerms(staff: Pick<StaffAttributes, 'firstName' | 'lastName' | 'email'>): string[] {
  return [staff.firstName, staff.lastName, staff.email ?? '']
    .map((term) => term.trim().toLowerCase())
    .filter((term) => term.length > 0);
}

/** The copy of the staff member kept on their account's membership (see MembershipAttributes). */
export function membershipSnapshot(
  staff: Pick<StaffAttributes, 'staffId' | 'status' | 'accessLevelId' | 'overrides' | 'branchIds' | 'branchLevels' | 'employeeId' | 'sessionsNotBefore' | 'startsOn' | 'endsOn'>,
) {
  return {
    staffId: staff.staffId,
    status: staff.status,
    accessLevelId: staff.accessLevelId,
    ...(staff.overrides ? { overrides: staff.overrides } : {}),
    branchIds: staff.branchIds,
    ...(staff.branchLevels ? { branchLevels: staff.branchLevels } : {}),
    ...(staff.employeeId ? { employeeId: staff.employeeId } : {}),
    ...(staff.sessionsNotBefore ? { sessionsNotBefore: staff.sessionsNotBefore } : {}),
    ...(staff.startsOn ? { startsOn: staff.startsOn } : {}),
    ...(staff.endsOn ? { endsOn: staff.endsOn } : {}),
  };
}

/** "Anna B.": what the terminal shows top left (Phorest). */
export function displayName(staff: Pick<StaffAttributes, 'firstName' | 'lastName'>): string {
  const initial = staff.lastName.trim().charAt(0);
  return initial ? `${staff.firstName} ${initial}.` : staff.firstName;
}

/** The copy of the staff member kept on their PIN's digest item (see PinDigestAttributes). */
export function pinHolder(
  staff: Pick<StaffAttributes, 'status' | 'accessLevelId' | 'overrides' | 'branchIds' | 'branchLevels' | 'employeeId' | 'firstName' | 'lastName' | 'startsOn' | 'endsOn'>,
): PinHolder {
  return {
    status: staff.status,
    accessLevelId: staff.accessLevelId,
    ...(staff.overrides ? { overrides: staff.overrides } : {}),
    branchIds: staff.branchIds,
    ...(staff.branchLevels ? { branchLevels: staff.branchLevels } : {}),
    ...(staff.employeeId ? { employeeId: staff.employeeId } : {}),
    displayName: displayName(staff),
    ...(staff.startsOn ? { startsOn: staff.startsOn } : {}),
    ...(staff.endsOn ? { endsOn: staff.endsOn } : {}),
  };
}
