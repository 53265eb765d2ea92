import { z } from 'zod';
import {
  createWebhook,
  deleteWebhook,
  getWebhookView,
  listWebhookDeliveries,
  listWebhookViews,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from '#shared/domain/webhooks/manage.js';
import { MAX_WEBHOOK_URL_LENGTH } from '#shared/domain/webhooks/url-guard.js';
import { EVENT_TYPES } from '#shared/events/change-events.js';
import { pageOf } from '#shared/domain/pagination.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';
import { page } from '#shared/http/response-schemas.js';
import { CreatedWebhook, RotatedWebhookSecret, Webhook, WebhookDelivery, WebhookTest } from '#shared/http/responses/webhooks.js';

const url = z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH).describe('https only; no private, loopback or link-local address (checked again at every delivery).');
/** `webhook.test` goes only to the webhook tested, whatever it subscribes to. */
const types = z
  .array(z.enum(EVENT_TYPES.filter((type) => type !== 'webhook.test') as [string, ...string[]]))
  .min(1)
  .max(EVENT_TYPES.length);

export const handler = createApiHandler('webhooks', {
  listWebhooks: defineOperation({
    query: listQuery,
    responses: { 200: page(Webhook) },
    handle: async ({ actor, query }) => ({
      status: 200,
      body: pageOf(await listWebhookViews(requireActor(actor).tenantId), (webhook) => webhook.id, query.limit, query.cursor),
    }),
  }),
  createWebhook: defineOperation({
    body: z.strictObject({ url, types }),
    responses: { 201: CreatedWebhook },
    handle: async ({ actor, body, request }) => ({ status: 201, body: await createWebhook(requireActor(actor), body, auditContext(request)) }),
  }),
  getWebhook: defineOperation({
    responses: { 200: Webhook },
    handle: async ({ actor, params }) => ({ status: 200, body: await getWebhookView(requireActor(actor).tenantId, params.webhookId ?? '') }),
  }),
  updateWebhook: defineOperation({
    body: z
      .strictObject({ url: url.optional(), types: types.optional(), status: z.literal('active').optional().describe('Turns a disabled webhook back on.') })
      .refine((patch) => Object.keys(patch).length > 0, 'Send at least one of url, types, status.'),
    responses: { 200: Webhook },
    handle: async ({ actor, params, body, request }) => ({
      status: 200,
      body: await updateWebhook(requireActor(actor), params.webhookId ?? '', body, ifMatchVersion(request.headers), auditContext(request)),
    }),
  }),
  deleteWebhook: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await deleteWebhook(requireActor(actor), params.webhookId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  testWebhook: defineOperation({
    responses: { 202: WebhookTest },
    handle: async ({ actor, params, request }) => ({ status: 202, body: await testWebhook(requireActor(actor), params.webhookId ?? '', auditContext(request)) }),
  }),
  rotateWebhookSecret: defineOperation({
    responses: { 200: RotatedWebhookSecret },
    handle: async ({ actor, params, request }) => ({ status: 200, body: await rotateWebhookSecret(requireActor(actor), params.webhookId ?? '', auditContext(request)) }),
  }),
  listWebhookDeliveries: defineOperation({
    query: listQuery,
    responses: { 200: page(WebhookDelivery) },
    handle: async ({ actor, params, query }) => ({
      status: 200,
      body: await listWebhookDeliveries(requireActor(actor).tenantId, params.webhookId ?? '', query.limit, query.cursor),
    }),
  }),
});
