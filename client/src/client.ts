import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf, ResponseObjectMap, SuccessResponse } from 'openapi-typescript-helpers';
import { idempotentRoutes } from './idempotent-routes.js';
import { problemOf } from './problem.js';
import { retryingFetch, type RetryOptions } from './retry.js';
import type { paths } from './schema.js';
import { type AccessSnapshot, createSnapshotVerifier, type SnapshotKey, type SnapshotVerifier } from './snapshots.js';

/** A bearer token, or a function giving the current one (called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

export interface StaffGateClientOptions {
  /** The region's API URL: deployed, the stack's `ApiUrl` output; locally `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` unless a request sets its own Authorization header. */
  token?: TokenSource;
  /** Sent as `X-Tenant-Id`: names the salon on routes without `{tenantId}` (`POST /v1/authorize`, `GET /v1/session`…). */
  tenantId?: string;
  /** Defaults to the global `fetch`; pass one to sign requests (SigV4 for operator routes), add tracing, or test. */
  fetch?: (request: Request) => Promise<Response>;
  retries?: RetryOptions;
  /**
   * Verifies access snapshots (`accessSnapshot`). Default: one made for
   * `baseUrl` with this client's `fetch`; share one (`createSnapshotVerifier`)
   * between the clients of many sessions so they share its key set, or pass
   * your own to set the issuer, the clock or the key-set timings.
   */
  snapshotVerifier?: SnapshotVerifier;
}

type InitParam<Init> = RequiredKeysOf<Init> extends never ? [Init?] : [Init];

type Success<Operation> = ResponseObjectMap<Operation> extends infer Responses extends Record<string | number, unknown> ? SuccessResponse<Responses, MediaType> : never;

/** A successful answer: the parsed body (`undefined` for 204) and the response, for headers such as `Idempotent-Replayed`. */
export interface Answer<Data> {
  data: Data;
  response: Response;
}

type Call<Method extends HttpMethod> = <Path extends PathsWithMethod<paths, Method>, Init extends MaybeOptionalInit<paths[Path], Method>>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<Answer<Success<paths[Path][Method]>>>;

type ListBody<Path extends keyof paths> = paths[Path] extends { get: { responses: { 200: { content: { 'application/json': infer Body } } } } } ? Body : never;

/** The GET routes that answer one page of a list: `{ items, nextCursor }`. */
export type ListPath = {
  [Path in PathsWithMethod<paths, 'get'>]: ListBody<Path> extends { items: unknown[]; nextCursor: string | null } ? Path : never;
}[PathsWithMethod<paths, 'get'>];

export type ListItem<Path extends ListPath> = ListBody<Path> extends { items: (infer Item)[] } ? Item : never;

export interface StaffGateClient {
  GET: Call<'get'>;
  POST: Call<'post'>;
  PUT: Call<'put'>;
  PATCH: Call<'patch'>;
  DELETE: Call<'delete'>;
  /** Every item of a list, page after page (pass `limit` in the query to choose the page size). */
  paginate<Path extends ListPath>(path: Path, ...init: InitParam<MaybeOptionalInit<paths[Path], 'get'>>): AsyncGenerator<ListItem<Path>, void, undefined>;
  /** Replaces the bearer token (after login, invitation acceptance or a terminal unlock); `undefined` sends none. */
  setToken(token: TokenSource | undefined): void;
  /**
   * `POST /v1/access-snapshot`, verified offline (signature, `typ`, issuer,
   * `exp`): the session's access, answering checks in memory until
   * `expiresAt`. `token` replaces the client's bearer token for this call (a
   * host serving many sessions); `tenantId` names the salon (default: the
   * client's `tenantId`; a terminal session needs none).
   */
  accessSnapshot(key?: SnapshotKey): Promise<AccessSnapshot>;
  /** The verifier `accessSnapshot` uses (its clock and key-set statistics). */
  readonly snapshotVerifier: SnapshotVerifier;
}

const tokens = new WeakMap<StaffGateClient, () => Promise<string | undefined>>();

/** The bearer token a client sends now (internal: the snapshot cache keys snapshots by session). */
export async function currentToken(client: StaffGateClient): Promise<string | undefined> {
  return tokens.get(client)?.();
}

/**
 * Safe to send twice: reads; creating requests with an Idempotency-Key (a
 * repeat changes nothing); and conditional updates, which a version already
 * bumped by the first attempt refuses. Anything else (a login, a PIN unlock)
 * could count or act twice.
 */
function isRepeatable(request: Request, keyed: boolean): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || keyed) return true;
  return ['PUT', 'PATCH', 'DELETE'].includes(request.method) && request.headers.has('if-match');
}

export function createStaffGateClient(options: StaffGateClientOptions): StaffGateClient {
  let token = options.token;
  const repeatable = new WeakSet<Request>();
  const base = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: retryingFetch(options.fetch ?? ((request) => fetch(request)), repeatable, options.retries ?? {}),
  });
  base.use({
    async onRequest({ request, schemaPath }) {
      const bearer = typeof token === 'function' ? await token() : token;
      if (bearer !== undefined && !request.headers.has('authorization')) request.headers.set('Authorization', `Bearer ${bearer}`);
      if (options.tenantId !== undefined && !request.headers.has('x-tenant-id')) request.headers.set('X-Tenant-Id', options.tenantId);
      const keyed = idempotentRoutes.has(`${request.method} ${schemaPath}`);
      if (keyed && !request.headers.has('idempotency-key')) request.headers.set('Idempotency-Key', crypto.randomUUID());
      if (isRepeatable(request, keyed)) repeatable.add(request);
    },
  });

  // The typed signatures are the `Call` types above; inside, one untyped path serves every method.
  const send = base.request as unknown as (method: HttpMethod, path: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const call = (method: HttpMethod) => async (path: string, init?: object) => {
    const { data, error, response } = await send(method, path, init);
    if (!response.ok) throw problemOf(response, error);
    return { data, response };
  };
  const get = call('get');
  const post = call('post');
  const snapshotVerifier = options.snapshotVerifier ?? createSnapshotVerifier({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });

  const client: StaffGateClient = {
    GET: get as Call<'get'>,
    POST: post as Call<'post'>,
    PUT: call('put') as Call<'put'>,
    PATCH: call('patch') as Call<'patch'>,
    DELETE: call('delete') as Call<'delete'>,
    async *paginate(path, ...[init]) {
      const params = (init as { params?: { query?: object } } | undefined)?.params;
      let cursor: string | undefined;
      do {
        const page = await get(path, { ...init, params: { ...params, query: { ...params?.query, ...(cursor === undefined ? {} : { cursor }) } } });
        const { items, nextCursor } = page.data as { items: ListItem<typeof path>[]; nextCursor: string | null };
        yield* items;
        cursor = nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    setToken(next) {
      token = next;
    },
    snapshotVerifier,
    async accessSnapshot({ token: sessionToken, tenantId = options.tenantId } = {}) {
      const { data } = await post('/v1/access-snapshot', {
        body: tenantId === undefined ? {} : { tenantId },
        ...(sessionToken === undefined ? {} : { headers: { Authorization: `Bearer ${sessionToken}` } }),
      });
      return snapshotVerifier.verify((data as { snapshot: string }).snapshot, tenantId === undefined ? {} : { tenantId });
    },
  };
  tokens.set(client, async () => (typeof token === 'function' ? await token() : token));
  return client;
}
