import { BadRequestError, ConflictError } from '../../errors.js';
import common from './common-pins.json' with { type: 'json' };

export class InvalidPinError extends BadRequestError {
  constructor(detail: string) {
    super('invalid_pin', detail);
  }
}

/** Unlock, approvals and a member's own PIN renewal while the salon has PIN codes turned off (possible outside the EU only). */
export class PinsDisabledError extends ConflictError {
  constructor() {
    super('pins_disabled', 'PIN codes are turned off for this salon.');
  }
}

const commonFour = new Set([
  ...common.four,
  ...Array.from({ length: common.fourYears.to - common.fourYears.from + 1 }, (_, i) => String(common.fourYears.from + i)),
]);
const commonSix = new Set(common.six);

function isStraightSequence(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i += 1) steps.add(pin.charCodeAt(i) - pin.charCodeAt(i - 1));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

/**
 * Why a PIN is refused, or undefined when it is acceptable for a tenant whose
 * PINs have `length` digits: wrong length, not all digits, one digit
 * repeated, a straight run up or down, or among the most common PINs.
 */
export function pinProblem(pin: string, length: 4 | 6): string | undefined {
  if (!/^\d+$/.test(pin)) return 'A PIN has digits only.';
  if (pin.length !== length) return `This salon uses ${length}-digit PINs.`;
  if (/^(\d)\1+$/.test(pin)) return 'A PIN cannot be one digit repeated.';
  if (isStraightSequence(pin)) return 'A PIN cannot be a straight run of digits up or down.';
  if ((length === 4 ? commonFour : commonSix).has(pin)) return 'This PIN is among the most common PINs; choose another.';
  return undefined;
}

export function assertAcceptablePin(pin: string, length: 4 | 6): void {
  const problem = pinProblem(pin, length);
  if (problem) throw new InvalidPinError(problem);
}

/** Each own renewal sends an SMS or email: a member may ask for this many per rolling hour, so a session cannot flood a phone. */
export const MAX_PIN_RENEWALS_PER_HOUR = 3;

const DAY_MS = 86_400_000;

/**
 * Whether a PIN set at `setAt` is due for renewal under the salon's
 * `pinMaxAgeDays` (undefined: no limit). A PIN whose age is unknown (its
 * index item predates the policy) counts as due once a limit is set: the
 * limit is a recommendation, never a refusal, and renewing records the age.
 */
export function pinRenewalDue(setAt: string | undefined, maxAgeDays: number | undefined, nowMs: number): boolean {
  if (maxAgeDays === undefined) return false;
  if (setAt === undefined) return true;
  return nowMs - Date.parse(setAt) > maxAgeDays * DAY_MS;
}
