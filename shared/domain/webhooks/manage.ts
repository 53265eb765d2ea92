import { randomBytes } from 'node:crypto';
import { secretBox } from '../../clients/secret-box.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { newId } from '../../crypto/tokens.js';
import type { WebhookAttributes, WebhookDeliveryItem, WebhookItem } from '../../data/entities.js';
import {
  createWebhook as putWebhook,
  deleteWebhook as removeWebhook,
  getWebhook,
  isCursorOf,
  listDeliveries,
  listWebhooks,
  replaceWebhook,
} from '../../data/repositories/webhooks.js';
import { transactWrite } from '../../data/transaction.js';
import { NotFoundError, ValidationError, VersionConflictError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { type AuditContext, type AuditInput, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { parseWebhookUrl, resolvePublicAddress, WebhookUrlError } from './url-guard.js';

/** After a rotation the previous secret keeps signing beside the new one this long, so receivers can switch without a gap. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export const webhookSecretContext = (webhookId: string) => `webhook:${webhookId}`;

/** A Standard Webhooks secret: `whsec_` and 24 random bytes, base64. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function webhookView(webhook: WebhookAttributes | WebhookItem) {
  return {
    id: webhook.webhookId,
    url: webhook.url,
    types: webhook.types,
    status: webhook.status,
    version: webhook.version,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
    disabledAt: webhook.disabledAt ?? null,
    previousSecretExpiresAt: webhook.previousSecretExpiresAt ?? null,
  };
}

export function deliveryView(delivery: WebhookDeliveryItem) {
  return {
    id: delivery.deliveryId,
    eventId: delivery.eventId,
    type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    lastAttemptAt: delivery.lastAttemptAt ?? null,
    nextAttemptAt: delivery.nextAttemptAt ?? null,
    responseStatus: delivery.responseStatus ?? null,
    error: delivery.error ?? null,
  };
}

/** The URL refused with the reason, as a field error; an address the name resolves to is checked now as at every delivery. */
async function checkedUrl(raw: string): Promise<string> {
  const allowLoopback = config().webhooksAllowLoopback;
  try {
    const url = parseWebhookUrl(raw, allowLoopback);
    // A name that does not resolve (yet) is accepted: its deliveries fail and say so. One that resolves to a private address is not.
    await resolvePublicAddress(url, allowLoopback).catch((error: unknown) => {
      if (!(error instanceof WebhookUrlError) || error.reason !== 'unresolvable') throw error;
    });
    return url.href;
  } catch (error) {
    if (error instanceof WebhookUrlError) throw new ValidationError([{ path: 'url', message: error.message }]);
    throw error;
  }
}

/** Only the origin goes to the audit trail: a path or query may carry the receiver's own token. */
const origin = (url: string) => new URL(url).origin;

function event(actor: Actor, action: string, webhookId: string, context: AuditContext, details?: Record<string, unknown>): AuditInput {
  return { tenantId: actor.tenantId, actor: staffActor(actor), action, target: { type: 'webhook', id: webhookId }, ...(details ? { details } : {}), context };
}

/** Registers an endpoint; its signing secret is in this answer only. */
export async function createWebhook(actor: Actor, input: { url: string; types: string[] }, context: AuditContext) {
  const url = await checkedUrl(input.url);
  const secret = newSecret();
  const now = clock.now().toISOString();
  const webhookId = newId('whk');
  const webhook: WebhookAttributes = {
    tenantId: actor.tenantId,
    webhookId,
    url,
    types: [...new Set(input.types)].sort(),
    status: 'active',
    secret: await secretBox().seal(secret, webhookSecretContext(webhookId)),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await putWebhook(webhook, await effectSteps({ audit: [event(actor, 'webhook.created', webhookId, context, { origin: origin(url), types: webhook.types })] }));
  return { ...webhookView(webhook), secret };
}

export async function listWebhookViews(tenantId: string) {
  return (await listWebhooks(tenantId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(webhookView);
}

async function existing(tenantId: string, webhookId: string, ifMatch?: number): Promise<WebhookItem> {
  const webhook = await getWebhook(tenantId, webhookId);
  if (!webhook) throw new NotFoundError();
  if (ifMatch !== undefined && ifMatch !== webhook.version) throw new VersionConflictError();
  return webhook;
}

export async function getWebhookView(tenantId: string, webhookId: string) {
  return webhookView(await existing(tenantId, webhookId));
}

/** Changes the URL or the types, or turns a disabled webhook back on (`status: "active"`). */
export async function updateWebhook(
  actor: Actor,
  webhookId: string,
  patch: { url?: string | undefined; types?: string[] | undefined; status?: 'active' | undefined },
  ifMatch: number | undefined,
  context: AuditContext,
) {
  const webhook = await existing(actor.tenantId, webhookId, ifMatch);
  const now = clock.now().toISOString();
  const next: WebhookAttributes = { ...webhook, version: webhook.version + 1, updatedAt: now };
  if (patch.url !== undefined) next.url = await checkedUrl(patch.url);
  if (patch.types !== undefined) next.types = [...new Set(patch.types)].sort();
  if (patch.status === 'active' && webhook.status !== 'active') {
    next.status = 'active';
    delete next.disabledAt;
  }
  const details = { origin: origin(next.url), types: next.types, status: next.status };
  await replaceWebhook(next, webhook.version, await effectSteps({ audit: [event(actor, 'webhook.updated', webhookId, context, details)] }), ifMatch !== undefined);
  return webhookView(next);
}

export async function deleteWebhook(actor: Actor, webhookId: string, context: AuditContext) {
  await removeWebhook(actor.tenantId, webhookId, await effectSteps({ audit: [event(actor, 'webhook.deleted', webhookId, context)] }));
}

/**
 * A new secret, shown once; the previous one keeps signing beside it for
 * SECRET_OVERLAP_MS (both signatures in `webhook-signature`). A second
 * rotation within the overlap drops the oldest.
 */
export async function rotateWebhookSecret(actor: Actor, webhookId: string, context: AuditContext) {
  const webhook = await existing(actor.tenantId, webhookId);
  const secret = newSecret();
  const nowMs = clock.nowMs();
  const expiresAt = new Date(nowMs + SECRET_OVERLAP_MS).toISOString();
  const next: WebhookAttributes = {
    ...webhook,
    secret: await secretBox().seal(secret, webhookSecretContext(webhookId)),
    // Sealed under the same context: it moves over as it is.
    previousSecret: webhook.secret,
    previousSecretExpiresAt: expiresAt,
    version: webhook.version + 1,
    updatedAt: new Date(nowMs).toISOString(),
  };
  await replaceWebhook(next, webhook.version, await effectSteps({ audit: [event(actor, 'webhook.secret_rotated', webhookId, context)] }), false);
  return { id: webhookId, secret, previousSecretExpiresAt: expiresAt };
}

/**
 * Sends a `webhook.test` event to this webhook alone. It travels the way
 * every event does (committed, then from the table's stream to a
 * delivery), so a passing test proves the whole path.
 */
export async function testWebhook(actor: Actor, webhookId: string, context: AuditContext) {
  const webhook = await existing(actor.tenantId, webhookId);
  const steps = await effectSteps({ audit: [event(actor, 'webhook.tested', webhookId, context)] });
  const put = steps[0]?.item.Put;
  await transactWrite([
    ...steps,
    {
      item: {
        ConditionCheck: {
          TableName: config().tableName,
          Key: { pk: webhook.pk, sk: webhook.sk },
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onFail: () => new NotFoundError(),
    },
  ]);
  return { eventId: (put?.Item as { eventId?: string } | undefined)?.eventId ?? '' };
}

export async function listWebhookDeliveries(tenantId: string, webhookId: string, limit: number, cursor: string | undefined) {
  await existing(tenantId, webhookId);
  if (cursor && !isCursorOf(webhookId, cursor)) throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
  const page = await listDeliveries(tenantId, webhookId, limit, cursor);
  return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
}
