import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { BadRequestError } from '../../errors.js';
import { entities, type PasswordResetAttributes, type PasswordResetItem } from '../entities.js';
import { deleteAll } from '../query-all.js';
import { type Step, transactWrite } from '../transaction.js';
import { listSessions } from './sessions.js';

const table = () => config().tableName;

export class InvalidTokenError extends BadRequestError {
  constructor() {
    super('invalid_token', 'This reset link is unknown, used or expired; ask for a new one.');
  }
}

export async function putPasswordReset(reset: PasswordResetAttributes): Promise<void> {
  await ddb.send(
    new PutCommand({ TableName: table(), Item: entities.passwordReset.item(reset, reset), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function getPasswordReset(accountId: string, resetId: string): Promise<PasswordResetItem | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.passwordReset.key({ accountId, resetId }), ConsistentRead: true }),
  );
  return Item as PasswordResetItem | undefined;
}

/** The reset is used (once, unexpired) and the password replaced, together. */
export async function completePasswordReset(reset: PasswordResetItem, passwordHash: string, now: string): Promise<void> {
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
          UpdateExpression: 'SET passwordHash = :hash, updatedAt = :now ADD version :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':hash': passwordHash, ':now': now, ':one': 1 },
        },
      },
      onFail: () => new InvalidTokenError(),
    },
  ];
  await transactWrite(steps);
}

/** Ends every back-office session of an account (after a password reset). */
export async function deleteAllSessions(accountId: string): Promise<number> {
  const keys = (await listSessions(accountId)).map(({ pk, sk }) => ({ pk, sk }));
  await deleteAll(keys);
  return keys.length;
}
