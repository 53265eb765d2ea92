import { clock } from '#shared/clock.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';

/** The authenticator app's code for `secret` at the test clock's step, or `stepOffset` steps from it. */
export const codeAt = (secret: string, stepOffset = 0) => hotp(base32Decode(secret), stepAt(clock.nowMs()) + stepOffset);

/**
 * Moves the test clock a second into a fresh 30 s step. A code made then
 * meets the service well inside the step it was made for, however loaded the
 * machine, and its step is newer than any the account used before (each step
 * is accepted once).
 */
export const toFreshStep = () => clock.advance(30_000 - (clock.nowMs() % 30_000) + 1_000);
