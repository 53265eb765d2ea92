import { clock } from '../../clock.js';
import { composeToken } from '../../crypto/tokens.js';
import type { TerminalSessionAttributes, TerminalSignedIn } from '../../data/entities.js';
import { clearSignedIn, deleteTerminalSession, startTerminalSession } from '../../data/repositories/terminals.js';
import { ConcurrentUpdateError } from '../../data/transaction.js';
import { UnauthorizedError } from '../../errors.js';
import type { AuditContext } from '../audit/audit.js';
import { permissionList } from '../permissions/compiled.js';
import { effectSteps } from '../effects.js';
import { pinRenewalDue } from '../pins/policy.js';
import { enterPin } from './pin-entry.js';
import { terminalBranchAttribute, terminalKeyAttribute, terminalSeenAttribute, terminalSignedInAttribute } from './pin-budgets.js';
import { newTerminalSession, parseTerminalToken } from './session-tokens.js';

/**
 * PIN unlock at a registered terminal: the staff member's terminal session,
 * idle-limited by the salon's auto-logout; the previous person's session on
 * that terminal ends with it. A successful unlock costs three
 * DynamoDB requests (the batch read, the attempt reservation, the session
 * write with its audit event and the attempt given back) and one MAC; the
 * audit event's retention comes from the tenant item of the batch read, so
 * no settings read can add a fourth.
 */
export async function unlock(terminalToken: string | undefined, pin: string, context: AuditContext) {
  const terminal = parseTerminalToken(terminalToken);
  if (!terminal) throw new UnauthorizedError();
  const entry = await enterPin(terminal.tenantId, terminal.terminalId, terminal.secret, pin, context);
  const { tenant, staffId, holder, level } = entry;

  const nowMs = clock.nowMs();
  const idleSeconds = tenant.settings.autoLogoutSeconds;
  const { secret, record } = newTerminalSession(nowMs, idleSeconds);
  const { sessionId } = record;
  const session: TerminalSessionAttributes = {
    ...record,
    kind: 'terminal',
    tenantId: tenant.tenantId,
    staffId,
    terminalId: terminal.terminalId,
    branchId: entry.terminal.branchId,
  };
  const audit = await effectSteps(
    {
      audit: [
        {
          tenantId: tenant.tenantId,
          actor: { type: 'staff', id: staffId, staffId },
          action: 'terminal.unlocked',
          target: { type: 'terminal', id: terminal.terminalId },
          details: { terminalId: terminal.terminalId },
          terminalId: terminal.terminalId,
          context,
        },
      ],
    },
    tenant.settings,
  );
  const pointer = {
    signedInAttribute: terminalSignedInAttribute(terminal.terminalId),
    tokenAttribute: terminalKeyAttribute(terminal.terminalId),
    previous: entry.read.pinBudget?.[terminalSignedInAttribute(terminal.terminalId) as `T#${string}#signedIn`] as TerminalSignedIn | undefined,
    seenAttribute: terminalSeenAttribute(terminal.terminalId),
    branchAttribute: terminalBranchAttribute(terminal.terminalId),
    branchId: entry.terminal.branchId,
  };
  try {
    await startTerminalSession(session, pointer, entry.successUpdate, audit);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) await entry.giveBack();
    throw error;
  }
  return {
    token: composeToken(tenant.tenantId, `${staffId}-${sessionId}`, secret),
    expiresAt: session.expiresAt,
    idleTimeoutSeconds: idleSeconds,
    staff: { id: staffId, displayName: holder.displayName },
    permissions: permissionList(level.grants),
    // From the digest item the batch read returned: the age check costs no request, and only advises.
    ...(pinRenewalDue(entry.read.digest?.setAt, tenant.settings.pinMaxAgeDays, nowMs) ? { pinRenewalDue: true as const } : {}),
  };
}

/**
 * The padlock: the session ends, then the terminal stops naming its holder
 * as signed in (unless someone unlocked since), so the next unlock has no
 * session to end; that same write notes the token's use (the terminal
 * list's `lastSeenAt`).
 */
export async function lockTerminal(tenantId: string, terminalId: string, sessionId: string): Promise<void> {
  await deleteTerminalSession(tenantId, sessionId);
  await clearSignedIn(tenantId, terminalSignedInAttribute(terminalId), sessionId, { attribute: terminalSeenAttribute(terminalId), at: clock.now().toISOString() });
}
