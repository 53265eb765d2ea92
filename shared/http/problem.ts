import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, ValidationError } from '../errors.js';
import { logger } from '../logger.js';

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

/**
 * The one place errors become HTTP responses. An `AppError` is shown as it
 * is; anything else is a bug: it is logged (redacted) and answered with a
 * 500 that says nothing of its message.
 */
export function errorToResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof AppError) {
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
  logger.error('Unhandled error', { error, requestId });
  return problemResponse({
    type: problemType('internal_error'),
    title: 'Internal server error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId} to support.`,
    code: 'internal_error',
  });
}
