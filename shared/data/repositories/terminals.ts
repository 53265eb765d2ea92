import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { batchGetAll, pick } from '../batch-get.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { deleteAll, queryAll } from '../query-all.js';
import {
  entities,
  type AttemptBudgetAttributes,
  type DeskSessionItem,
  type PinDigestItem,
  type StaffItem,
  type TenantItem,
  type TenantPolicyItem,
  type TerminalAttributes,
  type TerminalItem,
  type TerminalSessionAttributes,
  type TerminalSessionItem,
  type TerminalSignedIn,
} from '../entities.js';
import { ConcurrentUpdateError, mergeUpdates, type Step, type TransactItem, transactWrite, type Update } from '../transaction.js';
import { NotFoundError, UnauthorizedError, VersionConflictError } from '../../errors.js';
import { branchReferenceStep } from './staff.js';

const table = () => config().tableName;

export async function createTerminal(terminal: TerminalAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.terminal.item(terminal, terminal), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('terminal id collision'),
    },
    branchReferenceStep(terminal.tenantId, terminal.branchId),
    ...also,
  ]);
}

const queryPrefix = <T>(tenantId: string, prefix: string) => queryAll<T>(entities.tenant.key({ tenantId }).pk, prefix);

export const listTerminals = (tenantId: string) => queryPrefix<TerminalItem>(tenantId, 'TERMINAL#');
/** Staff members' terminal sessions and desk sessions alike. */
export const listTerminalSessions = (tenantId: string) => queryPrefix<TerminalSessionItem | DeskSessionItem>(tenantId, 'SESSION#');

/** Sessions ended in the revoking transaction itself; a terminal has one person signed in, rarely more. */
const SESSIONS_IN_TRANSACTION = 90;

/**
 * Revokes a terminal: its token stops working and the sessions opened on it
 * end in the same transaction (with `also`), so no session outlives its
 * terminal if the request fails half-way.
 */
export async function deleteTerminal(tenantId: string, terminalId: string, also: Step[]): Promise<void> {
  const sessions = (await listTerminalSessions(tenantId)).filter((session) => session.terminalId === terminalId);
  const keys = sessions.map(({ pk, sk }) => ({ pk, sk }));
  await transactWrite([
    {
      item: { Delete: { TableName: table(), Key: entities.terminal.key({ tenantId, terminalId }), ConditionExpression: 'attribute_exists(pk)' } },
      onFail: () => new NotFoundError(),
    },
    ...keys.slice(0, SESSIONS_IN_TRANSACTION).map((Key) => ({ item: { Delete: { TableName: table(), Key } }, onFail: () => new VersionConflictError() })),
    ...also,
  ]);
  await deleteAll(keys.slice(SESSIONS_IN_TRANSACTION));
}

export interface UnlockRead {
  terminal: TerminalItem | undefined;
  tenant: TenantItem | undefined;
  /** The salon's PIN budget item: its budget and every terminal's run of wrong PINs. */
  pinBudget: AttemptBudgetAttributes | undefined;
  digest: PinDigestItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/**
 * Everything a PIN entry needs, in ONE strongly consistent BatchGetItem: the
 * terminal, the tenant, the PIN budget item (both attempt budgets, so the
 * reservation claims slots known to be free), the PIN's digest item (which names its holder) and
 * the level versions.
 */
export async function readForPinEntry(tenantId: string, terminalId: string, digest: string): Promise<UnlockRead> {
  const keys = {
    terminal: entities.terminal.key({ tenantId, terminalId }),
    tenant: entities.tenant.key({ tenantId }),
    pinBudget: entities.tenantPinBudget.key({ tenantId }),
    digest: entities.pinDigest.key({ tenantId, digest }),
    policy: entities.tenantPolicy.key({ tenantId }),
  };
  const items = await batchGetAll(Object.values(keys), true);
  return {
    terminal: pick(items, keys.terminal),
    tenant: pick(items, keys.tenant),
    pinBudget: pick(items, keys.pinBudget),
    digest: pick(items, keys.digest),
    policy: pick(items, keys.policy),
  };
}

/** Where the salon's PIN budget item keeps a terminal's token hash and its signed-in pointer (see pin-budgets.ts). */
export interface TerminalPointer {
  signedInAttribute: string;
  tokenAttribute: string;
  /** Who the read found signed in: the pointer moves only from it. */
  previous: TerminalSignedIn | undefined;
  /** Where the token's last use is kept: the session's start, written by this same update. */
  seenAttribute: string;
  /** The terminal's branch as of its last move, and the one the read found: a move in between fails the write. */
  branchAttribute: string;
  branchId: string;
}

/**
 * A new terminal session and what commits with it (its audit event, the
 * attempt given back), in one transaction that also ends the session the
 * terminal's previous unlock opened: one person at a terminal at a time. The
 * terminal's pointer (on the salon's PIN budget item, moved in the same
 * update as the attempt given back) moves only from the one read, so of two
 * unlocks at the same moment one wins and the other answers 409; and only
 * while the terminal's token is still there, so a terminal revoked meanwhile
 * opens no session.
 */
export async function startTerminalSession(session: TerminalSessionAttributes, pointer: TerminalPointer, budgetUpdate: Update, also: Step[]): Promise<void> {
  const { previous } = pointer;
  const move: Update = {
    TableName: table(),
    Key: budgetUpdate.Key,
    UpdateExpression: 'SET #signedIn = :signedIn, #seen = :seen',
    ConditionExpression:
      `attribute_exists(#token) AND ${previous ? '#signedIn.sessionId = :previous' : 'attribute_not_exists(#signedIn)'}` +
      ' AND (attribute_not_exists(#movedTo) OR #movedTo = :readBranch)',
    ExpressionAttributeNames: {
      '#signedIn': pointer.signedInAttribute,
      '#token': pointer.tokenAttribute,
      '#seen': pointer.seenAttribute,
      '#movedTo': pointer.branchAttribute,
    },
    ExpressionAttributeValues: {
      ':signedIn': { sessionId: session.sessionId, staffId: session.staffId, since: session.createdAt } satisfies TerminalSignedIn,
      ':seen': session.createdAt,
      ':readBranch': pointer.branchId,
      ...(previous ? { ':previous': previous.sessionId } : {}),
    },
  };
  const steps: Step[] = [
    {
      item: { Update: { ...mergeUpdates(budgetUpdate, move), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      onFail: (old) => (old?.[pointer.tokenAttribute] === undefined ? new UnauthorizedError() : new ConcurrentUpdateError()),
    },
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
  ];
  if (previous) {
    steps.push({
      item: { Delete: { TableName: table(), Key: entities.terminalSession.key({ tenantId: session.tenantId, sessionId: previous.sessionId }) } },
      onFail: () => new Error('unconditional'),
    });
  }
  await transactWrite([...steps, ...also]);
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

/**
 * Clears a terminal's signed-in pointer if it still names `sessionId` (someone may have unlocked since),
 * noting in the same write when the token was last used (`seen`: the padlock is a use of it).
 */
export async function clearSignedIn(tenantId: string, signedInAttribute: string, sessionId: string, seen: { attribute: string; at: string }): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.tenantPinBudget.key({ tenantId }),
        UpdateExpression: 'SET #seen = :seen REMOVE #signedIn',
        ConditionExpression: '#signedIn.sessionId = :session',
        ExpressionAttributeNames: { '#signedIn': signedInAttribute, '#seen': seen.attribute },
        ExpressionAttributeValues: { ':session': sessionId, ':seen': seen.at },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

export async function deleteTerminalSession(tenantId: string, sessionId: string): Promise<void> {
  await ddb.send(new DeleteCommand({ TableName: table(), Key: entities.terminalSession.key({ tenantId, sessionId }) }));
}

export async function getTerminal(tenantId: string, terminalId: string): Promise<TerminalItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.terminal.key({ tenantId, terminalId }), ConsistentRead: true }));
  return Item as TerminalItem | undefined;
}

/** The salon's PIN budget item: every terminal's signed-in pointer and last use (`T#<trm>#…`). */
export async function getPinBudgetItem(tenantId: string): Promise<AttemptBudgetAttributes | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.tenantPinBudget.key({ tenantId }), ConsistentRead: true }));
  return Item as AttemptBudgetAttributes | undefined;
}

/** The sessions the terminals' pointers name and their staff members: one BatchGetItem per 100 distinct keys. */
export async function readSignedIn(
  tenantId: string,
  pointers: readonly TerminalSignedIn[],
): Promise<{ sessions: Map<string, TerminalSessionItem>; staff: Map<string, StaffItem> }> {
  const keys = new Map<string, { pk: string; sk: string }>();
  for (const pointer of pointers) {
    for (const key of [entities.terminalSession.key({ tenantId, sessionId: pointer.sessionId }), entities.staff.key({ tenantId, staffId: pointer.staffId })]) {
      keys.set(key.sk, key);
    }
  }
  const all = [...keys.values()];
  const chunks: (typeof all)[] = [];
  for (let start = 0; start < all.length; start += 100) chunks.push(all.slice(start, start + 100));
  const items = (await Promise.all(chunks.map((chunk) => batchGetAll(chunk, true)))).flat();
  const sessions = new Map<string, TerminalSessionItem>();
  const staff = new Map<string, StaffItem>();
  for (const item of items as unknown as (TerminalSessionItem | StaffItem)[]) {
    if ('sessionId' in item) sessions.set(item.sessionId, item);
    else staff.set(item.staffId, item);
  }
  return { sessions, staff };
}

/**
 * A terminal's new name or branch, conditioned on the version read (404 when
 * gone, 412 when moved on). A move (`move`) also checks that the branch
 * exists, updates the PIN budget item (moveTerminalItem: the branch unlocks
 * are conditioned on, the pointer cleared) and ends the sessions opened on
 * the terminal, in the same transaction: they were opened at the old branch.
 */
export async function updateTerminal(
  previous: TerminalItem,
  next: TerminalAttributes,
  move: { budget: TransactItem } | undefined,
  also: Step[],
): Promise<void> {
  const { tenantId, terminalId } = next;
  const version = previous.version ?? 1;
  const steps: Step[] = [
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.terminal.item(next, next),
          ConditionExpression: version === 1 ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :expected)' : 'version = :expected',
          ExpressionAttributeValues: { ':expected': version },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new VersionConflictError() : new NotFoundError()),
    },
  ];
  let rest: { pk: string; sk: string }[] = [];
  if (move) {
    const sessions = (await listTerminalSessions(tenantId)).filter((session) => session.terminalId === terminalId);
    const keys = sessions.map(({ pk, sk }) => ({ pk, sk }));
    rest = keys.slice(SESSIONS_IN_TRANSACTION);
    steps.push(
      branchReferenceStep(tenantId, next.branchId),
      // The pointer moved since it was read: someone unlocked meanwhile, whose session the move must end too.
      { item: move.budget, onFail: () => new ConcurrentUpdateError() },
      ...keys.slice(0, SESSIONS_IN_TRANSACTION).map((Key) => ({ item: { Delete: { TableName: table(), Key } }, onFail: () => new VersionConflictError() })),
    );
  }
  await transactWrite([...steps, ...also]);
  await deleteAll(rest);
}
