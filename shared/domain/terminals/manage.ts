import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { TerminalAttributes, TerminalItem, TerminalSignedIn } from '../../data/entities.js';
import { unlockItem } from '../../data/attempt-budgets.js';
import {
  createTerminal,
  deleteTerminal,
  getPinBudgetItem,
  getTerminal,
  listTerminals,
  readSignedIn,
  updateTerminal as updateTerminalItem,
} from '../../data/repositories/terminals.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { ConcurrentUpdateError, type Step, type TransactItem, transactWrite } from '../../data/transaction.js';
import { NotFoundError, VersionConflictError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { assertCoversBranches, managesSomeBranches } from '../access/escalation.js';
import type { TenantAccess } from '../access/tenant-access.js';
import { type AuditContext, diff, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { displayName } from '../staff/records.js';
import {
  forgetTerminalItem,
  moveTerminalItem,
  tenantPinBudget,
  terminalPinBudget,
  terminalSeenAttribute,
  terminalSignedInAttribute,
} from './pin-budgets.js';
import { terminalSessionLive } from './session-tokens.js';

const terminalView = (terminal: TerminalAttributes | TerminalItem) => ({
  id: terminal.terminalId,
  name: terminal.name,
  branchId: terminal.branchId,
  version: terminal.version ?? 1,
  createdAt: terminal.createdAt,
});

/**
 * Registers a front-desk device. Its token belongs to the device, not to a
 * person: nobody's password change logs the front desk out. Shown once.
 * Pairing (pairing.ts) registers through here too, passing `handOver`: the
 * steps that seal the token for the waiting device commit with the terminal.
 */
export async function registerTerminal(
  actor: Actor,
  input: { name: string; branchId: string },
  context: AuditContext,
  handOver: (terminalId: string, token: string) => Promise<Step[]> = async () => [],
) {
  // A manager limited to branches places terminals only in theirs.
  assertCoversBranches(actor, [input.branchId]);
  const secret = randomSecret(32);
  const terminal: TerminalAttributes = {
    tenantId: actor.tenantId,
    terminalId: newId('trm'),
    name: input.name,
    branchId: input.branchId,
    secretHash: sha256(secret),
    createdAt: clock.now().toISOString(),
    version: 1,
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
  const token = composeToken(actor.tenantId, terminal.terminalId, secret);
  await createTerminal(terminal, [...audit, ...(await handOver(terminal.terminalId, token))]);
  return { ...terminalView(terminal), token };
}

/**
 * The salon's terminals with who is signed in and when each token was last
 * used. Nothing on the unlock or authorize path writes more for this: the
 * PIN budget item (read beside the terminals) keeps each terminal's pointer
 * and `seen` (unlock, padlock), and the session a pointer names keeps the
 * authorizer's `lastSeenAt` touch; one BatchGetItem reads those sessions and
 * their staff members. A pointer whose session has ended (idle, 12 hours,
 * suspended, moved off the branch, revoked) names nobody.
 */
export async function listTerminalViews({ tenantId, timeZone }: Pick<TenantAccess, 'tenantId' | 'timeZone'>) {
  const [terminals, budget] = await Promise.all([listTerminals(tenantId), getPinBudgetItem(tenantId)]);
  const attributes = (budget ?? {}) as Record<string, unknown>;
  const pointers = new Map<string, TerminalSignedIn>();
  for (const terminal of terminals) {
    const pointer = attributes[terminalSignedInAttribute(terminal.terminalId)] as TerminalSignedIn | undefined;
    if (pointer) pointers.set(terminal.terminalId, pointer);
  }
  const { sessions, staff } = pointers.size > 0 ? await readSignedIn(tenantId, [...pointers.values()]) : { sessions: new Map(), staff: new Map() };
  const nowMs = clock.nowMs();
  return terminals
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((terminal) => {
      const pointer = pointers.get(terminal.terminalId);
      const session = pointer && sessions.get(pointer.sessionId);
      const member = pointer && staff.get(pointer.staffId);
      const live = session && member && session.terminalId === terminal.terminalId && terminalSessionLive(session, member, nowMs, timeZone);
      const seen = [attributes[terminalSeenAttribute(terminal.terminalId)], session?.terminalId === terminal.terminalId ? session.lastSeenAt : undefined]
        .filter((value): value is string => typeof value === 'string')
        .sort()
        .at(-1);
      return {
        ...terminalView(terminal),
        lastSeenAt: seen ?? null,
        signedIn: live && pointer && member ? { staffId: member.staffId, displayName: displayName(member), since: pointer.since } : null,
      };
    });
}

export interface TerminalPatch {
  name?: string | undefined;
  branchId?: string | undefined;
}

/** Moves that lose to an unlock at the same moment are retried this often (each re-reads the pointer). */
const MOVE_TRIES = 3;

/**
 * Renames a terminal or moves it to another branch of the salon. A move ends
 * the sessions opened on it (they were opened at the old branch) and clears
 * who is signed in, in the same transaction as the terminal and its audit
 * event; an unlock that read the old branch opens no session afterwards.
 */
export async function updateTerminal(actor: Actor, terminalId: string, patch: TerminalPatch, ifMatch: number | undefined, context: AuditContext) {
  for (let tries = 1; ; tries += 1) {
    try {
      return await updateTerminalOnce(actor, terminalId, patch, ifMatch, context);
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || tries >= MOVE_TRIES) throw error;
    }
  }
}

async function updateTerminalOnce(actor: Actor, terminalId: string, patch: TerminalPatch, ifMatch: number | undefined, context: AuditContext) {
  const terminal = await getTerminal(actor.tenantId, terminalId);
  if (!terminal) throw new NotFoundError();
  assertCoversBranches(actor, patch.branchId === undefined ? [terminal.branchId] : [terminal.branchId, patch.branchId]);
  const version = terminal.version ?? 1;
  if (ifMatch !== undefined && ifMatch !== version) throw new VersionConflictError();
  const next: TerminalAttributes = {
    tenantId: terminal.tenantId,
    terminalId: terminal.terminalId,
    name: patch.name ?? terminal.name,
    branchId: patch.branchId ?? terminal.branchId,
    secretHash: terminal.secretHash,
    createdAt: terminal.createdAt,
    version: version + 1,
    updatedAt: clock.now().toISOString(),
    // A rename keeps the desk session open on the terminal; a move ends it (it was opened at the old branch).
    ...(terminal.deskSessionId && patch.branchId === undefined ? { deskSessionId: terminal.deskSessionId } : {}),
  };
  const changes = diff(terminal as TerminalAttributes, next, ['name', 'branchId']);
  if (Object.keys(changes).length === 0) return terminalView(terminal);
  let move: { budget: TransactItem } | undefined;
  if (changes.branchId) {
    const [tenant, budget] = await Promise.all([getTenant(actor.tenantId), getPinBudgetItem(actor.tenantId)]);
    if (!tenant) throw new NotFoundError();
    const pointer = (budget as Record<string, unknown> | undefined)?.[terminalSignedInAttribute(terminalId)] as TerminalSignedIn | undefined;
    move = { budget: moveTerminalItem(actor.tenantId, tenant.settings.lockout, terminalId, next.branchId, pointer?.sessionId, clock.nowMs()) };
  }
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'terminal.updated',
        target: { type: 'terminal', id: terminalId },
        changes,
        context,
      },
    ],
  });
  await updateTerminalItem(terminal, next, move, audit);
  return terminalView(next);
}

/** Revokes a terminal; its token's copy on the salon's PIN budget item goes in the same transaction (see pin-entry.ts). */
export async function revokeTerminal(actor: Actor, terminalId: string, context: AuditContext) {
  if (managesSomeBranches(actor)) {
    const terminal = await getTerminal(actor.tenantId, terminalId);
    if (!terminal) throw new NotFoundError();
    assertCoversBranches(actor, [terminal.branchId]);
  }
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
