import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';
import { Webhook } from 'standardwebhooks';
import type { ResolvedAddress } from './url-guard.js';

/** A receiver has this long to answer; a slow one is retried, it never holds the sender up. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of the receiver's answer only the status matters; the rest is read and dropped up to this size. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The Standard Webhooks headers for one attempt: `webhook-id` (the event's
 * id, the receiver's de-duplication key), `webhook-timestamp` (seconds) and
 * one `v1,<base64 HMAC-SHA256>` signature per live secret, space-separated,
 * so a receiver that still holds the previous secret during a rotation
 * verifies too.
 */
export function signedHeaders(secrets: readonly string[], messageId: string, at: Date, payload: string): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

export type AttemptResult = { ok: true; status: number } | { ok: false; status?: number; error: 'http_status' | 'redirect_not_followed' | 'timeout' | 'connection_failed' };

/**
 * POSTs `payload` to `url`, connecting to `address` (the one the guard
 * checked) whatever the name resolves to now. TLS still verifies the
 * certificate against the URL's host name.
 */
export function postSigned(url: URL, address: ResolvedAddress, headers: Record<string, string>, payload: string): Promise<AttemptResult> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const pinned = (_host: string, options: { all?: boolean }, done: (...args: unknown[]) => void) => {
      if (options.all) done(null, [{ address: address.address, family: address.family } satisfies LookupAddress]);
      else done(null, address.address, address.family);
    };
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'StaffGate-Webhooks/1', 'content-length': Buffer.byteLength(payload) },
        lookup: pinned as never,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const status = response.statusCode ?? 0;
        const settle = () => {
          if (status >= 200 && status < 300) resolve({ ok: true, status });
          else if (status >= 300 && status < 400) resolve({ ok: false, status, error: 'redirect_not_followed' });
          else resolve({ ok: false, status, error: 'http_status' });
        };
        response.on('end', settle);
        response.on('close', settle);
        response.on('error', settle);
      },
    );
    request.on('error', (error: Error) => {
      resolve({ ok: false, error: error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : 'connection_failed' });
    });
    request.end(payload);
  });
}
