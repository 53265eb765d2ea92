import { secretBox } from '../clients/secret-box.js';
import { clock } from '../clock.js';
import { sha256 } from '../crypto/tokens.js';
import { markerCommitted, withCommitMarker } from '../data/commit-marker.js';
import type { IdempotencyScope } from '../data/entities.js';
import { commitStep, completeRecord, leaseRecord, type RecordKey, releaseRecord } from '../data/repositories/idempotency.js';
import { AppError, ConflictError, ValidationError } from '../errors.js';
import { logger } from '../logger.js';
import type { Principal } from './principal.js';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';

/**
 * `Idempotency-Key` on creating and sending requests (api.md v1.1): a repeat
 * with the same key and body within 24 h returns the first answer and
 * changes nothing; the same key with another body is refused.
 *
 * Why not Powertools' Idempotency utility: it stores the first answer in
 * clear (ours carry terminal tokens and generated PINs, which are never
 * stored in clear), its record is written apart from the change (a crash
 * between the two lets a retry create twice), and its single-table layout
 * puts every caller's records under one partition key. Here the record is
 * leased before the change, marked committed INSIDE the change's own
 * transaction (commit-marker.ts), and the answer is sealed with the secrets
 * key. A request that dies after committing leaves the key "committed": a
 * retry then gets 409 `idempotency_key_in_use` while its lease lasts (the
 * request may still be keeping its answer), then 409
 * `idempotency_key_committed`; never a second change.
 */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;
/** Longer than any function's timeout: a lease outlives the request holding it. */
const LEASE_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

export class IdempotencyKeyReusedError extends AppError {
  readonly status = 422;
  readonly title = 'Unprocessable content';
  constructor() {
    super('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request.');
  }
}

export class IdempotencyKeyInUseError extends ConflictError {
  constructor() {
    super('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    this.headers['Retry-After'] = '1';
  }
}

export class IdempotencyKeyCommittedError extends ConflictError {
  constructor() {
    super('idempotency_key_committed', 'The request with this Idempotency-Key was carried out, but its answer was lost; fetch the resource instead.');
  }
}

export interface IdempotentResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Where a caller's keys live: with the tenant of a terminal (keyed by staff member), the account of a back-office session, or the operator. */
function scopeOf(principal: Principal | undefined): IdempotencyScope | undefined {
  if (principal?.kind === 'backoffice') return { accountId: principal.accountId };
  if (principal?.kind === 'terminal') return { tenantId: principal.tenantId };
  if (principal?.kind === 'operator') return { operator: sha256(principal.caller).slice(0, 32) };
  return undefined;
}

const sealContext = (key: RecordKey) => `request:${sha256(JSON.stringify(key)).slice(0, 32)}`;

function problemOf(error: AppError): IdempotentResult {
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': PROBLEM_CONTENT_TYPE },
    body: { type: problemType(error.code), title: error.title, status: error.status, detail: error.message, code: error.code },
  };
}

/**
 * Runs `operation` at most once per (caller, route, key). Without the header
 * the operation simply runs.
 */
export async function idempotent(
  input: { header: string | undefined; principal: Principal | undefined; route: string; body: unknown; requestId: string },
  operation: () => Promise<IdempotentResult>,
): Promise<IdempotentResult> {
  const scope = scopeOf(input.principal);
  if (input.header === undefined || !scope) return operation();
  if (!KEY_PATTERN.test(input.header)) {
    throw new ValidationError([{ path: 'header.idempotency-key', message: 'An Idempotency-Key is 1 to 128 visible ASCII characters.' }]);
  }
  // A salon's terminals are shared: there the caller is the staff member, whose keys live with the tenant.
  const caller = input.principal?.kind === 'terminal' ? `${input.principal.staffId}|` : '';
  const key: RecordKey = { ...scope, key: sha256(`${caller}${input.route}|${input.header}`) };
  const fingerprint = sha256(canonicalJson(input.body ?? null));
  const owner = input.requestId;
  const nowMs = clock.nowMs();
  const existing = await leaseRecord(key, { fingerprint, owner, leaseUntil: nowMs + LEASE_MS, ttl: Math.floor(nowMs / 1000) + IDEMPOTENCY_WINDOW_SECONDS }, nowMs);
  // Our own lease: the SDK sent the lease again after its first answer was lost (a timeout), and the first one was written.
  const ownLease = existing?.status === 'in_progress' && existing.owner === owner;
  if (existing && !ownLease) {
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (existing.status === 'completed' && existing.response) {
      const replay = JSON.parse(await secretBox().open(existing.response, sealContext(key))) as IdempotentResult;
      return { ...replay, headers: { ...replay.headers, 'Idempotent-Replayed': 'true' } };
    }
    // Committed, no answer yet: while the lease lasts, the request that committed is (or may be) keeping its answer.
    throw existing.status === 'in_progress' || existing.leaseUntil > nowMs ? new IdempotencyKeyInUseError() : new IdempotencyKeyCommittedError();
  }

  let committed = false;
  let result: IdempotentResult;
  try {
    result = await withCommitMarker(commitStep(key, owner, () => new IdempotencyKeyInUseError()), async () => {
      try {
        return await operation();
      } finally {
        committed = markerCommitted();
      }
    });
  } catch (error) {
    // Refused before anything committed: the key is free again. Refused after: that refusal is the first answer.
    if (!committed) await releaseRecord(key, owner).catch(() => undefined);
    else if (error instanceof AppError) await keep(key, owner, problemOf(error));
    throw error;
  }
  await keep(key, owner, result);
  return result;
}

/** JSON with every object's members sorted by name: a body is the same body whatever the order its members were sent in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_name, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

async function keep(key: RecordKey, owner: string, result: IdempotentResult): Promise<void> {
  try {
    await completeRecord(key, owner, await secretBox().seal(JSON.stringify(result), sealContext(key)));
  } catch (error) {
    // The change committed and the caller gets its answer; a retry will be told it was carried out (once the lease has run out).
    logger.warn('Idempotent answer not kept', { error: (error as Error).name });
  }
}
