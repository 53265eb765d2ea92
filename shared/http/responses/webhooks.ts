import { z } from 'zod';
import { timestamp } from '../response-schemas.js';

/** webhookView (shared/domain/webhooks/manage.ts). */
export const Webhook = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    types: z.array(z.string()),
    status: z.enum(['active', 'disabled']),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    disabledAt: timestamp.nullable(),
    previousSecretExpiresAt: timestamp.nullable().describe('After a rotation: until when the previous secret still signs beside the new one.'),
  })
  .meta({ id: 'Webhook' });

export const CreatedWebhook = Webhook.extend({
  secret: z.string().describe('The signing secret (`whsec_…`, Standard Webhooks); shown once.'),
}).meta({ id: 'CreatedWebhook' });

export const RotatedWebhookSecret = z
  .strictObject({
    id: z.string(),
    secret: z.string().describe('The new signing secret; shown once.'),
    previousSecretExpiresAt: timestamp,
  })
  .meta({ id: 'RotatedWebhookSecret' });

export const WebhookTest = z.strictObject({ eventId: z.string().describe('The `webhook.test` event: find it in the deliveries.') }).meta({ id: 'WebhookTest' });

/** deliveryView (shared/domain/webhooks/manage.ts). */
export const WebhookDelivery = z
  .strictObject({
    id: z.string(),
    eventId: z.string(),
    type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    createdAt: timestamp,
    lastAttemptAt: timestamp.nullable(),
    nextAttemptAt: timestamp.nullable(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
