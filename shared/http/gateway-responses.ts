import { type ProblemBody, problemType } from './problem.js';

/**
 * The one table of answers the edge gives itself, before any function runs:
 * API Gateway's gateway responses (keyed by their response type) and the WAF
 * rate limits' block response. `infra/constructs/api.ts` builds the deployed
 * gateway responses from it and the local server answers from it, so a text
 * changed here changes in both (test/infra/api-edge.test.ts compares them).
 *
 * A detail may quote the request id as `{requestId}`: deployed that becomes
 * `$context.requestId`, locally the local server's own id.
 */
export const REQUEST_ID_PLACEHOLDER = '{requestId}';

function problem(code: string, title: string, status: number, detail: string): ProblemBody {
  return { type: problemType(code), title, status, detail, code };
}

export interface EdgeAnswer {
  problem: ProblemBody;
  headers?: Readonly<Record<string, string>>;
}

const forbidden: EdgeAnswer = { problem: problem('forbidden', 'Forbidden', 403, 'The credentials do not allow this request.') };

/** API Gateway response type → the problem it answers. */
export const GATEWAY_RESPONSES = {
  // The authorizer said no, or a session route came without an Authorization header.
  UNAUTHORIZED: {
    problem: problem('unauthorized', 'Unauthorized', 401, 'A valid bearer token is required.'),
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  // API Gateway's answer for a path with no method (`/v1`, `/v1/auth`, `/v1/tenants/{tenantId}`…), and for an
  // unsigned request to an IAM (operator) route. The same body as the platform function's 404 (NotFoundError),
  // which is what local mode answers for those paths.
  MISSING_AUTHENTICATION_TOKEN: { problem: problem('not_found', 'Not found', 404, 'The resource does not exist.') },
  RESOURCE_NOT_FOUND: { problem: problem('not_found', 'Not found', 404, 'The resource does not exist.') },
  // IAM: a signed request the resource policy or the caller's own policies deny, or a bad signature.
  ACCESS_DENIED: forbidden,
  INVALID_SIGNATURE: forbidden,
  INCOMPLETE_SIGNATURE: forbidden,
  EXPIRED_TOKEN: forbidden,
  // A WAF rule blocked the request (managed rules; the rate limits answer WAF_RATE_LIMITED below instead).
  WAF_FILTERED: { problem: problem('forbidden', 'Forbidden', 403, 'The request was blocked.') },
  REQUEST_TOO_LARGE: { problem: problem('payload_too_large', 'Payload too large', 413, 'The request body is too large.') },
  UNSUPPORTED_MEDIA_TYPE: {
    problem: problem('unsupported_media_type', 'Unsupported media type', 415, 'Send the request body as application/json.'),
  },
  // The stage's per-route regional safety net (see infra/constructs/api.ts), not a per-client limit.
  THROTTLED: {
    problem: problem('too_many_requests', 'Too many requests', 429, 'Too many requests; wait before trying again.'),
    headers: { 'Retry-After': '1' },
  },
  // Any other 4xx of the gateway's own, with a status that matches the body.
  DEFAULT_4XX: { problem: problem('bad_request', 'Bad request', 400, 'The request was rejected.') },
  // The authorizer threw: with its table and its calls bounded in time (call-budgets.ts), that is a dependency failing.
  AUTHORIZER_FAILURE: {
    problem: problem('service_unavailable', 'Service unavailable', 503, 'The service cannot check this request right now; retry shortly.'),
    headers: { 'Retry-After': '3' },
  },
  INTEGRATION_TIMEOUT: {
    problem: problem('timeout', 'Gateway timeout', 504, 'The request took too long; it may or may not have taken effect.'),
  },
  DEFAULT_5XX: {
    problem: problem(
      'internal_error',
      'Internal server error',
      500,
      `Something went wrong on our side. Quote request id ${REQUEST_ID_PLACEHOLDER} to support.`,
    ),
  },
} as const satisfies Record<string, EdgeAnswer>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

/** The WAF per-client rate limits' block response (a custom response body of the web ACL). */
export const WAF_RATE_LIMITED: EdgeAnswer = {
  problem: problem('too_many_attempts', 'Too many requests', 429, 'Too many attempts from this client; wait before trying again.'),
};

/** A problem body with its `{requestId}` filled in. */
export function renderProblem(body: ProblemBody, requestId: string): ProblemBody {
  return { ...body, detail: body.detail.replaceAll(REQUEST_ID_PLACEHOLDER, requestId) };
}

/**
 * The answers local mode gives itself, by name: the same objects as the table
 * above. (scripts/openapi-document.ts lists their codes as examples.)
 */
export const gatewayProblems = {
  unauthorized: GATEWAY_RESPONSES.UNAUTHORIZED.problem,
  accessDenied: GATEWAY_RESPONSES.ACCESS_DENIED.problem,
  throttled: GATEWAY_RESPONSES.THROTTLED.problem,
  payloadTooLarge: GATEWAY_RESPONSES.REQUEST_TOO_LARGE.problem,
  /** The authorizer could not reach the table (deployed: API Gateway's AUTHORIZER_FAILURE). */
  authorizerUnavailable: GATEWAY_RESPONSES.AUTHORIZER_FAILURE.problem,
  internal: GATEWAY_RESPONSES.DEFAULT_5XX.problem,
} as const satisfies Record<string, ProblemBody>;
