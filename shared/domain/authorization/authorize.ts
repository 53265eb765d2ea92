import { clock } from '../../clock.js';
import { ValidationError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import { type Checker, resolveChecker } from '../access/actor.js';
import type { CachedLevel } from '../access/level-cache.js';
import { type Decision, evaluate, type Resource, sessionSubject, type Subject } from '../permissions/compiled.js';
import { grantFor, type GrantValue } from '../permissions/grants.js';
import { useApproval } from '../terminals/approval-tokens.js';

export interface Check {
  permission: string;
  resource?: Resource | undefined;
  /** api.md v1.1: add which level answered and the grant it holds for the permission. */
  explain?: boolean | undefined;
}

/** Why a check answered as it did: the caller's level and its grant for the permission (null: not granted). */
export interface Explanation {
  levelId: string;
  levelName: string;
  grant: GrantValue | null;
}

function explained<D extends CheckDecision>(decision: D, level: CachedLevel, check: Check): D | (D & { explain: Explanation }) {
  if (!check.explain) return decision;
  const { accessLevelId, name, grants, compiled } = level;
  // A right the session does not hold (a mobile-app session and a web-only section) explains as not granted.
  const grant = compiled.byKey.has(check.permission) ? (grantFor(grants, check.permission) ?? null) : null;
  return { ...decision, explain: { levelId: accessLevelId, levelName: name, grant } };
}

/** The tenant a check is about: the one named with the session (X-Tenant-Id), else the body's. */
export function tenantForCheck(principal: Principal, bodyTenantId: string | undefined): string {
  const tenantId = bodyTenantId ?? (principal.kind === 'operator' ? undefined : principal.tenantId);
  if (!tenantId) {
    throw new ValidationError([{ path: 'tenantId', message: 'Name the salon: send X-Tenant-Id (one request) or tenantId in the body.' }]);
  }
  return tenantId;
}

/** Who the checks are about, with where the session is (sessionSubject); resolveChecker has refused operators. */
function subjectOf(principal: Principal, checker: Checker): Subject {
  return sessionSubject(principal.kind === 'backoffice' ? 'backoffice' : 'terminal', checker.subject);
}

/**
 * "May this session do X to Y?" for one check or a batch, against the
 * caller's compiled access level. Warm, with X-Tenant-Id, this costs no
 * request beyond the authorizer's single read.
 */
export async function authorizeChecks(principal: Principal, tenantId: string, checks: Check[]): Promise<Decision[]> {
  const actor = await resolveChecker(principal, tenantId);
  const subject = subjectOf(principal, actor);
  const nowMs = clock.nowMs();
  // Each check answered by the level of the branch it names (most name none or the same few: the levels load once).
  const levels = await Promise.all(checks.map((check) => actor.levelAt(check.resource?.branchId)));
  return checks.map((check, index) => {
    const level = levels[index] as CachedLevel;
    return explained(evaluate(level.compiled, check.permission, subject, check.resource, nowMs), level, check);
  });
}

export type CheckDecision = Decision | { allowed: true; reason: 'approved' };

/**
 * One check, which an approval token from /v1/terminal/approve may let
 * through once when the caller's own rights deny it. Not `missing_context`:
 * a check that lacks the context it needs is answered as such (and the token
 * is kept) until it names what is missing.
 */
export async function authorizeCheck(principal: Principal, tenantId: string, check: Check, approvalToken: string | undefined): Promise<CheckDecision> {
  const actor = await resolveChecker(principal, tenantId);
  const level = await actor.levelAt(check.resource?.branchId);
  const decision = evaluate(level.compiled, check.permission, subjectOf(principal, actor), check.resource, clock.nowMs());
  // Approval tokens are given to a staff member's session; a desk session has no PIN to be approved with.
  if (decision.allowed || decision.reason === 'missing_context' || !approvalToken || actor.staffId === undefined) return explained(decision, level, check);
  const approved = await useApproval(tenantId, actor.staffId, approvalToken, check.permission, check.resource);
  return explained(approved ? { allowed: true, reason: 'approved' } : decision, level, check);
}
