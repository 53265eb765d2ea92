// Generated from openapi.json by `npm run schema -w client` (also run by the root `npm run openapi`). Do not edit.

/** `METHOD /path` of every operation that takes an Idempotency-Key: it creates or sends, and a repeat with the same key changes nothing. */
export const idempotentRoutes: ReadonlySet<string> = new Set([
  'POST /v1/operator/tenants',
  'POST /v1/operator/tenants/{tenantId}/owner-recovery',
  'POST /v1/session/pin/renew',
  'POST /v1/tenants/{tenantId}/access-levels',
  'POST /v1/tenants/{tenantId}/branches',
  'POST /v1/tenants/{tenantId}/invitations',
  'POST /v1/tenants/{tenantId}/invitations/{invitationId}/resend',
  'POST /v1/tenants/{tenantId}/staff',
  'POST /v1/tenants/{tenantId}/staff/bulk',
  'POST /v1/tenants/{tenantId}/staff/import',
  'POST /v1/tenants/{tenantId}/staff/imports',
  'POST /v1/tenants/{tenantId}/tags',
  'POST /v1/tenants/{tenantId}/terminals',
  'POST /v1/tenants/{tenantId}/terminals/pair',
  'POST /v1/tenants/{tenantId}/webhooks',
  'PUT /v1/tenants/{tenantId}/staff/{staffId}/pin',
]);
