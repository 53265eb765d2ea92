import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { entities } from '../entities.js';

const table = () => config().tableName;

async function conditional(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await ddb.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

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

/** Turns the confirmed pending secret on, with fresh recovery codes; false if the pending secret changed meanwhile. */
export async function enableTotp(accountId: string, secret: string, step: number, recoveryHashes: string[], now: string): Promise<boolean> {
  return conditional({
    TableName: table(),
    Key: entities.account.key({ accountId }),
    UpdateExpression: 'SET totp = :totp, recoveryCodes = :codes REMOVE totpPending',
    ConditionExpression: 'attribute_not_exists(totp) AND totpPending.secret = :secret',
    ExpressionAttributeValues: {
      ':totp': { secret, lastStep: step, enabledAt: now },
      ':codes': Object.fromEntries(recoveryHashes.map((hash) => [hash, true])),
      ':secret': secret,
    },
  });
}

export async function disableTotp(accountId: string): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: table(),
      Key: entities.account.key({ accountId }),
      UpdateExpression: 'REMOVE totp, recoveryCodes, totpPending',
    }),
  );
}

/** Accepts a code's time step only if it is later than the last one used: each code works once, even under concurrency. */
export async function useTotpStep(accountId: string, step: number): Promise<boolean> {
  return conditional({
    TableName: table(),
    Key: entities.account.key({ accountId }),
    UpdateExpression: 'SET totp.lastStep = :step',
    ConditionExpression: 'attribute_exists(totp) AND totp.lastStep < :step',
    ExpressionAttributeValues: { ':step': step },
  });
}

/** Uses a recovery code once. */
export async function useRecoveryCode(accountId: string, hash: string): Promise<boolean> {
  return conditional({
    TableName: table(),
    Key: entities.account.key({ accountId }),
    UpdateExpression: 'REMOVE recoveryCodes.#code',
    ConditionExpression: 'attribute_exists(recoveryCodes.#code)',
    ExpressionAttributeNames: { '#code': hash },
  });
}
