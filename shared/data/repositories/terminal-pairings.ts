import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { NotFoundError } from '../../errors.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { entities, type TerminalPairingAttributes, type TerminalPairingItem } from '../entities.js';
import type { Step } from '../transaction.js';

const table = () => config().tableName;

/** One answer for a wrong, expired, already paired or already fetched code: which one it was is nobody's business. */
export class PairingNotFoundError extends NotFoundError {
  constructor() {
    super('pairing_not_found', 'No device is waiting with this code: it is wrong, expired or already used.');
  }
}

/**
 * Stores a new pairing under its code's hash, unless a live pairing holds
 * that code (an expired one may be overwritten: TTL deletion lags; the same
 * pairing again is the SDK retrying a write whose answer was lost). False on
 * a collision: the caller draws another code.
 */
export async function putPairing(codeHash: string, pairing: TerminalPairingAttributes, nowMs: number): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: table(),
        Item: entities.terminalPairing.item({ codeHash }, pairing),
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now OR pairingId = :id',
        ExpressionAttributeValues: { ':now': nowMs, ':id': pairing.pairingId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export async function getPairing(codeHash: string): Promise<TerminalPairingItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.terminalPairing.key({ codeHash }), ConsistentRead: true }));
  return Item as TerminalPairingItem | undefined;
}

/**
 * Marks the pairing paired with the new terminal and its sealed token, in the
 * terminal's registering transaction: only while the device still waits and
 * the code has not expired, so of two managers typing the same code one wins.
 */
export function pairStep(codeHash: string, pairingId: string, paired: { tenantId: string; terminalId: string; sealedToken: string }, nowMs: number): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.terminalPairing.key({ codeHash }),
        UpdateExpression: 'SET #status = :paired, tenantId = :tenant, terminalId = :terminal, sealedToken = :sealed',
        ConditionExpression: 'pairingId = :id AND #status = :waiting AND expiresAtMs > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':paired': 'paired',
          ':waiting': 'waiting',
          ':tenant': paired.tenantId,
          ':terminal': paired.terminalId,
          ':sealed': paired.sealedToken,
          ':id': pairingId,
          ':now': nowMs,
        },
      },
    },
    onFail: () => new PairingNotFoundError(),
  };
}

/**
 * Removes the sealed token from a paired pairing and marks it fetched by
 * `fetch` (a nonce of this request): the one conditional write that decides
 * which of any number of concurrent fetches hands the token out. True for
 * that one fetch only, and again for the SDK retrying it after a lost answer
 * (same nonce). The item stays, token-less, until it expires, so its code is
 * not drawn again meanwhile.
 */
export async function claimPairedToken(codeHash: string, pairingId: string, fetch: string, nowMs: number): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.terminalPairing.key({ codeHash }),
        UpdateExpression: 'SET #status = :fetched, fetchedBy = :fetch REMOVE sealedToken',
        ConditionExpression: 'pairingId = :id AND expiresAtMs > :now AND (#status = :paired OR (#status = :fetched AND fetchedBy = :fetch))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':id': pairingId, ':paired': 'paired', ':fetched': 'fetched', ':fetch': fetch, ':now': nowMs },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
