import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { entities } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';
import { UnauthorizedError } from '../../errors.js';

const table = () => config().tableName;

export async function setPendingTotp(accountId: string, secret: string, now: string): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: table(),
      Key: entities.account.key({ accountId }),
      UpdateExpression: 'SET totpPending = :pending',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':pending': { secret, createdAt: now } },
    }),
  );
}

/**
 * Turns the confirmed pending secret on, with fresh recovery codes, and
 * commits `also` with it; a pending secret that changed meanwhile (or a
 * factor already on) is an invalid code.
 */
export async function enableTotp(accountId: string, secret: string, step: number, recoveryHashes: string[], now: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.account.key({ accountId }),
          UpdateExpression: 'SET totp = :totp, recoveryCodes = :codes REMOVE totpPending',
          ConditionExpression: 'attribute_not_exists(totp) AND totpPending.secret = :secret',
          ExpressionAttributeValues: {
            ':totp': { secret, lastStep: step, enabledAt: now },
            ':codes': Object.fromEntries(recoveryHashes.map((hash) => [hash, true])),
            ':secret': secret,
          },
        },
      },
      onFail: () => new CodeAlreadyUsedError(),
    },
    ...also,
  ]);
}

/** Turns two-factor login off, with `also` (the code used up, the events) in the same transaction. */
export async function disableTotp(accountId: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.account.key({ accountId }),
          UpdateExpression: 'REMOVE totp, recoveryCodes, totpPending',
          ConditionExpression: 'attribute_exists(totp)',
        },
      },
      onFail: () => new CodeAlreadyUsedError(),
    },
    ...also,
  ]);
}

/**
 * Uses a code's time step, inside the transaction that the code lets
 * through: only if it is later than the last one used, so each code works
 * once even when two requests bring it at the same moment.
 */
export function useTotpStepItem(accountId: string, step: number): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.account.key({ accountId }),
        UpdateExpression: 'SET totp.lastStep = :step',
        ConditionExpression: 'attribute_exists(totp) AND totp.lastStep < :step',
        ExpressionAttributeValues: { ':step': step },
      },
    },
    onFail: () => new CodeAlreadyUsedError(),
  };
}

/** Uses a recovery code once, inside the transaction it lets through. */
export function useRecoveryCodeItem(accountId: string, hash: string): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.account.key({ accountId }),
        UpdateExpression: 'REMOVE recoveryCodes.#code',
        ConditionExpression: 'attribute_exists(recoveryCodes.#code)',
        ExpressionAttributeNames: { '#code': hash },
      },
    },
    onFail: () => new CodeAlreadyUsedError(),
  };
}

/** Another request used the same code first. */
export class CodeAlreadyUsedError extends UnauthorizedError {
  constructor() {
    super('totp_required', 'That code is wrong or was already used.');
  }
}
