/**
 * The route table of the StaffGate API, defined once. `infra/` builds API
 * Gateway from it (resources, methods, authorizer, IAM auth, throttling) and
 * the local server dispatches with it, so local behaviour is deployed
 * behaviour. Each route names the Lambda function (bounded context) that
 * serves it and the operation inside that function.
 */
export type ApiFunctionName =
  | 'platform'
  | 'auth'
  | 'tenants'
  | 'access-levels'
  | 'staff'
  | 'authorize'
  | 'audit'
  | 'terminals'
  | 'webhooks'
  | 'access-snapshot'
  | 'pages';

/**
 * - `none`: public.
 * - `operator`: SaaS operators; IAM (SigV4) when deployed, the bearer OPERATOR_TOKEN locally.
 * - `session`: a back-office or terminal session token, checked by the authorizer.
 */
export type AuthKind = 'none' | 'operator' | 'session';

/** `member`: any active member of the tenant in the path; otherwise a catalog permission. */
export type RoutePermission = 'member' | string;

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  function: ApiFunctionName;
  operation: string;
  auth: AuthKind;
  permission?: RoutePermission;
  /** Per-route API Gateway throttle (requests per second), for routes that guess secrets. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Largest accepted request body in bytes (default DEFAULT_BODY_LIMIT). */
  bodyLimit?: number;
  /** Creates or sends: honours `Idempotency-Key` (shared/http/idempotency.ts). */
  idempotent?: true;
  /** Public at the gateway (`auth: 'none'`), but the function itself requires a bearer token: the document says so. */
  bearerInFunction?: true;
  /** Honours `If-Match: <version>` (optimistic concurrency: `412 version_conflict` when the resource moved on). */
  ifMatch?: true;
}

export const DEFAULT_BODY_LIMIT = 16 * 1024;

export const routes = [
  { method: 'GET', path: '/health', function: 'platform', operation: 'health', auth: 'none' },

  { method: 'POST', path: '/v1/operator/tenants', function: 'tenants', operation: 'createTenant', auth: 'operator', idempotent: true },
  { method: 'PATCH', path: '/v1/operator/tenants/{tenantId}', function: 'tenants', operation: 'changePlan', auth: 'operator', ifMatch: true },
  { method: 'POST', path: '/v1/operator/tenants/{tenantId}/owner-recovery', function: 'tenants', operation: 'recoverOwner', auth: 'operator', idempotent: true },
  { method: 'GET', path: '/v1/tenants/{tenantId}', function: 'tenants', operation: 'getTenant', auth: 'session', permission: 'member' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/branches', function: 'tenants', operation: 'listBranches', auth: 'session', permission: 'member' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/branches', function: 'tenants', operation: 'createBranch', auth: 'session', permission: 'settings.manage', idempotent: true },
  { method: 'PATCH', path: '/v1/tenants/{tenantId}/branches/{branchId}', function: 'tenants', operation: 'updateBranch', auth: 'session', permission: 'settings.manage' },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/branches/{branchId}', function: 'tenants', operation: 'deleteBranch', auth: 'session', permission: 'settings.manage' },

  { method: 'GET', path: '/v1/permissions', function: 'access-levels', operation: 'getCatalog', auth: 'none' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/access-levels', function: 'access-levels', operation: 'listAccessLevels', auth: 'session', permission: 'access.view' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/access-levels', function: 'access-levels', operation: 'createAccessLevel', auth: 'session', permission: 'access.manage', idempotent: true },
  { method: 'GET', path: '/v1/tenants/{tenantId}/access-levels/{accessLevelId}', function: 'access-levels', operation: 'getAccessLevel', auth: 'session', permission: 'access.view' },
  { method: 'PUT', path: '/v1/tenants/{tenantId}/access-levels/{accessLevelId}', function: 'access-levels', operation: 'replaceAccessLevel', auth: 'session', permission: 'access.manage', ifMatch: true },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/access-levels/{accessLevelId}', function: 'access-levels', operation: 'deleteAccessLevel', auth: 'session', permission: 'access.manage', ifMatch: true },
  { method: 'GET', path: '/v1/tenants/{tenantId}/permissions/{permission}/holders', function: 'access-levels', operation: 'listPermissionHolders', auth: 'session', permission: 'access.view' },

  { method: 'GET', path: '/v1/tenants/{tenantId}/staff', function: 'staff', operation: 'listStaff', auth: 'session', permission: 'staff.view' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/staff', function: 'staff', operation: 'createStaff', auth: 'session', permission: 'staff.manage', idempotent: true },
  // Before /staff/{staffId}: matchRoute takes the first resource whose pattern matches, as API Gateway prefers a literal segment.
  { method: 'GET', path: '/v1/tenants/{tenantId}/staff/export', function: 'staff', operation: 'exportStaff', auth: 'session', permission: 'staff.view' },
  // 5,000 rows of up to ~800 bytes; well under Lambda's 6 MB request payload, which the gateway's event envelope shares.
  { method: 'POST', path: '/v1/tenants/{tenantId}/staff/import', function: 'staff', operation: 'importStaff', auth: 'session', permission: 'staff.manage', idempotent: true, bodyLimit: 4 * 1024 * 1024 },
  // The same file as /staff/import, written by a queued job (docs/staff-csv.md): 202 and GET …/staff/imports/{importId} for its progress.
  { method: 'POST', path: '/v1/tenants/{tenantId}/staff/imports', function: 'staff', operation: 'startStaffImport', auth: 'session', permission: 'staff.manage', idempotent: true, bodyLimit: 4 * 1024 * 1024 },
  { method: 'GET', path: '/v1/tenants/{tenantId}/staff/imports/{importId}', function: 'staff', operation: 'getStaffImport', auth: 'session', permission: 'staff.manage' },
  // 500 staff ids of ~33 bytes each are more than the default 16 KB.
  { method: 'POST', path: '/v1/tenants/{tenantId}/staff/bulk', function: 'staff', operation: 'bulkStaff', auth: 'session', permission: 'staff.manage', idempotent: true, bodyLimit: 64 * 1024 },
  { method: 'GET', path: '/v1/tenants/{tenantId}/staff/{staffId}', function: 'staff', operation: 'getStaff', auth: 'session', permission: 'staff.view' },
  { method: 'PATCH', path: '/v1/tenants/{tenantId}/staff/{staffId}', function: 'staff', operation: 'updateStaff', auth: 'session', permission: 'staff.manage', ifMatch: true },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/staff/{staffId}', function: 'staff', operation: 'archiveStaff', auth: 'session', permission: 'staff.manage', ifMatch: true },
  { method: 'PUT', path: '/v1/tenants/{tenantId}/staff/{staffId}/pin', function: 'staff', operation: 'setPin', auth: 'session', permission: 'staff.pin.manage', idempotent: true },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/staff/{staffId}/pin', function: 'staff', operation: 'removePin', auth: 'session', permission: 'staff.pin.manage' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/staff/{staffId}/sessions/revoke', function: 'staff', operation: 'revokeStaffSessions', auth: 'session', permission: 'staff.manage' },
  // The salon's tag list; a rename or delete changes every member who carries the tag.
  { method: 'GET', path: '/v1/tenants/{tenantId}/tags', function: 'staff', operation: 'listTags', auth: 'session', permission: 'staff.view' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/tags', function: 'staff', operation: 'createTag', auth: 'session', permission: 'staff.manage', idempotent: true },
  { method: 'PATCH', path: '/v1/tenants/{tenantId}/tags/{tag}', function: 'staff', operation: 'renameTag', auth: 'session', permission: 'staff.manage' },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/tags/{tag}', function: 'staff', operation: 'deleteTag', auth: 'session', permission: 'staff.manage' },
  // The caller's own PIN (any member, no permission): staff holds the PIN index and outbox grants. Salon: the session's, or X-Tenant-Id.
  { method: 'POST', path: '/v1/session/pin/renew', function: 'staff', operation: 'renewOwnPin', auth: 'session', idempotent: true },

  { method: 'PATCH', path: '/v1/tenants/{tenantId}/settings', function: 'tenants', operation: 'updateSettings', auth: 'session', permission: 'settings.manage', ifMatch: true },
  { method: 'POST', path: '/v1/tenants/{tenantId}/pin-lockouts/clear', function: 'terminals', operation: 'clearPinLockouts', auth: 'session', permission: 'settings.manage' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/terminals', function: 'terminals', operation: 'listTerminals', auth: 'session', permission: 'settings.manage' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/terminals', function: 'terminals', operation: 'registerTerminal', auth: 'session', permission: 'settings.manage', idempotent: true },
  { method: 'POST', path: '/v1/tenants/{tenantId}/terminals/pair', function: 'terminals', operation: 'pairTerminal', auth: 'session', permission: 'settings.manage', idempotent: true },
  { method: 'PATCH', path: '/v1/tenants/{tenantId}/terminals/{terminalId}', function: 'terminals', operation: 'updateTerminal', auth: 'session', permission: 'settings.manage', ifMatch: true },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/terminals/{terminalId}', function: 'terminals', operation: 'revokeTerminal', auth: 'session', permission: 'settings.manage' },
  // The terminal's own token is checked by the function, in the same batch read as the PIN's digest and the locks.
  {
    method: 'POST',
    path: '/v1/terminal/unlock',
    function: 'terminals',
    operation: 'unlock',
    auth: 'none',
    // The terminal's device token, checked in the same read as the PIN.
    bearerInFunction: true,
    throttle: { rateLimit: 120, burstLimit: 240 },
  },
  // A device waiting to be paired has no token yet: only the code it shows, which the token fetch checks (pairing.ts).
  { method: 'POST', path: '/v1/terminal/pairing', function: 'terminals', operation: 'startPairing', auth: 'none', throttle: { rateLimit: 10, burstLimit: 20 } },
  {
    method: 'POST',
    path: '/v1/terminal/pairing/{pairingId}/token',
    function: 'terminals',
    operation: 'fetchPairedToken',
    auth: 'none',
    throttle: { rateLimit: 40, burstLimit: 80 },
  },
  {
    method: 'POST',
    path: '/v1/terminal/desk-session',
    function: 'terminals',
    operation: 'startDeskSession',
    auth: 'none',
    // The terminal's device token (256 bits: nothing to guess, so no throttle of its own), checked with the PIN switch and the desk level in one read.
    bearerInFunction: true,
  },
  { method: 'POST', path: '/v1/terminal/lock', function: 'terminals', operation: 'lock', auth: 'session' },
  { method: 'POST', path: '/v1/terminal/approve', function: 'terminals', operation: 'approve', auth: 'session', throttle: { rateLimit: 60, burstLimit: 120 } },
  // Answers 401 session_expired itself, which an authorizer cannot say.
  { method: 'GET', path: '/v1/session', function: 'auth', operation: 'getSession', auth: 'none', bearerInFunction: true },

  { method: 'GET', path: '/v1/tenants/{tenantId}/webhooks', function: 'webhooks', operation: 'listWebhooks', auth: 'session', permission: 'settings.manage' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/webhooks', function: 'webhooks', operation: 'createWebhook', auth: 'session', permission: 'settings.manage', idempotent: true },
  { method: 'GET', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}', function: 'webhooks', operation: 'getWebhook', auth: 'session', permission: 'settings.manage' },
  { method: 'PATCH', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}', function: 'webhooks', operation: 'updateWebhook', auth: 'session', permission: 'settings.manage', ifMatch: true },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}', function: 'webhooks', operation: 'deleteWebhook', auth: 'session', permission: 'settings.manage' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}/test', function: 'webhooks', operation: 'testWebhook', auth: 'session', permission: 'settings.manage' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}/rotate-secret', function: 'webhooks', operation: 'rotateWebhookSecret', auth: 'session', permission: 'settings.manage' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries', function: 'webhooks', operation: 'listWebhookDeliveries', auth: 'session', permission: 'settings.manage' },

  { method: 'POST', path: '/v1/authorize', function: 'authorize', operation: 'authorize', auth: 'session' },
  { method: 'POST', path: '/v1/audit', function: 'audit', operation: 'recordEvent', auth: 'session' },
  { method: 'GET', path: '/v1/tenants/{tenantId}/audit', function: 'audit', operation: 'listEvents', auth: 'session', permission: 'audit.view' },
  // The caller's access, signed for hosts to check offline; the keys that verify it are public.
  { method: 'POST', path: '/v1/access-snapshot', function: 'access-snapshot', operation: 'issueSnapshot', auth: 'session' },
  { method: 'GET', path: '/.well-known/jwks.json', function: 'access-snapshot', operation: 'jwks', auth: 'none' },

  // The hosted account pages (docs/account-pages.md), on the API's own origin: the links in messages lead here.
  { method: 'GET', path: '/account/reset', function: 'pages', operation: 'passwordResetPage', auth: 'none' },
  { method: 'GET', path: '/account/sign-in', function: 'pages', operation: 'signInPage', auth: 'none' },
  { method: 'GET', path: '/account/two-factor', function: 'pages', operation: 'twoFactorPage', auth: 'none' },
  { method: 'GET', path: '/account/invitation', function: 'pages', operation: 'invitationPage', auth: 'none' },
  { method: 'GET', path: '/account/assets/account.js', function: 'pages', operation: 'accountScript', auth: 'none' },
  { method: 'GET', path: '/account/assets/account.css', function: 'pages', operation: 'accountStyles', auth: 'none' },
  { method: 'GET', path: '/account/assets/password-lists.json', function: 'pages', operation: 'passwordLists', auth: 'none' },

  {
    method: 'POST',
    path: '/v1/auth/login',
    function: 'auth',
    operation: 'login',
    auth: 'none',
    throttle: { rateLimit: 120, burstLimit: 240 },
  },
  { method: 'POST', path: '/v1/auth/logout', function: 'auth', operation: 'logout', auth: 'session' },
  { method: 'GET', path: '/v1/me', function: 'auth', operation: 'me', auth: 'session' },
  { method: 'POST', path: '/v1/auth/totp', function: 'auth', operation: 'startTotp', auth: 'session' },
  { method: 'POST', path: '/v1/auth/totp/confirm', function: 'auth', operation: 'confirmTotp', auth: 'session', throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'DELETE', path: '/v1/auth/totp', function: 'auth', operation: 'disableTotp', auth: 'session', throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'GET', path: '/v1/auth/sessions', function: 'auth', operation: 'listSessions', auth: 'session' },
  { method: 'DELETE', path: '/v1/auth/sessions/{sessionId}', function: 'auth', operation: 'endSession', auth: 'session' },

  { method: 'POST', path: '/v1/tenants/{tenantId}/invitations', function: 'auth', operation: 'inviteStaff', auth: 'session', permission: 'staff.invite', idempotent: true },
  { method: 'GET', path: '/v1/tenants/{tenantId}/invitations', function: 'auth', operation: 'listInvitations', auth: 'session', permission: 'staff.invite' },
  { method: 'DELETE', path: '/v1/tenants/{tenantId}/invitations/{invitationId}', function: 'auth', operation: 'revokeInvitation', auth: 'session', permission: 'staff.invite' },
  { method: 'POST', path: '/v1/tenants/{tenantId}/invitations/{invitationId}/resend', function: 'auth', operation: 'resendInvitation', auth: 'session', permission: 'staff.invite', idempotent: true },
  { method: 'POST', path: '/v1/auth/password-reset', function: 'auth', operation: 'requestPasswordReset', auth: 'none', throttle: { rateLimit: 10, burstLimit: 20 } },
  { method: 'POST', path: '/v1/auth/password-reset/confirm', function: 'auth', operation: 'confirmPasswordReset', auth: 'none', throttle: { rateLimit: 10, burstLimit: 20 } },
  // Invitation tokens travel in bodies, never in a path: paths end up in access logs, traces and browser history.
  { method: 'POST', path: '/v1/invitations/lookup', function: 'auth', operation: 'lookupInvitation', auth: 'none' },
  {
    method: 'POST',
    path: '/v1/invitations/accept',
    function: 'auth',
    operation: 'acceptInvitation',
    auth: 'none',
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof routes)[number];

/**
 * Routes also served by the region's decisions API: an API Gateway HTTP API
 * in front of the same functions, with no gateway authorizer — the function
 * checks the session itself, in the one read it makes anyway — so that a
 * decision costs one Lambda invocation and HTTP API's price instead of REST's
 * plus the authorizer's (docs/operations.md, cost model). Paths, bodies and
 * answers are the REST API's; only the base URL differs (output DecisionsUrl).
 * Any other path there answers the platform function's 404/405 problems.
 */
export const decisionRoutes = [
  { method: 'POST', path: '/v1/authorize', throttle: { rateLimit: 2_000, burstLimit: 4_000 } },
] as const satisfies readonly { method: Route['method']; path: Route['path']; throttle: { rateLimit: number; burstLimit: number } }[];
export type OperationOf<F extends ApiFunctionName> = Extract<Route, { function: F }>['operation'];

/**
 * Fallback routes answer problems for unknown paths (404) and known paths with
 * a method they do not accept (405), so API Gateway does not answer its own
 * 403 "Missing Authentication Token" for those.
 */
export const NOT_FOUND_PATH = '/{proxy+}';

export function routePaths(): string[] {
  return [...new Set(routes.map((route) => route.path))];
}

export function methodsFor(path: string): string[] {
  return routes.filter((route) => route.path === path).map((route) => route.method);
}

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

const compiled = routes.map((route) => ({
  route,
  names: [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
  // Literal parts escaped: `/.well-known/jwks.json` must not match `/x.well-known/jwksxjson`.
  pattern: new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}$`),
}));

/** Finds the route for a concrete path: `{ route }`, `{ allowed }` (405) or undefined (404). */
export function matchRoute(
  method: string,
  path: string,
): RouteMatch | { allowed: string[]; resource: string } | undefined {
  const candidates = compiled.filter((entry) => entry.pattern.test(path));
  if (candidates.length === 0) return undefined;
  // The resource first, then the method, as API Gateway does: `PATCH …/staff/bulk` is 405, not an update of staff member "bulk".
  const resource = (candidates[0] as (typeof compiled)[number]).route.path;
  const hit = candidates.find((entry) => entry.route.path === resource && entry.route.method === method);
  if (!hit) return { allowed: methodsFor(resource), resource };
  const values = hit.pattern.exec(path)?.slice(1) ?? [];
  const pathParameters: Record<string, string> = {};
  for (const [index, name] of hit.names.entries()) {
    const decoded = safeDecode(values[index] ?? '');
    // A malformed percent-escape names no resource.
    if (decoded === undefined) return undefined;
    pathParameters[name] = decoded;
  }
  return { route: hit.route, pathParameters };
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function findRoute(method: string, resource: string): Route | undefined {
  return routes.find((route) => route.method === method && route.path === resource);
}
