import { randomBytes } from 'node:crypto';
import { secretBox } from '../../clients/secret-box.js';
import { clock } from '../../clock.js';
import { sha256 } from '../../crypto/tokens.js';
import type { AccountItem } from '../../data/entities.js';
import { getAccountProfile } from '../../data/repositories/accounts.js';
import { disableTotp, enableTotp, setPendingTotp, useRecoveryCode, useTotpStep } from '../../data/repositories/two-factor.js';
import { BadRequestError, ConflictError, UnauthorizedError } from '../../errors.js';
import { recordAudit } from '../audit/audit.js';
import { matchingStep, newTotpSecret, otpauthUri } from './totp.js';

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

/** Audits an account-level event in every salon the account belongs to (the trail is per salon). */
async function auditAccount(account: AccountItem, action: string, details: Record<string, unknown> = {}) {
  const profile = await getAccountProfile(account.accountId);
  for (const membership of profile?.memberships ?? []) {
    await recordAudit({
      tenantId: membership.tenantId,
      actor: { type: 'account', id: account.accountId, staffId: membership.staffId },
      action,
      target: { type: 'staff', id: membership.staffId },
      details,
    });
  }
}

async function accountOf(accountId: string): Promise<AccountItem> {
  const profile = await getAccountProfile(accountId);
  if (!profile) throw new UnauthorizedError();
  return profile.account;
}

/** Step 1: a new secret, pending until a code from it is confirmed. The secret is shown this once. */
export async function startTotpEnrolment(accountId: string) {
  const account = await accountOf(accountId);
  // Replacing a second factor needs the current one: turn it off (with a code) first.
  if (account.totp) throw new ConflictError('totp_already_enabled', 'Two-factor login is on; turn it off with a code before enrolling again.');
  const secret = newTotpSecret();
  await setPendingTotp(accountId, await secretBox().seal(secret, accountId), clock.now().toISOString());
  return { secret, otpauthUri: otpauthUri(secret, account.email ?? account.phone ?? accountId) };
}

/** Step 2: a valid code turns two-factor login on and returns recovery codes, shown once, stored hashed. */
export async function confirmTotpEnrolment(accountId: string, code: string) {
  const account = await accountOf(accountId);
  if (!account.totpPending) throw new InvalidCodeError();
  const secret = await secretBox().open(account.totpPending.secret, accountId);
  const step = matchingStep(secret, code, clock.nowMs());
  if (step === undefined) throw new InvalidCodeError();
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  if (!(await enableTotp(accountId, account.totpPending.secret, step, codes.map((c) => sha256(normaliseRecovery(c))), clock.now().toISOString()))) {
    throw new InvalidCodeError();
  }
  await auditAccount(account, 'account.totp_enabled');
  return { recoveryCodes: codes };
}

/**
 * Checks a second factor: a TOTP code (±1 step, each step once) or a
 * recovery code (once). A replayed code is refused and audited.
 */
export async function verifySecondFactor(account: AccountItem, code: string | undefined): Promise<boolean> {
  if (!account.totp) return true;
  if (!code) throw new TotpRequiredError();
  if (/^\d{6}$/.test(code.trim())) {
    const secret = await secretBox().open(account.totp.secret, account.accountId);
    const step = matchingStep(secret, code.trim(), clock.nowMs());
    if (step === undefined) return false;
    if (await useTotpStep(account.accountId, step)) return true;
    await auditAccount(account, 'account.totp_replay_refused');
    return false;
  }
  return useRecoveryCode(account.accountId, sha256(normaliseRecovery(code)));
}

export async function turnOffTotp(accountId: string, code: string) {
  const account = await accountOf(accountId);
  if (!account.totp || !(await verifySecondFactor(account, code))) throw new InvalidCodeError();
  await disableTotp(accountId);
  await auditAccount(account, 'account.totp_disabled');
}
