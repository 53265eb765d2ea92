import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { TerminalAttributes, TerminalItem } from '../../data/entities.js';
import { unlockItem } from '../../data/attempt-budgets.js';
import { createTerminal, deleteTerminal, listTerminals } from '../../data/repositories/terminals.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { transactWrite } from '../../data/transaction.js';
import { NotFoundError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { type AuditContext, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { forgetTerminalItem, tenantPinBudget, terminalPinBudget } from './pin-budgets.js';

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
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'terminal.registered',
        target: { type: 'terminal', id: terminal.terminalId },
        details: { name: input.name, branchId: input.branchId },
        context,
      },
    ],
  });
  await createTerminal(terminal, audit);
  return { ...terminalView(terminal), token: composeToken(actor.tenantId, terminal.terminalId, secret) };
}

export async function listTerminalViews(tenantId: string) {
  return (await listTerminals(tenantId)).sort((a, b) => a.name.localeCompare(b.name)).map(terminalView);
}

/** Revokes a terminal; its token's copy on the salon's PIN budget item goes in the same transaction (see pin-entry.ts). */
export async function revokeTerminal(actor: Actor, terminalId: string, context: AuditContext) {
  const tenant = await getTenant(actor.tenantId);
  if (!tenant) throw new NotFoundError();
  const audit = await effectSteps({
    audit: [{ tenantId: actor.tenantId, actor: staffActor(actor), action: 'terminal.revoked', target: { type: 'terminal', id: terminalId }, context }],
  });
  const forget = { item: forgetTerminalItem(actor.tenantId, tenant.settings.lockout, terminalId, clock.nowMs()), onFail: () => new Error('unconditional') };
  await deleteTerminal(actor.tenantId, terminalId, [forget, ...audit]);
}

/**
 * A manager lifts a PIN lockout early: one terminal's (its run of wrong PINs
 * is forgiven too), or (without a terminal) the salon-wide lock. The salon's
 * rolling budget is never refilled: no sequence of clears lets anyone test
 * more PINs in an hour than it allows.
 */
export async function clearPinLockouts(actor: Actor, terminalId: string | undefined, context: AuditContext) {
  const tenant = await getTenant(actor.tenantId);
  if (!tenant) throw new NotFoundError();
  const lift = terminalId
    ? unlockItem(terminalPinBudget(actor.tenantId, tenant.settings.lockout, terminalId), { freeSlots: true })
    : unlockItem(tenantPinBudget(actor.tenantId, tenant.settings.lockout), { freeSlots: false });
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'pin.lockout_cleared',
        target: terminalId ? { type: 'terminal', id: terminalId } : { type: 'tenant', id: actor.tenantId },
        context,
      },
    ],
  });
  await transactWrite([{ item: lift, onFail: () => new Error('unconditional') }, ...audit]);
}
