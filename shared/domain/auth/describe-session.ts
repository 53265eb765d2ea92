import { getAccountProfile } from '../../data/repositories/accounts.js';
import { AppError, UnauthorizedError } from '../../errors.js';
import { type DeskPrincipal, principalFromContext } from '../../http/principal.js';
import { resolveActor, resolveChecker } from '../access/actor.js';
import { permissionList } from '../permissions/compiled.js';
import { accountView } from './login.js';
import { authenticate } from './sessions.js';

/**
 * `GET /v1/session`: what any session is, for the app to draw (who is at the
 * terminal, what they may do) and to learn that it has ended (401
 * session_expired), which the gateway's authorizer cannot word.
 */
export async function describeSession(token: string | undefined, tenantHint: string | undefined) {
  let context;
  try {
    context = await authenticate(token, tenantHint && /^ten_[0-9a-z]{1,40}$/.test(tenantHint) ? tenantHint : undefined);
  } catch (error) {
    if (error instanceof AppError) throw new UnauthorizedError('session_expired', 'The session has ended.');
    throw error;
  }
  const principal = principalFromContext(context);
  if (principal.kind === 'operator') throw new UnauthorizedError('session_expired', 'The session has ended.');
  if (principal.kind === 'desk') return describeDeskSession(principal);
  const tenantId = principal.tenantId;
  // Not a member (any more) of the named salon: the session is still described, without salon permissions.
  const actor = tenantId
    ? await resolveActor(principal, tenantId, 'member').catch((error: unknown) => {
        if (error instanceof AppError) return undefined;
        throw error;
      })
    : undefined;
  const account = principal.kind === 'backoffice' ? await getAccountProfile(principal.accountId) : undefined;
  return {
    kind: principal.kind,
    platform: principal.kind === 'terminal' ? 'terminal' : principal.platform,
    tenantId: actor ? tenantId : null,
    staff: principal.kind === 'terminal' ? { id: principal.staffId, displayName: principal.displayName } : actor ? { id: actor.staffId } : null,
    account: account ? accountView(account.account) : null,
    // What this session holds: from the mobile app, without the level's web-only sections.
    permissions: actor ? permissionList(actor.level.grants).filter((permission) => actor.level.compiled.byKey.has(permission.key)) : [],
    idleExpiresAt: principal.idleExpiresAt,
  };
}

/** A desk session: the terminal, signed in as nobody, with the desk level. */
async function describeDeskSession(principal: DeskPrincipal) {
  const { level } = await resolveChecker(principal, principal.tenantId);
  return {
    kind: 'terminal' as const,
    platform: 'terminal' as const,
    tenantId: principal.tenantId,
    staff: null,
    terminal: { id: principal.terminalId, name: principal.displayName, branchId: principal.branchId },
    account: null,
    permissions: permissionList(level.grants),
    idleExpiresAt: principal.idleExpiresAt,
  };
}
