import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import type { TransactItem } from '../transaction.js';

/**
 * Audit events of a tenant are spread over AUDIT_SHARDS partitions
 * (`TENANT#<t>#AUDIT#<n>`), chosen at random per event, so a busy salon's
 * writes never pile onto one partition. Sort keys are `<ISO time>#<event id>`:
 * a time range is a key condition, and newest-first is a merge of the shards.
 */
export const AUDIT_SHARDS = 8;

export interface AuditActor {
  /** `system`: StaffGate itself, e.g. the message sender recording a delivery that finally failed. */
  type: 'staff' | 'account' | 'terminal' | 'operator' | 'system';
  id: string;
  staffId?: string;
}

export interface AuditEventAttributes {
  eventId: string;
  tenantId: string;
  at: string;
  action: string;
  actor: AuditActor;
  /** The acting staff member, for the `staffId` filter. */
  actorStaffId?: string;
  target?: { type: string; id: string };
  requestId?: string;
  sourceIp?: string;
  changes?: Record<string, { before: unknown; after: unknown }>;
  details?: Record<string, unknown>;
  ttl: number;
}

const shardPk = (tenantId: string, shard: number) => `TENANT#${tenantId}#AUDIT#${shard}`;

/** The Put of an audit event on a random shard, to send alone or inside the transaction of the change it records. */
export function auditPut(event: AuditEventAttributes): NonNullable<TransactItem['Put']> {
  const shard = Math.floor(Math.random() * AUDIT_SHARDS);
  return {
    TableName: config().tableName,
    Item: { pk: shardPk(event.tenantId, shard), sk: `${event.at}#${event.eventId}`, entity: 'auditEvent', ...event },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

export async function putAuditEvent(event: AuditEventAttributes): Promise<void> {
  await ddb.send(new PutCommand(auditPut(event)));
}

export interface AuditQuery {
  tenantId: string;
  from: string;
  /** Exclusive upper bound of the sort key: a time, or the cursor of a previous page. */
  before: string;
  staffId?: string | undefined;
  action?: string | undefined;
  limit: number;
}

async function queryShard(query: AuditQuery, shard: number): Promise<AuditEventAttributes[]> {
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': shardPk(query.tenantId, shard), ':from': query.from, ':before': query.before };
  const names: Record<string, string> = {};
  if (query.staffId) {
    filters.push('actorStaffId = :staff');
    values[':staff'] = query.staffId;
  }
  if (query.action) {
    filters.push('#action = :action');
    values[':action'] = query.action;
    names['#action'] = 'action';
  }
  const found: AuditEventAttributes[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :before',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...((page.Items ?? []) as (AuditEventAttributes & { sk: string })[]).filter((item) => item.sk < query.before));
    startKey = page.LastEvaluatedKey;
  } while (startKey && found.length <= query.limit);
  return found;
}

/** Newest first across all shards; returns one more than `limit` when there is a next page. */
export async function queryAuditEvents(query: AuditQuery): Promise<(AuditEventAttributes & { sk: string })[]> {
  const shards = await Promise.all(Array.from({ length: AUDIT_SHARDS }, (_, shard) => queryShard(query, shard)));
  return (shards.flat() as (AuditEventAttributes & { sk: string })[])
    .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0))
    .slice(0, query.limit + 1);
}
