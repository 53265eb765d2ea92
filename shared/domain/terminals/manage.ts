import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { TerminalAttributes, TerminalItem } from '../../data/entities.js';
import { clearPinLocks, createTerminal, deleteTerminal, listTerminals } from '../../data/repositories/terminals.js';
import { NotFoundError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { type AuditContext, recordAudit, staffActor } from '../audit/audit.js';

const terminalView = (terminal: TerminalAttributes | TerminalItem) => ({
  id: terminal.terminalId,
  name: terminal.name,
  branchId: terminal.branchId,
  createdAt: terminal.createdAt,
});

/**
 * Registers a front-desk device. Its token belongs to the device, not to a
 * person: nobody's password change logs the front desk out. Shown once.
 */
export async function registerTerminal(actor: Actor, input: { name: string; branchId: string }, context: AuditContext) {
  const secret = randomSecret(32);
  const terminal: TerminalAttributes = {
    tenantId: actor.tenantId,
    terminalId: newId('trm'),
    name: input.name,
    branchId: input.branchId,
    secretHash: sha256(secret),
    createdAt: clock.now().toISOString(),
  };
  await createTerminal(terminal);
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'terminal.registered',
    target: { type: 'terminal', id: terminal.terminalId },
    details: { name: input.name, branchId: input.branchId },
    context,
  });
  return { ...terminalView(terminal), token: composeToken(actor.tenantId, terminal.terminalId, secret) };
}

export async function listTerminalViews(tenantId: string) {
  return (await listTerminals(tenantId)).sort((a, b) => a.name.localeCompare(b.name)).map(terminalView);
}

export async function revokeTerminal(actor: Actor, terminalId: string, context: AuditContext) {
  if (!(await deleteTerminal(actor.tenantId, terminalId))) throw new NotFoundError();
  await recordAudit({ tenantId: actor.tenantId, actor: staffActor(actor), action: 'terminal.revoked', target: { type: 'terminal', id: terminalId }, context });
}

/** A manager lifts a PIN lockout early: one terminal's, or (without a terminal) the salon-wide one. */
export async function clearPinLockouts(actor: Actor, terminalId: string | undefined, context: AuditContext) {
  await clearPinLocks(actor.tenantId, terminalId, Math.floor(clock.nowSeconds() / 3600));
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'pin.lockout_cleared',
    target: terminalId ? { type: 'terminal', id: terminalId } : { type: 'tenant', id: actor.tenantId },
    context,
  });
}
