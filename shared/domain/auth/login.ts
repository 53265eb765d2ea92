import { clock } from '../../clock.js';
import { budgetState } from '../../data/attempt-budget-state.js';
import { type BudgetSpec, BudgetSpentError, releaseItem, reserve } from '../../data/attempt-budgets.js';
import { type AccountItem, entities, type MembershipItem } from '../../data/entities.js';
import { type AccountProfile, getAccountProfile, getLoginState } from '../../data/repositories/accounts.js';
import type { Step } from '../../data/transaction.js';
import { TooManyRequestsError, UnauthorizedError } from '../../errors.js';
import { loginKey, parseLogin } from './login-identifier.js';
import { verifyPassword } from './passwords.js';
import { TotpRequiredError, verifySecondFactor } from './two-factor.js';
import { type ClientInfo, startBackofficeSession } from './sessions.js';

/** Login attempts per login and per client address, over a rolling window; past a budget, login answers 429. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_LOGIN = 10;
export const MAX_FAILURES_PER_CLIENT = 100;

export function loginBudgets(login: string, sourceIp: string): { login: BudgetSpec; client: BudgetSpec } {
  const windowMs = THROTTLE_WINDOW_SECONDS * 1000;
  return {
    login: { key: entities.loginBudget.key({ login }), entity: entities.loginBudget.name, size: MAX_FAILURES_PER_LOGIN, windowMs },
    client: { key: entities.clientLoginBudget.key({ sourceIp }), entity: entities.clientLoginBudget.name, size: MAX_FAILURES_PER_CLIENT, windowMs },
  };
}

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
 * Checks a login and password (and second factor). One batch read (the
 * login, both attempt budgets), then ONE conditional write reserves an
 * attempt in the login's and the client address's budgets before any secret
 * is checked: however many attempts arrive at once, no more passwords or
 * codes are checked than the budgets allow. A wrong password keeps its
 * reservation (no write: a failure costs the read, the reservation and the
 * profile read); `successSteps` give it back and use up the second factor,
 * in the transaction that starts the session. An unknown login and a wrong
 * password get the same answer after the same reads and argon2id work.
 */
export async function verifyCredentials(
  input: { login: string; password: string; totp?: string | undefined },
  client: ClientInfo,
): Promise<AccountProfile & { mfa: boolean; successSteps: Step[] }> {
  const identifier = parseLogin(input.login);
  const key = identifier ? loginKey(identifier) : `invalid:${input.login.trim().toLowerCase().slice(0, 64)}`;
  const state = await getLoginState(key, client.sourceIp);
  const budgets = loginBudgets(key, client.sourceIp);
  let holds;
  try {
    holds = await reserve(
      [
        { spec: budgets.login, state: budgetState(state.loginBudget, budgets.login.size) },
        { spec: budgets.client, state: budgetState(state.clientBudget, budgets.client.size) },
      ],
      clock.nowMs(),
    );
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TooManyRequestsError(error.retryAfterMs / 1000);
    throw error;
  }
  // An unknown login still makes the profile read (of an account that cannot exist), so it costs what a wrong password costs.
  const profile = await getAccountProfile(state.accountId ?? NO_ACCOUNT);
  const valid = await verifyPassword(profile?.account.passwordHash, input.password);
  if (!valid || !profile) throw new InvalidCredentialsError();
  // The password was right; a wrong or replayed second factor still spends the attempt.
  const secondFactor = await verifySecondFactor(profile.account, input.totp);
  if (!secondFactor) throw new TotpRequiredError('That code is wrong or was already used.');
  const released = holds.map((hold) => ({ item: releaseItem(hold), onFail: () => new Error('unconditional') }));
  return { ...profile, mfa: profile.account.totp !== undefined, successSteps: [...secondFactor, ...released] };
}

/**
 * A successful login costs four DynamoDB requests: the batch read, the
 * reservation, the profile (which carries the account's session slots), the
 * session write (which takes a slot). Losing a slot to a concurrent login
 * costs a read and a write per try.
 */
export async function login(input: { login: string; password: string; totp?: string | undefined }, client: ClientInfo): Promise<LoginResult> {
  const profile = await verifyCredentials(input, client);
  const session = await startBackofficeSession(profile.account, client, profile.mfa, profile.successSteps);
  return { token: session.token, expiresAt: session.expiresAt, ...profileView(profile) };
}
