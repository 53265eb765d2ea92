import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { entities } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';
import { UnauthorizedError } from '../../errors.js';
import { SESSION_SLOTS, slotName } from './sessions.js';

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

/** The session slot (and the value naming its session) that survives two-factor login being turned on. */
export interface KeptSlot {
  index: number;
  value: string;
}

/**
 * Turns the confirmed pending secret on, with fresh recovery codes, and
 * commits `also` with it; a pending secret that changed meanwhile (or a
 * factor already on) is an invalid code. In the same write every session
 * slot of the account but `kept` is freed, which ends every other
 * back-office session at once (a session lives while its slot names it):
 * those started before this commits lose their slot here, those after must
 * bring a code (sessionStartSteps). `kept` must still name the confirming
 * session: taken over meanwhile, that session has ended (401 session_expired).
 */
export async function enableTotp(
  accountId: string,
  secret: string,
  step: number,
  recoveryHashes: string[],
  now: string,
  kept: KeptSlot,
  also: Step[],
): Promise<void> {
  const freed = Array.from({ length: SESSION_SLOTS }, (_, index) => index)
    .filter((index) => index !== kept.index)
    .map(slotName);
  await transactWrite([
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.account.key({ accountId }),
          UpdateExpression: `SET totp = :totp, recoveryCodes = :codes REMOVE totpPending, ${freed.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(totp) AND totpPending.secret = :secret AND #kept = :kept',
          ExpressionAttributeNames: { '#kept': slotName(kept.index) },
          ExpressionAttributeValues: {
            ':totp': { secret, lastStep: step, enabledAt: now },
            ':codes': Object.fromEntries(recoveryHashes.map((hash) => [hash, true])),
            ':secret': secret,
            ':kept': kept.value,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) =>
        old && old.totp === undefined && (old.totpPending as { secret?: string } | undefined)?.secret === secret
          ? new SessionEndedError()
          : new CodeAlreadyUsedError(),
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
 * A check, inside another transaction, that the account's two-factor login
 * is on: what was read before cannot have been turned off meanwhile.
 */
export function totpOnCheck(accountId: string, onFail: () => Error): Step {
  return {
    item: {
      ConditionCheck: {
        TableName: table(),
        Key: entities.account.key({ accountId }),
        ConditionExpression: 'attribute_exists(totp)',
      },
    },
    onFail,
  };
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

/** The session that asked to turn two-factor login on was ended meanwhile (its slot taken over, or a logout). */
export class SessionEndedError extends UnauthorizedError {
  constructor() {
    super('session_expired', 'The session has ended; sign in again.');
  }
}
