import { clock } from '../../clock.js';
import { composeToken, newId, randomSecret, sha256 } from '../../crypto/tokens.js';
import { putApproval } from '../../data/repositories/approvals.js';
import { effectSteps } from '../effects.js';
import { APPROVAL_TTL_SECONDS, resourceKey } from './approval-tokens.js';
import type { Principal } from '../../http/principal.js';
import { UnauthorizedError } from '../../errors.js';
import { NotPermittedError } from '../access/actor.js';
import type { AuditContext } from '../audit/audit.js';
import { evaluate, type Resource } from '../permissions/compiled.js';
import { PinsDisabledError } from '../pins/policy.js';
import { enterPin } from './pin-entry.js';

/**
 * Another staff member types their PIN at the terminal to let one action
 * through (Phorest's approval): they must hold the right themselves, fully.
 */
export async function approve(
  principal: Principal,
  input: { pin: string; permission: string; resource?: Resource | undefined },
  context: AuditContext,
) {
  // A desk session exists only while PINs are off: there is no PIN to approve with.
  if (principal.kind === 'desk') throw new PinsDisabledError();
  if (principal.kind !== 'terminal') throw new UnauthorizedError('unauthorized', 'Approvals are given at a terminal.');
  const entry = await enterPin(principal.tenantId, principal.terminalId, undefined, input.pin, context, input.resource?.branchId);
  const approver = entry.holder;
  const decision = evaluate(
    entry.level.compiled,
    input.permission,
    { employeeId: approver.employeeId, branchIds: approver.branchIds, timeZone: principal.tenantAccess.timeZone },
    input.resource,
    clock.nowMs(),
  );
  if (entry.staffId === principal.staffId || !decision.allowed) {
    await entry.giveBack();
    throw new NotPermittedError(input.permission);
  }

  const nowMs = clock.nowMs();
  const approvalId = newId('apr');
  const secret = randomSecret(32);
  const expiresAt = new Date(nowMs + APPROVAL_TTL_SECONDS * 1000).toISOString();
  const audit = await effectSteps(
    {
      audit: [
        {
          tenantId: principal.tenantId,
          actor: { type: 'staff', id: entry.staffId, staffId: entry.staffId },
          action: 'approval.granted',
          target: { type: 'staff', id: principal.staffId },
          details: { permission: input.permission, terminalId: principal.terminalId },
          terminalId: principal.terminalId,
          context,
        },
      ],
    },
    // The tenant item of the PIN's batch read: no settings-cache read on the way.
    entry.tenant.settings,
  );
  await putApproval(
    {
      tenantId: principal.tenantId,
      approvalId,
      secretHash: sha256(secret),
      permission: input.permission,
      resourceKey: resourceKey(input.resource),
      ...(input.resource?.amount !== undefined ? { amount: input.resource.amount } : {}),
      approverStaffId: entry.staffId,
      requesterStaffId: principal.staffId,
      expiresAt,
      used: false,
      ttl: Math.ceil(nowMs / 1000) + APPROVAL_TTL_SECONDS + 3600,
    },
    [...audit, { item: { Update: entry.successUpdate }, onFail: () => new Error('unconditional') }],
  );
  return {
    approvalToken: composeToken(principal.tenantId, approvalId, secret),
    approver: { id: entry.staffId, displayName: approver.displayName },
    expiresAt,
  };
}
