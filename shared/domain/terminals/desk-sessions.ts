import { clock } from '../../clock.js';
import { composeToken, constantTimeEqual, parseToken, sha256 } from '../../crypto/tokens.js';
import type { DeskSessionAttributes, DeskSessionItem, TenantPolicyItem, TerminalItem } from '../../data/entities.js';
import { putDeskSession, readDeskSession, readForDeskStart } from '../../data/repositories/desk-sessions.js';
import { ConflictError, UnauthorizedError } from '../../errors.js';
import type { AuthorizerContext } from '../../http/principal.js';
import { accessLevelAt } from '../access/level-cache.js';
import type { AuditContext } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { permissionList } from '../permissions/compiled.js';
import { salonTimeZone } from '../tenants/settings.js';
import { newTerminalSession, parseTerminalToken, slideIdle } from './session-tokens.js';

export class PinsEnabledError extends ConflictError {
  constructor() {
    super('pins_enabled', 'This salon uses PIN codes: unlock the terminal with a staff PIN (POST /v1/terminal/unlock).');
  }
}

export class NoDeskLevelError extends ConflictError {
  constructor() {
    super('no_desk_level', 'The salon has chosen no desk level (settings.deskAccessLevelId): a terminal cannot act without a staff member.');
  }
}

/** Desk session tokens name the tenant, the terminal and the session, so one batch read finds the three with the POLICY item. */
const DESK_RECORD = /^(trm_[0-9a-z]+)-(ses_[0-9a-z]+)$/;

export function parseDeskSessionToken(token: string) {
  const parsed = parseToken(token);
  const record = parsed ? DESK_RECORD.exec(parsed.recordId) : null;
  if (!parsed || !record || !parsed.ownerId.startsWith('ten_')) return undefined;
  return { tenantId: parsed.ownerId, terminalId: record[1] as string, sessionId: record[2] as string, secret: parsed.secret };
}

/** The desk level while PINs are off, as the POLICY item says it (the copy every session check reads). */
function deskLevelOf(policy: TenantPolicyItem | undefined): { accessLevelId: string; levelVersion: number; since: string } | undefined {
  if (policy?.pinsEnabled !== false || !policy.deskAccessLevelId || !policy.deskSince) return undefined;
  const levelVersion = policy.levels[policy.deskAccessLevelId];
  return levelVersion === undefined ? undefined : { accessLevelId: policy.deskAccessLevelId, levelVersion, since: policy.deskSince };
}

/**
 * `POST /v1/terminal/desk-session`: with PINs off (outside the EU), a
 * registered terminal opens a session of its own, acting with the salon's
 * desk level at its branch, so that the front desk's checks and events are
 * still answered and attributed (to the terminal) with nobody signed in, as
 * Phorest describes for salons without PINs. One desk session per
 * terminal: a new one ends the one before, as an unlock ends the previous
 * person's session. Costs a batch read and one transaction (the session, its
 * audit event, the terminal's pointer to it, and conditions that the
 * terminal, the PIN switch and the desk level are still as read).
 */
export async function startDeskSession(terminalToken: string | undefined, context: AuditContext) {
  const parsed = parseTerminalToken(terminalToken);
  if (!parsed) throw new UnauthorizedError();
  const { terminal, tenant, policy } = await readForDeskStart(parsed.tenantId, parsed.terminalId);
  if (!terminal || !tenant || !constantTimeEqual(terminal.secretHash, sha256(parsed.secret))) throw new UnauthorizedError();
  if (tenant.settings.pinsEnabled) throw new PinsEnabledError();
  const desk = deskLevelOf(policy);
  const level = desk && (await accessLevelAt(tenant.tenantId, desk.accessLevelId, desk.levelVersion));
  if (!desk || !level) throw new NoDeskLevelError();

  const { secret, record } = newTerminalSession(clock.nowMs(), tenant.settings.autoLogoutSeconds);
  const session: DeskSessionAttributes = { ...record, kind: 'desk', tenantId: tenant.tenantId, terminalId: terminal.terminalId, branchId: terminal.branchId };
  const audit = await effectSteps(
    {
      audit: [
        {
          tenantId: tenant.tenantId,
          actor: { type: 'terminal', id: terminal.terminalId },
          action: 'terminal.desk_session_started',
          target: { type: 'terminal', id: terminal.terminalId },
          details: { terminalId: terminal.terminalId, accessLevelId: desk.accessLevelId },
          terminalId: terminal.terminalId,
          context,
        },
      ],
    },
    tenant.settings,
  );
  await putDeskSession(session, { secretHash: terminal.secretHash, deskAccessLevelId: desk.accessLevelId, previousSessionId: terminal.deskSessionId }, audit);
  return {
    token: composeToken(tenant.tenantId, `${terminal.terminalId}-${session.sessionId}`, secret),
    expiresAt: session.expiresAt,
    idleTimeoutSeconds: session.idleSeconds,
    terminal: { id: terminal.terminalId, name: terminal.name, branchId: terminal.branchId },
    accessLevel: { id: level.accessLevelId, name: level.name },
    permissions: permissionList(level.grants),
  };
}

/**
 * Whether a desk session still works: the terminal's latest, within its
 * lifetimes, on a terminal still registered at the session's branch, while
 * PINs are off and a desk level is set, opened since the desk began acting
 * with that level (`deskSince`). A newer desk session on the terminal,
 * turning PINs on, clearing or changing the desk level, revoking or moving
 * the terminal ends it for good.
 */
function deskSessionLive(session: DeskSessionItem, terminal: TerminalItem | undefined, policy: TenantPolicyItem | undefined, nowMs: number): boolean {
  return (
    session.kind === 'desk' &&
    terminal !== undefined &&
    terminal.terminalId === session.terminalId &&
    terminal.deskSessionId === session.sessionId &&
    terminal.branchId === session.branchId &&
    Date.parse(session.idleExpiresAt) > nowMs &&
    Date.parse(session.expiresAt) > nowMs &&
    session.createdAt >= (deskLevelOf(policy)?.since ?? '\uffff')
  );
}

/** The authorizer's check of a desk session token: session, terminal and POLICY item in one read. */
export async function authenticateDeskSession(token: string): Promise<AuthorizerContext> {
  const parsed = parseDeskSessionToken(token);
  if (!parsed) throw new UnauthorizedError();
  const { session, terminal, policy } = await readDeskSession(parsed.tenantId, parsed.sessionId, parsed.terminalId);
  const nowMs = clock.nowMs();
  const desk = deskLevelOf(policy);
  if (
    !session ||
    !desk ||
    session.terminalId !== parsed.terminalId ||
    !constantTimeEqual(session.secretHash, sha256(parsed.secret)) ||
    !deskSessionLive(session, terminal, policy, nowMs)
  ) {
    throw new UnauthorizedError('session_expired', 'The desk session has ended; open a new one.');
  }
  const idleExpiresAt = await slideIdle(parsed.tenantId, session, nowMs);
  return {
    kind: 'desk',
    sessionId: session.sessionId,
    tenantId: parsed.tenantId,
    terminalId: session.terminalId,
    branchId: session.branchId,
    displayName: terminal?.name ?? '',
    sessionCreatedAt: session.createdAt,
    idleExpiresAt,
    accessLevelId: desk.accessLevelId,
    levelVersion: String(desk.levelVersion),
    timeZone: salonTimeZone(policy?.timeZone),
  };
}
