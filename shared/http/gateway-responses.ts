import { type ProblemBody, problemType } from './problem.js';

/**
 * Answers API Gateway gives itself, before any function runs. The deployed
 * API's gateway responses and the local server use these same bodies.
 */
export const gatewayProblems = {
  unauthorized: {
    type: problemType('unauthorized'),
    title: 'Unauthorized',
    status: 401,
    detail: 'A valid bearer token is required.',
    code: 'unauthorized',
  },
  accessDenied: {
    type: problemType('forbidden'),
    title: 'Forbidden',
    status: 403,
    detail: 'The request is not allowed.',
    code: 'forbidden',
  },
  throttled: {
    type: problemType('too_many_requests'),
    title: 'Too many requests',
    status: 429,
    detail: 'Too many requests; slow down.',
    code: 'too_many_requests',
  },
  payloadTooLarge: {
    type: problemType('payload_too_large'),
    title: 'Payload too large',
    status: 413,
    detail: 'The request body is too large.',
    code: 'payload_too_large',
  },
  /** The authorizer could not reach the table (deployed: API Gateway's AUTHORIZER_FAILURE). */
  authorizerUnavailable: {
    type: problemType('service_unavailable'),
    title: 'Service unavailable',
    status: 503,
    detail: 'The service cannot check this request right now; retry shortly.',
    code: 'service_unavailable',
  },
  internal: {
    type: problemType('internal_error'),
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side.',
    code: 'internal_error',
  },
} as const satisfies Record<string, ProblemBody>;
