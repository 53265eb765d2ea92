import { clock } from '../../clock.js';
import { newId } from '../../crypto/tokens.js';
import type { BranchAttributes, BranchItem } from '../../data/entities.js';
import { getBranch, listBranches, putBranch, renameBranch } from '../../data/repositories/branches.js';
import { NotFoundError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { effectSteps } from '../effects.js';
import { type AuditContext, staffActor } from '../audit/audit.js';

const branchView = (branch: BranchAttributes | BranchItem) => ({ id: branch.branchId, name: branch.name, createdAt: branch.createdAt });

export async function createBranch(actor: Actor, name: string, context: AuditContext) {
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
