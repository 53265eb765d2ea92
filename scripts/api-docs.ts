/**
 * `npm run api-docs` (or `npx tsx scripts/api-docs.ts`): renders openapi.json
 * into docs/api.md, the API reference that ships with the repository. The
 * preamble below is hand-written; everything after it is generated from the
 * document, in the document's own order, so the same openapi.json always gives
 * the same docs/api.md. test/contract/api-docs.test.ts fails when docs/api.md
 * is not what this script renders from the current openapi.json: after
 * `npm run openapi`, run `npm run api-docs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  $ref?: string;
  examples?: unknown[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Response {
  description?: string;
  headers?: Record<string, { schema?: Schema }>;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Response>;
  'x-staffgate-permission'?: string;
  'x-staffgate-problems'?: string[];
  [extension: `x-${string}`]: unknown;
}

interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: {
    securitySchemes?: Record<string, { type?: string; scheme?: string; description?: string }>;
    schemas?: Record<string, Schema>;
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Sections of the reference, in this order; a path no rule names gets a section of its own, after these. */
const GROUPS: { title: string; matches: (path: string) => boolean }[] = [
  { title: 'Platform', matches: (p) => p === '/health' },
  { title: 'Operator', matches: (p) => p.startsWith('/v1/operator/') || p === '/v1/operator' },
  { title: 'Accounts, login and sessions', matches: (p) => p.startsWith('/v1/auth/') || p === '/v1/me' || p === '/v1/session' },
  { title: 'Invitations', matches: (p) => p.startsWith('/v1/invitations') || p.startsWith('/v1/tenants/{tenantId}/invitations') },
  { title: 'Tenants, branches and settings', matches: (p) => p === '/v1/tenants/{tenantId}' || /^\/v1\/tenants\/\{tenantId\}\/(branches|settings)(\/|$)/.test(p) },
  {
    title: 'Access levels and the permission catalog',
    matches: (p) => p === '/v1/permissions' || p.startsWith('/v1/tenants/{tenantId}/access-levels') || p.startsWith('/v1/tenants/{tenantId}/permissions/'),
  },
  { title: 'Staff and PINs', matches: (p) => p.startsWith('/v1/tenants/{tenantId}/staff') || p.startsWith('/v1/tenants/{tenantId}/tags') || p === '/v1/session/pin/renew' },
  {
    title: 'Front-desk terminals',
    matches: (p) => p.startsWith('/v1/terminal/') || /^\/v1\/tenants\/\{tenantId\}\/(terminals|pin-lockouts)(\/|$)/.test(p),
  },
  { title: 'Authorization and audit', matches: (p) => p === '/v1/authorize' || p === '/v1/audit' || p.startsWith('/v1/tenants/{tenantId}/audit') },
  { title: 'Access snapshots', matches: (p) => p === '/v1/access-snapshot' || p === '/.well-known/jwks.json' },
  { title: 'Webhooks', matches: (p) => p.startsWith('/v1/tenants/{tenantId}/webhooks') },
  { title: 'Hosted account pages', matches: (p) => p.startsWith('/account/') },
];

/** What the document cannot say about a route's credentials (`bearerInFunction` routes: which bearer token the function checks). */
const CREDENTIAL_NOTES: Record<string, string> = {
  'POST /v1/terminal/unlock': 'the terminal **device** token (`Authorization: Bearer ten_….trm_….…`), checked by the function in the same read as the PIN',
  'GET /v1/session': 'a session bearer token, checked by the function itself (so it can answer `401 session_expired`)',
};

const PREAMBLE = `# StaffGate API reference

This page is generated: \`npm run api-docs\` (\`scripts/api-docs.ts\`) renders
[\`openapi.json\`](../openapi.json), which \`npm run openapi\` generates from the
route table (\`shared/http/routes.ts\`) and the zod schemas the handlers
validate with. Do not edit it by hand: \`test/contract/api-docs.test.ts\` fails
when it differs from what the script renders from the current \`openapi.json\`.
The sections up to *Operations* are written by hand in the script.

Each operation lists its success statuses with their bodies; named bodies
(\`Staff\`, \`Decision\`, …) are described under *Response bodies* at the end.
They are generated from the zod schemas the service checks its own answers
against in local mode and in the tests, so they cannot drift from it.

For \`POST /v1/authorize\`, each region also has a **decisions API** (the
\`DecisionsUrl\` output: an HTTP API with the same path, body and answers,
the session checked in the function, at a third of the price per call; see
docs/operations.md, cost model).

Base URL: deployed, the \`ApiUrl\` output of the region's \`StaffGate-<region>\`
stack (a REST API stage named \`prod\`); locally \`http://127.0.0.1:3000\`. Every
deployment (region) is separate: a tenant, its accounts' memberships and its
sessions exist in one region only.

## Authentication

Each operation below names one of three kinds of credentials.

| kind | how to send it | checked by |
|---|---|---|
| **operator** (\`sigv4\` in the document) | Deployed: an AWS Signature Version 4 signed request (\`Authorization: AWS4-HMAC-SHA256 …\`, service \`execute-api\`) made with IAM credentials allowed to \`execute-api:Invoke\` the operator routes (see docs/operations.md, *The operator role*). Locally: \`Authorization: Bearer <OPERATOR_TOKEN>\` (default \`local-dev-operator-token\`). | API Gateway (IAM) |
| **session bearer** (\`bearer\`) | \`Authorization: Bearer <token>\` with a back-office session token (from \`POST /v1/auth/login\` or an accepted invitation: \`acc_….ses_….…\`) or a terminal session token (from \`POST /v1/terminal/unlock\`: \`ten_….stf_…-ses_….…\`). Name the salon in the path, or with \`X-Tenant-Id\` on routes without \`{tenantId}\`. | The REQUEST authorizer (Lambda), on every request: its result is never cached, so a logout or a padlock ends the session on the very next request |
| **terminal device** | \`Authorization: Bearer <device token>\` (\`ten_….trm_….…\`), shown once when the terminal is registered (or handed once to a paired device by \`POST /v1/terminal/pairing/{pairingId}/token\`); used only by \`POST /v1/terminal/unlock\` | The unlock function |

Routes marked **public** need no credentials. A permission named on an
operation is a key of the permission catalog (\`GET /v1/permissions\`) that the
caller's access level must grant for the tenant in the path; \`member\` means
any active member of that tenant. A back-office session also needs a level
with remote access (\`403 remote_access_denied\`), a session opened from the
mobile app (login's \`platform: "mobile"\`) a level that grants \`mobile.app\`
(\`403 mobile_app_denied\`) — and it holds the level without the level's
\`webOnlySections\` — and a salon that requires two-factor login refuses its
admins' sessions opened without it (\`403 two_factor_required\`). A tenant the caller is not an active member of
answers \`404\`, as if it did not exist.

## Errors: problem+json with a stable \`code\`

Every error, whether the function's or API Gateway's own, is an RFC 9457
problem with \`Content-Type: application/problem+json\`:

\`\`\`json
{
  "type": "urn:staffgate:problem:validation_failed",
  "title": "Validation failed",
  "status": 400,
  "detail": "firstName: must not be empty",
  "code": "validation_failed",
  "errors": [{ "path": "firstName", "message": "must not be empty" }]
}
\`\`\`

Program against \`status\` and \`code\`, never against \`title\` or \`detail\` (which
are for people and may change). \`errors\` lists the fields that failed
validation. Codes you will meet often: \`validation_failed\`, \`weak_password\`
(400); \`unauthorized\`, \`invalid_credentials\`, \`session_expired\`,
\`totp_required\` (401); \`plan_required\` (402); \`forbidden\`,
\`escalation_denied\`, \`remote_access_denied\`, \`mobile_app_denied\`, \`two_factor_required\` (403);
\`not_found\` (404); \`concurrent_update\`, \`last_admin\`, \`login_taken\`,
\`pin_unavailable\`, \`idempotency_key_in_use\`, \`idempotency_key_committed\`
(409); \`version_conflict\` (412); \`idempotency_key_reused\` (422);
\`terminal_locked\` (423); \`too_many_attempts\`, \`too_many_requests\` (429);
\`service_unavailable\` (503). The codes API Gateway itself answers with are
listed under *Gateway problem codes* below.

## Idempotency-Key

Operations that create or send (marked *Idempotency-Key* below) accept an
\`Idempotency-Key\` header (1–128 characters). A repeat with the same key and
the same body within 24 hours returns the first answer with
\`Idempotent-Replayed: true\` and changes nothing; the same key with another
body answers \`422 idempotency_key_reused\`; a request with that key still in
progress answers \`409 idempotency_key_in_use\` (retry after a second). The
key is recorded as used in the same transaction as the change, so a retry
after a timeout can never create twice; if the first answer itself was lost
after the commit, the retry answers \`409 idempotency_key_committed\`. Keys are
kept per caller.

## Optimistic concurrency: ETag and If-Match

Tenants, access levels and staff members carry an integer \`version\`, returned
in the body when you read them. Send it back as \`If-Match: <version>\` on an
update or delete (an ETag form, \`"3"\` or \`W/"3"\`, is accepted too; the
server sends no \`ETag\` header of its own) and the change is made only if
nobody changed the item since you read it, else \`412 version_conflict\` (read
again, reapply, retry). Without \`If-Match\` the server still refuses to
overwrite a change made between its own read and write (the operator's plan
change is the one exception: last writer wins).

## Retry-After

\`429\` (throttles and attempt budgets), \`423 terminal_locked\` and \`503
service_unavailable\` carry \`Retry-After\` (seconds). A \`503\` means a
dependency (DynamoDB, KMS, the queue) failed or timed out and nothing was
committed: retry after \`Retry-After\`, with the same \`Idempotency-Key\` where
the route takes one. \`504 timeout\` means the request may or may not have
taken effect.

## Pagination

List operations take \`limit\` (default 50, at most 200) and \`cursor\` query
parameters and answer \`{"items": [...], "nextCursor": "..."}\`; pass
\`nextCursor\` back as \`cursor\` for the next page, until it is absent. Cursors
are opaque and belong to the list (and tenant) that issued them.

## Change events and webhooks

Every committed change emits one event \`{id, type, tenantId, occurredAt,
data}\` with ids and non-personal fields only: deployed on the region's
EventBridge bus \`staffgate-<region>\`, to each salon's webhooks (signed per
Standard Webhooks, retried for 24 h), and locally at
\`GET /_local/events?tenantId=\`. The event types, their data, the signature,
the retry schedule and where a webhook may point are in
[events.md](events.md); the webhook routes are under *Webhooks* below.

## Access snapshot claims and verification

\`POST /v1/access-snapshot\` (any session; the salon named as for
\`POST /v1/authorize\`: \`X-Tenant-Id\` or \`tenantId\` in the body) answers
\`{"snapshot": "<compact JWS>", "expiresAt": "…"}\`: the caller's compiled
access, signed, so a host can answer checks itself without a request each.
The JWS is ES256 with the header \`{"alg":"ES256","typ":"staffgate-access-snapshot+jwt","kid":"…"}\`;
verify it against the region's \`GET /.well-known/jwks.json\` (public P-256
keys, each with \`kid\`, \`alg: ES256\`, \`use: sig\`; cacheable for an hour),
requiring that \`typ\`, then read the payload:

\`\`\`json
{
  "v": 1,
  "iss": "staffgate:eu-west-1",
  "iat": 1795435200,
  "exp": 1795435260,
  "tenantId": "ten_…",
  "staffId": "stf_…",
  "session": { "id": "ses_…", "kind": "terminal", "terminalId": "trm_…", "branchId": "brn_…" },
  "remoteAccess": true,
  "catalogVersion": 4,
  "subject": { "employeeId": "emp-7", "branchIds": ["brn_…"], "anyBranch": true, "timeZone": "Europe/Stockholm" },
  "levels": [
    {
      "branchId": null,
      "accessLevelId": "lvl_…",
      "version": 4,
      "allow": "base64url of the allow bitset",
      "approval": "base64url of the approval bitset",
      "restrictions": { "12": { "scope": "own" }, "40": { "limit": 100 } }
    }
  ]
}
\`\`\`

\`session.kind\` is \`backoffice\` or \`terminal\` (\`terminalId\` and
\`branchId\` for a terminal session only). \`subject\` is what checks are
evaluated for: \`employeeId\` (absent when the person has none), the
branches they may work at (empty: all) and \`anyBranch: true\` for a
back-office session of someone limited to branches (checks must then name
\`branchId\`, as on \`/v1/authorize\`), and \`timeZone\`, the salon's IANA
zone, in which \`days\` limits count local calendar days (a snapshot without
it, from before salons had zones, counts them in UTC). \`levels\` holds, first, the
member's default level (\`branchId: null\`); that is all of format \`v: 1\`.
A member with a level per branch (\`branchLevels\`) gets format \`v: 2\`, whose
\`levels\` go on with one entry per such branch (\`branchId\` set). A check
naming \`resource.branchId\` uses that branch's entry, else the default; a
check naming none uses, at a terminal, the entry of \`session.branchId\` if
there is one, else the default. Each entry is the level as the session may
hold it (from the mobile app without its web-only sections; an entry the
session may not hold at all grants nothing). The bitsets have one bit per
permission of the catalog (\`GET /v1/permissions\`, in catalog order) of
version \`catalogVersion\`: the base64url of the little-endian 32-bit
words. \`restrictions\` are keyed by the permission's index in the catalog.
The snapshot holds no secret (no token, PIN, password or contact detail).

It is valid until \`exp\`: \`iat\` plus the salon's \`snapshotLifetimeSeconds\`
setting (10–300, default 60; \`PATCH …/settings\`), and never past the
moment the session would end from idleness or the end (local midnight) of
the member's \`endsOn\` day. A change to the person's level
or a logout is seen by \`/v1/authorize\` at once but by a snapshot only when
it is replaced: the lifetime is how long a host may honour a revoked right.
Deployed, signing keys rotate every 30 days: the key set lists the next key
a whole period before it signs, and the previous one for 15 minutes after.
Locally there is one key, kept in \`DATA_DIR\` (\`snapshot-signing.key\`).

\`shared/access-snapshot/decide.ts\` (pure TypeScript, no I/O, for host
clients) reads a verified payload: \`accessSnapshotDecider(payload).can(permission, resource, nowMs)\`
answers exactly what \`POST /v1/authorize\` answers for that check without
an approval token (\`allowed\`, \`reason\`, \`approvalRequired\`, \`missing\`),
with the same evaluation code, and throws from \`exp\` on. It reads formats 1
and 2, and refuses (throws) a snapshot of another format or another catalog version: ask
\`/v1/authorize\` then.
`;

function inlineCode(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

/** A table cell: pipes escaped once (typeOf's are already), line breaks flattened. */
function cell(text: string): string {
  return text.replaceAll(/(?<!\\)\|/g, '\\|').replaceAll('\n', ' ');
}

function literal(value: unknown): string {
  return inlineCode(JSON.stringify(value));
}

function typeOf(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split('/').pop() ?? schema.$ref;
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' \\| ');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  if (types.includes('object') && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return 'map';
  }
  const base = types.join(' \\| ') || 'any';
  return schema.format ? `${base} (${schema.format})` : base;
}

function constraints(schema: Schema): string[] {
  const notes: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) notes.push(`${min}–${max}${unit}`);
    else if (min !== undefined) notes.push(`≥ ${min}${unit}`);
    else if (max !== undefined) notes.push(`≤ ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, ' chars');
  range(schema.minimum, schema.maximum, '');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.pattern && schema.pattern.length <= 40) notes.push(`pattern ${inlineCode(schema.pattern)}`);
  if (schema.default !== undefined) notes.push(`default ${literal(schema.default)}`);
  if (schema.propertyNames?.maxLength !== undefined) notes.push(`keys ≤ ${schema.propertyNames.maxLength} chars`);
  return notes;
}

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** Flattens an object schema into dotted field rows (`a.b`, `list[].c`), depth-limited. */
function fields(schema: Schema, prefix = '', depth = 0): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const full = `${prefix}${name}`;
    const notes = [...constraints(property), ...(property.description ? [property.description] : [])].join('; ');
    rows.push({ name: full, type: typeOf(property), required: required.has(name), notes });
    if (depth >= 3) continue;
    if (property.properties) rows.push(...fields(property, `${full}.`, depth + 1));
    else if (property.items?.properties) rows.push(...fields(property.items, `${full}[].`, depth + 1));
  }
  return rows;
}

function fieldTable(rows: FieldRow[]): string[] {
  if (rows.length === 0) return ['(no fields)'];
  return [
    '| field | type | required | notes |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${inlineCode(row.name)} | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${cell(row.notes)} |`),
  ];
}

function bodySection(operation: Operation): string[] {
  const content = operation.requestBody?.content ?? {};
  const out: string[] = [];
  for (const [mediaType, { schema }] of Object.entries(content)) {
    if (!schema) continue;
    out.push(`Request body (${inlineCode(mediaType)}${operation.requestBody?.required ? ', required' : ''}):`, '');
    const variants = schema.anyOf ?? schema.oneOf;
    if (schema.type === 'string') {
      out.push(schema.description ?? 'Text.', '');
    } else if (variants) {
      out.push(`One of ${variants.length} forms:`, '');
      variants.forEach((variant, index) => {
        const extra = variant.additionalProperties === false ? ' (no other fields)' : '';
        out.push(`*Form ${index + 1}*${extra}:`, '', ...fieldTable(fields(variant)), '');
      });
    } else {
      const extra = schema.additionalProperties === false ? 'No fields other than these are accepted.' : '';
      out.push(...fieldTable(fields(schema)), '');
      if (extra) out.push(extra, '');
    }
  }
  return out;
}

function parameterSection(parameters: Parameter[]): string[] {
  if (parameters.length === 0) return [];
  return [
    'Parameters:',
    '',
    '| name | in | type | required | notes |',
    '|---|---|---|---|---|',
    ...parameters.map((parameter) => {
      const schema = parameter.schema ?? {};
      const notes = [...constraints(schema), ...(parameter.description ? [parameter.description] : []), ...(schema.description ? [schema.description] : [])].join(
        '; ',
      );
      return `| ${inlineCode(parameter.name)} | ${parameter.in} | ${cell(typeOf(schema))} | ${parameter.required ? 'yes' : ''} | ${cell(notes)} |`;
    }),
    '',
  ];
}

/** An inline object body as its fields (`{ token: string, … }`); a named one is its component's name. */
function bodyType(schema: Schema): string {
  if (schema.$ref || !schema.properties) return typeOf(schema);
  const required = new Set(schema.required ?? []);
  return `{ ${Object.entries(schema.properties)
    .map(([name, property]) => `${name}${required.has(name) ? '' : '?'}: ${bodyType(property)}`)
    .join(', ')} }`;
}

/** The named bodies (components of openapi.json, but Problem), each with its fields. */
function componentSection(document: OpenApiDocument): string[] {
  const named = Object.entries(document.components?.schemas ?? {}).filter(([name]) => name !== 'Problem');
  if (named.length === 0) return [];
  return [
    '## Response bodies',
    '',
    'The named bodies the operations above answer with (`components.schemas` of openapi.json, generated from the same zod schemas the service checks its answers against in local mode and the tests).',
    '',
    ...named.flatMap(([name, schema]) => [
      `### ${name}`,
      '',
      ...(schema.description ? [schema.description, ''] : []),
      ...(schema.properties
        ? [
            '| field | type | always present | notes |',
            '|---|---|---|---|',
            ...Object.entries(schema.properties).map(([field, property]) => {
              const notes = [...constraints(property), ...(property.description ? [property.description] : [])].join('; ');
              return `| ${inlineCode(field)} | ${cell(bodyType(property))} | ${(schema.required ?? []).includes(field) ? 'yes' : ''} | ${cell(notes)} |`;
            }),
          ]
        : [`${cell(bodyType(schema))}`]),
      '',
    ]),
  ];
}

function responseSection(operation: Operation): string[] {
  const responses = Object.entries(operation.responses ?? {});
  if (responses.length === 0) return [];
  // 2XX before 4XX before 5xx, whatever order the document uses.
  responses.sort(([a], [b]) => a.localeCompare(b));
  return [
    'Responses:',
    '',
    '| status | body | headers | meaning |',
    '|---|---|---|---|',
    ...responses.map(([status, response]) => {
      const body = Object.entries(response.content ?? {})
        .map(([mediaType, { schema }]) => `${inlineCode(mediaType)}${schema ? ` ${bodyType(schema)}` : ''}`)
        .join(', ');
      const headers = Object.keys(response.headers ?? {}).map(inlineCode).join(', ');
      return `| ${status} | ${cell(body || '—')} | ${headers || '—'} | ${cell(response.description ?? '')} |`;
    }),
    '',
  ];
}

function credentials(document: OpenApiDocument, key: string, operation: Operation): string {
  const note = CREDENTIAL_NOTES[key];
  const security = operation.security;
  if (security === undefined) return note ?? 'not stated in the document';
  // Bearer tokens the function checks itself: the note says which one.
  if (note) return `${note}; the gateway passes the request without checking it`;
  if (security.length === 0) return 'public (no credentials)';
  const names = security.flatMap((requirement) => Object.keys(requirement));
  const described = names.map((name) => {
    if (name === 'sigv4') return '**operator** (SigV4 / IAM; local operator token)';
    if (name === 'bearer') return '**session bearer** (back-office or terminal session)';
    const scheme = document.components?.securitySchemes?.[name];
    return `\`${name}\`${scheme?.description ? ` (${scheme.description})` : ''}`;
  });
  return [described.join(' or '), note].filter(Boolean).join('; ');
}

function permission(operation: Operation): string | undefined {
  const value = operation['x-staffgate-permission'];
  if (value === undefined) return undefined;
  return value === 'member' ? '`member` (any active member of the tenant)' : inlineCode(value);
}

function groupOf(path: string, operation: Operation): string {
  const tag = operation.tags?.[0];
  if (tag) return tag;
  const rule = GROUPS.find((group) => group.matches(path));
  if (rule) return rule.title;
  // Fallback: the first path segment after the version (and after the tenant), so a new route still lands somewhere stable.
  const segments = path.split('/').filter((segment) => segment && segment !== 'v1' && !segment.startsWith('{'));
  const name = (segments[0] === 'tenants' ? segments[1] : segments[0]) ?? path;
  return `Other: ${name}`;
}

function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/ /g, '-');
}

/** The whole of docs/api.md for a given OpenAPI document. Pure: the same document gives the same text. */
export function renderApiDocs(document: OpenApiDocument): string {
  const groups = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const title = groupOf(path, operation);
      if (!groups.has(title)) groups.set(title, []);
      groups.get(title)?.push({ method: method.toUpperCase(), path, operation });
    }
  }
  const known = GROUPS.map((group) => group.title).filter((title) => groups.has(title));
  const others = [...groups.keys()].filter((title) => !known.includes(title)).sort();
  const order = [...known, ...others];

  const operationCount = [...groups.values()].reduce((sum, list) => sum + list.length, 0);
  const out: string[] = [PREAMBLE];

  const problemCodes = document.components?.schemas?.Problem?.properties?.code?.examples ?? [];
  if (problemCodes.length > 0) {
    const unique = [...new Set(problemCodes.map(String))];
    out.push(
      '## Gateway problem codes',
      '',
      'Answered by API Gateway itself (authorizer refusals, throttles, WAF blocks, size and media-type limits), in the same problem format (from the `Problem` schema of openapi.json):',
      '',
      unique.map(inlineCode).join(', '),
      '',
    );
  }

  out.push(
    '## Operations',
    '',
    `${document.info?.title ?? 'API'} version ${document.info?.version ?? '?'} (OpenAPI ${document.openapi ?? '?'}): ${operationCount} operations.`,
    '',
    ...order.map((title) => `- [${title}](#${anchor(title)}) (${groups.get(title)?.length ?? 0})`),
    '',
  );

  for (const title of order) {
    out.push(`### ${title}`, '');
    for (const { method, path, operation } of groups.get(title) ?? []) {
      const key = `${method} ${path}`;
      out.push(`#### \`${key}\``, '');
      if (operation.summary) out.push(operation.summary, '');
      if (operation.description) out.push(operation.description, '');
      const facts = [
        `- Operation: ${operation.operationId ? inlineCode(operation.operationId) : '—'}`,
        `- Credentials: ${credentials(document, key, operation)}`,
      ];
      const perm = permission(operation);
      if (perm) facts.push(`- Permission: ${perm}`);
      if ((operation.parameters ?? []).some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key')) {
        facts.push('- Idempotency-Key: accepted (see *Idempotency-Key*)');
      }
      const problems = operation['x-staffgate-problems'];
      if (Array.isArray(problems) && problems.length > 0) facts.push(`- Problem codes: ${problems.map((code) => inlineCode(String(code))).join(', ')}`);
      out.push(...facts, '');
      out.push(...parameterSection((operation.parameters ?? []).filter((parameter) => parameter.name !== 'Idempotency-Key')));
      out.push(...bodySection(operation));
      out.push(...responseSection(operation));
    }
  }
  out.push(...componentSection(document));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const API_DOCS_FILE = fileURLToPath(new URL('../docs/api.md', import.meta.url));

export function renderFromFile(file = OPENAPI_FILE): string {
  return renderApiDocs(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(API_DOCS_FILE, renderFromFile());
  console.log(`Wrote ${API_DOCS_FILE}`);
}

