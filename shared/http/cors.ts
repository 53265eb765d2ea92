import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/**
 * Cross-origin calls from the host app. The web components (components/) run
 * on the host app's pages, at the deployment's `appBaseUrl`, and call the API
 * on its own origin: browsers let them read an answer only when it names
 * their origin. Exactly one origin is allowed, the host app's, configured per
 * deployment like the links in messages; any other origin gets no CORS
 * header, so a browser on it can read nothing. Tokens travel in the
 * Authorization header, never in cookies: no credentials are allowed.
 *
 * One definition: the functions add these headers to every answer and the
 * platform function answers preflights (API Gateway sends OPTIONS to the
 * ANY fallback of every route's resource, the local server likewise); the
 * gateway's own answers carry the origin as a fixed header (infra/constructs/api.ts).
 */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Tenant-Id'] as const;
/** What a host reads from answers besides the CORS-safelisted headers: versions, waits, replays, created items. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Retry-After', 'Idempotent-Replayed', 'Location'] as const;
/** Browsers cache a preflight this long (Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_SECONDS = 600;

/** The host app's origin: `https://app.example.com` of `https://app.example.com/staff/`. */
export function hostOrigin(appBaseUrl: string): string {
  return new URL(appBaseUrl).origin;
}

function originOf(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  return Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
}

/** The headers an answer carries for `requestOrigin`: the CORS grant for the host app only, and `Vary: Origin` always (caches must tell them apart). */
export function corsHeaders(requestOrigin: string | undefined, appBaseUrl: string): Record<string, string> {
  if (requestOrigin === undefined || requestOrigin !== hostOrigin(appBaseUrl)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': requestOrigin, 'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(', '), Vary: 'Origin' };
}

/**
 * The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`)
 * from the host app for a method the resource has; undefined for anything
 * else, which then answers as any unsupported method does (405).
 */
export function preflightAnswer(
  headers: Record<string, string | undefined> | null | undefined,
  allowedMethods: readonly string[],
  appBaseUrl: string,
): APIGatewayProxyResult | undefined {
  const origin = originOf(headers);
  const requested = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'access-control-request-method')?.[1];
  if (origin === undefined || origin !== hostOrigin(appBaseUrl) || !requested || !allowedMethods.includes(requested.toUpperCase())) return undefined;
  return {
    statusCode: 204,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': allowedMethods.join(', '),
      'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(', '),
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
      Vary: 'Origin',
    },
    body: '',
  };
}

/** Adds the CORS headers to every answer of a function, problems included (a host must read why it was refused). */
export function corsResponses(appBaseUrl: () => string): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const apply: middy.MiddlewareFn<APIGatewayProxyEvent, APIGatewayProxyResult> = (request) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...corsHeaders(originOf(request.event.headers), appBaseUrl()) };
  };
  return { after: function corsAfter(request) { apply(request); }, onError: function corsOnError(request) { apply(request); } };
}

/** The fixed header of the gateway's own answers (401, 429, 413…), which run no function: the host app may read them too. */
export function edgeCorsHeaders(appBaseUrl: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': hostOrigin(appBaseUrl), 'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(', ') };
}
