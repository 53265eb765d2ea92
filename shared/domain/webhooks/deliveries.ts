import { secretBox } from '../../clients/secret-box.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import type { WebhookDeliveryAttributes, WebhookDeliveryItem, WebhookItem } from '../../data/entities.js';
import {
  claimAttempt,
  deliveryKey,
  disableWebhookStep,
  getDelivery,
  getWebhook,
  listWebhooks,
  outcomeUpdate,
  putDeliveryOnce,
  recordOutcome,
} from '../../data/repositories/webhooks.js';
import { transactWrite } from '../../data/transaction.js';
import { ConflictError } from '../../errors.js';
import { logger } from '../../logger.js';
import type { ChangeEvent } from '../../events/change-events.js';
import { effectSteps } from '../effects.js';
import { type DeliveryJob, enqueueDelivery } from './queue.js';
import { postSigned, signedHeaders, type AttemptResult } from './send.js';
import { nextAttemptAt } from './retry-schedule.js';
import { parseWebhookUrl, resolvePublicAddress, WebhookUrlError } from './url-guard.js';
import { webhookSecretContext } from './manage.js';

/** Deliveries are kept (for the deliveries list) this long after their event. */
const DELIVERY_RETENTION_S = 30 * 86_400;
/**
 * Whether `webhook` wants `event`. The stream may hand over an event after a
 * webhook was created that the event predates: it is not the new webhook's.
 */
const subscribes = (webhook: WebhookItem, event: ChangeEvent) =>
  event.type === 'webhook.test'
    ? event.data.webhookId === webhook.webhookId
    : webhook.status === 'active' && webhook.types.includes(event.type) && event.occurredAt >= webhook.createdAt;

/**
 * One delivery per webhook that wants the event, each queued for its
 * first attempt. Safe to run twice for the same events (the stream hands a
 * batch over again after a failure): the delivery's key comes from the
 * event, so the second run finds it and only re-queues one that never
 * got an attempt (the first run may have stopped between the two).
 */
export async function fanOut(events: readonly ChangeEvent[]): Promise<void> {
  const byTenant = new Map<string, Promise<WebhookItem[]>>();
  for (const event of events) {
    if (!byTenant.has(event.tenantId)) byTenant.set(event.tenantId, listWebhooks(event.tenantId));
    const webhooks = (await byTenant.get(event.tenantId)) ?? [];
    for (const webhook of webhooks.filter((candidate) => subscribes(candidate, event))) {
      const delivery: WebhookDeliveryAttributes = {
        tenantId: event.tenantId,
        webhookId: webhook.webhookId,
        deliveryId: `dlv_${event.id.slice(event.id.indexOf('_') + 1)}`,
        eventId: event.id,
        eventType: event.type,
        occurredAt: event.occurredAt,
        payload: JSON.stringify(event),
        status: 'pending',
        attempts: 0,
        createdAt: clock.now().toISOString(),
        ttl: Math.ceil(clock.nowMs() / 1000) + DELIVERY_RETENTION_S,
      };
      const key = deliveryKey(delivery);
      if (!(await putDeliveryOnce(delivery))) {
        const kept = await getDelivery(key);
        if (!kept || kept.status !== 'pending' || kept.attempts > 0) continue;
      }
      await enqueueDelivery(key);
    }
  }
}

async function secretsOf(webhook: WebhookItem, nowMs: number): Promise<string[]> {
  const box = secretBox();
  const context = webhookSecretContext(webhook.webhookId);
  const secrets = [await box.open(webhook.secret, context)];
  if (webhook.previousSecret && webhook.previousSecretExpiresAt && Date.parse(webhook.previousSecretExpiresAt) > nowMs) {
    secrets.push(await box.open(webhook.previousSecret, context));
  }
  return secrets;
}

async function attempt(webhook: WebhookItem, delivery: WebhookDeliveryItem, nowMs: number): Promise<AttemptResult> {
  const allowLoopback = config().webhooksAllowLoopback;
  try {
    const headers = signedHeaders(await secretsOf(webhook, nowMs), delivery.eventId, new Date(nowMs), delivery.payload);
    const url = parseWebhookUrl(webhook.url, allowLoopback);
    const address = await resolvePublicAddress(url, allowLoopback);
    return await postSigned(url, address, headers, delivery.payload);
  } catch (error) {
    if (error instanceof WebhookUrlError) return { ok: false, error: error.reason === 'unresolvable' ? 'connection_failed' : 'address_refused' } as AttemptResult;
    throw error;
  }
}

/**
 * One attempt of a queued delivery. A message that comes before its attempt
 * is due (SQS delays at most 15 minutes) goes back to wait. A delivery still
 * failing when its 24 h are over is failed, and its webhook disabled with a
 * `webhook.disabled` event, in one transaction.
 */
export async function deliver(job: DeliveryJob): Promise<void> {
  const delivery = await getDelivery(job);
  if (!delivery || delivery.status !== 'pending') return;
  const nowMs = clock.nowMs();
  const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : nowMs;
  if (due > nowMs) {
    await enqueueDelivery(job, due - nowMs);
    return;
  }
  const webhook = await getWebhook(delivery.tenantId, delivery.webhookId);
  if (!webhook || (webhook.status !== 'active' && delivery.eventType !== 'webhook.test')) {
    await recordOutcome(delivery, { status: 'failed', error: webhook ? 'webhook_disabled' : 'webhook_deleted' });
    return;
  }
  if (!(await claimAttempt(delivery, new Date(nowMs).toISOString()))) return;
  const result = await attempt(webhook, delivery, nowMs);
  const responseStatus = 'status' in result ? result.status : undefined;
  if (result.ok) {
    await recordOutcome(delivery, { status: 'succeeded', responseStatus });
    return;
  }
  const next = nextAttemptAt(Date.parse(delivery.createdAt), delivery.attempts + 1, clock.nowMs(), config().webhookRetryScale);
  if (next !== undefined) {
    await recordOutcome(delivery, { status: 'pending', responseStatus, error: result.error, nextAttemptAt: new Date(next).toISOString() });
    await enqueueDelivery(job, next - clock.nowMs());
    return;
  }
  await failAndDisable(webhook, delivery, { responseStatus, error: result.error });
}

async function failAndDisable(webhook: WebhookItem, delivery: WebhookDeliveryItem, last: { responseStatus: number | undefined; error: string }) {
  const failed = outcomeUpdate(delivery, { status: 'failed', ...last });
  if (webhook.status !== 'active') {
    await transactWrite([failed]);
    return;
  }
  const now = clock.now().toISOString();
  const audit = await effectSteps({
    audit: [
      {
        tenantId: webhook.tenantId,
        actor: { type: 'system', id: 'webhooks' },
        action: 'webhook.disabled',
        target: { type: 'webhook', id: webhook.webhookId },
        details: { reason: 'delivery_failed_for_24h', eventId: delivery.eventId },
      },
    ],
  });
  try {
    await transactWrite([failed, disableWebhookStep(webhook.tenantId, webhook.webhookId, now), ...audit]);
    logger.warn('Webhook disabled after a delivery failed for its whole retry window', { webhookId: webhook.webhookId, eventId: delivery.eventId });
  } catch (error) {
    // Disabled (or deleted) meanwhile, by a manager or another delivery: the delivery is failed all the same.
    if (!(error instanceof ConflictError)) throw error;
    await transactWrite([failed]);
  }
}
