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

/** Who recorded an event: StaffGate itself, or a host app through `POST /v1/audit`. */
export type AuditSource = 'staffgate' | 'host';

export interface AuditEventAttributes {
  eventId: string;
  tenantId: string;
  at: string;
  /** Absent on events stored before it existed (see `sourceOf` in shared/domain/audit/audit.ts). */
  source?: AuditSource;
  action: string;
  actor: AuditActor;
  /** The acting staff member, for the `staffId` filter. */
  actorStaffId?: string;
  target?: { type: string; id: string };
  /** The terminal the event happened at (events of a terminal session or of a terminal). */
  terminalId?: string;
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
  /**
   * Events of one source. Events stored before `source` existed have none:
   * they count as StaffGate's when their action starts with one of
   * `legacyStaffgatePrefixes`, else as the host's.
   */
  source?: { source: AuditSource; legacyStaffgatePrefixes: readonly string[] } | undefined;
  /** Events about targets of this type; with `targetId`, about that one target. */
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
}

/** The filter expression (and its names and values) of a query's optional filters; all of them must hold. */
function auditFilters(query: AuditQuery) {
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
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
  if (query.source) {
    const { source, legacyStaffgatePrefixes } = query.source;
    names['#source'] = 'source';
    names['#action'] = 'action';
    values[':source'] = source;
    const prefixes = legacyStaffgatePrefixes.map((prefix, i) => {
      values[`:prefix${i}`] = prefix;
      return `begins_with(#action, :prefix${i})`;
    });
    // Without prefixes every legacy event is StaffGate's (the attribute test is then simply true for them).
    const ours = prefixes.length ? `(${prefixes.join(' OR ')})` : 'attribute_not_exists(#source)';
    filters.push(`(#source = :source OR (attribute_not_exists(#source) AND ${source === 'staffgate' ? ours : `NOT ${ours}`}))`);
  }
  if (query.targetType) {
    filters.push('#target.#type = :targetType');
    names['#target'] = 'target';
    names['#type'] = 'type';
    values[':targetType'] = query.targetType;
    if (query.targetId) {
      filters.push('#target.id = :targetId');
      values[':targetId'] = query.targetId;
    }
  }
  return { filters, values, names };
}

async function queryShard(query: AuditQuery, shard: number): Promise<AuditEventAttributes[]> {
  const { filters, values: filterValues, names } = auditFilters(query);
  const values: Record<string, unknown> = { ':pk': shardPk(query.tenantId, shard), ':from': query.from, ':before': query.before, ...filterValues };
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
