import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { batchGetAll, pick } from '../batch-get.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { deleteAll, queryAll } from '../query-all.js';
import {
  entities,
  type PinDigestItem,
  type PinLockItem,
  type StaffItem,
  type TenantItem,
  type TenantPolicyItem,
  type TerminalAttributes,
  type TerminalItem,
  type TerminalSessionAttributes,
  type TerminalSessionItem,
} from '../entities.js';
import { type Step, type TransactItem, transactWrite } from '../transaction.js';
import { UnknownBranchError } from './staff.js';

const table = () => config().tableName;

export async function createTerminal(terminal: TerminalAttributes): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.terminal.item(terminal, terminal), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('terminal id collision'),
    },
    {
      item: {
        ConditionCheck: {
          TableName: table(),
          Key: entities.branch.key({ tenantId: terminal.tenantId, branchId: terminal.branchId }),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onFail: () => new UnknownBranchError(),
    },
  ]);
}

const queryPrefix = <T>(tenantId: string, prefix: string) => queryAll<T>(entities.tenant.key({ tenantId }).pk, prefix);

export const listTerminals = (tenantId: string) => queryPrefix<TerminalItem>(tenantId, 'TERMINAL#');
export const listTerminalSessions = (tenantId: string) => queryPrefix<TerminalSessionItem>(tenantId, 'SESSION#');

/** Revokes a terminal: its token stops working and every session opened on it ends. False when there was none. */
export async function deleteTerminal(tenantId: string, terminalId: string): Promise<boolean> {
  const { Attributes } = await ddb.send(
    new DeleteCommand({ TableName: table(), Key: entities.terminal.key({ tenantId, terminalId }), ReturnValues: 'ALL_OLD' }),
  );
  if (!Attributes) return false;
  const sessions = (await listTerminalSessions(tenantId)).filter((session) => session.terminalId === terminalId);
  await deleteAll(sessions.map(({ pk, sk }) => ({ pk, sk })));
  return true;
}

export interface UnlockRead {
  terminal: TerminalItem | undefined;
  tenant: TenantItem | undefined;
  terminalLock: PinLockItem | undefined;
  tenantLock: PinLockItem | undefined;
  digest: PinDigestItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/** Everything a PIN entry needs before the staff member is known, in ONE strongly consistent BatchGetItem. */
export async function readForPinEntry(tenantId: string, terminalId: string, digest: string): Promise<UnlockRead> {
  const keys = {
    terminal: entities.terminal.key({ tenantId, terminalId }),
    tenant: entities.tenant.key({ tenantId }),
    terminalLock: entities.terminalLock.key({ tenantId, terminalId }),
    tenantLock: entities.tenantPinLock.key({ tenantId }),
    digest: entities.pinDigest.key({ tenantId, digest }),
    policy: entities.tenantPolicy.key({ tenantId }),
  };
  const items = await batchGetAll(Object.values(keys), true);
  return {
    terminal: pick(items, keys.terminal),
    tenant: pick(items, keys.tenant),
    terminalLock: pick(items, keys.terminalLock),
    tenantLock: pick(items, keys.tenantLock),
    digest: pick(items, keys.digest),
    policy: pick(items, keys.policy),
  };
}

/** A new terminal session, with the terminal's failure count reset and the audit event, in one transaction. */
export async function startTerminalSession(session: TerminalSessionAttributes, resetLock: boolean, audit: TransactItem): Promise<void> {
  const steps: Step[] = [
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.terminalSession.item(session, session),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onFail: () => new Error('session id collision'),
    },
    { item: audit, onFail: () => new Error('audit event id collision') },
  ];
  if (resetLock) {
    steps.push({
      item: {
        Update: {
          TableName: table(),
          Key: entities.terminalLock.key({ tenantId: session.tenantId, terminalId: session.terminalId }),
          UpdateExpression: 'SET failures = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      onFail: () => new Error('unreachable'),
    });
  }
  await transactWrite(steps);
}

export interface TerminalSessionRead {
  session: TerminalSessionItem | undefined;
  staff: StaffItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/** A terminal session with its staff member and the tenant's level versions, in one request. */
export async function readTerminalSession(tenantId: string, sessionId: string, staffId: string): Promise<TerminalSessionRead> {
  const keys = {
    session: entities.terminalSession.key({ tenantId, sessionId }),
    staff: entities.staff.key({ tenantId, staffId }),
    policy: entities.tenantPolicy.key({ tenantId }),
  };
  const items = await batchGetAll(Object.values(keys), true);
  return { session: pick(items, keys.session), staff: pick(items, keys.staff), policy: pick(items, keys.policy) };
}

export async function touchTerminalSession(tenantId: string, sessionId: string, lastSeenAt: string, idleExpiresAt: string): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.terminalSession.key({ tenantId, sessionId }),
        UpdateExpression: 'SET lastSeenAt = :seen, idleExpiresAt = :idle',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':seen': lastSeenAt, ':idle': idleExpiresAt },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

export async function deleteTerminalSession(tenantId: string, sessionId: string): Promise<void> {
  await ddb.send(new DeleteCommand({ TableName: table(), Key: entities.terminalSession.key({ tenantId, sessionId }) }));
}

/** One wrong PIN on a terminal: the new count of consecutive failures. */
export async function addTerminalFailure(tenantId: string, terminalId: string, ttl: number): Promise<PinLockItem> {
  const { Attributes } = await ddb.send(
    new UpdateCommand({
      TableName: table(),
      Key: entities.terminalLock.key({ tenantId, terminalId }),
      UpdateExpression: 'ADD failures :one SET #ttl = :ttl, entity = :entity, #locks = if_not_exists(#locks, :zero)',
      ExpressionAttributeNames: { '#ttl': 'ttl', '#locks': 'locks' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':entity': 'pinLock', ':zero': 0 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Attributes as PinLockItem;
}

/** Locks a terminal after `failures` reached the limit; only one concurrent failure gets to lock it. */
export async function lockTerminal(tenantId: string, terminalId: string, until: string, atFailures: number, ttl: number): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.terminalLock.key({ tenantId, terminalId }),
        UpdateExpression: 'SET lockedUntil = :until, failures = :zero, #ttl = :ttl ADD #locks :one',
        ConditionExpression: 'failures >= :at',
        ExpressionAttributeNames: { '#ttl': 'ttl', '#locks': 'locks' },
        ExpressionAttributeValues: { ':until': until, ':zero': 0, ':one': 1, ':at': atFailures, ':ttl': ttl },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export async function lockTenantPins(tenantId: string, until: string, ttl: number): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: table(),
      Item: entities.tenantPinLock.item({ tenantId }, { failures: 0, lockedUntil: until, locks: 1, ttl }),
    }),
  );
}

/** A manager lifts a lock early: one terminal's, or the tenant-wide one (and its hour's failure budget). */
export async function clearPinLocks(tenantId: string, terminalId: string | undefined, hour: number): Promise<void> {
  const keys = terminalId
    ? [entities.terminalLock.key({ tenantId, terminalId })]
    : [entities.tenantPinLock.key({ tenantId }), entities.tenantPinFailures.key({ tenantId, hour })];
  await deleteAll(keys);
}
