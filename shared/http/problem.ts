import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, ServiceUnavailableError, ValidationError } from '../errors.js';
import { logger } from '../logger.js';
import { dependencyFailureSummary, isDependencyFailure } from './dependency-failure.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { path: string; message: string }[];
}

export function problemType(code: string): string {
  return `urn:staffgate:problem:${code}`;
}

export function problemResponse(problem: ProblemBody, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(problem),
  };
}

function appErrorResponse(error: AppError): APIGatewayProxyResult {
  return problemResponse(
    {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error instanceof ValidationError ? { errors: error.errors } : {}),
    },
    error.headers,
  );
}

/**
 * The one place errors become HTTP responses. An `AppError` is shown as it
 * is; a dependency that failed or timed out (see dependency-failure.ts) is a
 * 503 the client may retry; anything else is a bug: it is logged (redacted)
 * and answered with a 500 that says nothing of its message.
 */
export function errorToResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof AppError) return appErrorResponse(error);
  if (isDependencyFailure(error)) {
    // Only the summary: an SDK error's message and input can quote the request's keys and values.
    logger.error('Dependency unavailable', { requestId, dependencyError: dependencyFailureSummary(error) });
    return appErrorResponse(new ServiceUnavailableError());
  }
  logger.error('Unhandled error', { error, requestId });
  return problemResponse({
    type: problemType('internal_error'),
    title: 'Internal server error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId} to support.`,
    code: 'internal_error',
  });
}
