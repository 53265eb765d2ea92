import { clock } from '../../clock.js';
import { composeToken, newId, parseToken, randomSecret, sha256, constantTimeEqual } from '../../crypto/tokens.js';
import { BudgetSpentError, reserve } from '../../data/attempt-budgets.js';
import { entities } from '../../data/entities.js';
import { getAccountProfile, getLoginState } from '../../data/repositories/accounts.js';
import { completePasswordReset, getPasswordReset, InvalidTokenError, putPasswordReset } from '../../data/repositories/password-resets.js';
import { listSessions } from '../../data/repositories/sessions.js';
import { TooManyRequestsError } from '../../errors.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { effectSteps } from '../effects.js';
import { accountEvents } from './two-factor.js';
import type { ClientInfo } from './sessions.js';
import { loginKey, parseLogin } from './login-identifier.js';
import { assertAcceptablePassword, hashPassword } from './passwords.js';
import { THROTTLE_WINDOW_SECONDS } from './login.js';

/** product.md: reset tokens are single-use, 128-bit, stored hashed, valid 30 minutes. */
export const RESET_TTL_SECONDS = 30 * 60;
export const MAX_RESETS_PER_LOGIN = 5;
export const MAX_RESETS_PER_CLIENT = 30;

/**
 * Sends a reset link to the login's own channel when the login exists. The
 * caller always gets the same 202 (the route answers it, whatever happens
 * here), so the answer never tells whether a login exists; the message goes
 * through the queue, so its sending time does not tell either.
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

  if (!identifier) return;
  const state = await getLoginState(key, client.sourceIp);
  // An unknown login reads a profile too (of an id no account has), so both paths cost about the same.
  const profile = await getAccountProfile(state.accountId ?? 'acc_none');
  if (!state.accountId || !profile) return;

  const resetId = newId('rst');
  const secret = randomSecret(16);
  const expiresMs = clock.nowMs() + RESET_TTL_SECONDS * 1000;
  const firstSalon = profile.memberships[0] ? await getTenant(profile.memberships[0].tenantId) : undefined;
  const message = {
    kind: 'password_reset' as const,
    channel: identifier.kind === 'email' ? ('email' as const) : ('sms' as const),
    to: identifier.value,
    locale: firstSalon?.locale ?? 'en',
    token: composeToken(state.accountId, resetId, secret),
    expiresAt: new Date(expiresMs).toISOString(),
  };
  await putPasswordReset(
    {
      accountId: state.accountId,
      resetId,
      secretHash: sha256(secret),
      expiresAt: new Date(expiresMs).toISOString(),
      used: false,
      ttl: Math.ceil(expiresMs / 1000) + 86_400,
    },
    await effectSteps({ messages: [{ message, accountId: state.accountId }] }),
  );
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
