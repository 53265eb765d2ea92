import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { batchGetAll, pick } from '../batch-get.js';
import { ACCOUNT_PROFILE_SK_BEFORE, type AccountItem, type AttemptBudgetAttributes, entities, type MembershipItem } from '../entities.js';

const table = () => config().tableName;

export interface AccountProfile {
  account: AccountItem;
  memberships: MembershipItem[];
}

/**
 * The account and its memberships in one Query: their sort keys sort before
 * the account's sessions. Strongly consistent: login checks the password
 * from it and takes a session slot on what it read.
 */
export async function getAccountProfile(accountId: string): Promise<AccountProfile | undefined> {
  const { pk } = entities.account.key({ accountId });
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      ExpressionAttributeValues: { ':pk': pk, ':before': ACCOUNT_PROFILE_SK_BEFORE },
      ConsistentRead: true,
    }),
  );
  const account = Items.find((item) => item.entity === entities.account.name) as AccountItem | undefined;
  if (!account) return undefined;
  const memberships = Items.filter((item) => item.entity === entities.membership.name) as MembershipItem[];
  return { account, memberships };
}

export async function getAccount(accountId: string): Promise<AccountItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.account.key({ accountId }), ConsistentRead: true }));
  return Item as AccountItem | undefined;
}

export interface LoginState {
  accountId: string | undefined;
  loginBudget: AttemptBudgetAttributes | undefined;
  clientBudget: AttemptBudgetAttributes | undefined;
}

/** The login's account and both login attempt budgets (the login's, the client address's), in one request. */
export async function getLoginState(login: string, sourceIp: string): Promise<LoginState> {
  const keys = {
    login: entities.login.key({ login }),
    loginBudget: entities.loginBudget.key({ login }),
    clientBudget: entities.clientLoginBudget.key({ sourceIp }),
  };
  const found = await batchGetAll(Object.values(keys), true);
  return {
    accountId: pick<{ accountId: string }>(found, keys.login)?.accountId,
    loginBudget: pick(found, keys.loginBudget),
    clientBudget: pick(found, keys.clientBudget),
  };
}
