import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { composeToken, constantTimeEqual, newId, parseToken, randomSecret, sha256 } from '../../crypto/tokens.js';
import type { AccountItem, SessionAttributes, SessionItem } from '../../data/entities.js';
import { ConcurrentUpdateError, type Step } from '../../data/transaction.js';
import { getAccount } from '../../data/repositories/accounts.js';
import {
  deleteSession,
  holdsSlot,
  listSessions,
  putSession,
  SESSION_SLOTS,
  type SlotClaim,
  slotName,
  slotSession,
  slotValue,
  touchSession,
} from '../../data/repositories/sessions.js';
import { getSessionWithAccount, getSessionWithTenant, type SessionRead } from '../../data/repositories/session-access.js';
import { type TenantAccess, tenantAccessFrom } from '../access/tenant-access.js';
import { authenticateTerminalSession, parseTerminalSessionToken } from '../terminals/session-tokens.js';
import { authenticateDeskSession, parseDeskSessionToken } from '../terminals/desk-sessions.js';
import { NotFoundError, UnauthorizedError, ValidationError } from '../../errors.js';
import type { AuthorizerContext } from '../../http/principal.js';

/** Slide the idle expiry at most this often, so most authenticated requests cost one read. */
export const TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  sourceIp: string;
  userAgent: string | undefined;
  /** The app the person signs in from (login's `platform`); absent: the web app. */
  platform?: 'web' | 'mobile' | undefined;
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
      ...(client.platform === 'mobile' ? { platform: 'mobile' as const } : {}),
      ttl: Math.ceil((nowMs + sessionMaxSeconds * 1000) / 1000),
    },
  };
}

const randomOf = <T>(choices: T[]): T | undefined => choices[Math.floor(Math.random() * choices.length)];

/**
 * The slot a new session of `account` takes: a free one (never used, or
 * freed by a logout), else one whose session is over (its lifetime, or a
 * password reset's cut-off), else the oldest, whose session ends. Free and
 * over slots are picked at random, so concurrent logins rarely want the same
 * one. Idle expiry is not seen here: it is kept on the session item, which
 * login does not read.
 */
export function chooseSlot(account: Pick<AccountItem, 'sessionsNotBefore' | `ss${number}`>, nowMs: number): SlotClaim {
  const maxMs = config().sessionMaxSeconds * 1000;
  const isOver = (value: string) => {
    const { createdAt } = slotSession(value);
    return Date.parse(createdAt) + maxMs <= nowMs || (account.sessionsNotBefore !== undefined && createdAt < account.sessionsNotBefore);
  };
  const slots = Array.from({ length: SESSION_SLOTS }, (_, index) => ({ index, previous: account[slotName(index)] }));
  const held = slots.filter((slot): slot is { index: number; previous: string } => slot.previous !== undefined);
  return (
    randomOf(slots.filter((slot) => slot.previous === undefined)) ??
    randomOf(held.filter((slot) => isOver(slot.previous))) ??
    held.reduce((oldest, slot) => (slot.previous < oldest.previous ? slot : oldest))
  );
}

/** A session start that lost its slot to another is tried again on the account read afresh, up to this many tries in all. */
const SLOT_TRIES = 3;

/**
 * Runs `start` (the transaction that starts a session) with a slot of
 * `account`, as read by the caller; past the last try, 409 concurrent_update.
 */
export async function inSessionSlot(account: AccountItem, start: (slot: SlotClaim) => Promise<void>): Promise<void> {
  let current = account;
  for (let tries = 1; ; tries += 1) {
    try {
      return await start(chooseSlot(current, clock.nowMs()));
    } catch (error) {
      // A TransactionConflict is a lost race too: parallel logins also write the same attempt-budget items.
      if (!(error instanceof ConcurrentUpdateError) || tries >= SLOT_TRIES) throw error;
    }
    const fresh = await getAccount(account.accountId);
    if (!fresh) throw new UnauthorizedError();
    current = fresh;
  }
}

/** Starts a session, committing `also` (the login attempt given back, the second factor used) with it. */
export async function startBackofficeSession(account: AccountItem, client: ClientInfo, mfa: boolean, also: Step[]): Promise<IssuedSession> {
  const session = newBackofficeSession(account.accountId, client, mfa);
  await inSessionSlot(account, (slot) => putSession(session.attributes, slot, also));
  return session;
}

/**
 * Within its idle and absolute lifetimes, not cut off by a password reset
 * (`sessionsNotBefore`), and still holding its slot: a login that took the
 * slot over, or two-factor login turned on from another session (which frees
 * every other slot), ended it. A session without a slot (started before slots
 * existed, so past its absolute lifetime by now) is over.
 */
function isAlive(session: SessionItem, nowMs: number, account: Pick<AccountItem, 'sessionsNotBefore' | `ss${number}`> | undefined): boolean {
  return (
    Date.parse(session.idleExpiresAt) > nowMs &&
    Date.parse(session.expiresAt) > nowMs &&
    !(account?.sessionsNotBefore !== undefined && session.createdAt < account.sessionsNotBefore) &&
    holdsSlot(session, account)
  );
}

/**
 * Checks a bearer token and returns the authorizer context. Any failure is the
 * same 401: a caller learns nothing about which part of the token was wrong.
 * With `tenantId` (from the path or X-Tenant-Id) the caller's membership of
 * that tenant comes back from the same request as the session.
 */
export async function authenticate(token: string | undefined, tenantId?: string): Promise<AuthorizerContext> {
  if (token && parseTerminalSessionToken(token)) return authenticateTerminalSession(token);
  if (token && parseDeskSessionToken(token)) return authenticateDeskSession(token);
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
    !isAlive(session, nowMs, read.account)
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
    ...(session.platform === 'mobile' ? { platform: 'mobile' } : {}),
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
  platform: 'web' | 'mobile';
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  sourceIp: string | null;
  current: boolean;
}

/** A cursor is the position (`<createdAt>#<sessionId>`) of the previous page's last session: sessions that end meanwhile do not break paging. */
function positionAfter(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#ses_[0-9a-z]+$/.test(position)) {
    throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
  }
  return position;
}

/** The account's live sessions, newest first, a page at a time. */
export async function listAccountSessions(accountId: string, currentSessionId: string, limit: number, cursor: string | undefined) {
  const after = cursor === undefined ? undefined : positionAfter(cursor);
  const [sessions, account] = await Promise.all([listSessions(accountId), getAccount(accountId)]);
  const nowMs = clock.nowMs();
  const live = sessions
    .filter((session) => isAlive(session, nowMs, account))
    .map((session) => ({ session, position: slotValue(session) }))
    .filter(({ position }) => after === undefined || position < after)
    .sort((a, b) => (a.position < b.position ? 1 : -1));
  const page = live.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ session }): SessionView => ({
      id: session.sessionId,
      kind: session.kind,
      platform: session.platform ?? 'web',
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      userAgent: session.userAgent ?? null,
      sourceIp: session.sourceIp ?? null,
      current: session.sessionId === currentSessionId,
    })),
    nextCursor: live.length > limit && last ? Buffer.from(last.position).toString('base64url') : null,
  };
}
