import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import type { BranchAttributes, BranchItem } from '../../data/entities.js';
import { branchReferences, deleteBranch as deleteBranchItem, getBranch, listBranches, putBranch, renameBranch } from '../../data/repositories/branches.js';
import { ConcurrentUpdateError } from '../../data/transaction.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { assertCoversBranches } from '../access/escalation.js';
import { effectSteps } from '../effects.js';
import { type AuditContext, staffActor } from '../audit/audit.js';

const branchView = (branch: BranchAttributes | BranchItem) => ({ id: branch.branchId, name: branch.name, createdAt: branch.createdAt });

/** Branches are the salon's shape: a manager limited to some of them creates none, and renames or deletes only theirs. */
export async function createBranch(actor: Actor, name: string, context: AuditContext) {
  assertCoversBranches(actor, []);
  const branch: BranchAttributes = { tenantId: actor.tenantId, branchId: newId('brn'), name, createdAt: clock.now().toISOString() };
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'branch.created',
        target: { type: 'branch', id: branch.branchId },
        details: { name },
        context,
      },
    ],
  });
  await putBranch(branch, audit);
  return branchView(branch);
}

export async function listBranchViews(tenantId: string) {
  return (await listBranches(tenantId)).sort((a, b) => a.name.localeCompare(b.name)).map(branchView);
}

/** Renames a branch (`branch.updated`, with the name before and after, in the same transaction). */
export async function updateBranch(actor: Actor, branchId: string, name: string, context: AuditContext) {
  assertCoversBranches(actor, [branchId]);
  const branch = await getBranch(actor.tenantId, branchId);
  if (!branch) throw new NotFoundError();
  if (branch.name === name) return branchView(branch);
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'branch.updated',
        target: { type: 'branch', id: branchId },
        changes: { name: { before: branch.name, after: name } },
        context,
      },
    ],
  });
  await renameBranch(branch, name, audit);
  return branchView({ ...branch, name });
}

export class BranchInUseError extends ConflictError {
  constructor(references: { staff: number; terminals: number }) {
    const what = [
      references.staff > 0 ? `${references.staff} staff member${references.staff === 1 ? '' : 's'}` : '',
      references.terminals > 0 ? `${references.terminals} terminal${references.terminals === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    super('in_use', `${what.join(' and ')} still work${references.staff + references.terminals === 1 ? 's' : ''} in this branch: move or archive them first.`);
  }
}

/** A deletion that met a concurrent write retries from the read; the write usually made the branch in use. */
const DELETE_ATTEMPTS = 3;

/**
 * Deletes a branch nobody works in (`409 in_use` while staff members who are
 * not archived, or terminals, do), with `branch.deleted`. Race-safe: the
 * deletion is conditioned on the branch's reference counter as read before
 * counting, and every write that makes someone work there raises it.
 */
export async function deleteBranch(actor: Actor, branchId: string, context: AuditContext): Promise<void> {
  assertCoversBranches(actor, [branchId]);
  for (let attempt = 1; ; attempt += 1) {
    const branch = await getBranch(actor.tenantId, branchId);
    if (!branch) throw new NotFoundError();
    const references = await branchReferences(actor.tenantId, branchId);
    if (references.staff > 0 || references.terminals > 0) throw new BranchInUseError(references);
    const audit = await effectSteps({
      audit: [
        {
          tenantId: actor.tenantId,
          actor: staffActor(actor),
          action: 'branch.deleted',
          target: { type: 'branch', id: branchId },
          details: { name: branch.name },
          context,
        },
      ],
    });
    try {
      await deleteBranchItem(branch, audit);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt === DELETE_ATTEMPTS) throw error;
    }
  }
}
