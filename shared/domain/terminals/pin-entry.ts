import { clock } from '../../clock.js';
import { entities, type StaffItem, type TenantItem, type TerminalItem } from '../../data/entities.js';
import { incrementCounter } from '../../data/repositories/counters.js';
import { getStaff } from '../../data/repositories/staff.js';
import { addTerminalFailure, lockTenantPins, lockTerminal, readForPinEntry, type UnlockRead } from '../../data/repositories/terminals.js';
import { ConflictError, LockedError, UnauthorizedError } from '../../errors.js';
import { accessLevelAt, type CachedLevel } from '../access/level-cache.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { constantTimeEqual, sha256 } from '../../crypto/tokens.js';
import { pinDigest, verifyPin } from '../pins/manage.js';

export class WrongPinError extends UnauthorizedError {
  constructor() {
    super('invalid_pin', 'That PIN did not unlock this terminal.');
  }
}

export class TerminalLockedError extends LockedError {
  constructor(retryAfterSeconds: number, tenantWide: boolean) {
    super(
      'terminal_locked',
      tenantWide
        ? 'Too many wrong PINs in this salon: PIN entry is locked on every terminal until it expires or a manager clears it.'
        : 'Too many wrong PINs on this terminal: PIN entry is locked for a while.',
      retryAfterSeconds,
    );
  }
}

export class PinsDisabledError extends ConflictError {
  constructor() {
    super('pins_disabled', 'PIN codes are turned off for this salon.');
  }
}

/** An argon2id verifier of a PIN nobody has: a PIN that matches no one costs the same time as a wrong one. */
const DECOY_VERIFIER = '$argon2id$v=19$m=19456,t=2,p=1$bUPPO3R2bRs/1+JKgVpHDA$GtWwFAQ0VLNn5EwiaH+QOGrg3W/oelOB1M3gWg9TuM4';

export interface PinEntry {
  tenant: TenantItem;
  terminal: TerminalItem;
  staff: StaffItem;
  level: CachedLevel;
  read: UnlockRead;
}

const secondsUntil = (iso: string | undefined, nowMs: number) => (iso ? Math.ceil((Date.parse(iso) - nowMs) / 1000) : 0);

/**
 * Finds who typed `pin` at a terminal: one MAC, one batch read (terminal,
 * tenant, both locks, the PIN's digest, level versions), one staff read and
 * one argon2id verify. A locked terminal refuses even the right PIN; every
 * wrong PIN counts towards the terminal's and the tenant's locks.
 * `terminalSecret` is checked when the caller authenticated with the
 * terminal's own token (unlock); approvals come from a session on it.
 */
export async function enterPin(
  tenantId: string,
  terminalId: string,
  terminalSecret: string | undefined,
  pin: string,
  context: AuditContext,
): Promise<PinEntry> {
  const { digest } = await pinDigest(tenantId, pin);
  const read = await readForPinEntry(tenantId, terminalId, digest);
  const { terminal, tenant } = read;
  if (!terminal || !tenant || (terminalSecret !== undefined && !constantTimeEqual(terminal.secretHash, sha256(terminalSecret)))) {
    throw new UnauthorizedError();
  }
  if (!tenant.settings.pinsEnabled) throw new PinsDisabledError();
  const nowMs = clock.nowMs();
  const tenantLockSeconds = secondsUntil(read.tenantLock?.lockedUntil, nowMs);
  const terminalLockSeconds = secondsUntil(read.terminalLock?.lockedUntil, nowMs);
  if (tenantLockSeconds > 0 || terminalLockSeconds > 0) {
    throw new TerminalLockedError(Math.max(tenantLockSeconds, terminalLockSeconds), tenantLockSeconds > 0);
  }

  const candidate = read.digest && read.digest.epoch === (tenant.pinEpoch ?? 0) ? await getStaff(tenantId, read.digest.staffId) : undefined;
  const matches = await verifyPin(candidate?.pin?.digest === digest ? candidate.pin.verifier : DECOY_VERIFIER, pin);
  const allowedHere = candidate !== undefined && (candidate.branchIds.length === 0 || candidate.branchIds.includes(terminal.branchId));
  const level =
    candidate && matches && allowedHere && candidate.status === 'active'
      ? await accessLevelAt(tenantId, candidate.accessLevelId, read.policy?.levels[candidate.accessLevelId])
      : undefined;
  if (!candidate || !level) {
    await recordPinFailure(tenant, terminal, context);
    throw new WrongPinError();
  }
  return { tenant, terminal, staff: candidate, level, read };
}

/**
 * Counts a wrong PIN: N in a row lock the terminal for lockSeconds, doubling
 * with each repeat lock; the tenant's hourly budget locks every terminal.
 * Both counters are atomic updates that expire by TTL. Audited, never with
 * the PIN that was tried. Throws the lock when this failure caused it.
 */
async function recordPinFailure(tenant: TenantItem, terminal: TerminalItem, context: AuditContext): Promise<void> {
  const { lockout } = tenant.settings;
  const nowMs = clock.nowMs();
  const nowSeconds = Math.floor(nowMs / 1000);
  const tenantId = tenant.tenantId;
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit({ tenantId, actor: { type: 'terminal', id: terminal.terminalId }, action, target: { type: 'terminal', id: terminal.terminalId }, details, context });

  const counts = await addTerminalFailure(tenantId, terminal.terminalId, nowSeconds + 86_400);
  const hour = Math.floor(nowSeconds / 3600);
  const tenantFailures = await incrementCounter(entities.tenantPinFailures.key({ tenantId, hour }), (hour + 2) * 3600);
  await audit('pin.failed', { failures: counts.failures });

  if (tenantFailures >= lockout.tenantFailuresPerHour) {
    const until = new Date(nowMs + 3600_000).toISOString();
    await lockTenantPins(tenantId, until, nowSeconds + 2 * 3600);
    await audit('pin.tenant_locked', { until, failuresThisHour: tenantFailures });
    throw new TerminalLockedError(3600, true);
  }
  if (counts.failures >= lockout.maxAttempts) {
    const seconds = lockout.lockSeconds * 2 ** Math.min(counts.locks, 10);
    const until = new Date(nowMs + seconds * 1000).toISOString();
    if (await lockTerminal(tenantId, terminal.terminalId, until, lockout.maxAttempts, nowSeconds + seconds + 86_400)) {
      await audit('pin.terminal_locked', { until, lockNumber: counts.locks + 1 });
      throw new TerminalLockedError(seconds, false);
    }
  }
}
