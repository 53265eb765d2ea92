import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../errors.js';

export interface ParsedBodyEvent extends APIGatewayProxyEvent {
  parsedBody?: unknown;
}

/**
 * Enforces the body size limit, requires JSON for any non-empty body and
 * parses it. Malformed JSON is the client's mistake (400), never a 500.
 * An operation that takes a text body instead (`textTypeFor` names its media
 * type, e.g. text/csv) requires that type and gets the text as it came.
 * Expects lower-cased header names (http-header-normalizer runs first).
 */
export function jsonBody(
  limitFor: (event: APIGatewayProxyEvent) => number,
  textTypeFor: (event: APIGatewayProxyEvent) => string | undefined = () => undefined,
): middy.MiddlewareObj<ParsedBodyEvent, APIGatewayProxyResult> {
  return {
    before: function jsonBodyBefore(request) {
      const { event } = request;
      if (event.body === null || event.body === undefined || event.body === '') return;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const limit = limitFor(event);
      if (Buffer.byteLength(raw, 'utf8') > limit) throw new PayloadTooLargeError(limit);
      const contentType = event.headers?.['content-type'] ?? '';
      const textType = textTypeFor(event);
      if (textType !== undefined) {
        if (contentType.split(';')[0]?.trim().toLowerCase() !== textType) throw new UnsupportedMediaTypeError(textType);
        event.parsedBody = raw;
        return;
      }
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) throw new UnsupportedMediaTypeError();
      try {
        event.parsedBody = JSON.parse(raw);
      } catch {
        throw new InvalidJsonError();
      }
    },
  };
}
