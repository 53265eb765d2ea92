import { clock } from '../../clock.js';
import { composeToken, newId, parseToken, randomSecret, sha256, constantTimeEqual } from '../../crypto/tokens.js';
import { entities } from '../../data/entities.js';
import { getAccountProfile, getLoginState } from '../../data/repositories/accounts.js';
import { incrementCounter, readCounter } from '../../data/repositories/counters.js';
import {
  completePasswordReset,
  deleteAllSessions,
  getPasswordReset,
  InvalidTokenError,
  putPasswordReset,
} from '../../data/repositories/password-resets.js';
import { TooManyRequestsError } from '../../errors.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { enqueueMessage } from '../../messages/queue.js';
import { recordAudit } from '../audit/audit.js';
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
  const nowSeconds = clock.nowSeconds();
  const window = Math.floor(nowSeconds / THROTTLE_WINDOW_SECONDS);
  const windowEnds = (window + 1) * THROTTLE_WINDOW_SECONDS;
  const loginThrottle = entities.resetThrottle.key({ login: key, window });
  const clientThrottle = entities.clientResetThrottle.key({ sourceIp: client.sourceIp, window });
  const [perLogin, perClient] = await Promise.all([readCounter(loginThrottle), readCounter(clientThrottle)]);
  if (perLogin >= MAX_RESETS_PER_LOGIN || perClient >= MAX_RESETS_PER_CLIENT) throw new TooManyRequestsError(windowEnds - nowSeconds);
  await Promise.all([incrementCounter(loginThrottle, windowEnds + THROTTLE_WINDOW_SECONDS), incrementCounter(clientThrottle, windowEnds + THROTTLE_WINDOW_SECONDS)]);

  if (!identifier) return;
  const state = await getLoginState(key, client.sourceIp, window);
  // An unknown login reads a profile too (of an id no account has), so both paths cost about the same.
  const profile = await getAccountProfile(state.accountId ?? 'acc_none');
  if (!state.accountId || !profile) return;

  const resetId = newId('rst');
  const secret = randomSecret(16);
  const expiresMs = clock.nowMs() + RESET_TTL_SECONDS * 1000;
  await putPasswordReset({
    accountId: state.accountId,
    resetId,
    secretHash: sha256(secret),
    expiresAt: new Date(expiresMs).toISOString(),
    used: false,
    ttl: Math.ceil(expiresMs / 1000) + 86_400,
  });
  const firstSalon = profile.memberships[0] ? await getTenant(profile.memberships[0].tenantId) : undefined;
  await enqueueMessage({
    kind: 'password_reset',
    channel: identifier.kind === 'email' ? 'email' : 'sms',
    to: identifier.value,
    locale: firstSalon?.locale ?? 'en',
    token: composeToken(state.accountId, resetId, secret),
    expiresAt: new Date(expiresMs).toISOString(),
  });
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
  await assertAcceptablePassword(newPassword);
  await completePasswordReset(reset, await hashPassword(newPassword), new Date(nowMs).toISOString());
  const ended = await deleteAllSessions(reset.accountId);
  const profile = await getAccountProfile(reset.accountId);
  for (const membership of profile?.memberships ?? []) {
    await recordAudit({
      tenantId: membership.tenantId,
      actor: { type: 'account', id: reset.accountId, staffId: membership.staffId },
      action: 'account.password_reset',
      target: { type: 'staff', id: membership.staffId },
      details: { sessionsEnded: ended },
    });
  }
}
