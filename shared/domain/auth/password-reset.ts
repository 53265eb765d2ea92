import { clock } from '../../clock.js';
import { constantTimeEqual, parseToken, sha256 } from '../../crypto/tokens.js';
import { BudgetSpentError, reserve } from '../../data/attempt-budgets.js';
import { entities } from '../../data/entities.js';
import { getAccountProfile } from '../../data/repositories/accounts.js';
import { completePasswordReset, getPasswordReset, InvalidTokenError } from '../../data/repositories/password-resets.js';
import { listSessions } from '../../data/repositories/sessions.js';
import { transactWrite } from '../../data/transaction.js';
import { TooManyRequestsError } from '../../errors.js';
import type { PasswordResetRequestJob } from '../../messages/message.js';
import { clientJobStep, effectSteps } from '../effects.js';
import { accountEvents } from './two-factor.js';
import type { ClientInfo } from './sessions.js';
import { loginKey, parseLogin } from './login-identifier.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { THROTTLE_WINDOW_SECONDS } from './login.js';

export const MAX_RESETS_PER_LOGIN = 5;
export const MAX_RESETS_PER_CLIENT = 30;

/**
 * Asks for a reset link for a login, and answers before anything depends on
 * whether the login exists: the request reserves the attempt budgets (the
 * login's and the address's, existing or not) and commits one sealed job
 * (`password_reset_request`), the same work and the same writes for every
 * parseable login. The table-stream worker then looks the login up and, only
 * for an account, issues the link and sends it (shared/messages/
 * password-reset-job.ts). So neither the 202 nor its timing tells whether a
 * login exists; the message goes through the queue, so its sending time does
 * not tell either.
 */
export async function requestPasswordReset(rawLogin: string, client: ClientInfo): Promise<void> {
  const identifier = parseLogin(rawLogin);
  const key = identifier ? loginKey(identifier) : `invalid:${rawLogin.trim().toLowerCase().slice(0, 64)}`;
  const windowMs = THROTTLE_WINDOW_SECONDS * 1000;
  try {
    await reserve(
      [
        { spec: { key: entities.resetBudget.key({ login: key }), entity: entities.resetBudget.name, size: MAX_RESETS_PER_LOGIN, windowMs } },
        {
          spec: { key: entities.clientResetBudget.key({ sourceIp: client.sourceIp }), entity: entities.clientResetBudget.name, size: MAX_RESETS_PER_CLIENT, windowMs },
        },
      ],
      clock.nowMs(),
    );
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TooManyRequestsError(error.retryAfterMs / 1000);
    throw error;
  }

  // Not a login at all (the caller can see that for itself): nothing to look up.
  if (!identifier) return;
  const job: PasswordResetRequestJob = { kind: 'password_reset_request', channel: identifier.kind === 'email' ? 'email' : 'sms', login: identifier.value };
  await transactWrite([await clientJobStep(job, client.sourceIp)]);
}

/** Sets the new password and ends every session of the account: whoever had the old one is out. */
export async function confirmPasswordReset(token: string, newPassword: string): Promise<void> {
  const parsed = parseToken(token);
  if (!parsed || !parsed.ownerId.startsWith('acc_') || !parsed.recordId.startsWith('rst_')) throw new InvalidTokenError();
  const reset = await getPasswordReset(parsed.ownerId, parsed.recordId);
  const nowMs = clock.nowMs();
  if (!reset || reset.used || Date.parse(reset.expiresAt) <= nowMs || !constantTimeEqual(reset.secretHash, sha256(parsed.secret))) {
    throw new InvalidTokenError();
  }
  await assertAcceptablePassword(newPassword, await getAccountProfile(reset.accountId).then((profile) => ({ email: profile?.account.email, phone: profile?.account.phone, salonNames: profile?.memberships.map((membership) => membership.tenantName) })));
  const ended = (await listSessions(reset.accountId)).filter((session) => Date.parse(session.expiresAt) > nowMs).length;
  const audit = await effectSteps({ audit: await accountEvents(reset.accountId, 'account.password_reset', { sessionsEnded: ended }) });
  await completePasswordReset(reset, await hashPassword(newPassword), new Date(nowMs).toISOString(), audit);
}
