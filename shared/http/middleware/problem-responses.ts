import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorToResponse } from '../problem.js';

/** The error handler: every thrown error ends here and becomes an RFC 9457 problem. */
export function problemResponses(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: function problemResponsesOnError(request) {
      request.response = errorToResponse(request.error, request.event.requestContext?.requestId ?? 'unknown');
    },
  };
}
