import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult } from 'aws-lambda';
import { NOT_FOUND_PATH } from '../routes.js';

/** Set on events that came through the decisions API (HTTP API), which has no gateway authorizer. */
const FROM_DECISIONS_API = 'staffgateDecisionsApi';

const isV2 = (event: unknown): event is APIGatewayProxyEventV2 => (event as { version?: unknown }).version === '2.0';

/**
 * The decisions API (an HTTP API, payload format 2.0) and the REST API call
 * the same functions: its events are rewritten into the REST shape the
 * handler chain reads, marked so that the session is checked in the function
 * (see api-handler.ts). REST events pass untouched. Answers need no
 * rewriting: HTTP API takes a `{statusCode, headers, body}` result as it is.
 */
export function httpApiEvents(): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: function httpApiEventsBefore(request) {
      const event: unknown = request.event;
      if (!isV2(event)) return;
      const [, resource] = event.routeKey === '$default' ? [undefined, NOT_FOUND_PATH] : event.routeKey.split(' ');
      request.event = {
        httpMethod: event.requestContext.http.method,
        path: event.rawPath,
        resource: resource ?? NOT_FOUND_PATH,
        headers: { ...event.headers },
        multiValueHeaders: {},
        queryStringParameters: event.queryStringParameters ?? null,
        multiValueQueryStringParameters: null,
        pathParameters: event.pathParameters ?? null,
        stageVariables: null,
        body: event.body ?? null,
        isBase64Encoded: event.isBase64Encoded,
        requestContext: {
          requestId: event.requestContext.requestId,
          identity: { sourceIp: event.requestContext.http.sourceIp },
          [FROM_DECISIONS_API]: true,
        },
      } as unknown as APIGatewayProxyEvent;
    },
  };
}

export const fromDecisionsApi = (event: APIGatewayProxyEvent) => (event.requestContext as unknown as Record<string, unknown> | undefined)?.[FROM_DECISIONS_API] === true;
