import { clock } from '../../clock.js';
import type { AccountItem, MembershipItem } from '../../data/entities.js';
import { type AccountProfile, getAccountProfile, getLoginState, recordLoginFailure } from '../../data/repositories/accounts.js';
import { TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import { loginKey, parseLogin } from './login-identifier.js';
import { verifyPassword } from './passwords.js';
import { TotpRequiredError, verifySecondFactor } from './two-factor.js';
import { type ClientInfo, startBackofficeSession } from './sessions.js';

/** Failed logins are counted in fixed windows; past a limit, login answers 429 until the window ends. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_LOGIN = 10;
export const MAX_FAILURES_PER_CLIENT = 100;

/** An account id no account ever has (ids are `acc_` + a lower-case ULID). */
const NO_ACCOUNT = 'acc_none';

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('invalid_credentials', 'The login or password is wrong.');
  }
}

export interface AccountView {
  id: string;
  email: string | null;
  phone: string | null;
}

export interface MembershipView {
  tenantId: string;
  tenantName: string;
  staffId: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  account: AccountView;
  memberships: MembershipView[];
}

export function accountView(account: AccountItem): AccountView {
  return { id: account.accountId, email: account.email ?? null, phone: account.phone ?? null };
}

export function membershipViews(memberships: Pick<MembershipItem, 'tenantId' | 'tenantName' | 'staffId'>[]): MembershipView[] {
  return memberships.map(({ tenantId, tenantName, staffId }) => ({ tenantId, tenantName, staffId }));
}

export function profileView(profile: AccountProfile): { account: AccountView; memberships: MembershipView[] } {
  return { account: accountView(profile.account), memberships: membershipViews(profile.memberships) };
}

/**
 * Checks a login and password. An unknown login and a wrong password get the
 * same answer after the same argon2id work; both count against the login's
 * and the client address's failure budgets.
 */
export async function verifyCredentials(
  input: { login: string; password: string; totp?: string | undefined },
  client: ClientInfo,
): Promise<AccountProfile & { mfa: boolean }> {
  const identifier = parseLogin(input.login);
  const key = identifier ? loginKey(identifier) : `invalid:${input.login.trim().toLowerCase().slice(0, 64)}`;
  const nowSeconds = clock.nowSeconds();
  const window = Math.floor(nowSeconds / THROTTLE_WINDOW_SECONDS);
  const windowEnds = (window + 1) * THROTTLE_WINDOW_SECONDS;

  const state = await getLoginState(key, client.sourceIp, window);
  if (state.loginFailures >= MAX_FAILURES_PER_LOGIN || state.clientFailures >= MAX_FAILURES_PER_CLIENT) {
    throw new TooManyRequestsError(windowEnds - nowSeconds);
  }
  // An unknown login still makes the profile read (of an account that cannot exist), so it costs what a wrong password costs.
  const profile = await getAccountProfile(state.accountId ?? NO_ACCOUNT);
  const valid = await verifyPassword(profile?.account.passwordHash, input.password);
  if (!valid || !profile) {
    await recordLoginFailure(key, client.sourceIp, window, windowEnds + THROTTLE_WINDOW_SECONDS);
    throw new InvalidCredentialsError();
  }
  // The password was right; a wrong or replayed second factor still counts as a failure.
  if (!(await verifySecondFactor(profile.account, input.totp))) {
    await recordLoginFailure(key, client.sourceIp, window, windowEnds + THROTTLE_WINDOW_SECONDS);
    throw new TotpRequiredError('That code is wrong or was already used.');
  }
  return { ...profile, mfa: profile.account.totp !== undefined };
}

export async function login(input: { login: string; password: string; totp?: string | undefined }, client: ClientInfo): Promise<LoginResult> {
  const profile = await verifyCredentials(input, client);
  const session = await startBackofficeSession(profile.account.accountId, client, profile.mfa);
  return { token: session.token, expiresAt: session.expiresAt, ...profileView(profile) };
}
