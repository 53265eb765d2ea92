import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { BadRequestError, ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import { type Holding, holdingSteps } from './holdings.js';
import { membershipSnapshot, pinHolder } from '../../domain/staff/records.js';
import { type Step, transactWrite } from '../transaction.js';
import { entities, type StaffAttributes, type StaffItem, type StaffStatus } from '../entities.js';

const table = () => config().tableName;

/** Ids of admin levels (`isAdminLevel`), as the caller read the levels. */
export type AdminLevels = ReadonlySet<string>;

export class UnknownBranchError extends BadRequestError {
  constructor(detail = 'No branch with that id in this salon.') {
    super('unknown_branch', detail);
  }
}

/**
 * The step of a write that makes someone or something work in a branch: the
 * branch must exist, and its reference counter rises, so that a deletion
 * racing with the write fails instead of leaving the write pointing nowhere.
 */
export function branchReferenceStep(tenantId: string, branchId: string): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.branch.key({ tenantId, branchId }),
        UpdateExpression: 'ADD referenceChanges :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    onFail: () => new UnknownBranchError(),
  };
}

export class ExternalIdTakenError extends ConflictError {
  constructor() {
    super('external_id_taken', 'Another staff member of this salon has that external id.');
  }
}

export async function getStaff(tenantId: string, staffId: string): Promise<StaffItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.staff.key({ tenantId, staffId }), ConsistentRead: true }));
  return Item as StaffItem | undefined;
}

/**
 * Writes a staff member's new state with everything that must move with it,
 * in one transaction: the holder counts of the access levels (so a level in
 * use cannot be deleted), the unique external id, the existence of the
 * branches, and the copy on the account's membership that authorization reads.
 * `previous` is undefined for a new staff member. `adminLevels` holds the ids
 * of the admin levels among the two staff states' levels, as the caller read them. `also` commits with it
 * (the audit event, messages).
 */
export async function writeStaff(previous: StaffItem | undefined, next: StaffAttributes, adminLevels: AdminLevels, also: Step[]): Promise<void> {
  const { tenantId, staffId } = next;
  const steps: Step[] = [
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.staff.item(next, next),
          ConditionExpression: previous ? 'version = :expected' : 'attribute_not_exists(pk)',
          ...(previous ? { ExpressionAttributeValues: { ':expected': previous.version } } : {}),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (previous ? (old ? new VersionConflictError() : new NotFoundError()) : new Error('staff id collision')),
    },
  ];
  const holding = (staff: StaffAttributes | undefined): Holding | undefined =>
    staff && {
      accessLevelId: staff.accessLevelId,
      branchLevelIds: Object.values(staff.branchLevels ?? {}),
      status: staff.status,
      admin: adminLevels.has(staff.accessLevelId),
      ending: Boolean(staff.endsOn),
    };
  steps.push(...holdingSteps(tenantId, holding(previous), holding(next)));
  if (previous?.externalId !== next.externalId) {
    if (previous?.externalId) {
      steps.push({
        item: {
          Delete: {
            TableName: table(),
            Key: entities.staffExternalId.key({ tenantId, externalId: previous.externalId }),
            ConditionExpression: 'staffId = :staff',
            ExpressionAttributeValues: { ':staff': staffId },
          },
        },
        onFail: () => new VersionConflictError(),
      });
    }
    if (next.externalId) {
      steps.push({
        item: {
          Put: {
            TableName: table(),
            Item: entities.staffExternalId.item({ tenantId, externalId: next.externalId }, { staffId }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFail: () => new ExternalIdTakenError(),
      });
    }
  }
  // A staff member who loses their PIN (archived) frees it for colleagues.
  if (previous?.pin && !next.pin) {
    steps.push({
      item: {
        Delete: {
          TableName: table(),
          Key: entities.pinDigest.key({ tenantId, digest: previous.pin.digest }),
          ConditionExpression: 'attribute_not_exists(pk) OR staffId = :staff',
          ExpressionAttributeValues: { ':staff': staffId },
        },
      },
      onFail: () => new VersionConflictError(),
    });
  }
  // The PIN's digest item carries what unlock needs of its holder: it moves with the staff item.
  if (previous?.pin && next.pin?.digest === previous.pin.digest && JSON.stringify(pinHolder(previous)) !== JSON.stringify(pinHolder(next))) {
    steps.push({
      item: {
        Update: {
          TableName: table(),
          Key: entities.pinDigest.key({ tenantId, digest: next.pin.digest }),
          UpdateExpression: 'SET holder = :holder',
          ConditionExpression: 'staffId = :staff',
          ExpressionAttributeValues: { ':holder': pinHolder(next), ':staff': staffId },
        },
      },
      onFail: () => new VersionConflictError(),
    });
  }
  const named = (staff: StaffAttributes | undefined) => new Set([...(staff?.branchIds ?? []), ...Object.keys(staff?.branchLevels ?? {})]);
  const before = named(previous);
  const newBranches = [...named(next)].filter((branchId) => !before.has(branchId));
  for (const branchId of newBranches) steps.push(branchReferenceStep(tenantId, branchId));
  const accountId = previous?.accountId;
  if (accountId) {
    const key = entities.membership.key({ accountId, tenantId });
    steps.push(
      next.status === 'archived'
        ? { item: { Delete: { TableName: table(), Key: key } }, onFail: () => new VersionConflictError() }
        : {
            item: {
              Update: {
                TableName: table(),
                Key: key,
                UpdateExpression:
                  'SET #status = :status, accessLevelId = :level, overrides = :overrides, branchIds = :branches, branchLevels = :branchLevels, employeeId = :employee, sessionsNotBefore = :notBefore, startsOn = :startsOn, endsOn = :endsOn',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: (() => {
                  const snapshot = membershipSnapshot(next);
                  return {
                    ':status': snapshot.status,
                    ':level': snapshot.accessLevelId,
                    ':overrides': snapshot.overrides ?? null,
                    ':branches': snapshot.branchIds,
                    ':branchLevels': snapshot.branchLevels ?? null,
                    ':employee': snapshot.employeeId ?? null,
                    ':notBefore': snapshot.sessionsNotBefore ?? null,
                    ':startsOn': snapshot.startsOn ?? null,
                    ':endsOn': snapshot.endsOn ?? null,
                  };
                })(),
              },
            },
            onFail: () => new VersionConflictError(),
          },
    );
  }
  await transactWrite([...steps, ...also]);
}

export interface StaffFilter {
  /** Members who carry every one of these tags (exact spelling). */
  tags?: readonly string[] | undefined;
  branchId?: string | undefined;
  status?: StaffStatus | undefined;
  q?: string | undefined;
  /** Exact and case-sensitive, through the `STAFF_EXTERNAL#` uniqueness item (findStaffByExternalId). */
  externalId?: string | undefined;
}

/**
 * One page of a tenant's staff, filtered in DynamoDB (FilterExpression), read
 * until the page is full. Archived staff show only when asked for by status.
 * A salon has tens to hundreds of staff: one partition, a few reads.
 */
export async function listStaff(
  tenantId: string,
  filter: StaffFilter,
  limit: number,
  cursor: Record<string, unknown> | undefined,
): Promise<{ items: StaffItem[]; next: Record<string, unknown> | undefined }> {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'STAFF#' };
  const names: Record<string, string> = { '#status': 'status' };
  if (filter.status) {
    conditions.push('#status = :status');
    values[':status'] = filter.status;
  } else {
    conditions.push('#status <> :archived');
    values[':archived'] = 'archived';
  }
  for (const [index, tag] of (filter.tags ?? []).entries()) {
    conditions.push(`contains(tags, :tag${index})`);
    values[`:tag${index}`] = tag;
  }
  if (filter.branchId) {
    // No branches means every branch (Sitoo: "all stores if none is chosen").
    conditions.push('(contains(branchIds, :branch) OR size(branchIds) = :none)');
    values[':branch'] = filter.branchId;
    values[':none'] = 0;
  }
  if (filter.q) {
    const prefix = filter.q.trim().toLowerCase();
    const terms = [0, 1, 2].map((index) => `begins_with(#search[${index}], :q)`);
    conditions.push(`(${terms.join(' OR ')})`);
    names['#search'] = 'search';
    values[':q'] = prefix;
  }
  const items: StaffItem[] = [];
  let startKey = cursor;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as StaffItem[]) {
      if (items.length === limit) return { items, next: { pk: items[limit - 1]?.pk, sk: items[limit - 1]?.sk } };
      items.push(item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, next: undefined };
}

/**
 * The staff member with this external id, if any, among those `filter` keeps
 * (as listStaff would): the uniqueness item names them, so this is one
 * GetItem of it and one of the staff item, never a query of the salon's staff.
 */
export async function findStaffByExternalId(tenantId: string, externalId: string, filter: StaffFilter): Promise<StaffItem | undefined> {
  const { Item: unique } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.staffExternalId.key({ tenantId, externalId }), ConsistentRead: true }),
  );
  const staffId = (unique as { staffId?: string } | undefined)?.staffId;
  const staff = staffId ? await getStaff(tenantId, staffId) : undefined;
  if (!staff || staff.externalId !== externalId) return undefined;
  return matchesFilter(staff, filter) ? staff : undefined;
}

/** listStaff's FilterExpression, for one item already read. */
function matchesFilter(staff: StaffItem, filter: StaffFilter): boolean {
  if (filter.status ? staff.status !== filter.status : staff.status === 'archived') return false;
  if (filter.tags?.some((tag) => !staff.tags.includes(tag))) return false;
  if (filter.branchId && staff.branchIds.length > 0 && !staff.branchIds.includes(filter.branchId)) return false;
  if (filter.q) {
    const prefix = filter.q.trim().toLowerCase();
    if (!staff.search.slice(0, 3).some((term) => term.startsWith(prefix))) return false;
  }
  return true;
}

/**
 * Every staff member of a tenant but the archived, one DynamoDB page (at
 * most 1 MB) at a time: for a whole-salon pass (the CSV export and import),
 * which would otherwise read a 1 MB page per `listStaff` page and keep only
 * `limit` of it.
 */
export async function* staffPages(tenantId: string): AsyncGenerator<StaffItem[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status <> :archived',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'STAFF#', ':archived': 'archived' },
        ExclusiveStartKey: startKey,
      }),
    );
    yield (page.Items ?? []) as StaffItem[];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
