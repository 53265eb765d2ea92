import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { batchGetAll, pick } from '../batch-get.js';
import { ACCOUNT_PROFILE_SK_BEFORE, type AccountItem, entities, type MembershipItem } from '../entities.js';

const table = () => config().tableName;

export interface AccountProfile {
  account: AccountItem;
  memberships: MembershipItem[];
}

/** The account and its memberships in one Query: their sort keys sort before the account's sessions. */
export async function getAccountProfile(accountId: string): Promise<AccountProfile | undefined> {
  const { pk } = entities.account.key({ accountId });
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': pk, ':before': ACCOUNT_PROFILE_SK_BEFORE },
    }),
  );
  const account = Items.find((item) => item.entity === entities.account.name) as AccountItem | undefined;
  if (!account) return undefined;
  const memberships = Items.filter((item) => item.entity === entities.membership.name) as MembershipItem[];
  return { account, memberships };
}

export interface LoginState {
  accountId: string | undefined;
  loginFailures: number;
  clientFailures: number;
}

/** The login's account and both failure counters of the current window, in one request. */
export async function getLoginState(login: string, sourceIp: string, window: number): Promise<LoginState> {
  const loginKey = entities.login.key({ login });
  const loginThrottleKey = entities.loginThrottle.key({ login, window });
  const clientThrottleKey = entities.clientThrottle.key({ sourceIp, window });
  const found = await batchGetAll([loginKey, loginThrottleKey, clientThrottleKey]);
  return {
    accountId: pick<{ accountId: string }>(found, loginKey)?.accountId,
    loginFailures: Number(pick<{ failures: number }>(found, loginThrottleKey)?.failures ?? 0),
    clientFailures: Number(pick<{ failures: number }>(found, clientThrottleKey)?.failures ?? 0),
  };
}

async function addFailure(key: { pk: string; sk: string }, ttl: number): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'ADD failures :one SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':entity': 'throttle' },
    }),
  );
}

/** Counts a failed login against the login and the client address; atomic counters that expire by TTL. */
export async function recordLoginFailure(login: string, sourceIp: string, window: number, ttl: number): Promise<void> {
  await Promise.all([
    addFailure(entities.loginThrottle.key({ login, window }), ttl),
    addFailure(entities.clientThrottle.key({ sourceIp, window }), ttl),
  ]);
}
