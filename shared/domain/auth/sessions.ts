import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { composeToken, constantTimeEqual, newId, parseToken, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { SessionAttributes, SessionItem } from '../../data/entities.js';
import type { Step } from '../../data/transaction.js';
import { deleteSession, listSessions, putSession, touchSession } from '../../data/repositories/sessions.js';
import { getSessionWithAccount, getSessionWithTenant, type SessionRead } from '../../data/repositories/session-access.js';
import { type TenantAccess, tenantAccessFrom } from '../access/tenant-access.js';
import { authenticateTerminalSession, parseTerminalSessionToken } from '../terminals/session-tokens.js';
import { NotFoundError, UnauthorizedError } from '../../errors.js';
import type { AuthorizerContext } from '../../http/principal.js';

/** Slide the idle expiry at most this often, so most authenticated requests cost one read. */
export const TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  sourceIp: string;
  userAgent: string | undefined;
}

export interface IssuedSession {
  token: string;
  expiresAt: string;
  attributes: SessionAttributes & { accountId: string };
}

/** A fresh back-office session for an account: a new 256-bit token on every authentication. */
export function newBackofficeSession(accountId: string, client: ClientInfo, mfa = false): IssuedSession {
  const nowMs = clock.nowMs();
  const { sessionIdleSeconds, sessionMaxSeconds } = config();
  const sessionId = newId('ses');
  const secret = randomSecret(32);
  const expiresAt = new Date(nowMs + sessionMaxSeconds * 1000).toISOString();
  return {
    token: composeToken(accountId, sessionId, secret),
    expiresAt,
    attributes: {
      sessionId,
      kind: 'backoffice',
      accountId,
      secretHash: sha256(secret),
      createdAt: new Date(nowMs).toISOString(),
      lastSeenAt: new Date(nowMs).toISOString(),
      idleExpiresAt: new Date(nowMs + sessionIdleSeconds * 1000).toISOString(),
      expiresAt,
      ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 256) } : {}),
      sourceIp: client.sourceIp,
      mfa,
      ttl: Math.ceil((nowMs + sessionMaxSeconds * 1000) / 1000),
    },
  };
}

/** Starts a session, committing `also` (the login attempt given back, the second factor used) with it. */
export async function startBackofficeSession(accountId: string, client: ClientInfo, mfa: boolean, also: Step[]): Promise<IssuedSession> {
  const session = newBackofficeSession(accountId, client, mfa);
  await putSession(session.attributes, also);
  return session;
}

function isAlive(session: SessionItem, nowMs: number): boolean {
  return Date.parse(session.idleExpiresAt) > nowMs && Date.parse(session.expiresAt) > nowMs;
}

/**
 * Checks a bearer token and returns the authorizer context. Any failure is the
 * same 401: a caller learns nothing about which part of the token was wrong.
 * With `tenantId` (from the path or X-Tenant-Id) the caller's membership of
 * that tenant comes back from the same request as the session.
 */
export async function authenticate(token: string | undefined, tenantId?: string): Promise<AuthorizerContext> {
  if (token && parseTerminalSessionToken(token)) return authenticateTerminalSession(token);
  const parsed = token ? parseToken(token) : undefined;
  if (!parsed || !parsed.ownerId.startsWith('acc_') || !parsed.recordId.startsWith('ses_')) throw new UnauthorizedError();
  let read: SessionRead;
  let access: TenantAccess | undefined;
  if (tenantId) {
    const withTenant = await getSessionWithTenant(parsed.ownerId, parsed.recordId, tenantId);
    read = withTenant;
    access = tenantAccessFrom(withTenant.membership, withTenant.policy);
  } else {
    read = await getSessionWithAccount(parsed.ownerId, parsed.recordId);
  }
  const { session } = read;
  const nowMs = clock.nowMs();
  if (
    !session ||
    !constantTimeEqual(session.secretHash, sha256(parsed.secret)) ||
    !isAlive(session, nowMs) ||
    (read.account?.sessionsNotBefore !== undefined && session.createdAt < read.account.sessionsNotBefore)
  ) {
    throw new UnauthorizedError('session_expired', 'The session has ended; sign in again.');
  }
  let idleExpiresAt = session.idleExpiresAt;
  if (nowMs - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
    idleExpiresAt = new Date(Math.min(nowMs + config().sessionIdleSeconds * 1000, Date.parse(session.expiresAt))).toISOString();
    await touchSession(parsed.ownerId, parsed.recordId, new Date(nowMs).toISOString(), idleExpiresAt);
  }
  return {
    kind: 'backoffice',
    sessionId: session.sessionId,
    accountId: parsed.ownerId,
    sessionCreatedAt: session.createdAt,
    idleExpiresAt,
    mfa: session.mfa ? 'true' : 'false',
    ...(tenantId ? { tenantId } : {}),
    ...(access ? { tenantAccess: JSON.stringify(access) } : {}),
  };
}

export async function endSession(accountId: string, sessionId: string): Promise<void> {
  if (!(await deleteSession(accountId, sessionId))) throw new NotFoundError();
}

export interface SessionView {
  id: string;
  kind: 'backoffice' | 'terminal';
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  sourceIp: string | null;
  current: boolean;
}

export async function listAccountSessions(accountId: string, currentSessionId: string): Promise<SessionView[]> {
  const nowMs = clock.nowMs();
  return (await listSessions(accountId))
    .filter((session) => isAlive(session, nowMs))
    .map((session) => ({
      id: session.sessionId,
      kind: session.kind,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      userAgent: session.userAgent ?? null,
      sourceIp: session.sourceIp ?? null,
      current: session.sessionId === currentSessionId,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
