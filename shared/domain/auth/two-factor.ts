import { randomBytes } from 'node:crypto';
import { secretBox } from '../../clients/secret-box.js';
import { clock } from '../../clock.js';
import { sha256 } from '../../crypto/tokens.js';
import { BudgetSpentError, type Hold, releaseItem, reserve } from '../../data/attempt-budgets.js';
import { type AccountItem, entities } from '../../data/entities.js';
import { getAccountProfile } from '../../data/repositories/accounts.js';
import { SESSION_SLOTS, slotName, slotSession } from '../../data/repositories/sessions.js';
import {
  CodeAlreadyUsedError,
  disableTotp,
  enableTotp,
  type KeptSlot,
  SessionEndedError,
  setPendingTotp,
  useRecoveryCodeItem,
  useTotpStepItem,
} from '../../data/repositories/two-factor.js';
import { type Step, transactWrite } from '../../data/transaction.js';
import { BadRequestError, ConflictError, TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import type { AuditInput } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { matchingStep, newTotpSecret, otpauthUri } from './totp.js';
import { verifyPassword } from './passwords.js';
import { getTenantPolicies } from '../../data/repositories/tenants.js';
import { holdsAdminRights } from '../access/actor.js';
import { accessLevelAt } from '../access/level-cache.js';

/** Second-factor codes checked outside login, per account and rolling 15 minutes (login has its own budget). */
export const MAX_CODES_PER_WINDOW = 10;
const CODE_WINDOW_MS = 15 * 60_000;

export const RECOVERY_CODES = 10;

export class InvalidCodeError extends BadRequestError {
  constructor() {
    super('invalid_code', 'That code is wrong, expired or already used.');
  }
}

export class TotpRequiredError extends UnauthorizedError {
  constructor(detail = 'Two-factor login is on: send the code from your authenticator app (or a recovery code) as totp.') {
    super('totp_required', detail);
  }
}

/** xxxxx-xxxxx from an unambiguous alphabet: 50 bits, typed by hand once. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase();

/** An account-level event for every salon the account belongs to (the trail is per salon). */
export async function accountEvents(accountId: string, action: string, details: Record<string, unknown> = {}): Promise<AuditInput[]> {
  const profile = await getAccountProfile(accountId);
  return (profile?.memberships ?? []).map((membership) => ({
    tenantId: membership.tenantId,
    actor: { type: 'account' as const, id: accountId, staffId: membership.staffId },
    action,
    target: { type: 'staff', id: membership.staffId },
    details,
  }));
}

/** Reserves one of the account's code checks before a code is looked at. */
async function reserveCodeCheck(accountId: string): Promise<Hold> {
  const spec = {
    key: entities.secondFactorBudget.key({ accountId }),
    entity: entities.secondFactorBudget.name,
    size: MAX_CODES_PER_WINDOW,
    windowMs: CODE_WINDOW_MS,
  };
  try {
    const [hold] = await reserve([{ spec }], clock.nowMs());
    return hold as Hold;
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TooManyRequestsError(error.retryAfterMs / 1000);
    throw error;
  }
}

const released = (hold: Hold): Step => ({ item: releaseItem(hold), onFail: () => new Error('unconditional') });

async function accountOf(accountId: string): Promise<AccountItem> {
  const profile = await getAccountProfile(accountId);
  if (!profile) throw new UnauthorizedError();
  return profile.account;
}

export class StepUpFailedError extends UnauthorizedError {
  constructor() {
    super('invalid_credentials', 'The password is wrong.');
  }
}

export class TwoFactorRequiredError extends ConflictError {
  constructor() {
    super('two_factor_required', 'A salon you manage requires two-factor login: it cannot be turned off.');
  }
}

/**
 * Step-up: whoever holds a session must also know the account's password to
 * change its second factor (a token found on a logged-in laptop is not
 * enough). Callers spend one of the account's code checks before it.
 */
async function assertPassword(account: AccountItem, password: string): Promise<void> {
  if (!(await verifyPassword(account.passwordHash, password))) throw new StepUpFailedError();
}

/** Whether a salon of the account requires two-factor login of a member with the rights this account's member holds there. */
async function requiredBySalon(accountId: string): Promise<boolean> {
  const profile = await getAccountProfile(accountId);
  const memberships = (profile?.memberships ?? []).filter((membership) => membership.status === 'active');
  const policies = await getTenantPolicies(memberships.map((membership) => membership.tenantId));
  for (const membership of memberships) {
    const policy = policies.get(membership.tenantId);
    if (!policy?.requireTwoFactorForAdmins) continue;
    const level = await accessLevelAt(membership.tenantId, membership.accessLevelId, policy.levels[membership.accessLevelId]);
    if (level && holdsAdminRights(level)) return true;
  }
  return false;
}

/** Step 1: a new secret, pending until a code from it is confirmed. The secret is shown this once. */
export async function startTotpEnrolment(accountId: string, password: string) {
  const account = await accountOf(accountId);
  // Replacing a second factor needs the current one: turn it off (with a code) first.
  if (account.totp) throw new ConflictError('totp_already_enabled', 'Two-factor login is on; turn it off with a code before enrolling again.');
  await reserveCodeCheck(accountId);
  await assertPassword(account, password);
  const secret = newTotpSecret();
  await setPendingTotp(accountId, await secretBox().seal(secret, accountId), clock.now().toISOString());
  return { secret, otpauthUri: otpauthUri(secret, account.email ?? account.phone ?? accountId) };
}

/** The slot the session holds on the account, as read; none when the session has ended (taken over, logged out). */
function slotOf(account: AccountItem, sessionId: string): KeptSlot | undefined {
  for (let index = 0; index < SESSION_SLOTS; index += 1) {
    const value = account[slotName(index)];
    if (value !== undefined && slotSession(value).sessionId === sessionId) return { index, value };
  }
  return undefined;
}

/**
 * Step 2: a valid code turns two-factor login on and returns recovery codes,
 * shown once, stored hashed. Every other back-office session of the account
 * ends in the same write (their slots are freed); `sessionId`, the session
 * that confirms, keeps working with its token.
 */
export async function confirmTotpEnrolment(accountId: string, sessionId: string, code: string) {
  const account = await accountOf(accountId);
  if (!account.totpPending) throw new InvalidCodeError();
  const kept = slotOf(account, sessionId);
  if (!kept) throw new SessionEndedError();
  const hold = await reserveCodeCheck(accountId);
  const secret = await secretBox().open(account.totpPending.secret, accountId);
  const step = matchingStep(secret, code, clock.nowMs());
  if (step === undefined) throw new InvalidCodeError();
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const also = [...(await effectSteps({ audit: await accountEvents(accountId, 'account.totp_enabled') })), released(hold)];
  await enableTotp(accountId, account.totpPending.secret, step, codes.map((c) => sha256(normaliseRecovery(c))), clock.now().toISOString(), kept, also);
  return { recoveryCodes: codes };
}

/**
 * Checks a second factor: a TOTP code (±1 step, each step once) or a
 * recovery code (once). Returns undefined for a wrong code, otherwise the
 * write that uses the code up, to commit with whatever the code lets
 * through (none when the account has no second factor). A replayed code is
 * refused and audited.
 */
export async function verifySecondFactor(account: AccountItem, code: string | undefined): Promise<Step[] | undefined> {
  if (!account.totp) return [];
  if (!code) throw new TotpRequiredError();
  if (/^\d{6}$/.test(code.trim())) {
    const secret = await secretBox().open(account.totp.secret, account.accountId);
    const step = matchingStep(secret, code.trim(), clock.nowMs());
    if (step === undefined) return undefined;
    if (step <= account.totp.lastStep) {
      await transactWrite(await effectSteps({ audit: await accountEvents(account.accountId, 'account.totp_replay_refused') }));
      return undefined;
    }
    return [useTotpStepItem(account.accountId, step)];
  }
  const hash = sha256(normaliseRecovery(code));
  return account.recoveryCodes?.[hash] ? [useRecoveryCodeItem(account.accountId, hash)] : undefined;
}

export async function turnOffTotp(accountId: string, password: string, code: string) {
  const account = await accountOf(accountId);
  if (!account.totp) throw new InvalidCodeError();
  if (await requiredBySalon(accountId)) throw new TwoFactorRequiredError();
  const hold = await reserveCodeCheck(accountId);
  await assertPassword(account, password);
  // Turning the factor off uses up nothing that could be replayed: the factor is gone (and two such requests cannot both win).
  if (!(await verifySecondFactor(account, code))) throw new InvalidCodeError();
  const also = [...(await effectSteps({ audit: await accountEvents(accountId, 'account.totp_disabled') })), released(hold)];
  try {
    await disableTotp(accountId, also);
  } catch (error) {
    if (error instanceof CodeAlreadyUsedError) throw new InvalidCodeError();
    throw error;
  }
}
