import { z } from 'zod';
import type { Operation } from '#shared/http/api-handler.js';
import { Problem } from '#shared/http/problem-schema.js';
import { HealthUnavailable } from '#shared/http/response-schemas.js';
import { routes } from '#shared/http/routes.js';
import { apiFunctions } from '#local/api-functions.js';

/** Handlers read their configuration at load; these placeholders let them load without any AWS access. */
function configureForImport(): void {
  Object.assign(process.env, {
    TABLE_NAME: process.env.TABLE_NAME ?? 'staffgate',
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    RESIDENCY: process.env.RESIDENCY ?? 'EU',
    EMAIL_FROM: process.env.EMAIL_FROM ?? 'no-reply@staffgate.example',
    APP_BASE_URL: process.env.APP_BASE_URL ?? 'https://app.staffgate.example',
  });
}

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** Named schemas (`.meta({ id })`) land in `$defs`; the document keeps them once, under components. */
const components: Record<string, unknown> = {};
const toComponentRefs = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
function responseSchema(schema: z.ZodType): unknown {
  const { $schema: _ignored, $defs, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  Object.assign(components, toComponentRefs($defs ?? {}));
  return toComponentRefs(rest);
}

const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted: the work happens after the answer', '204': 'No content' };

function successResponses(operation: Operation, name: string): Record<string, unknown> {
  const declared = Object.entries(operation.responses);
  if (declared.length === 0) throw new Error(`${name} declares no responses: add \`responses\` to its defineOperation`);
  return Object.fromEntries(
    declared.map(([status, schema]) => [
      status,
      {
        description: SUCCESS_DESCRIPTIONS[status] ?? 'Success',
        ...(schema ? { content: { [operation.responseType ?? 'application/json']: { schema: responseSchema(schema) } } } : {}),
      },
    ]),
  );
}

const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } };

/** Session routes about one salon without a `{tenantId}` in their path: the salon is named by this header (or the body's `tenantId`). */
function takesTenantHeader(route: (typeof routes)[number]): boolean {
  const session = route.auth === 'session' || 'bearerInFunction' in route;
  return session && !route.path.includes('{tenantId}') && ['/v1/authorize', '/v1/audit', '/v1/session', '/v1/access-snapshot', '/v1/session/pin/renew'].includes(route.path);
}

/** PIN routes answer 423 while the terminal or the salon is locked. */
const PIN_ROUTES = new Set(['/v1/terminal/unlock', '/v1/terminal/approve']);

/** The OpenAPI 3.1 document of the API: every route of the route table, with the schemas its handler validates. */
export async function buildOpenApi(): Promise<Record<string, unknown>> {
  configureForImport();
  // Registers the Problem component (its `.meta({ id })` puts it in components, like the response bodies').
  responseSchema(Problem);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { handler } = (await apiFunctions[route.function]()) as { handler: { operations: Record<string, Operation> } };
    const operation = handler.operations[route.operation];
    if (!operation) throw new Error(`no operation ${route.operation} in ${route.function}`);
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = jsonSchema(operation.querySchema) as { properties?: Record<string, unknown>; required?: string[] };
    const queryParameters = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: (query.required ?? []).includes(name) && name !== 'limit',
      schema,
    }));
    const body = jsonSchema(operation.bodySchema) as { properties?: Record<string, unknown> };
    const hasBody = route.method !== 'GET' && Object.keys(body.properties ?? {}).length + ('anyOf' in body ? 1 : 0) > 0;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: `${route.function}.${route.operation}`,
      ...('permission' in route ? { 'x-staffgate-permission': route.permission } : {}),
      security: route.auth === 'operator' ? [{ sigv4: [] }] : route.auth === 'none' && !('bearerInFunction' in route) ? [] : [{ bearer: [] }],
      parameters: [
        ...pathParameters,
        ...queryParameters,
        ...(takesTenantHeader(route)
          ? [{ name: 'X-Tenant-Id', in: 'header', required: false, description: 'The salon the request is about (or `tenantId` in the body).', schema: { type: 'string', pattern: '^ten_[0-9a-z]{1,40}$' } }]
          : []),
        ...('ifMatch' in route
          ? [{ name: 'If-Match', in: 'header', required: false, description: 'The `version` you read; a resource that moved on answers 412 version_conflict.', schema: { type: 'string' } }]
          : []),
        ...('idempotent' in route
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                description: 'A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused.',
                schema: { type: 'string', minLength: 1, maxLength: 128 },
              },
            ]
          : []),
      ],
      ...(operation.requestType
        ? { requestBody: { required: true, content: { [operation.requestType]: { schema: body } } } }
        : hasBody
          ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } }
          : {}),
      responses: {
        ...successResponses(operation, `${route.function}.${route.operation}`),
        '4XX': { description: 'An RFC 9457 problem with a stable `code`.', ...problem },
        ...(PIN_ROUTES.has(route.path)
          ? { '423': { description: 'terminal_locked: too many wrong PINs at this terminal or in the salon.', headers: retryAfter, ...problem } }
          : {}),
        '429': { description: 'too_many_requests (throttled) or too_many_attempts (an attempt budget is spent).', headers: retryAfter, ...problem },
        '503':
          route.operation === 'health'
            ? { description: 'The table cannot be reached.', headers: retryAfter, content: { 'application/json': { schema: responseSchema(HealthUnavailable) } } }
            : {
                description:
                  'A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed.',
                headers: retryAfter,
                ...problem,
              },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'StaffGate API', version: '1', description: 'Generated from shared/http/routes.ts and the handlers’ zod schemas; the reference is docs/api.md.' },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A back-office or terminal session token; the terminal device token on /v1/terminal/unlock.' },
        sigv4: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'AWS SigV4 (IAM) when deployed; the local operator token in local mode.' },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
