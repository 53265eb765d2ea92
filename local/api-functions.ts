import type { ApiFunctionName } from '#shared/http/routes.js';

/**
 * The handler module of every API function, loaded on first use (after the
 * environment is set, as Lambda would). The local server invokes them; the
 * OpenAPI script reads their operations.
 */
export const apiFunctions: Record<ApiFunctionName, () => Promise<{ handler: unknown }>> = {
  platform: () => import('#functions/platform/handler.js'),
  auth: () => import('#functions/auth/handler.js'),
  tenants: () => import('#functions/tenants/handler.js'),
  'access-levels': () => import('#functions/access-levels/handler.js'),
  staff: () => import('#functions/staff/handler.js'),
  authorize: () => import('#functions/authorize/handler.js'),
  audit: () => import('#functions/audit/handler.js'),
  terminals: () => import('#functions/terminals/handler.js'),
  webhooks: () => import('#functions/webhooks/handler.js'),
  'access-snapshot': () => import('#functions/access-snapshot/handler.js'),
  pages: () => import('#functions/pages/handler.js'),
};
