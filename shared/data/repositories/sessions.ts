import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { queryAll } from '../query-all.js';
import { entities, type SessionAttributes, type SessionItem } from '../entities.js';
import { ConcurrentUpdateError, mergeUpdates, type Step, transactWrite } from '../transaction.js';
import { UnauthorizedError } from '../../errors.js';

const table = () => config().tableName;

/**
 * At most this many live back-office sessions per account. Each session holds
 * a slot on the account item (`ss0`…, the ring is read with the account at
 * login, so capping costs no extra request); starting a session takes a slot,
 * with a condition on what the slot held, and ends the session that held it.
 * A session lives only while its slot names it (holdsSlot).
 */
export const SESSION_SLOTS = 100;

export const slotName = (index: number): `ss${number}` => `ss${index}`;

/** Sorts by creation, and names the session to end when the slot is taken over. */
export const slotValue = (session: { createdAt: string; sessionId: string }) => `${session.createdAt}#${session.sessionId}`;

export function slotSession(value: string): { createdAt: string; sessionId: string } {
  const hash = value.indexOf('#');
  return { createdAt: value.slice(0, hash), sessionId: value.slice(hash + 1) };
}

/** The slot a new session takes, and what it held when the account was read. */
export interface SlotClaim {
  index: number;
  previous?: string | undefined;
}

/** Another session took the slot since the account was read: read it again and choose again. */
export class SlotTakenError extends ConcurrentUpdateError {}

/**
 * A session without a second factor lost to the account's two-factor login
 * turned on since the account was read: the login must bring a code now.
 */
export class SecondFactorTurnedOnError extends UnauthorizedError {
  constructor() {
    super('totp_required', 'Two-factor login is on: send the code from your authenticator app (or a recovery code) as totp.');
  }
}

/**
 * Whether a back-office session still holds the slot it took. A session
 * lives only while its slot names it: starting a session into a held slot
 * ends that slot's session (same transaction), and turning two-factor login
 * on frees every other slot of the account in one write (enableTotp), which
 * ends those sessions at once, whatever logins were racing it.
 */
export function holdsSlot(session: Pick<SessionItem, 'slot' | 'createdAt' | 'sessionId'>, account: Partial<Record<`ss${number}`, string>> | undefined): boolean {
  return session.slot !== undefined && account?.[slotName(session.slot)] === slotValue(session);
}

export function sessionPutItem(session: SessionAttributes & { accountId: string }) {
  return entities.backofficeSession.item({ accountId: session.accountId, sessionId: session.sessionId }, session);
}

const isKey = (value: unknown, key: { pk: string; sk: string }) =>
  (value as { pk?: unknown } | undefined)?.pk === key.pk && (value as { sk?: unknown }).sk === key.sk;

/**
 * The steps that start `session` in `claim`'s slot, with `also`. A
 * transaction touches an item once, so the slot joins the step of `also`
 * that already writes the account (a second factor used up, a new account).
 * A session started without a second factor takes its slot only while the
 * account has none: two-factor login turned on after the account was read
 * (but before this commits) refuses it (401 totp_required).
 */
export function sessionStartSteps(session: SessionAttributes & { accountId: string }, claim: SlotClaim, also: Step[]): Step[] {
  const { accountId } = session;
  const name = slotName(claim.index);
  const value = slotValue(session);
  const steps: Step[] = [
    {
      item: { Put: { TableName: table(), Item: sessionPutItem({ ...session, slot: claim.index }), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('session id collision'),
    },
  ];
  if (claim.previous !== undefined) {
    const ended = entities.backofficeSession.key({ accountId, sessionId: slotSession(claim.previous).sessionId });
    steps.push({ item: { Delete: { TableName: table(), Key: ended } }, onFail: () => new Error('unconditional') });
  }

  const accountKey = entities.account.key({ accountId });
  const at = also.findIndex(({ item }) => isKey(item.Update?.Key, accountKey) || isKey(item.Put?.Item, accountKey));
  const rest = also.filter((_, index) => index !== at);
  const existing = also[at];
  if (existing?.item.Put) {
    return [...steps, { ...existing, item: { Put: { ...existing.item.Put, Item: { ...existing.item.Put.Item, [name]: value } } } }, ...rest];
  }
  const withoutFactor = session.mfa !== true;
  const take = {
    TableName: table(),
    Key: accountKey,
    UpdateExpression: 'SET #slot = :slot',
    // Only while the slot holds what was read: two logins cannot take the same slot.
    ConditionExpression: `attribute_exists(pk) AND ${claim.previous === undefined ? 'attribute_not_exists(#slot)' : '#slot = :slotWas'}${withoutFactor ? ' AND attribute_not_exists(#secondFactor)' : ''}`,
    ExpressionAttributeNames: { '#slot': name, ...(withoutFactor ? { '#secondFactor': 'totp' } : {}) },
    ExpressionAttributeValues: { ':slot': value, ...(claim.previous === undefined ? {} : { ':slotWas': claim.previous }) },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  const update = existing?.item.Update ? mergeUpdates(existing.item.Update, take) : take;
  const onFail = (old: Record<string, unknown> | undefined) => {
    if (withoutFactor && old?.totp !== undefined) return new SecondFactorTurnedOnError();
    return !old || old[name] !== claim.previous ? new SlotTakenError() : (existing?.onFail(old) ?? new SlotTakenError());
  };
  return [...steps, { item: { Update: update }, onFail }, ...rest];
}

export async function putSession(session: SessionAttributes & { accountId: string }, claim: SlotClaim, also: Step[]): Promise<void> {
  await transactWrite(sessionStartSteps(session, claim, also));
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

/**
 * Ends a session and frees its slot; false when there was none to end. Were
 * the second write lost, the slot would name a session that is gone: it
 * counts until it is the oldest (taken over) or its lifetime is over.
 */
export async function deleteSession(accountId: string, sessionId: string): Promise<boolean> {
  const { Attributes } = await ddb.send(
    new DeleteCommand({ TableName: table(), Key: entities.backofficeSession.key({ accountId, sessionId }), ReturnValues: 'ALL_OLD' }),
  );
  const ended = Attributes as SessionItem | undefined;
  if (ended?.slot !== undefined) {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: table(),
          Key: entities.account.key({ accountId }),
          UpdateExpression: 'REMOVE #slot',
          // A login may have taken the slot over meanwhile (ending this session in the same write): then it is not ours to free.
          ConditionExpression: '#slot = :mine',
          ExpressionAttributeNames: { '#slot': slotName(ended.slot) },
          ExpressionAttributeValues: { ':mine': slotValue(ended) },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  return ended !== undefined;
}

export function listSessions(accountId: string): Promise<SessionItem[]> {
  return queryAll<SessionItem>(entities.account.key({ accountId }).pk, 'SESSION#');
}
