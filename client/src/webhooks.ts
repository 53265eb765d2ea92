import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { StaffGateEvent } from './events.js';

export { WebhookVerificationError };

/** A `Headers` object, or a plain object of them such as Node's `request.headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookVerifier {
  /**
   * The event a delivery carries, once its signature (`webhook-signature`
   * over `webhook-id`, `webhook-timestamp` and the body) matches and its
   * timestamp is within five minutes of now; else throws
   * WebhookVerificationError. Pass the body exactly as received: parsed and
   * serialised again, it would no longer match its signature.
   */
  verify(body: string | Uint8Array, headers: WebhookHeaders): StaffGateEvent;
}

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function isEvent(value: unknown): value is StaffGateEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { id, type, tenantId, occurredAt, data } = value as Record<string, unknown>;
  return [id, type, tenantId, occurredAt].every((field) => typeof field === 'string') && typeof data === 'object' && data !== null;
}

/** `secret`: the webhook's signing secret (`whsec_…`), shown when the webhook was created. */
export function createWebhookVerifier(secret: string): WebhookVerifier {
  const webhook = new Webhook(secret);
  return {
    verify(body, headers) {
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      const event = webhook.verify(text, plainHeaders(headers));
      if (!isEvent(event)) throw new WebhookVerificationError('Signed, but not a StaffGate event');
      return event;
    },
  };
}
