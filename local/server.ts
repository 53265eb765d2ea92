import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { constantTimeEqual } from '#shared/crypto/tokens.js';
import { GATEWAY_RESPONSES, type GatewayResponseType, renderProblem } from '#shared/http/gateway-responses.js';
import { PROBLEM_CONTENT_TYPE, type ProblemBody } from '#shared/http/problem.js';
import { Problem } from '#shared/http/problem-schema.js';
import { HealthUnavailable } from '#shared/http/response-schemas.js';
import { type ApiFunctionName, matchRoute, NOT_FOUND_PATH, type Route } from '#shared/http/routes.js';
import { SECURITY_HEADERS } from '#shared/http/middleware/security-headers.js';
import { edgeCorsHeaders } from '#shared/http/cors.js';
import { logger } from '#shared/logger.js';
import { authorizerEvent, type IncomingRequest, lambdaContext, type ProxyHandler, proxyEvent } from './api-gateway.js';
import { apiFunctions } from './api-functions.js';
import { componentsBundle } from '../components/scripts/bundle.js';
import { DEMO_HOST_CSS, DEMO_HOST_HEADERS, DEMO_HOST_HTML, demoHostScript } from './demo-host.js';
import type { OutboxReader } from './outbox.js';

/** API Gateway's own limit on a request body. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

type AuthorizerHandler = (typeof import('#functions/authorizer/handler.js'))['handler'];

export interface LocalServerOptions {
  operatorToken: string;
  outbox: OutboxReader;
  /** The local event log (the region's bus stands in here), caught up with the table's stream. */
  events: { list(tenantId: string | undefined): Promise<unknown[]> };
  /**
   * Tests only: take the client address from X-Forwarded-For, so each test
   * file is its own client for per-address throttling. API Gateway never does.
   */
  trustForwardedFor?: boolean;
}

class BodyTooLarge extends Error {}

/** The components' bundle (components/), built once per process from the sources: the demo host page never loads a stale copy. */
let componentsScript: Promise<string> | undefined;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 0 ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number | boolean>, body: string) {
  const offDocument = status >= 400 && status !== 500 ? problemOffDocument(headers, body) : undefined;
  if (offDocument) {
    // Like an off-schema success answer (shared/http/api-handler.ts): a bug, so the tests see a 500.
    logger.error('Problem answer off the OpenAPI document', { status, reason: offDocument });
    res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
    res.end(`problem answer off the document: ${offDocument}`);
    return;
  }
  res.writeHead(status, { ...SECURITY_HEADERS, ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])) });
  res.end(body);
}

/**
 * With STAFFGATE_CHECK_RESPONSES=1 (local mode and the tests), every error
 * answer must be a problem the document describes: its Problem schema (a
 * documented `code`), and `Retry-After` on 423, 429 and 503. Undefined when it is.
 */
function problemOffDocument(headers: Record<string, string | number | boolean>, body: string): string | undefined {
  if (process.env.STAFFGATE_CHECK_RESPONSES !== '1') return undefined;
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  // GET /health's 503 is its own documented body, not a problem.
  if (HealthUnavailable.safeParse(parsed).success) return undefined;
  if (contentType !== PROBLEM_CONTENT_TYPE) return `content-type ${String(contentType)}`;
  const checked = Problem.safeParse(parsed);
  if (!checked.success) return z.prettifyError(checked.error);
  const retryAfter = Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
  if ([423, 429, 503].includes(checked.data.status) && !retryAfter) return `${checked.data.status} without Retry-After`;
  return undefined;
}

function sendProblem(res: ServerResponse, problem: ProblemBody, headers: Readonly<Record<string, string>> = {}) {
  send(res, problem.status, { 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers }, JSON.stringify(problem));
}

/** What API Gateway answers itself, from the table the deployed gateway responses are built from. */
function sendGatewayProblem(res: ServerResponse, type: GatewayResponseType, options: { withHeaders?: boolean } = {}) {
  const answer: { problem: ProblemBody; headers?: Readonly<Record<string, string>> } = GATEWAY_RESPONSES[type];
  // As deployed, the gateway's own answers name the host app's origin (shared/http/cors.ts).
  const cors = process.env.APP_BASE_URL ? edgeCorsHeaders(process.env.APP_BASE_URL) : {};
  sendProblem(res, renderProblem(answer.problem, randomUUID()), options.withHeaders === false ? cors : { ...answer.headers, ...cors });
}

function bearer(headers: Record<string, string>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

/**
 * Whether a request's Host names this machine's loopback (or a name the
 * developer added in LOCAL_HOSTS). The server listens on 127.0.0.1 only, but a
 * web page can still point a name it controls at 127.0.0.1 (DNS rebinding) and
 * read the outbox's links as if they were its own origin's; such a request
 * carries that name as its Host.
 */
function loopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const extra = (process.env.LOCAL_HOSTS ?? '').split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  return ['127.0.0.1', 'localhost', '[::1]', ...extra].includes(name);
}

/**
 * The local API Gateway: matches the shared route table, applies the same
 * auth (the real authorizer for sessions; the operator token standing in for
 * IAM) and invokes the same handler exports with the same event shape.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  return createServer(localRequestListener(options));
}

/** What the local server does with each request (createLocalServer); local/stack.ts attaches it to a server it bound before the handlers loaded. */
export function localRequestListener(options: LocalServerOptions): RequestListener {
  let authorizer: AuthorizerHandler | undefined;

  async function invoke(fn: ApiFunctionName, event: Parameters<ProxyHandler>[0]) {
    const { handler } = (await apiFunctions[fn]()) as { handler: ProxyHandler };
    return handler(event, lambdaContext(`staffgate-${fn}`));
  }

  async function authorize(request: IncomingRequest, route: Route, pathParameters: Record<string, string>) {
    authorizer ??= (await import('#functions/authorizer/handler.js')).handler;
    try {
      const result = await authorizer(authorizerEvent(request, route.path, pathParameters));
      return (result.context ?? {}) as Record<string, string>;
    } catch (error) {
      if ((error as Error).message === 'Unauthorized') return undefined;
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!loopbackHost(req.headers.host)) {
      // Not a problem answer: no API route was reached, and the tests' response check must not turn it into a 500.
      res.writeHead(421, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('StaffGate in local mode answers only http://127.0.0.1:<port> and http://localhost:<port>. Add host names to LOCAL_HOSTS (comma-separated) to reach it by another name.\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])),
    ) as Record<string, string>;
    let body: string | null;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendGatewayProblem(res, 'REQUEST_TOO_LARGE');
      throw error;
    }
    const request: IncomingRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      sourceIp:
        (options.trustForwardedFor ? headers['x-forwarded-for']?.split(',')[0]?.trim() : undefined) ??
        req.socket.remoteAddress ??
        '127.0.0.1',
    };

    if (request.path === '/_local/outbox' && request.method === 'GET') {
      const outbox = await options.outbox.read(url.searchParams.get('to') ?? undefined);
      return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(outbox));
    }

    if (request.path === '/_local/events' && request.method === 'GET') {
      const items = await options.events.list(url.searchParams.get('tenantId') ?? undefined);
      return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ items }));
    }

    if (request.path === '/_local/demo/staffgate-components.js' && request.method === 'GET') {
      componentsScript ??= componentsBundle();
      return send(res, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }, await componentsScript);
    }

    if (request.method === 'GET' && (request.path === '/_local/demo' || request.path === '/_local/demo/')) {
      if (request.path === '/_local/demo') return send(res, 308, { Location: '/_local/demo/' }, '');
      return send(res, 200, DEMO_HOST_HEADERS, DEMO_HOST_HTML);
    }
    if (request.path === '/_local/demo/demo-host.js' && request.method === 'GET') {
      return send(res, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }, await demoHostScript());
    }
    if (request.path === '/_local/demo/demo-host.css' && request.method === 'GET') {
      return send(res, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' }, DEMO_HOST_CSS);
    }

    const match = matchRoute(request.method, request.path);
    if (!match || 'allowed' in match) {
      const resource = match ? match.resource : NOT_FOUND_PATH;
      const result = await invoke('platform', proxyEvent(request, resource, null, null));
      return send(res, result.statusCode, result.headers ?? {}, result.body);
    }
    const { route, pathParameters } = match;
    let authorizerContext: Record<string, string> | null = null;
    let identity: { userArn?: string } = {};
    if (route.auth === 'operator') {
      const token = bearer(headers);
      if (!token || !constantTimeEqual(token, options.operatorToken)) return sendGatewayProblem(res, 'UNAUTHORIZED', { withHeaders: false });
      identity = { userArn: 'arn:local:iam::operator' };
    } else if (route.auth === 'session') {
      let context: Record<string, string> | undefined;
      try {
        context = await authorize(request, route, pathParameters);
      } catch (error) {
        // API Gateway answers any authorizer failure with its AUTHORIZER_FAILURE response: a 503 the client may retry.
        logger.error('Authorizer failed', { error: (error as Error).name });
        return sendGatewayProblem(res, 'AUTHORIZER_FAILURE');
      }
      if (!context) return sendGatewayProblem(res, 'UNAUTHORIZED');
      authorizerContext = context;
    }
    const event = proxyEvent(request, route.path, Object.keys(pathParameters).length ? pathParameters : null, authorizerContext, identity);
    const result = await invoke(route.function, event);
    return send(res, result.statusCode, result.headers ?? {}, result.body);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('Local server failed', { error });
      if (!res.headersSent) sendGatewayProblem(res, 'DEFAULT_5XX');
      else res.end();
    });
  };
}
