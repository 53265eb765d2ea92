import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { batchGetAll, pick } from '../batch-get.js';
import { entities, type StaffStatus, type TagAttributes, type TagItem, tagKey } from '../entities.js';
import { countAll, queryAll } from '../query-all.js';
import { ConcurrentUpdateError, type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

export class TagTakenError extends ConflictError {
  constructor() {
    super('name_taken', 'The salon already has a tag of that name (tags are the same whatever their case).');
  }
}

export async function listTagItems(tenantId: string): Promise<TagItem[]> {
  const { pk, sk: prefix } = entities.tag.key({ tenantId, name: '' });
  return queryAll<TagItem>(pk, prefix);
}

/** The listed tags among `names` (consistent reads), by their keys. */
export async function getTagItems(tenantId: string, names: readonly string[]): Promise<Map<string, TagItem>> {
  const keys = [...new Map(names.map((name) => [tagKey(name), entities.tag.key({ tenantId, name })])).values()];
  const found = keys.length > 0 ? await batchGetAll(keys, true) : [];
  const byKey = new Map<string, TagItem>();
  for (const key of keys) {
    const item = pick<TagItem>(found, key);
    if (item) byKey.set(tagKey(item.name), item);
  }
  return byKey;
}

/**
 * The tag a staff write gives a member is on the list, spelt as the member
 * carries it: made if missing (so two members given the same new tag at once
 * both succeed), refused only when the list spells it otherwise (a change of
 * case raced this write: 409, and a retry takes the list's spelling).
 */
export function tagInUseStep(tenantId: string, name: string, now: string): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.tag.key({ tenantId, name }),
        UpdateExpression: 'SET #name = :name, tenantId = :tenant, entity = :entity, createdAt = if_not_exists(createdAt, :now), updatedAt = if_not_exists(updatedAt, :now)',
        ConditionExpression: 'attribute_not_exists(pk) OR #name = :name',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':name': name, ':tenant': tenantId, ':entity': entities.tag.name, ':now': now },
      },
    },
    onFail: () => new ConcurrentUpdateError(),
  };
}

export async function createTag(tag: TagAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.tag.item(tag, tag), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new TagTakenError(),
    },
    ...also,
  ]);
}

/**
 * The tag a rename makes, under its new key. The same rename, retried after
 * it failed half-way, finds it already made by itself (`renamedFrom`) and
 * goes on; any other tag of that name makes the rename 409.
 */
export async function putRenamedTag(tag: TagAttributes & { renamedFrom: string }): Promise<void> {
  await transactWrite([
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.tag.item(tag, tag),
          ConditionExpression: 'attribute_not_exists(pk) OR renamedFrom = :from',
          ExpressionAttributeValues: { ':from': tag.renamedFrom },
        },
      },
      onFail: () => new TagTakenError(),
    },
  ]);
}

/** A new spelling under the same key (only its case changed). */
export async function respellTag(tenantId: string, name: string, updatedAt: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.tag.key({ tenantId, name }),
          UpdateExpression: 'SET #name = :name, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': name, ':now': updatedAt },
        },
      },
      onFail: () => new NotFoundError(),
    },
    ...also,
  ]);
}

/** Takes a tag off the list; NotFoundError when it is no longer there (another call finished first). */
export async function deleteTagItem(tenantId: string, name: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Delete: { TableName: table(), Key: entities.tag.key({ tenantId, name }), ConditionExpression: 'attribute_exists(pk)' } },
      onFail: () => new NotFoundError(),
    },
    ...also,
  ]);
}

/**
 * How many members (archived ones aside) carry each tag, by tag key, with the
 * spellings found: one Query of the salon's staff reading only their tags, a
 * page (1 MB) at a time, so only the counts are kept, whatever the salon's size.
 */
export async function countTagsOnStaff(tenantId: string): Promise<Map<string, { name: string; members: number }>> {
  const { pk, sk: prefix } = entities.staff.key({ tenantId, staffId: '' });
  const counts = new Map<string, { name: string; members: number }>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status <> :archived AND size(tags) > :none',
        ProjectionExpression: 'tags',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ':archived': 'archived' satisfies StaffStatus, ':none': 0 },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as { tags?: string[] }[]) {
      const carried = new Map((item.tags ?? []).map((name) => [tagKey(name), name]));
      for (const [key, name] of carried) {
        const entry = counts.get(key) ?? { name, members: 0 };
        entry.members += 1;
        counts.set(key, entry);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}

/** How many members (archived ones aside) carry exactly this spelling. */
export async function countMembersWithTag(tenantId: string, name: string): Promise<number> {
  const { pk, sk: prefix } = entities.staff.key({ tenantId, staffId: '' });
  return countAll(pk, prefix, {
    expression: '#status <> :archived AND contains(tags, :tag)',
    values: { ':archived': 'archived' satisfies StaffStatus, ':tag': name },
    names: { '#status': 'status' },
  });
}
