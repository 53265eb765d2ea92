import { config } from '../../config.js';
import { batchGetAll, pick } from '../batch-get.js';
import { type DeskSessionAttributes, type DeskSessionItem, entities, type TenantItem, type TenantPolicyItem, type TerminalItem } from '../entities.js';
import { UnauthorizedError } from '../../errors.js';
import { ConcurrentUpdateError, type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

export interface DeskStartRead {
  terminal: TerminalItem | undefined;
  tenant: TenantItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/** What a desk session's start decides on (the device token, the PIN switch, the desk level), in one request. */
export async function readForDeskStart(tenantId: string, terminalId: string): Promise<DeskStartRead> {
  const keys = {
    terminal: entities.terminal.key({ tenantId, terminalId }),
    tenant: entities.tenant.key({ tenantId }),
    policy: entities.tenantPolicy.key({ tenantId }),
  };
  const items = await batchGetAll(Object.values(keys), true);
  return { terminal: pick(items, keys.terminal), tenant: pick(items, keys.tenant), policy: pick(items, keys.policy) };
}

/**
 * Stores a desk session with `also` (its audit event) as the terminal's one
 * desk session (`deskSessionId`; the one before it is deleted), on the
 * conditions it was granted under: the terminal still has the token and
 * branch read, and the POLICY item still says PINs are off with that desk
 * level. A revoke that commits first answers 401 (the token is gone); a move
 * or a settings change, 409 concurrent_update (asking again says what holds).
 */
export async function putDeskSession(
  session: DeskSessionAttributes,
  granted: { secretHash: string; deskAccessLevelId: string; previousSessionId: string | undefined },
  also: Step[],
): Promise<void> {
  const previous = granted.previousSessionId;
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.deskSession.item(session, session), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('session id collision'),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.terminal.key(session),
          UpdateExpression: 'SET deskSessionId = :session',
          ConditionExpression: 'secretHash = :hash AND branchId = :branch',
          ExpressionAttributeValues: { ':session': session.sessionId, ':hash': granted.secretHash, ':branch': session.branchId },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new ConcurrentUpdateError() : new UnauthorizedError()),
    },
    ...(previous
      ? [{ item: { Delete: { TableName: table(), Key: entities.deskSession.key({ tenantId: session.tenantId, sessionId: previous }) } }, onFail: () => new Error('unconditional') }]
      : []),
    {
      item: {
        ConditionCheck: {
          TableName: table(),
          Key: entities.tenantPolicy.key(session),
          ConditionExpression: 'pinsEnabled = :off AND deskAccessLevelId = :desk',
          ExpressionAttributeValues: { ':off': false, ':desk': granted.deskAccessLevelId },
        },
      },
      onFail: () => new ConcurrentUpdateError(),
    },
    ...also,
  ]);
}

export interface DeskSessionRead {
  session: DeskSessionItem | undefined;
  terminal: TerminalItem | undefined;
  policy: TenantPolicyItem | undefined;
}

/** A desk session with its terminal and the salon's POLICY item (PIN switch, desk level, level versions), in one request. */
export async function readDeskSession(tenantId: string, sessionId: string, terminalId: string): Promise<DeskSessionRead> {
  const keys = {
    session: entities.deskSession.key({ tenantId, sessionId }),
    terminal: entities.terminal.key({ tenantId, terminalId }),
    policy: entities.tenantPolicy.key({ tenantId }),
  };
  const items = await batchGetAll(Object.values(keys), true);
  return { session: pick(items, keys.session), terminal: pick(items, keys.terminal), policy: pick(items, keys.policy) };
}
