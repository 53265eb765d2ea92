/**
 * Decisions without a network hop: a signed access snapshot
 * (POST /v1/access-snapshot), verified offline against the region's
 * /.well-known/jwks.json, answers checks exactly as POST /v1/authorize does,
 * in memory, until its `exp`.
 *
 * The evaluation is the service's own code: `accessSnapshotDecider` from the
 * repo's shared/access-snapshot (bundled into this package at build time),
 * the same decoder and `evaluate` the service runs, so the client cannot
 * answer differently.
 */
import { type CryptoKey, errors as joseErrors, importJWK, type JWK, jwtVerify, type JWTHeaderParameters } from 'jose';
import {
  ACCESS_SNAPSHOT_TYP,
  type AccessSnapshotCheck,
  type AccessSnapshotClaims,
  type AccessSnapshotDecider,
  AccessSnapshotExpiredError,
  AccessSnapshotFormatError,
  accessSnapshotDecider,
  type Decision,
  type Resource,
} from '../../shared/access-snapshot/decide.js';
import { currentToken, type StaffGateClient } from './client.js';
import type { StaffGateEvent } from './events.js';

export { ACCESS_SNAPSHOT_TYP, AccessSnapshotExpiredError, AccessSnapshotFormatError, type AccessSnapshotClaims, type Decision, type Resource };

/** Why a snapshot was refused. */
export type SnapshotRefusal =
  /** Signed by no key of the region's key set (after one refresh of it, at most one per cooldown). */
  | 'unknown_key'
  /** The signature does not match (a changed payload or header, or another key). */
  | 'bad_signature'
  /** Not ES256, not `typ` staffgate-access-snapshot+jwt, or another issuer than `issuer`. */
  | 'wrong_type'
  | 'wrong_issuer'
  /** Another salon than the one asked for. */
  | 'wrong_tenant'
  /** `exp` has passed (on the verifier's clock). */
  | 'expired'
  /** Not a compact JWS, or a payload this code cannot read (another format or catalog version: ask POST /v1/authorize). */
  | 'malformed'
  /** The key set could not be fetched. */
  | 'jwks_unavailable';

export class AccessSnapshotVerificationError extends Error {
  constructor(
    readonly code: SnapshotRefusal,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Access snapshot refused (${code}): ${detail}`, options);
    this.name = 'AccessSnapshotVerificationError';
  }
}

/** One permission's check, its key looked up once: `access.permission('sales.refund').can({ amount: 80 })`. */
export interface PermissionCheck {
  readonly key: string;
  /** As `AccessSnapshot.can(key, resource, nowMs)`. */
  can(resource?: Resource, nowMs?: number): Decision;
}

/** A verified snapshot: the caller's access, answering checks in memory until `expiresAt`. */
export interface AccessSnapshot {
  /** The compact JWS as received (it holds no secret). */
  readonly snapshot: string;
  readonly claims: AccessSnapshotClaims;
  readonly expiresAt: Date;
  readonly expiresAtMs: number;
  /**
   * What POST /v1/authorize answers for this check (without an approval
   * token): `allowed`, `reason`, `approvalRequired`, `missing`. `nowMs`
   * defaults to the verifier's clock; pass it when checking many at once.
   * Throws AccessSnapshotExpiredError from `exp` on: a snapshot never
   * answers past its life (a cache fetches a new one instead).
   */
  can(permission: string, resource?: Resource, nowMs?: number): Decision;
  /** The check of one permission with the lookup done once, for a permission checked often. */
  permission(key: string): PermissionCheck;
  /** `exp` has passed at `nowMs` (default: the verifier's clock). */
  expired(nowMs?: number): boolean;
}

export interface SnapshotVerifierOptions {
  /** The region's API URL; the keys are read from `${baseUrl}/.well-known/jwks.json`. */
  baseUrl: string;
  /** Defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** When set (`staffgate:<region>`, e.g. `staffgate:eu-west-1`), a snapshot of another issuer is refused. */
  issuer?: string;
  /** The clock, in milliseconds since the epoch (default `Date.now`): `exp`, the checks' "now" and the key set's age. */
  now?: () => number;
  /** How long a fetched key set is used before it is fetched again (default 1 hour, the service's `Cache-Control`). */
  jwksMaxAgeMs?: number;
  /**
   * A snapshot naming a key the cached set lacks makes the set be fetched
   * again, at most once per this period (default 30 s), so snapshots with
   * forged `kid`s cannot make the verifier fetch on every call.
   */
  unknownKeyCooldownMs?: number;
}

export interface SnapshotVerifierStats {
  /** Key set requests made (successful or not). */
  jwksFetches: number;
  /** Of those, the ones made because a snapshot named an unknown key. */
  unknownKeyRefreshes: number;
  /** Snapshots verified (accepted). */
  verified: number;
  /** Snapshots refused. */
  refused: number;
}

export interface SnapshotVerifier {
  /**
   * The snapshot's access, once its signature, `typ`, issuer and `exp` are
   * checked, and (`expect.tenantId`) that it is of that salon; else throws
   * AccessSnapshotVerificationError. A snapshot handed over by someone else
   * (a browser) is any salon's: name the salon you are deciding for.
   */
  verify(snapshot: string, expect?: { tenantId?: string }): Promise<AccessSnapshot>;
  /** The verifier's clock. */
  now(): number;
  readonly stats: Readonly<SnapshotVerifierStats>;
}

interface KeySet {
  keys: Map<string, CryptoKey>;
  fetchedAtMs: number;
}

const HOUR_MS = 3_600_000;

function usableJwk(value: unknown): value is JWK & { kid: string } {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.kid === 'string' &&
    (jwk.alg === undefined || jwk.alg === 'ES256') &&
    (jwk.use === undefined || jwk.use === 'sig') &&
    jwk.d === undefined
  );
}

function refusalOf(error: unknown): AccessSnapshotVerificationError {
  if (error instanceof AccessSnapshotVerificationError) return error;
  if (error instanceof AccessSnapshotFormatError) return new AccessSnapshotVerificationError('malformed', error.message, { cause: error });
  if (error instanceof joseErrors.JWTExpired) return new AccessSnapshotVerificationError('expired', 'exp has passed', { cause: error });
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new AccessSnapshotVerificationError('bad_signature', 'the signature does not match', { cause: error });
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new AccessSnapshotVerificationError('wrong_type', 'not ES256', { cause: error });
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new AccessSnapshotVerificationError('wrong_issuer', error.message, { cause: error });
    if (error.claim === 'typ') return new AccessSnapshotVerificationError('wrong_type', `the header's typ is not ${ACCESS_SNAPSHOT_TYP}`, { cause: error });
    return new AccessSnapshotVerificationError('malformed', error.message, { cause: error });
  }
  if (error instanceof joseErrors.JOSEError) return new AccessSnapshotVerificationError('malformed', error.message, { cause: error });
  return new AccessSnapshotVerificationError('malformed', error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * Verifies snapshots offline. The key set is fetched on first use, kept for
 * `jwksMaxAgeMs`, and fetched again early when a snapshot names a key it
 * lacks (a rotation the cached set predates), at most once per
 * `unknownKeyCooldownMs`. Concurrent verifications share one fetch. Keep one
 * verifier per region and process: its key set serves every session.
 */
export function createSnapshotVerifier(options: SnapshotVerifierOptions): SnapshotVerifier {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/.well-known/jwks.json`;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const now = options.now ?? Date.now;
  const maxAgeMs = options.jwksMaxAgeMs ?? HOUR_MS;
  const cooldownMs = options.unknownKeyCooldownMs ?? 30_000;
  const stats: SnapshotVerifierStats = { jwksFetches: 0, unknownKeyRefreshes: 0, verified: 0, refused: 0 };
  let keySet: KeySet | undefined;
  let loading: Promise<KeySet> | undefined;
  let lastUnknownKeyRefreshMs: number | undefined;

  async function load(): Promise<KeySet> {
    stats.jwksFetches += 1;
    let body: unknown;
    try {
      const response = await send(new Request(url, { headers: { accept: 'application/json' } }));
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new AccessSnapshotVerificationError('jwks_unavailable', error instanceof Error ? error.message : String(error), { cause: error });
    }
    const listed = typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys) ? (body as { keys: unknown[] }).keys : [];
    const keys = new Map<string, CryptoKey>();
    for (const jwk of listed.filter(usableJwk)) keys.set(jwk.kid, (await importJWK(jwk, 'ES256')) as CryptoKey);
    return { keys, fetchedAtMs: now() };
  }

  /** The key set fetched again (one fetch for concurrent callers); a failure keeps the cached set. */
  function refresh(): Promise<KeySet> {
    loading ??= load()
      .then((loaded) => {
        keySet = loaded;
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  async function keyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    const kid = header.kid;
    if (typeof kid !== 'string') throw new AccessSnapshotVerificationError('unknown_key', 'the header names no kid');
    let fetchedNow = false;
    let current = keySet;
    if (current === undefined || now() - current.fetchedAtMs >= maxAgeMs) {
      try {
        current = await refresh();
        fetchedNow = true;
      } catch (error) {
        // A stale set still verifies until a fetch succeeds: keys are published a period before they sign.
        if (current === undefined) throw error;
      }
    }
    let key = current.keys.get(kid);
    if (key === undefined && !fetchedNow && (lastUnknownKeyRefreshMs === undefined || now() - lastUnknownKeyRefreshMs >= cooldownMs)) {
      lastUnknownKeyRefreshMs = now();
      stats.unknownKeyRefreshes += 1;
      key = (await refresh()).keys.get(kid);
    }
    if (key === undefined) throw new AccessSnapshotVerificationError('unknown_key', `no key ${JSON.stringify(kid)} in ${url}`);
    return key;
  }

  return {
    stats,
    now: () => now(),
    async verify(snapshot, expect = {}) {
      try {
        const { payload } = await jwtVerify(snapshot, keyFor, {
          algorithms: ['ES256'],
          typ: ACCESS_SNAPSHOT_TYP,
          currentDate: new Date(now()),
          ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
          requiredClaims: ['exp', 'iss'],
        });
        const access = new VerifiedSnapshot(snapshot, payload, now);
        if (expect.tenantId !== undefined && access.claims.tenantId !== expect.tenantId) {
          throw new AccessSnapshotVerificationError('wrong_tenant', `expected salon ${expect.tenantId}, got one of ${access.claims.tenantId}`);
        }
        stats.verified += 1;
        return access;
      } catch (error) {
        stats.refused += 1;
        throw refusalOf(error);
      }
    },
  };
}

/** The access of a verified payload (the decider decodes it once). */
class VerifiedSnapshot implements AccessSnapshot {
  readonly claims: AccessSnapshotClaims;
  readonly expiresAt: Date;
  readonly expiresAtMs: number;
  private readonly decider: AccessSnapshotDecider;

  constructor(
    readonly snapshot: string,
    payload: unknown,
    private readonly clock: () => number,
  ) {
    this.decider = accessSnapshotDecider(payload);
    this.claims = this.decider.claims;
    this.expiresAtMs = this.claims.exp * 1000;
    this.expiresAt = new Date(this.expiresAtMs);
  }

  can(permission: string, resource?: Resource, nowMs?: number): Decision {
    return this.decider.can(permission, resource, nowMs === undefined ? this.clock() : nowMs);
  }

  permission(key: string): PermissionCheck {
    // A class (shared/access-snapshot/decide.ts), not a closure per handle: a loop over many stays monomorphic and inlined.
    return this.decider.permission(key, this.clock);
  }

  expired(nowMs: number = this.clock()): boolean {
    return nowMs >= this.expiresAtMs;
  }
}

/** Which snapshot: the session (its bearer token; default the client's) and the salon (default the client's `tenantId`; a terminal session needs none). */
export interface SnapshotKey {
  token?: string;
  tenantId?: string;
}

export interface SnapshotCacheOptions {
  /** Replace a snapshot this long before its `exp` (default 1 s), so a snapshot handed out is not about to expire. */
  refreshAheadMs?: number;
  /** The clock (default: the client's snapshot verifier's). */
  now?: () => number;
}

/** An event as a webhook delivers it, or an EventBridge event carrying it in `detail`. */
export type SnapshotEvent = StaffGateEvent | { type: string; tenantId: string; data?: unknown } | { 'detail-type': string; detail: { type: string; tenantId: string; data?: unknown } };

export interface SnapshotCache {
  /** A snapshot that is not expired (nor within `refreshAheadMs` of it) and not dropped: the cached one, else a new one (one request for concurrent callers). */
  get(key?: SnapshotKey): Promise<AccessSnapshot>;
  /** `(await get(key)).can(permission, resource)`. */
  can(permission: string, resource?: Resource, key?: SnapshotKey): Promise<Decision>;
  /**
   * Drops the snapshots an event makes stale: `session.revoked` and every
   * `staff.*` event for their staff member, `access_level.updated` and
   * `access_level.deleted` for their level, `terminal.revoked` for their
   * terminal; of the event's salon only. A snapshot being fetched when the
   * event arrives is not kept if it matches. Returns how many were dropped.
   */
  handleEvent(event: SnapshotEvent): number;
  /** Forgets the snapshot of `key` (e.g. after a logout). */
  drop(key?: SnapshotKey): Promise<void>;
  clear(): void;
  /** Snapshots held (expired ones are removed when a new one is stored). */
  readonly size: number;
}

interface Staleness {
  tenantId: string;
  staffId?: string;
  accessLevelId?: string;
  terminalId?: string;
}

function stalenessOf(input: SnapshotEvent): Staleness | undefined {
  const event = ('detail' in input ? input.detail : input) as { type?: unknown; tenantId?: unknown; data?: unknown };
  if (typeof event.type !== 'string' || typeof event.tenantId !== 'string') return undefined;
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const id = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  const tenantId = event.tenantId;
  if (event.type === 'session.revoked' || event.type.startsWith('staff.')) {
    const staffId = id('staffId');
    return staffId === undefined ? undefined : { tenantId, staffId };
  }
  if (event.type === 'access_level.updated' || event.type === 'access_level.deleted') {
    const accessLevelId = id('accessLevelId');
    return accessLevelId === undefined ? undefined : { tenantId, accessLevelId };
  }
  if (event.type === 'terminal.revoked') {
    const terminalId = id('terminalId');
    return terminalId === undefined ? undefined : { tenantId, terminalId };
  }
  return undefined;
}

function isStale(claims: AccessSnapshotClaims, staleness: Staleness): boolean {
  if (claims.tenantId !== staleness.tenantId) return false;
  if (staleness.staffId !== undefined) return claims.staffId === staleness.staffId;
  if (staleness.accessLevelId !== undefined) return claims.levels.some((level) => level.accessLevelId === staleness.accessLevelId);
  return staleness.terminalId !== undefined && claims.session.terminalId === staleness.terminalId;
}

/**
 * One snapshot per session and salon, fetched through `client`
 * (`client.accessSnapshot`) when there is none, when it is about to expire,
 * or after an event dropped it. A cached snapshot is never used past `exp`:
 * `get` and `can` fetch a new one instead (and `AccessSnapshot.can` itself
 * throws AccessSnapshotExpiredError past `exp`). Feed it the salon's events
 * (webhook deliveries or EventBridge) with `handleEvent`, so a revoked
 * session or a changed level stops answering at once rather than at `exp`.
 */
export function createSnapshotCache(client: StaffGateClient, options: SnapshotCacheOptions = {}): SnapshotCache {
  const now = options.now ?? (() => client.snapshotVerifier.now());
  const aheadMs = options.refreshAheadMs ?? 1000;
  const entries = new Map<string, AccessSnapshot>();
  const fetching = new Map<string, Promise<AccessSnapshot>>();
  /** Events that arrived while fetches were in flight, so a snapshot issued before one is not kept. */
  let eventCount = 0;
  let recent: { at: number; staleness: Staleness }[] = [];

  const keyOf = async (key: SnapshotKey): Promise<string> => `${key.token ?? (await currentToken(client)) ?? ''}\u0000${key.tenantId ?? ''}`;
  const fresh = (snapshot: AccessSnapshot) => now() < snapshot.expiresAtMs - aheadMs;

  async function fetchFor(id: string, key: SnapshotKey): Promise<AccessSnapshot> {
    for (let attempt = 0; ; attempt += 1) {
      const since = eventCount;
      const snapshot = await client.accessSnapshot(key);
      const stale = recent.some((event) => event.at >= since && isStale(snapshot.claims, event.staleness));
      if (!stale) {
        for (const [other, held] of entries) if (held.expired(now())) entries.delete(other);
        entries.set(id, snapshot);
        return snapshot;
      }
      // Issued before an event that makes it stale arrived: fetch it again (once), else hand it out uncached.
      if (attempt >= 1) return snapshot;
    }
  }

  async function get(key: SnapshotKey = {}): Promise<AccessSnapshot> {
    const id = await keyOf(key);
    const held = entries.get(id);
    if (held !== undefined && fresh(held)) return held;
    let pending = fetching.get(id);
    if (pending === undefined) {
      pending = fetchFor(id, key).finally(() => {
        fetching.delete(id);
        if (fetching.size === 0) recent = [];
      });
      fetching.set(id, pending);
    }
    return pending;
  }

  return {
    get,
    async can(permission, resource, key) {
      return (await get(key)).can(permission, resource);
    },
    handleEvent(event) {
      const staleness = stalenessOf(event);
      if (staleness === undefined) return 0;
      if (fetching.size > 0) recent.push({ at: eventCount, staleness });
      eventCount += 1;
      let dropped = 0;
      for (const [id, snapshot] of entries) {
        if (isStale(snapshot.claims, staleness)) {
          entries.delete(id);
          dropped += 1;
        }
      }
      return dropped;
    },
    async drop(key = {}) {
      entries.delete(await keyOf(key));
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
