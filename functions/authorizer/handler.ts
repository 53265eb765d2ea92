import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authenticate } from '#shared/domain/auth/sessions.js';
import { AppError } from '#shared/errors.js';
import { logger } from '#shared/logger.js';
import { bearerToken, namedTenant } from '#shared/http/bearer.js';

/** API Gateway's convention: this exact message makes it answer 401 (the UNAUTHORIZED gateway response). */
export const UNAUTHORIZED = 'Unauthorized';


/**
 * The REQUEST authorizer for session routes. Its result is never cached
 * (TTL 0 in infra), so ending a session takes effect on the very next request.
 */
export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  try {
    const context = await authenticate(bearerToken(event.headers), namedTenant(event.pathParameters, event.headers));
    return {
      principalId: context.accountId ?? context.staffId ?? context.terminalId ?? context.sessionId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: context as APIGatewayAuthorizerResult['context'],
    };
  } catch (error) {
    if (error instanceof AppError) throw new Error(UNAUTHORIZED);
    logger.error('Authorizer failed', { error });
    throw error;
  }
}
