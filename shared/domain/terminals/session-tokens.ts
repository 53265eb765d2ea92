import { clock } from '../../clock.js';
import { constantTimeEqual, newId, parseToken, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { StaffItem, TerminalSessionItem } from '../../data/entities.js';
import { readTerminalSession, touchTerminalSession } from '../../data/repositories/terminals.js';
import { UnauthorizedError } from '../../errors.js';
import type { AuthorizerContext } from '../../http/principal.js';
import { branchLevelAccess, type TenantAccess } from '../access/tenant-access.js';
import { withinStaffDates } from '../staff/dates.js';
import { displayName } from '../staff/records.js';
import { salonTimeZone } from '../tenants/settings.js';

/** However active, a terminal session ends after this: the front desk re-enters a PIN at least every shift. */
const TERMINAL_SESSION_MAX_SECONDS = 12 * 60 * 60;

const TERMINAL_TOKEN = { owner: /^ten_[0-9a-z]+$/, record: /^trm_[0-9a-z]+$/ };
const SESSION_RECORD = /^(stf_[0-9a-z]+)-(ses_[0-9a-z]+)$/;

export function parseTerminalToken(token: string | undefined) {
  const parsed = token ? parseToken(token) : undefined;
  if (!parsed || !TERMINAL_TOKEN.owner.test(parsed.ownerId) || !TERMINAL_TOKEN.record.test(parsed.recordId)) return undefined;
  return { tenantId: parsed.ownerId, terminalId: parsed.recordId, secret: parsed.secret };
}

/** Terminal session tokens name the tenant, the staff member and the session, so one batch read finds all three. */
export function parseTerminalSessionToken(token: string) {
  const parsed = parseToken(token);
  const record = parsed ? SESSION_RECORD.exec(parsed.recordId) : null;
  if (!parsed || !record || !parsed.ownerId.startsWith('ten_')) return undefined;
  return { tenantId: parsed.ownerId, staffId: record[1] as string, sessionId: record[2] as string, secret: parsed.secret };
}

/** Slide the idle expiry at most this often (and never less often than a quarter of the idle limit). */
const touchIntervalMs = (idleSeconds: number) => Math.min(60_000, (idleSeconds * 1000) / 4);

type SessionTimes = Pick<TerminalSessionItem, 'sessionId' | 'secretHash' | 'idleSeconds' | 'createdAt' | 'lastSeenAt' | 'idleExpiresAt' | 'expiresAt' | 'ttl'>;

/**
 * A new session at a terminal (a staff member's unlock, or the desk's own):
 * its id, its secret (shown once, in the token) and the record's times,
 * idle-limited by the salon's auto-logout and over after TERMINAL_SESSION_MAX_SECONDS.
 */
export function newTerminalSession(nowMs: number, idleSeconds: number): { secret: string; record: SessionTimes } {
  const secret = randomSecret(32);
  const expiresMs = nowMs + TERMINAL_SESSION_MAX_SECONDS * 1000;
  return {
    secret,
    record: {
      sessionId: newId('ses'),
      secretHash: sha256(secret),
      idleSeconds,
      createdAt: new Date(nowMs).toISOString(),
      lastSeenAt: new Date(nowMs).toISOString(),
      idleExpiresAt: new Date(nowMs + idleSeconds * 1000).toISOString(),
      expiresAt: new Date(expiresMs).toISOString(),
      ttl: Math.ceil(expiresMs / 1000),
    },
  };
}

/** A live session at a terminal, used now: its idle expiry slides (one write at most every touch interval). Returns the idle expiry it has now. */
export async function slideIdle(tenantId: string, session: SessionTimes, nowMs: number): Promise<string> {
  if (nowMs - Date.parse(session.lastSeenAt) < touchIntervalMs(session.idleSeconds)) return session.idleExpiresAt;
  const idleExpiresAt = new Date(Math.min(nowMs + session.idleSeconds * 1000, Date.parse(session.expiresAt))).toISOString();
  await touchTerminalSession(tenantId, session.sessionId, new Date(nowMs).toISOString(), idleExpiresAt);
  return idleExpiresAt;
}

/**
 * Whether a terminal session still works for its staff member (the
 * authorizer's test, bar the token's secret); `timeZone` is the salon's, in
 * which the member's `startsOn`/`endsOn` days are counted.
 */
export function terminalSessionLive(session: TerminalSessionItem, staff: StaffItem, nowMs: number, timeZone: string): boolean {
  return (
    session.staffId === staff.staffId &&
    Date.parse(session.idleExpiresAt) > nowMs &&
    Date.parse(session.expiresAt) > nowMs &&
    staff.status === 'active' &&
    withinStaffDates(staff, nowMs, timeZone) &&
    (staff.branchIds.length === 0 || staff.branchIds.includes(session.branchId)) &&
    (staff.sessionsNotBefore === undefined || session.createdAt >= staff.sessionsNotBefore)
  );
}

/** The authorizer's check of a terminal session token: session, staff member and level versions in one read. */
export async function authenticateTerminalSession(token: string): Promise<AuthorizerContext> {
  const parsed = parseTerminalSessionToken(token);
  if (!parsed) throw new UnauthorizedError();
  const { session, staff, policy } = await readTerminalSession(parsed.tenantId, parsed.sessionId, parsed.staffId);
  const nowMs = clock.nowMs();
  const timeZone = salonTimeZone(policy?.timeZone);
  if (
    !session ||
    !staff ||
    session.staffId !== parsed.staffId ||
    !constantTimeEqual(session.secretHash, sha256(parsed.secret)) ||
    !terminalSessionLive(session, staff, nowMs, timeZone)
  ) {
    throw new UnauthorizedError('session_expired', 'The session has ended; unlock again with your PIN.');
  }
  const idleExpiresAt = await slideIdle(parsed.tenantId, session, nowMs);
  const access: TenantAccess = {
    tenantId: parsed.tenantId,
    staffId: staff.staffId,
    status: staff.status,
    accessLevelId: staff.accessLevelId,
    ...(staff.overrides ? { overrides: staff.overrides } : {}),
    levelVersion: policy?.levels[staff.accessLevelId],
    branchIds: staff.branchIds,
    ...branchLevelAccess(staff.branchLevels, policy?.levels),
    ...(staff.employeeId ? { employeeId: staff.employeeId } : {}),
    timeZone,
    ...(staff.startsOn ? { startsOn: staff.startsOn } : {}),
    ...(staff.endsOn ? { endsOn: staff.endsOn } : {}),
  };
  return {
    kind: 'terminal',
    sessionId: session.sessionId,
    tenantId: parsed.tenantId,
    staffId: staff.staffId,
    terminalId: session.terminalId,
    branchId: session.branchId,
    sessionCreatedAt: session.createdAt,
    idleExpiresAt,
    displayName: displayName(staff),
    tenantAccess: JSON.stringify(access),
  };
}
