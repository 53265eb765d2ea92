import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { BadRequestError } from '../../errors.js';
import { entities, type PasswordResetAttributes, type PasswordResetItem } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

export class InvalidTokenError extends BadRequestError {
  constructor() {
    super('invalid_token', 'This reset link is unknown, used or expired; ask for a new one.');
  }
}

/**
 * The reset already exists: its id is derived from the request it answers,
 * so a request handled twice (the stream delivers at least once) finds its
 * own reset, committed with its message the first time.
 */
export class ResetAlreadyIssuedError extends Error {
  constructor() {
    super('password reset already issued for this request');
    this.name = 'ResetAlreadyIssuedError';
  }
}

/** The account that has a login (normalised, as `loginKey` makes it), if any. Strongly consistent. */
export async function accountIdOfLogin(login: string): Promise<string | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.login.key({ login }), ConsistentRead: true, ProjectionExpression: 'accountId' }),
  );
  return (Item as { accountId?: string } | undefined)?.accountId;
}

/**
 * A reset token, with `also` (its message in the outbox) in the same
 * transaction. The account remembers it as its latest: issuing a link ends
 * every earlier one.
 */
export async function putPasswordReset(reset: PasswordResetAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.passwordReset.item(reset, reset), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new ResetAlreadyIssuedError(),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.account.key(reset),
          UpdateExpression: 'SET latestResetId = :reset',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':reset': reset.resetId },
        },
      },
      onFail: () => new Error('account gone while issuing a reset'),
    },
    ...also,
  ]);
}

export async function getPasswordReset(accountId: string, resetId: string): Promise<PasswordResetItem | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.passwordReset.key({ accountId, resetId }), ConsistentRead: true }),
  );
  return Item as PasswordResetItem | undefined;
}

/**
 * The reset is used (once, unexpired, and only if it is the account's latest:
 * an older link is dead once a newer one was issued), the password replaced
 * and every session of the account ended (`sessionsNotBefore`: one write,
 * however many sessions there are), together with `also`.
 */
export async function completePasswordReset(reset: PasswordResetItem, passwordHash: string, now: string, also: Step[]): Promise<void> {
  const steps: Step[] = [
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.passwordReset.key(reset),
          UpdateExpression: 'SET #used = :true',
          ConditionExpression: '#used = :false AND expiresAt > :now AND secretHash = :hash',
          ExpressionAttributeNames: { '#used': 'used' },
          ExpressionAttributeValues: { ':true': true, ':false': false, ':now': now, ':hash': reset.secretHash },
        },
      },
      onFail: () => new InvalidTokenError(),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.account.key(reset),
          UpdateExpression: 'SET passwordHash = :hash, sessionsNotBefore = :now, updatedAt = :now ADD version :one',
          ConditionExpression: 'latestResetId = :reset',
          ExpressionAttributeValues: { ':hash': passwordHash, ':now': now, ':one': 1, ':reset': reset.resetId },
        },
      },
      onFail: () => new InvalidTokenError(),
    },
  ];
  await transactWrite([...steps, ...also]);
}
