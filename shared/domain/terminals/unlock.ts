import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import { staffGsiPk, type TerminalSessionAttributes } from '../../data/entities.js';
import { auditPut } from '../../data/repositories/audit.js';
import { startTerminalSession } from '../../data/repositories/terminals.js';
import { UnauthorizedError } from '../../errors.js';
import { type AuditContext, auditEvent } from '../audit/audit.js';
import { permissionList } from '../permissions/compiled.js';
import { enterPin } from './pin-entry.js';
import { displayName, parseTerminalToken, TERMINAL_SESSION_MAX_SECONDS } from './session-tokens.js';

/**
 * PIN unlock at a registered terminal: the staff member's terminal session,
 * idle-limited by the salon's auto-logout. A successful unlock costs three
 * DynamoDB requests (the batch read, the staff member, the session write with
 * its audit event) and one MAC.
 */
export async function unlock(terminalToken: string | undefined, pin: string, context: AuditContext) {
  const terminal = parseTerminalToken(terminalToken);
  if (!terminal) throw new UnauthorizedError();
  const entry = await enterPin(terminal.tenantId, terminal.terminalId, terminal.secret, pin, context);
  const { tenant, staff, level, read } = entry;

  const nowMs = clock.nowMs();
  const idleSeconds = tenant.settings.autoLogoutSeconds;
  const sessionId = newId('ses');
  const secret = randomSecret(32);
  const expiresMs = nowMs + TERMINAL_SESSION_MAX_SECONDS * 1000;
  const session: TerminalSessionAttributes = {
    sessionId,
    kind: 'terminal',
    tenantId: tenant.tenantId,
    staffId: staff.staffId,
    terminalId: terminal.terminalId,
    branchId: entry.terminal.branchId,
    secretHash: sha256(secret),
    idleSeconds,
    createdAt: new Date(nowMs).toISOString(),
    lastSeenAt: new Date(nowMs).toISOString(),
    idleExpiresAt: new Date(nowMs + idleSeconds * 1000).toISOString(),
    expiresAt: new Date(expiresMs).toISOString(),
    gsi1pk: staffGsiPk(tenant.tenantId, staff.staffId),
    gsi1sk: `SESSION#${sessionId}`,
    ttl: Math.ceil(expiresMs / 1000),
  };
  const event = auditEvent(
    {
      tenantId: tenant.tenantId,
      actor: { type: 'staff', id: staff.staffId, staffId: staff.staffId },
      action: 'terminal.unlocked',
      target: { type: 'terminal', id: terminal.terminalId },
      context,
    },
    tenant.settings.auditRetentionDays,
  );
  await startTerminalSession(session, (read.terminalLock?.failures ?? 0) > 0, { Put: auditPut(event) });
  return {
    token: composeToken(tenant.tenantId, `${staff.staffId}-${sessionId}`, secret),
    expiresAt: session.expiresAt,
    idleTimeoutSeconds: idleSeconds,
    staff: { id: staff.staffId, displayName: displayName(staff) },
    permissions: permissionList(level.grants),
  };
}

