import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import type { Actor } from '../domain/access/actor.js';
import { resolveActor } from '../domain/access/actor.js';
import { authenticate } from '../domain/auth/sessions.js';
import { AppError, MethodNotAllowedError, NotFoundError, UnauthorizedError } from '../errors.js';
import { logger } from '../logger.js';
import { jsonBody, type ParsedBodyEvent } from './middleware/json-body.js';
import { problemResponses } from './middleware/problem-responses.js';
import { securityHeaders } from './middleware/security-headers.js';
import { config } from '../config.js';
import { corsResponses, preflightAnswer } from './cors.js';
import { type Principal, principalFromContext, principalFromEvent } from './principal.js';
import { bearerToken, namedTenant } from './bearer.js';
import { fromDecisionsApi, httpApiEvents } from './middleware/http-api-event.js';
import { type ApiFunctionName, DEFAULT_BODY_LIMIT, findRoute, methodsFor, type OperationOf, type Route } from './routes.js';
import { validate } from './validation.js';
import { tag as tagField } from './fields.js';
import { idempotent } from './idempotency.js';

export interface RequestInfo {
  requestId: string;
  sourceIp: string;
  /** The terminal of a terminal session, for the audit trail. */
  terminalId: string | undefined;
  userAgent: string | undefined;
  headers: Record<string, string | undefined>;
}

export interface OperationInput<Body, Query> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  request: RequestInfo;
  principal: Principal | undefined;
  /** The caller as a member of the tenant in the path, for routes that name a permission. */
  actor: Actor | undefined;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The success answers an operation gives: each status with its body's schema (`null`: no body, e.g. 204). */
export type Responses = Partial<Record<200 | 201 | 202 | 204, z.ZodType | null>>;

export interface Operation {
  run(input: OperationInput<unknown, unknown>): Promise<HttpResult>;
  bodySchema: z.ZodType;
  querySchema: z.ZodType;
  /** The OpenAPI document's success responses are generated from these, and (STAFFGATE_CHECK_RESPONSES=1) every answer is checked against them. */
  responses: Responses;
  /** A text body of this media type instead of JSON: the operation gets the text (bodySchema: a string). */
  requestType?: TextMediaType;
  /** A success answer that is text of this media type (its body a string) instead of JSON. */
  responseType?: TextMediaType;
}

/** The non-JSON media types an operation may take or answer; every other route speaks JSON only. */
export type TextMediaType = 'text/csv' | 'text/html' | 'text/css' | 'text/javascript';

/**
 * Local mode and the tests check every success answer against its
 * operation's declared schema, so the document (generated from the same
 * schemas) cannot drift from what the handlers send. A mismatch is a bug: 500.
 */
function checkResponse(route: Route, operation: Operation, result: HttpResult): void {
  if (process.env.STAFFGATE_CHECK_RESPONSES !== '1' || result.status >= 300 || Object.keys(operation.responses).length === 0) return;
  const schema = operation.responses[result.status as keyof Responses];
  if (schema === undefined) throw new Error(`${route.method} ${route.path} answered ${result.status}, which its operation does not declare`);
  if (schema === null) {
    if (result.body !== undefined) throw new Error(`${route.method} ${route.path} answered ${result.status} with a body it declares none for`);
    return;
  }
  const checked = schema.safeParse(result.body);
  if (!checked.success) throw new Error(`${route.method} ${route.path} answered ${result.status} off its schema: ${z.prettifyError(checked.error)}`);
}

/** Our ids: a three-letter kind and a lower-case ULID (`stf_01…`). Invitation tokens have their own parser. */
const PATH_ID = /^[a-z]{3}_[0-9a-z]{1,40}$/;
/** A catalog permission key in a path (`sales.refund`): looked up in the catalog, never used in a key. */
const PATH_PERMISSION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** A path parameter shaped like what it names; a tag (`…/tags/{tag}`) is a name the tag field accepts. */
function validPathParameter(name: string, value: string): boolean {
  if (name === 'permission') return PATH_PERMISSION.test(value);
  if (name === 'tag') return tagField.safeParse(value).success;
  return name === 'token' || PATH_ID.test(value);
}

/** The query as sent: a name given more than once (`?tag=a&tag=b`) has all its values, which only a schema taking an array accepts. */
function queryParameters(event: APIGatewayProxyEvent): Record<string, string | string[] | undefined> {
  const repeated = event.multiValueQueryStringParameters ?? {};
  return Object.fromEntries(
    Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [name, (repeated[name]?.length ?? 0) > 1 ? (repeated[name] as string[]) : value]),
  );
}

const emptyObject = z.strictObject({});
const emptyQuery = z.object({});

/** Declares an operation: its body and query schemas (validated at the edge) and the domain call. */
export function defineOperation<B extends z.ZodType = typeof emptyObject, Q extends z.ZodType = typeof emptyQuery>(def: {
  body?: B;
  query?: Q;
  responses?: Responses;
  requestType?: TextMediaType;
  responseType?: TextMediaType;
  handle(input: OperationInput<z.infer<B>, z.infer<Q>>): Promise<HttpResult>;
}): Operation {
  return {
    bodySchema: def.body ?? emptyObject,
    querySchema: def.query ?? emptyQuery,
    responses: def.responses ?? {},
    ...(def.requestType ? { requestType: def.requestType } : {}),
    ...(def.responseType ? { responseType: def.responseType } : {}),
    run: (input) => def.handle(input as OperationInput<z.infer<B>, z.infer<Q>>),
  };
}

/** The fallback routes (see routes.ts) arrive here with a path the table lacks, or a method it lacks for that path. */
function routeOf(event: APIGatewayProxyEvent): Route {
  const route = findRoute(event.httpMethod, event.resource);
  if (route) return route;
  const allowed = methodsFor(event.resource);
  throw allowed.length > 0 ? new MethodNotAllowedError(allowed) : new NotFoundError();
}

/**
 * The decisions API has no gateway authorizer: its routes check the session
 * here, exactly as the authorizer does for REST (the same `authenticate`,
 * the same tenant naming), inside the one invocation.
 */
async function sessionInFunction(event: APIGatewayProxyEvent): Promise<Principal> {
  try {
    return principalFromContext(await authenticate(bearerToken(event.headers), namedTenant(event.pathParameters, event.headers)));
  } catch (error) {
    if (error instanceof AppError) throw new UnauthorizedError();
    throw error;
  }
}

function toResult(result: HttpResult, operation: Operation): APIGatewayProxyResult {
  if (result.body === undefined) return { statusCode: result.status, headers: { ...result.headers }, body: '' };
  if (operation.responseType && typeof result.body === 'string') {
    return { statusCode: result.status, headers: { 'Content-Type': `${operation.responseType}; charset=utf-8`, ...result.headers }, body: result.body };
  }
  return {
    statusCode: result.status,
    headers: { 'Content-Type': 'application/json', ...result.headers },
    body: JSON.stringify(result.body),
  };
}

/**
 * Builds the Lambda handler of one bounded context: the same middy chain for
 * every route, then dispatch to the operation named by the route table.
 * The compiler checks that every route of the function has an operation.
 */
export function createApiHandler<F extends ApiFunctionName>(_fn: F, operations: Record<OperationOf<F>, Operation>) {
  const byName = operations as Record<string, Operation>;
  const handler = middy<ParsedBodyEvent, APIGatewayProxyResult>()
    // Never logEvent: events carry passwords, PINs and tokens.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(httpApiEvents())
    .use(securityHeaders())
    .use(corsResponses(() => config().appBaseUrl))
    .use(problemResponses())
    .use(httpHeaderNormalizer())
    .use(
      jsonBody(
        (event) => (findRoute(event.httpMethod, event.resource) as { bodyLimit?: number } | undefined)?.bodyLimit ?? DEFAULT_BODY_LIMIT,
        (event) => byName[findRoute(event.httpMethod, event.resource)?.operation ?? '']?.requestType,
      ),
    )
    .handler(async function dispatch(event) {
      // A preflight reaches the platform function through the ANY fallback of the route's resource.
      if (event.httpMethod === 'OPTIONS') {
        const preflight = preflightAnswer(event.headers, methodsFor(event.resource), config().appBaseUrl);
        if (preflight) return preflight;
      }
      const route = routeOf(event);
      const operation = byName[route.operation];
      if (!operation) throw new NotFoundError();
      const principal = fromDecisionsApi(event) && route.auth === 'session' ? await sessionInFunction(event) : principalFromEvent(event, route.auth);
      const request: RequestInfo = {
        requestId: event.requestContext?.requestId ?? 'unknown',
        sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
        terminalId: principal?.kind === 'terminal' || principal?.kind === 'desk' ? principal.terminalId : undefined,
        userAgent: event.headers?.['user-agent'],
        headers: event.headers ?? {},
      };
      logger.appendKeys({ requestId: request.requestId, route: `${route.method} ${route.path}` });
      const params = (event.pathParameters ?? {}) as Record<string, string>;
      // Ids in paths become parts of DynamoDB keys: anything not shaped like one of our ids names nothing.
      for (const [name, value] of Object.entries(params)) {
        if (!validPathParameter(name, value)) throw new NotFoundError();
      }
      // Membership first: for another tenant's ids the answer is 404 whatever the body holds.
      const actor =
        'permission' in route && principal && params.tenantId
          ? await resolveActor(principal, params.tenantId, route.permission)
          : undefined;
      // No body at all is an empty object (empty text for a text body); a body that is JSON `null` is not.
      const body = validate(operation.bodySchema, 'parsedBody' in event ? event.parsedBody : operation.requestType ? '' : {});
      const query = validate(operation.querySchema, queryParameters(event), 'query');
      const run = async () => {
        const result = await operation.run({ body, query, params, request, principal, actor });
        checkResponse(route, operation, result);
        return result;
      };
      if (!('idempotent' in route)) return toResult(await run(), operation);
      const header = event.headers?.['idempotency-key'];
      const sent = 'parsedBody' in event ? event.parsedBody : null;
      // Query options (an import's dryRun) make another request: they count with the body, when there are any.
      const fingerprinted = query !== null && typeof query === 'object' && Object.keys(query).length > 0 ? { body: sent, query } : sent;
      const key = { header, principal, route: `${event.httpMethod} ${event.path}`, body: fingerprinted, requestId: request.requestId };
      return toResult(await idempotent(key, run), operation);
    });
  // The operations stay reachable for the OpenAPI document (scripts/openapi.ts), which is built from these same schemas.
  return Object.assign(handler, { operations: byName });
}
