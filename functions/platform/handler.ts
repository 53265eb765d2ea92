import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '#shared/clients/dynamodb.js';
import { config } from '#shared/config.js';
import { HEALTH_CHECK_KEY } from '#shared/data/health-check.js';
import { ServiceUnavailableError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { dependencyFailureSummary } from '#shared/http/dependency-failure.js';
import { logger } from '#shared/logger.js';
import { Health } from '#shared/http/response-schemas.js';

/**
 * Load balancers and uptime monitors give up after a few seconds; the check
 * answers before they do, whatever the SDK's own retries would allow.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

async function tableReachable(): Promise<boolean> {
  try {
    await ddb.send(
      new GetCommand({ TableName: config().tableName, Key: HEALTH_CHECK_KEY, ProjectionExpression: 'pk' }),
      { abortSignal: AbortSignal.timeout(HEALTH_CHECK_TIMEOUT_MS) },
    );
    return true;
  } catch (error) {
    logger.warn('Health check: table unreachable', { dependencyError: dependencyFailureSummary(error) });
    return false;
  }
}

/**
 * Health, plus the fallback routes: API Gateway sends unknown paths and
 * unsupported methods here so they get problem responses (404/405).
 */
export const handler = createApiHandler('platform', {
  health: defineOperation({
    responses: { 200: Health },
    handle: async () =>
      (await tableReachable())
        ? { status: 200, body: { status: 'ok' } }
        : {
            status: 503,
            body: { status: 'unavailable', checks: { table: 'unreachable' } },
            headers: { 'Retry-After': String(ServiceUnavailableError.RETRY_AFTER_SECONDS) },
          },
  }),
});
