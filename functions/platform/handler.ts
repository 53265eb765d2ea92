import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';

/**
 * Health, plus the fallback routes: API Gateway sends unknown paths and
 * unsupported methods here so they get problem responses (404/405).
 */
export const handler = createApiHandler('platform', {
  health: defineOperation({
    handle: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
});
