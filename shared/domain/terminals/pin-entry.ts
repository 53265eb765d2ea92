import { clock } from '../../clock.js';
import { budgetState } from '../../data/attempt-budget-state.js';
import { constantTimeEqual, sha256 } from '../../crypto/tokens.js';
import {
  BudgetSpentError,
  type Hold,
  lockItem,
  releaseItem,
  reserve,
  resetItem,
} from '../../data/attempt-budgets.js';
import type { PinHolder, TenantItem, TerminalItem } from '../../data/entities.js';
import { readForPinEntry, type UnlockRead } from '../../data/repositories/terminals.js';
import { type Step, transactWrite } from '../../data/transaction.js';
import { ConflictError, LockedError, UnauthorizedError } from '../../errors.js';
import { accessLevelAt, type CachedLevel } from '../access/level-cache.js';
import type { AuditContext, AuditInput } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { pinDigest } from '../pins/manage.js';
import { TENANT_LOCK_MS, tenantPinBudget, terminalPinBudget } from './pin-budgets.js';

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

export class PinsDisabledError extends ConflictError {
  constructor() {
    super('pins_disabled', 'PIN codes are turned off for this salon.');
  }
}

export interface PinEntry {
  tenant: TenantItem;
  terminal: TerminalItem;
  staffId: string;
  holder: PinHolder;
  level: CachedLevel;
  read: UnlockRead;
  /** To commit with whatever the PIN lets through: the attempt given back, the terminal's run of failures ended. */
  successSteps: Step[];
}

/**
 * Finds who typed `pin` at a terminal. One MAC and one batch read (terminal,
 * tenant, both attempt budgets, the PIN's digest item, level versions); then
 * ONE conditional write reserves an attempt in the terminal's and the salon's
 * budgets. Only with that reservation made does the digest item — the PIN's
 * only proof — decide anything: however many PINs arrive at once, no more
 * are tested than the budgets allow. A wrong PIN keeps its reservation.
 * `terminalSecret` is checked (before anything is reserved, so nobody without
 * the terminal's token can spend a salon's budget) when the caller
 * authenticated with the terminal's token (unlock); approvals come from a
 * session on the terminal.
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
  const budgets = { terminal: terminalPinBudget(tenant, terminalId), tenant: tenantPinBudget(tenant) };
  const nowMs = clock.nowMs();
  let holds: Hold[];
  try {
    holds = await reserve(
      [
        { spec: budgets.terminal, state: budgetState(read.terminalBudget, budgets.terminal.size) },
        { spec: budgets.tenant, state: budgetState(read.tenantBudget, budgets.tenant.size) },
      ],
      nowMs,
    );
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TerminalLockedError(error.retryAfterMs / 1000, error.spec === budgets.tenant);
    throw error;
  }
  const [terminalHold, tenantHold] = holds as [Hold, Hold];

  const found = read.digest && read.digest.epoch === (tenant.pinEpoch ?? 0) ? read.digest : undefined;
  const holder = found?.holder;
  const allowedHere = holder !== undefined && (holder.branchIds.length === 0 || holder.branchIds.includes(terminal.branchId));
  const level =
    found && holder && allowedHere && holder.status === 'active'
      ? await accessLevelAt(tenantId, holder.accessLevelId, read.policy?.levels[holder.accessLevelId])
      : undefined;
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
    successSteps: [
      { item: releaseItem(tenantHold), onFail: () => new Error('unconditional') },
      { item: resetItem(budgets.terminal), onFail: () => new Error('unconditional') },
    ],
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
  const { lockout } = tenant.settings;
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
  const terminalSeconds = lockout.lockSeconds * 2 ** Math.min(terminalHold.after.locks, 10);
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

/** The budget is not full, or another failure locked it first. */
class NotLocked extends Error {}
