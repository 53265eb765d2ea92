import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import { queryAll } from '../query-all.js';
import { mergeUpdates, type Step, type TransactItem, transactWrite } from '../transaction.js';

type Update = NonNullable<TransactItem['Update']>;
import { adminCountStep } from './holdings.js';
import { type AccessLevelAttributes, type AccessLevelItem, entities } from '../entities.js';

const table = () => config().tableName;

export class NameTakenError extends ConflictError {
  constructor() {
    super('name_taken', 'Another access level of this salon has that name.');
  }
}

export class DeskLevelInUseError extends ConflictError {
  constructor() {
    super('in_use', "The salon's terminals act with this access level when nobody is signed in (settings.deskAccessLevelId); choose another first.");
  }
}

export class InUseError extends ConflictError {
  constructor(holders: number) {
    super('in_use', `${holders} staff member(s) hold this access level; give them another one first.`);
  }
}

export async function getAccessLevel(tenantId: string, accessLevelId: string): Promise<AccessLevelItem | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.accessLevel.key({ tenantId, accessLevelId }), ConsistentRead: true }),
  );
  return Item as AccessLevelItem | undefined;
}

export function listAccessLevels(tenantId: string): Promise<AccessLevelItem[]> {
  return queryAll<AccessLevelItem>(entities.tenant.key({ tenantId }).pk, 'ACCESS_LEVEL#');
}

const policyVersion = (tenantId: string, accessLevelId: string, version: number): TransactItem => ({
  Update: {
    TableName: table(),
    Key: entities.tenantPolicy.key({ tenantId }),
    UpdateExpression: 'SET levels.#level = :version',
    ExpressionAttributeNames: { '#level': accessLevelId },
    ExpressionAttributeValues: { ':version': version },
  },
});

const putName = (tenantId: string, name: string, accessLevelId: string): TransactItem => ({
  Put: {
    TableName: table(),
    Item: entities.accessLevelName.item({ tenantId, name }, { accessLevelId }),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const deleteName = (tenantId: string, name: string, accessLevelId: string): TransactItem => ({
  Delete: {
    TableName: table(),
    Key: entities.accessLevelName.key({ tenantId, name }),
    ConditionExpression: 'accessLevelId = :id',
    ExpressionAttributeValues: { ':id': accessLevelId },
  },
});

/** A new level, its unique name and its version in the tenant policy, together. */
export async function createAccessLevel(level: AccessLevelAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.accessLevel.item(level, level), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('access level id collision'),
    },
    { item: putName(level.tenantId, level.name, level.accessLevelId), onFail: () => new NameTakenError() },
    { item: policyVersion(level.tenantId, level.accessLevelId, level.version), onFail: () => new Error('unreachable') },
    ...also,
  ]);
}

/**
 * Replaces a level's name, grants and remote access if it is still at
 * `expectedVersion`; renames move the unique name item in the same
 * transaction, and the policy learns the new version at once.
 */
export async function replaceAccessLevel(previous: AccessLevelItem, next: AccessLevelAttributes, expectedVersion: number, also: Step[]): Promise<void> {
  const renamed = previous.name.trim().toLowerCase() !== next.name.trim().toLowerCase();
  // A level that stops (or starts) being an admin level takes its active holders out of (into) the
  // salon's admin count: the count it moved by must still be the level's, so a concurrent assignment fails one of the two.
  const adminFlips = previous.admin !== next.admin && previous.activeHolders > 0;
  const items: Step[] = [
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.accessLevel.key(previous),
          UpdateExpression:
            'SET #name = :name, grants = :grants, compiled = :compiled, remoteAccess = :remote, webOnlySections = :webOnly, admin = :admin, version = :next, updatedAt = :now',
          ConditionExpression: adminFlips ? 'version = :expected AND activeHolders = :activeHolders' : 'version = :expected',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': next.name,
            ':grants': next.grants,
            ':compiled': next.compiled,
            ':remote': next.remoteAccess,
            ':webOnly': next.webOnlySections ?? [],
            ':admin': next.admin,
            ':next': next.version,
            ':now': next.updatedAt,
            ':expected': expectedVersion,
            ...(adminFlips ? { ':activeHolders': previous.activeHolders } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old ? new VersionConflictError() : new NotFoundError()),
    },
  ];
  const version = policyVersion(previous.tenantId, previous.accessLevelId, next.version);
  if (adminFlips) {
    // The policy item carries both the version and the admin count, and a transaction writes an item once.
    const count = adminCountStep(previous.tenantId, next.admin ? previous.activeHolders : -previous.activeHolders);
    items.push({ item: { Update: mergeUpdates(version.Update as Update, count.item.Update as Update) }, onFail: count.onFail });
  } else {
    items.push({ item: version, onFail: () => new Error('unreachable') });
  }
  if (renamed) {
    items.push(
      { item: deleteName(previous.tenantId, previous.name, previous.accessLevelId), onFail: () => new VersionConflictError() },
      { item: putName(previous.tenantId, next.name, previous.accessLevelId), onFail: () => new NameTakenError() },
    );
  }
  await transactWrite([...items, ...also]);
}

/** Deletes a level nobody holds, at `expectedVersion`; its name is freed and the policy forgets it. */
export async function deleteAccessLevel(level: AccessLevelItem, expectedVersion: number, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: {
        Delete: {
          TableName: table(),
          Key: entities.accessLevel.key(level),
          ConditionExpression: 'version = :expected AND holders = :zero',
          ExpressionAttributeValues: { ':expected': expectedVersion, ':zero': 0 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => {
        if (!old) return new NotFoundError();
        if (old.version !== expectedVersion) return new VersionConflictError();
        return new InUseError(Number(old.holders));
      },
    },
    { item: deleteName(level.tenantId, level.name, level.accessLevelId), onFail: () => new VersionConflictError() },
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.tenantPolicy.key(level),
          UpdateExpression: 'REMOVE levels.#level',
          // The salon's terminals act with the desk level while PINs are off (settings.deskAccessLevelId).
          ConditionExpression: 'attribute_not_exists(deskAccessLevelId) OR deskAccessLevelId <> :level',
          ExpressionAttributeNames: { '#level': level.accessLevelId },
          ExpressionAttributeValues: { ':level': level.accessLevelId },
        },
      },
      onFail: () => new DeskLevelInUseError(),
    },
    ...also,
  ]);
}
