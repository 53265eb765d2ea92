import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { queryAll } from '../query-all.js';
import { entities, type SessionAttributes, type SessionItem } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

export function sessionPutItem(session: SessionAttributes & { accountId: string }) {
  return entities.backofficeSession.item({ accountId: session.accountId, sessionId: session.sessionId }, session);
}

export async function putSession(session: SessionAttributes & { accountId: string }, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: sessionPutItem(session), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('session id collision'),
    },
    ...also,
  ]);
}

/** Slides the idle expiry; never recreates a session that was ended in between. */
export async function touchSession(accountId: string, sessionId: string, lastSeenAt: string, idleExpiresAt: string): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: entities.backofficeSession.key({ accountId, sessionId }),
        UpdateExpression: 'SET lastSeenAt = :seen, idleExpiresAt = :idle',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':seen': lastSeenAt, ':idle': idleExpiresAt },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/** Ends a session; false when there was none to end. */
export async function deleteSession(accountId: string, sessionId: string): Promise<boolean> {
  const { Attributes } = await ddb.send(
    new DeleteCommand({ TableName: table(), Key: entities.backofficeSession.key({ accountId, sessionId }), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes !== undefined;
}

export function listSessions(accountId: string): Promise<SessionItem[]> {
  return queryAll<SessionItem>(entities.account.key({ accountId }).pk, 'SESSION#');
}
