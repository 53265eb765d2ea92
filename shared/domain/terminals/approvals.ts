import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import { putApproval } from '../../data/repositories/approvals.js';
import { APPROVAL_TTL_SECONDS, resourceKey } from './approval-tokens.js';
import type { Principal } from '../../http/principal.js';
import { UnauthorizedError } from '../../errors.js';
import { NotPermittedError } from '../access/actor.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { evaluate, type Resource } from '../permissions/compiled.js';
import { enterPin } from './pin-entry.js';
import { displayName } from './session-tokens.js';

/**
 * Another staff member types their PIN at the terminal to let one action
 * through (Phorest's approval): they must hold the right themselves, fully.
 */
export async function approve(
  principal: Principal,
  input: { pin: string; permission: string; resource?: Resource | undefined },
  context: AuditContext,
) {
  if (principal.kind !== 'terminal') throw new UnauthorizedError('unauthorized', 'Approvals are given at a terminal.');
  const entry = await enterPin(principal.tenantId, principal.terminalId, undefined, input.pin, context);
  const approver = entry.staff;
  const decision = evaluate(
    entry.level.compiled,
    input.permission,
    { employeeId: approver.employeeId, branchIds: approver.branchIds },
    input.resource,
    clock.nowMs(),
  );
  if (approver.staffId === principal.staffId || !decision.allowed) throw new NotPermittedError(input.permission);

  const nowMs = clock.nowMs();
  const approvalId = newId('apr');
  const secret = randomSecret(32);
  const expiresAt = new Date(nowMs + APPROVAL_TTL_SECONDS * 1000).toISOString();
  await putApproval({
    tenantId: principal.tenantId,
    approvalId,
    secretHash: sha256(secret),
    permission: input.permission,
    resourceKey: resourceKey(input.resource),
    approverStaffId: approver.staffId,
    requesterStaffId: principal.staffId,
    expiresAt,
    used: false,
    ttl: Math.ceil(nowMs / 1000) + APPROVAL_TTL_SECONDS + 3600,
  });
  await recordAudit({
    tenantId: principal.tenantId,
    actor: { type: 'staff', id: approver.staffId, staffId: approver.staffId },
    action: 'approval.granted',
    target: { type: 'staff', id: principal.staffId },
    details: { permission: input.permission, terminalId: principal.terminalId },
    context,
  });
  return {
    approvalToken: composeToken(principal.tenantId, approvalId, secret),
    approver: { id: approver.staffId, displayName: displayName(approver) },
    expiresAt,
  };
}
