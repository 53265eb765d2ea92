import { clock } from '../clock.js';
import { composeToken, randomSecret, sha256 } from '../crypto/tokens.js';
import { getAccountProfile } from '../data/repositories/accounts.js';
import { accountIdOfLogin, putPasswordReset, ResetAlreadyIssuedError } from '../data/repositories/password-resets.js';
import { getStaff } from '../data/repositories/staff.js';
import { getTenant } from '../data/repositories/tenants.js';
import { loginKey, parseLogin } from '../domain/auth/login-identifier.js';
import { effectSteps } from '../domain/effects.js';
import type { PasswordResetMessage, PasswordResetRequestJob } from './message.js';

/**
 * The second half of `POST /v1/auth/password-reset`, run by the table-stream
 * worker after the request has answered (shared/domain/auth/password-reset.ts
 * holds the first half and the confirmation). Kept apart from them because
 * the worker must not load argon2, which they need.
 */

/** product.md: reset tokens are single-use, 128-bit, stored hashed, valid 30 minutes. */
export const RESET_TTL_SECONDS = 30 * 60;

const JOB_ID_PREFIX = 'msg_';

/**
 * The reset's id comes from the id of the job that asked for it, so a job
 * delivered twice finds the reset it issued the first time instead of
 * issuing (and sending) a second one.
 */
function resetIdFor(jobId: string): string {
  if (!jobId.startsWith(JOB_ID_PREFIX) || jobId.length === JOB_ID_PREFIX.length) throw new Error('password reset job without a job id');
  return `rst_${jobId.slice(JOB_ID_PREFIX.length)}`;
}

/**
 * When the login has an account: a new reset token (128 bits, only its hash
 * stored, 30 minutes) that becomes the account's latest (every earlier link
 * stops working), committed with its message's outbox item, which the
 * stream then queues as any message. When it has none: nothing. Throws on a
 * failure so the stream retries the job.
 */
export async function issuePasswordReset(job: PasswordResetRequestJob, jobId: string): Promise<void> {
  const identifier = parseLogin(job.login);
  if (!identifier) return;
  const accountId = await accountIdOfLogin(loginKey(identifier));
  const profile = accountId ? await getAccountProfile(accountId) : undefined;
  if (!accountId || !profile) return;

  const resetId = resetIdFor(jobId);
  const secret = randomSecret(16);
  const expiresMs = clock.nowMs() + RESET_TTL_SECONDS * 1000;
  // The language of the account's first salon, or of the person there when they chose their own.
  const first = profile.memberships[0];
  const [firstSalon, asStaff] = first ? await Promise.all([getTenant(first.tenantId), getStaff(first.tenantId, first.staffId)]) : [];
  const message: PasswordResetMessage = {
    kind: 'password_reset',
    channel: identifier.kind === 'email' ? 'email' : 'sms',
    to: identifier.value,
    locale: asStaff?.locale ?? firstSalon?.locale ?? 'en',
    token: composeToken(accountId, resetId, secret),
    expiresAt: new Date(expiresMs).toISOString(),
  };
  try {
    await putPasswordReset(
      {
        accountId,
        resetId,
        secretHash: sha256(secret),
        expiresAt: new Date(expiresMs).toISOString(),
        used: false,
        ttl: Math.ceil(expiresMs / 1000) + 86_400,
      },
      await effectSteps({ messages: [{ message, accountId }] }),
    );
  } catch (error) {
    // Issued (and its message committed) when this job was delivered before: done.
    if (error instanceof ResetAlreadyIssuedError) return;
    throw error;
  }
}
