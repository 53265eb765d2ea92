import type { BudgetSpec, Hold } from '../../data/attempt-budgets.js';
import { slotName } from '../../data/attempt-budget-state.js';
import { entities, type LockoutPolicy } from '../../data/entities.js';
import { config } from '../../config.js';
import type { TransactItem } from '../../data/transaction.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A terminal's lock doubles with each lock, up to 2^10 × lockSeconds. */
const MAX_DOUBLINGS = 10;

/** How long a terminal locks for its `locks`-th lock (0-based): lockSeconds, doubling. */
export const terminalLockSeconds = (lockout: LockoutPolicy, locks: number) => lockout.lockSeconds * 2 ** Math.min(locks, MAX_DOUBLINGS);

/** The salon's budget item also carries every terminal's run: it must outlive the longest terminal lock. */
const keepMs = (lockout: LockoutPolicy) => Math.max(HOUR_MS, terminalLockSeconds(lockout, MAX_DOUBLINGS) * 1000);

const terminalPrefix = (terminalId: string) => `T#${terminalId}#`;

/**
 * PIN attempts on one terminal: `maxAttempts` in a row lock it (a success
 * frees them all; a lock forgives them once it ends). The window only ends
 * a run nobody finished: an hour after a wrong PIN it no longer counts.
 * Kept on the salon's PIN budget item (attributes `T#<terminalId>#…`), so
 * that one conditional write reserves an attempt in both.
 */
export function terminalPinBudget(tenantId: string, lockout: LockoutPolicy, terminalId: string): BudgetSpec {
  return { ...tenantPinBudget(tenantId, lockout), prefix: terminalPrefix(terminalId), size: lockout.maxAttempts };
}

/**
 * PIN attempts across the salon over a rolling hour (product.md): the bound
 * on how many PINs anyone can test, whatever terminal, whatever clears. A
 * success gives its own attempt back; nothing else does.
 */
export function tenantPinBudget(tenantId: string, lockout: LockoutPolicy): BudgetSpec {
  return {
    key: entities.tenantPinBudget.key({ tenantId }),
    entity: entities.tenantPinBudget.name,
    size: lockout.tenantFailuresPerHour,
    windowMs: HOUR_MS,
    keepMs: keepMs(lockout),
  };
}

/**
 * Where the salon's PIN budget item keeps a copy of a terminal's token hash
 * (written by the first PIN entry that checked the token against the
 * terminal item): a reservation conditioned on it proves the token without
 * reading the terminal first, so it can run beside the batch read.
 */
export const terminalKeyAttribute = (terminalId: string) => `${terminalPrefix(terminalId)}key`;

/**
 * Who is signed in at a terminal (TerminalSignedIn), beside its run: the
 * session write moves it in the same update that gives the attempt back.
 */
export const terminalSignedInAttribute = (terminalId: string) => `${terminalPrefix(terminalId)}signedIn`;

/**
 * When the terminal's token was last used as far as the salon's PIN budget
 * item knows (ISO time): set by the unlock's session write and by the
 * padlock's pointer clear, both writes that happen anyway. Between them the
 * signed-in session's own `lastSeenAt` (the authorizer's touch) is newer;
 * the terminal list takes the later of the two.
 */
export const terminalSeenAttribute = (terminalId: string) => `${terminalPrefix(terminalId)}seen`;

/**
 * The terminal's branch, written when it is moved: an unlock that read the
 * terminal before the move opens no session at the old branch, since its
 * session write is conditioned on this (absent: never moved).
 */
export const terminalBranchAttribute = (terminalId: string) => `${terminalPrefix(terminalId)}branch`;

/**
 * Set when a terminal is revoked, and kept: no reservation writes the
 * token's copy back (a PIN entry that read the terminal just before the
 * revocation), so no session opens and no attempt is spent with its token.
 */
export const terminalRevokedAttribute = (terminalId: string) => `${terminalPrefix(terminalId)}revoked`;

/** Drops everything the salon's PIN budget item keeps for a terminal, and bars its token (revocation). */
export function forgetTerminalItem(tenantId: string, lockout: LockoutPolicy, terminalId: string, nowMs: number): TransactItem {
  const attributes = [
    terminalKeyAttribute(terminalId),
    terminalSignedInAttribute(terminalId),
    terminalSeenAttribute(terminalId),
    terminalBranchAttribute(terminalId),
    ...['lockedUntil', 'locks'].map((name) => `${terminalPrefix(terminalId)}${name}`),
  ];
  for (let slot = 0; slot < lockout.maxAttempts; slot += 1) attributes.push(`${terminalPrefix(terminalId)}s${slot}`);
  const names = Object.fromEntries(attributes.map((attribute, index) => [`#a${index}`, attribute]));
  return {
    Update: {
      TableName: config().tableName,
      Key: entities.tenantPinBudget.key({ tenantId }),
      // An item that did not exist is written whole (entity, TTL), never as a bare key.
      UpdateExpression: `SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl), #revoked = :true REMOVE ${Object.keys(names).join(', ')}`,
      ExpressionAttributeNames: { ...names, '#ttl': 'ttl', '#revoked': terminalRevokedAttribute(terminalId) },
      ExpressionAttributeValues: { ':entity': entities.tenantPinBudget.name, ':ttl': Math.ceil((nowMs + keepMs(lockout) + DAY_MS) / 1000), ':true': true },
    },
  };
}

/**
 * A terminal moved to another branch, on the salon's PIN budget item: its
 * branch recorded (so an unlock that read the old one fails) and nobody
 * signed in any more, only if the pointer is still the one the move read
 * (else an unlock came in between: `onFail` of the step).
 */
export function moveTerminalItem(
  tenantId: string,
  lockout: LockoutPolicy,
  terminalId: string,
  branchId: string,
  signedInSessionId: string | undefined,
  nowMs: number,
): TransactItem {
  return {
    Update: {
      TableName: config().tableName,
      Key: entities.tenantPinBudget.key({ tenantId }),
      UpdateExpression: 'SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl), #branch = :branch REMOVE #signedIn',
      ConditionExpression: signedInSessionId ? '#signedIn.sessionId = :session' : 'attribute_not_exists(#signedIn)',
      ExpressionAttributeNames: { '#ttl': 'ttl', '#branch': terminalBranchAttribute(terminalId), '#signedIn': terminalSignedInAttribute(terminalId) },
      ExpressionAttributeValues: {
        ':entity': entities.tenantPinBudget.name,
        ':ttl': Math.ceil((nowMs + keepMs(lockout) + DAY_MS) / 1000),
        ':branch': branchId,
        ...(signedInSessionId ? { ':session': signedInSessionId } : {}),
      },
    },
  };
}

/**
 * What this process last saw of a salon's PIN entry: its lockout policy and
 * its PIN budget item (as read, then with the slots this process claimed).
 * A hint only, for the reservation sent before the batch read: its sizes
 * count only if the read returns the same policy, and its item only steers
 * the choice of slots (a stale one costs a retry, never a refusal).
 */
interface Seen {
  lockout: LockoutPolicy;
  item: Record<string, unknown>;
}
const lastSeen = new Map<string, Seen>();

export function pinEntryHint(tenantId: string): Seen | undefined {
  return lastSeen.get(tenantId);
}

export function rememberPinEntry(tenantId: string, lockout: LockoutPolicy, item: object | undefined): void {
  if (lastSeen.size > 10_000) lastSeen.clear();
  lastSeen.set(tenantId, { lockout, item: { ...item } });
}

/** The slots just claimed, into the remembered item, so the next early reservation does not pick them. */
export function rememberClaims(tenantId: string, holds: readonly Hold[]): void {
  const seen = lastSeen.get(tenantId);
  if (!seen) return;
  for (const hold of holds) seen.item[`${hold.spec.prefix ?? ''}${slotName(hold.slot)}`] = hold.after.slots[hold.slot];
}

export const sameLockout = (a: LockoutPolicy, b: LockoutPolicy) =>
  a.maxAttempts === b.maxAttempts && a.lockSeconds === b.lockSeconds && a.tenantFailuresPerHour === b.tenantFailuresPerHour;

/** The tenant-wide lock lasts an hour once the salon's budget is spent (a manager may lift it; the budget stays spent). */
export const TENANT_LOCK_MS = HOUR_MS;
