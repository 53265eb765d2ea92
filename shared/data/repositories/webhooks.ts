import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import { isConditionalCheckFailed } from '../conditions.js';
import {
  entities,
  type WebhookAttributes,
  type WebhookDeliveryAttributes,
  type WebhookDeliveryItem,
  type WebhookItem,
} from '../entities.js';
import { queryAll } from '../query-all.js';
import { ConcurrentUpdateError, type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

/** A salon's endpoints: each event is signed and sent once per endpoint, so the count bounds the work one change makes. */
export const MAX_WEBHOOKS_PER_TENANT = 10;

export class TooManyWebhooksError extends ConflictError {
  constructor() {
    super('too_many_webhooks', `A salon has at most ${MAX_WEBHOOKS_PER_TENANT} webhooks; delete one first.`);
  }
}

const policyKey = (tenantId: string) => entities.tenantPolicy.key({ tenantId });

/** The webhook, its audit event, and the salon's webhook count moved under its limit: two requests at the limit cannot both pass. */
export async function createWebhook(webhook: WebhookAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.webhook.item(webhook, webhook), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('webhook id collision'),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: policyKey(webhook.tenantId),
          UpdateExpression: 'ADD #webhooks :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#webhooks) OR #webhooks < :max)',
          ExpressionAttributeNames: { '#webhooks': 'webhooks' },
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_WEBHOOKS_PER_TENANT },
        },
      },
      onFail: () => new TooManyWebhooksError(),
    },
    ...also,
  ]);
}

export async function getWebhook(tenantId: string, webhookId: string): Promise<WebhookItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.webhook.key({ tenantId, webhookId }) }));
  return Item as WebhookItem | undefined;
}

export async function listWebhooks(tenantId: string): Promise<WebhookItem[]> {
  return queryAll<WebhookItem>(entities.tenant.key({ tenantId }).pk, 'WEBHOOK#');
}

/** Deletes the webhook (its pending deliveries then find it gone and stop) and frees its place under the limit. */
export async function deleteWebhook(tenantId: string, webhookId: string, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Delete: { TableName: table(), Key: entities.webhook.key({ tenantId, webhookId }), ConditionExpression: 'attribute_exists(pk)' } },
      onFail: () => new NotFoundError(),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: policyKey(tenantId),
          UpdateExpression: 'ADD #webhooks :minusOne',
          ConditionExpression: '#webhooks > :zero',
          ExpressionAttributeNames: { '#webhooks': 'webhooks' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        },
      },
      onFail: () => new Error('webhook count out of step'),
    },
    ...also,
  ]);
}

/**
 * Replaces the webhook with `next` if it is still at `expectedVersion`: a
 * moved-on webhook is 412 when the caller named the version (If-Match), else
 * 409 concurrent_update (someone changed it between this request's read and write).
 */
export async function replaceWebhook(next: WebhookAttributes, expectedVersion: number, also: Step[], versionNamed: boolean): Promise<void> {
  await transactWrite([
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.webhook.item(next, next),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      onFail: () => (versionNamed ? new VersionConflictError() : new ConcurrentUpdateError()),
    },
    ...also,
  ]);
}

export function deliveryKey(delivery: Pick<WebhookDeliveryAttributes, 'tenantId' | 'webhookId' | 'deliveryId' | 'occurredAt'>) {
  return entities.webhookDelivery.key(delivery);
}

/** Writes a new delivery; false when it exists already (the stream handed the same event over again). */
export async function putDeliveryOnce(delivery: WebhookDeliveryAttributes): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: table(),
        Item: entities.webhookDelivery.item(delivery, delivery),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export async function getDelivery(key: { pk: string; sk: string }): Promise<WebhookDeliveryItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: key }));
  return Item as WebhookDeliveryItem | undefined;
}

/**
 * Takes the next attempt of a pending delivery: conditioned on the attempt
 * count it read, so two copies of its queue message never both send it.
 */
export async function claimAttempt(delivery: WebhookDeliveryItem, at: string): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: delivery.pk, sk: delivery.sk },
        UpdateExpression: 'SET attempts = :next, lastAttemptAt = :at',
        ConditionExpression: '#status = :pending AND attempts = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':next': delivery.attempts + 1, ':at': at, ':pending': 'pending', ':seen': delivery.attempts },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

export interface AttemptOutcome {
  status: WebhookDeliveryAttributes['status'];
  responseStatus?: number | undefined;
  error?: string | undefined;
  nextAttemptAt?: string | undefined;
}

/** The update recording an attempt's outcome, alone or inside the transaction that also disables the webhook. */
export function outcomeUpdate(delivery: { pk: string; sk: string }, outcome: AttemptOutcome): Step {
  const set = ['#status = :status'];
  const remove: string[] = [];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': outcome.status };
  for (const field of ['responseStatus', 'error', 'nextAttemptAt'] as const) {
    names[`#${field}`] = field;
    const value = outcome[field];
    if (value === undefined) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  return {
    item: {
      Update: {
        TableName: table(),
        Key: { pk: delivery.pk, sk: delivery.sk },
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    onFail: () => new Error('unconditional'),
  };
}

export async function recordOutcome(delivery: { pk: string; sk: string }, outcome: AttemptOutcome): Promise<void> {
  await transactWrite([outcomeUpdate(delivery, outcome)]);
}

/** Disables a webhook that is still active; fails (and so does its transaction) when it is not. */
export function disableWebhookStep(tenantId: string, webhookId: string, at: string): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entities.webhook.key({ tenantId, webhookId }),
        UpdateExpression: 'SET #status = :disabled, disabledAt = :at, updatedAt = :at ADD #version :one',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':at': at, ':one': 1 },
      },
    },
    onFail: () => new ConflictError('webhook_not_active', 'The webhook is already disabled or gone.'),
  };
}

/** One page of a webhook's deliveries, newest first; the cursor is the last sort key given out. */
export async function listDeliveries(tenantId: string, webhookId: string, limit: number, cursor: string | undefined) {
  const prefix = `WEBHOOK_DELIVERY#${webhookId}#`;
  const before = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
  const page = await ddb.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: before ? 'pk = :pk AND sk BETWEEN :low AND :high' : 'pk = :pk AND begins_with(sk, :low)',
      ExpressionAttributeValues: {
        ':pk': entities.tenant.key({ tenantId }).pk,
        ':low': prefix,
        // Strictly before the cursor: its own item ends the previous page.
        ...(before ? { ':high': `${before.slice(0, -1)}${String.fromCharCode(before.charCodeAt(before.length - 1) - 1)}\uffff` } : {}),
      },
      ScanIndexForward: false,
      Limit: limit + 1,
    }),
  );
  const items = (page.Items ?? []) as WebhookDeliveryItem[];
  const shown = items.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown, nextCursor: items.length > limit && last ? Buffer.from(last.sk).toString('base64url') : null };
}

export function isCursorOf(webhookId: string, cursor: string): boolean {
  return Buffer.from(cursor, 'base64url').toString('utf8').startsWith(`WEBHOOK_DELIVERY#${webhookId}#`);
}
