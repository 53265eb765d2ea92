import { clock } from '../../clock.js';
import { budgetState, freeSlots, isLocked } from '../../data/attempt-budget-state.js';
import { constantTimeEqual, sha256 } from '../../crypto/tokens.js';
import {
  BudgetSpentError,
  giveBackItem,
  GuardMismatchError,
  type Hold,
  lockItem,
  releaseItem,
  reserve,
  resetItem,
} from '../../data/attempt-budgets.js';
import type { LockoutPolicy, PinHolder, TenantItem, TerminalItem } from '../../data/entities.js';
import { readForPinEntry, type UnlockRead } from '../../data/repositories/terminals.js';
import { mergeUpdates, transactWrite, type Update } from '../../data/transaction.js';
import { LockedError, UnauthorizedError } from '../../errors.js';
import { accessLevelAt, type CachedLevel, personalLevel } from '../access/level-cache.js';
import type { AuditContext, AuditInput } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { pinDigest } from '../pins/manage.js';
import { PinsDisabledError } from '../pins/policy.js';
import { levelIdAt } from '../staff/branch-levels.js';
import { withinStaffDates } from '../staff/dates.js';
import { salonTimeZone } from '../tenants/settings.js';
import {
  pinEntryHint,
  rememberClaims,
  rememberPinEntry,
  sameLockout,
  TENANT_LOCK_MS,
  tenantPinBudget,
  terminalKeyAttribute,
  terminalLockSeconds,
  terminalPinBudget,
  terminalRevokedAttribute,
} from './pin-budgets.js';

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
        ? 'Too many wrong PINs in this salon: PIN entry is locked on every terminal for a while.'
        : 'Too many wrong PINs on this terminal: PIN entry is locked for a while.',
      retryAfterSeconds,
    );
  }
}

export interface PinEntry {
  tenant: TenantItem;
  terminal: TerminalItem;
  staffId: string;
  holder: PinHolder;
  level: CachedLevel;
  read: UnlockRead;
  /**
   * The salon's PIN budget item's update, to commit with whatever the PIN
   * lets through: the attempt given back, the terminal's run of failures
   * ended. A transaction writes an item once: merge more into it.
   */
  successUpdate: Update;
  /**
   * For a right PIN whose action is refused all the same (an approver
   * without the right, an unlock that lost the one-person race): its
   * attempts are given back, as a success's would be — only wrong PINs
   * spend a budget.
   */
  giveBack(): Promise<void>;
}

/**
 * Finds who typed `pin` at a terminal, in three DynamoDB requests of which
 * the first two run side by side:
 * - one MAC and the batch read (terminal, tenant, the salon's PIN budget
 *   item, the PIN's digest item, level versions), and beside them
 * - ONE conditional UpdateItem that reserves an attempt in the terminal's
 *   run and the salon's hour (both on the salon's PIN budget item),
 *   conditioned on the terminal token's hash kept there, so that nobody
 *   without the token can spend a salon's budget.
 * Only with the reservation made does the digest item — the PIN's only
 * proof — decide anything: however many PINs arrive at once, no more are
 * tested than the budgets allow. A wrong PIN keeps its reservation.
 *
 * The early reservation needs the budget sizes before the read: it uses the
 * lockout policy this process last read for the salon, and aims at slots
 * the budget item it last saw (with its own claims since) showed free. After a change of
 * that policy, its claims count where they fall within the new sizes, and
 * the others are claimed after the read. Without a hint (first PIN in this
 * process) or a token copy on the budget item yet, the reservation follows
 * the read, with the state it returned, after the token was checked against
 * the terminal item (and then keeps the token's hash for the next time).
 * `terminalSecret` is undefined for approvals, which come from a session on
 * the terminal.
 */
export async function enterPin(
  tenantId: string,
  terminalId: string,
  terminalSecret: string | undefined,
  pin: string,
  context: AuditContext,
  /** The branch whose level the holder acts with (an approval about another branch); default: the terminal's. */
  levelBranchId?: string,
): Promise<PinEntry> {
  const tokenHash = terminalSecret === undefined ? undefined : sha256(terminalSecret);
  const guard = (establish: boolean) =>
    tokenHash === undefined ? undefined : { attribute: terminalKeyAttribute(terminalId), value: tokenHash, establish, barredBy: terminalRevokedAttribute(terminalId) };
  const seen = pinEntryHint(tenantId);
  const hint = seen?.lockout;
  // Sent first: deployed, the MAC is a KMS call, and the reservation needs neither it nor the read.
  const reservation = seen ? settled(reserve(hintedBudgets(tenantId, seen, terminalId), clock.nowMs(), guard(false))) : undefined;
  const { digest } = await pinDigest(tenantId, pin);
  const read = await readForPinEntry(tenantId, terminalId, digest);
  const early = await reservation;
  const { terminal, tenant } = read;
  if (!terminal || !tenant || (tokenHash !== undefined && !constantTimeEqual(terminal.secretHash, tokenHash))) throw new UnauthorizedError();
  const { lockout } = tenant.settings;
  rememberPinEntry(tenantId, lockout, read.pinBudget);
  if (!tenant.settings.pinsEnabled) throw new PinsDisabledError();
  const budgets = pinBudgets(tenantId, lockout, terminalId);
  let holds: Hold[];
  try {
    const samePolicy = hint !== undefined && sameLockout(hint, lockout);
    if (early && 'error' in early && !(early.error instanceof GuardMismatchError) && (samePolicy || !(early.error instanceof BudgetSpentError))) {
      throw early.error;
    }
    // After a policy change, an early claim still counts where its slot is within the new size; the rest are claimed now.
    const kept = budgets.map((budget, index) => {
      const hold = early && 'holds' in early ? early.holds[index] : undefined;
      return hold && hold.slot < budget.spec.size ? { ...hold, spec: budget.spec } : undefined;
    });
    const missing = budgets.filter((_, index) => !kept[index]);
    const claimed =
      missing.length === 0
        ? []
        : await reserve(
            missing.map((budget) => ({ ...budget, state: budgetState(read.pinBudget, budget.spec.size, budget.spec.prefix) })),
            clock.nowMs(),
            guard(true),
          );
    holds = kept.map((hold) => hold ?? (claimed.shift() as Hold));
    rememberClaims(tenantId, holds);
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TerminalLockedError(error.retryAfterMs / 1000, error.spec.prefix === undefined);
    // Revoked between the read and the reservation.
    if (error instanceof GuardMismatchError) throw new UnauthorizedError();
    throw error;
  }
  const [terminalHold, tenantHold] = holds as [Hold, Hold];

  const found = read.digest && read.digest.epoch === (tenant.pinEpoch ?? 0) ? read.digest : undefined;
  const holder = found?.holder;
  const allowedHere = holder !== undefined && (holder.branchIds.length === 0 || holder.branchIds.includes(terminal.branchId));
  // The holder acts with their level for the branch (branchLevels), else their default.
  const levelId = holder && levelIdAt(holder, levelBranchId ?? terminal.branchId);
  const levelRead =
    // Outside their start and end days a PIN answers as a suspended member's does: as a wrong one.
    found && holder && levelId && allowedHere && holder.status === 'active' && withinStaffDates(holder, clock.nowMs(), salonTimeZone(tenant.settings.timeZone))
      ? await accessLevelAt(tenantId, levelId, read.policy?.levels[levelId])
      : undefined;
  const level = levelRead && personalLevel(levelRead, holder?.overrides);
  if (!found || !holder || !level) {
    await recordPinFailure(tenant, terminal, terminalHold, tenantHold, context);
    throw new WrongPinError();
  }
  return {
    tenant,
    terminal,
    staffId: found.staffId,
    holder,
    level,
    read,
    successUpdate: mergeUpdates(releaseItem(tenantHold).Update as Update, resetItem(terminalHold.spec).Update as Update),
    giveBack: () => transactWrite([{ item: giveBackItem([terminalHold, tenantHold]), onFail: () => new Error('unconditional') }]),
  };
}

/**
 * A wrong PIN: audited (never with the PIN tried). If the failures now fill
 * a budget, it locks in the same transaction as the events: the salon for an
 * hour, else the terminal for lockSeconds, doubling with each lock. Whether
 * a budget is full is decided by DynamoDB in the lock's condition (every
 * slot taken, no lock yet): what this request read may be stale in a burst.
 * Throws the lock when this failure caused it.
 */
async function recordPinFailure(tenant: TenantItem, terminal: TerminalItem, terminalHold: Hold, tenantHold: Hold, context: AuditContext) {
  const nowMs = clock.nowMs();
  const event = (action: string, details: Record<string, unknown>): AuditInput => ({
    tenantId: tenant.tenantId,
    actor: { type: 'terminal', id: terminal.terminalId },
    action,
    target: { type: 'terminal', id: terminal.terminalId },
    details: { ...details, terminalId: terminal.terminalId },
    terminalId: terminal.terminalId,
    context,
  });
  const failed = event('pin.failed', {});
  const terminalSeconds = terminalLockSeconds(tenant.settings.lockout, terminalHold.after.locks);
  const locks = [
    {
      item: lockItem(tenantHold.spec, nowMs + TENANT_LOCK_MS, nowMs, { freeSlots: false }),
      event: event('pin.tenant_locked', { until: new Date(nowMs + TENANT_LOCK_MS).toISOString(), failuresThisHour: tenantHold.spec.size }),
      error: new TerminalLockedError(TENANT_LOCK_MS / 1000, true),
    },
    {
      item: lockItem(terminalHold.spec, nowMs + terminalSeconds * 1000, nowMs, { freeSlots: true }),
      event: event('pin.terminal_locked', { until: new Date(nowMs + terminalSeconds * 1000).toISOString(), lockNumber: terminalHold.after.locks + 1 }),
      error: new TerminalLockedError(terminalSeconds, false),
    },
  ];
  for (const lock of locks) {
    try {
      await transactWrite([{ item: lock.item, onFail: () => new NotLocked() }, ...(await effectSteps({ audit: [failed, lock.event] }, tenant.settings))]);
    } catch (error) {
      if (error instanceof NotLocked) continue;
      throw error;
    }
    throw lock.error;
  }
  await transactWrite(await effectSteps({ audit: [failed] }, tenant.settings));
}

/** The terminal's run first, then the salon's hour: one item, one write. */
const pinBudgets = (tenantId: string, lockout: LockoutPolicy, terminalId: string) => [
  { spec: terminalPinBudget(tenantId, lockout, terminalId) },
  { spec: tenantPinBudget(tenantId, lockout) },
];

/**
 * The budgets as the hint sizes them, each with the state the remembered
 * item shows where it has a free slot to aim at; a budget the hint shows
 * spent or locked is claimed blind instead, so that only DynamoDB refuses.
 */
function hintedBudgets(tenantId: string, seen: { lockout: LockoutPolicy; item: object }, terminalId: string) {
  const nowMs = clock.nowMs();
  return pinBudgets(tenantId, seen.lockout, terminalId).map((budget) => {
    const state = budgetState(seen.item, budget.spec.size, budget.spec.prefix);
    return { ...budget, state: isLocked(state, nowMs) || freeSlots(state, nowMs).length === 0 ? undefined : state };
  });
}

/** A reservation's outcome as a value, so that the batch read beside it is always awaited. */
const settled = (reservation: Promise<Hold[]>): Promise<{ holds: Hold[] } | { error: unknown }> =>
  reservation.then(
    (holds) => ({ holds }),
    (error: unknown) => ({ error }),
  );

/** The budget is not full, or another failure locked it first. */
class NotLocked extends Error {}
