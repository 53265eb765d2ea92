/**
 * The claims of a signed access snapshot (POST /v1/access-snapshot): the
 * caller's compiled access level and subject, as a JWS (ES256) payload, so
 * that a host can answer checks itself for the snapshot's short life.
 *
 * PURE on purpose: no Node-only module, no I/O, no Buffer. It is bundled
 * into host clients (browser and Node) as well as the service.
 */
import { CATALOG_VERSION, permissionKeys } from '../domain/permissions/catalog.js';
import { type CompiledLevel, type PlainRestriction, plainRestrictions, type Restriction, type Subject, withKeys } from '../domain/permissions/compiled.js';
import { canonicalTimeZone } from '../time/local-days.js';

/** The JWS header's `typ` (RFC 8725 explicit typing): a verifier refuses any other token signed by the same keys. */
export const ACCESS_SNAPSHOT_TYP = 'staffgate-access-snapshot+jwt';

/**
 * The claims' newest format; a change a decoder cannot read safely bumps it.
 * 1: one level, everywhere. 2: also a level per branch (branchLevels), made
 * only for a member who has one, so hosts on a format-1 client keep working
 * for everyone else.
 */
export const ACCESS_SNAPSHOT_FORMAT = 2;

/** Format 2's branch levels: at most one per branch, as the API allows. */
const MAX_SNAPSHOT_LEVELS = 1 + 20;

export type SnapshotRestriction = PlainRestriction;

export interface SnapshotLevel {
  /** `null`: the default level (the only kind in format 1); a branch id: the level that applies at that branch instead. */
  branchId: string | null;
  accessLevelId: string;
  /** The level's version when the snapshot was made. */
  version: number;
  /** One bit per catalog permission, as base64url of the little-endian 32-bit words. */
  allow: string;
  approval: string;
  /** Grants with a scope, a history limit or an amount limit, by catalog index. */
  restrictions: Record<string, SnapshotRestriction>;
}

export interface AccessSnapshotClaims {
  v: 1 | 2;
  /** `staffgate:<region>`: the deployment whose JWKS verifies the snapshot. */
  iss: string;
  /** Seconds since the epoch (RFC 7519 NumericDate). */
  iat: number;
  exp: number;
  tenantId: string;
  staffId: string;
  session: { id: string; kind: 'backoffice' | 'terminal'; terminalId?: string; branchId?: string };
  remoteAccess: boolean;
  catalogVersion: number;
  /**
   * As POST /v1/authorize evaluates it (sessionSubject): `anyBranch` set for a
   * branch-limited back-office session; `timeZone`, the salon's, in which
   * `days` limits count calendar days (absent, from before salons had zones: UTC).
   */
  subject: { employeeId?: string; branchIds: string[]; anyBranch?: true; timeZone?: string };
  /**
   * The default level first (`branchId: null`), then (format 2) one per
   * branch where another applies. A check with `resource.branchId` uses that
   * branch's level, else the default; a check without one uses, at a
   * terminal, the terminal branch's level (`session.branchId`), else the default.
   */
  levels: [SnapshotLevel, ...SnapshotLevel[]];
}

/** The payload is not a snapshot this code can read: another format, another catalog, or malformed. */
export class AccessSnapshotFormatError extends Error {
  constructor(detail: string) {
    super(`Not a usable access snapshot: ${detail}`);
    this.name = 'AccessSnapshotFormatError';
  }
}

const WORDS = Math.ceil(permissionKeys.length / 32);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function wordsToBase64url(words: Uint32Array): string {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, index) => view.setUint32(index * 4, word, true));
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c += 1) text += ALPHABET[(chunk >>> (18 - 6 * c)) & 63];
  }
  return text;
}

function base64urlToWords(text: string, what: string): Uint32Array {
  if (text.length !== Math.ceil((WORDS * 4 * 8) / 6)) throw new AccessSnapshotFormatError(`${what} is not ${WORDS} words`);
  const bytes = new Uint8Array(WORDS * 4);
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new AccessSnapshotFormatError(`${what} is not base64url`);
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at] = (buffer >>> bits) & 0xff;
      at += 1;
    }
  }
  const view = new DataView(bytes.buffer);
  return Uint32Array.from({ length: WORDS }, (_, index) => view.getUint32(index * 4, true));
}

/** The level as a snapshot carries it (service side); `branchId`: where it applies instead of the default. */
export function encodeSnapshotLevel(level: CompiledLevel, accessLevelId: string, version: number, branchId: string | null = null): SnapshotLevel {
  return { branchId, accessLevelId, version, allow: wordsToBase64url(level.allow), approval: wordsToBase64url(level.approval), restrictions: plainRestrictions(level) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function readRestriction(value: unknown, index: string): Restriction {
  const at = `restriction ${index}`;
  if (!/^\d+$/.test(index) || Number(index) >= permissionKeys.length || !isRecord(value)) throw new AccessSnapshotFormatError(`${at} is malformed`);
  const { scope, employeeIds, days, limit, above } = value;
  if (scope !== undefined && scope !== 'own' && scope !== 'staff') throw new AccessSnapshotFormatError(`${at} has an unknown scope`);
  if (employeeIds !== undefined && !(Array.isArray(employeeIds) && employeeIds.every(isString))) throw new AccessSnapshotFormatError(`${at} has malformed employeeIds`);
  if ((days !== undefined && !isNumber(days)) || (limit !== undefined && !isNumber(limit))) throw new AccessSnapshotFormatError(`${at} has a malformed limit`);
  if (above !== undefined && (above !== 'approval' || limit === undefined)) throw new AccessSnapshotFormatError(`${at} has a malformed "above"`);
  return {
    ...(scope !== undefined ? { scope } : {}),
    ...(employeeIds !== undefined ? { employeeIds: new Set(employeeIds) } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(above !== undefined ? { aboveApproval: true as const } : {}),
  };
}

/**
 * The verified JWS payload as claims, checked field by field. Refuses what
 * it cannot evaluate exactly as the service would: another format, or
 * another catalog version (bit positions would mean other permissions).
 */
export function readAccessSnapshotClaims(payload: unknown): AccessSnapshotClaims {
  if (!isRecord(payload)) throw new AccessSnapshotFormatError('the payload is not an object');
  const { v, iss, iat, exp, tenantId, staffId, session, remoteAccess, catalogVersion, subject, levels } = payload;
  if (v !== 1 && v !== 2) throw new AccessSnapshotFormatError(`format ${String(v)} (this code reads 1 and 2)`);
  if (catalogVersion !== CATALOG_VERSION) {
    throw new AccessSnapshotFormatError(`permission catalog version ${String(catalogVersion)} (this code has ${CATALOG_VERSION}); ask POST /v1/authorize`);
  }
  if (!isString(iss) || !isNumber(iat) || !isNumber(exp) || !isString(tenantId) || !isString(staffId) || typeof remoteAccess !== 'boolean') {
    throw new AccessSnapshotFormatError('iss, iat, exp, tenantId, staffId or remoteAccess is missing');
  }
  if (!isRecord(session) || !isString(session.id) || (session.kind !== 'backoffice' && session.kind !== 'terminal')) {
    throw new AccessSnapshotFormatError('the session is malformed');
  }
  if (
    !isRecord(subject) ||
    !(Array.isArray(subject.branchIds) && subject.branchIds.every(isString)) ||
    (subject.employeeId !== undefined && !isString(subject.employeeId)) ||
    (subject.anyBranch !== undefined && subject.anyBranch !== true) ||
    (subject.timeZone !== undefined && !(isString(subject.timeZone) && canonicalTimeZone(subject.timeZone) !== undefined))
  ) {
    throw new AccessSnapshotFormatError('the subject is malformed');
  }
  if (!Array.isArray(levels) || levels.length === 0) throw new AccessSnapshotFormatError('the levels are missing');
  if (v === 1 && levels.length !== 1) throw new AccessSnapshotFormatError('format 1 carries exactly one level');
  if (levels.length > MAX_SNAPSHOT_LEVELS) throw new AccessSnapshotFormatError(`more than ${MAX_SNAPSHOT_LEVELS} levels`);
  const branches = new Set<string>();
  (levels as unknown[]).forEach((level, index) => {
    const branchOk = index === 0 ? isRecord(level) && level.branchId === null : isRecord(level) && isString(level.branchId) && !branches.has(level.branchId);
    if (!isRecord(level) || !branchOk || !isString(level.accessLevelId) || !isNumber(level.version) || !isString(level.allow) || !isString(level.approval) || !isRecord(level.restrictions)) {
      throw new AccessSnapshotFormatError(index === 0 ? 'the level is malformed' : `branch level ${index} is malformed`);
    }
    if (isString(level.branchId)) branches.add(level.branchId);
  });
  if (session.kind === 'terminal' && session.branchId !== undefined && !isString(session.branchId)) throw new AccessSnapshotFormatError('the session is malformed');
  return payload as unknown as AccessSnapshotClaims;
}

function decodeLevel(level: SnapshotLevel, catalogVersion: number): CompiledLevel {
  const restrictions = new Map<number, Restriction>();
  for (const [index, restriction] of Object.entries(level.restrictions)) restrictions.set(Number(index), readRestriction(restriction, index));
  return withKeys({
    catalogVersion,
    allow: base64urlToWords(level.allow, 'allow'),
    approval: base64urlToWords(level.approval, 'approval'),
    restrictions,
  });
}

/** The snapshot's default level, compiled as the service holds it: what evaluate() takes. */
export function decodeSnapshotLevel(payload: unknown): CompiledLevel {
  const claims = readAccessSnapshotClaims(payload);
  return decodeLevel(claims.levels[0], claims.catalogVersion);
}

/** Every level of the snapshot, compiled: the default, and by branch those that apply there instead. */
export function decodeSnapshotLevels(payload: unknown): { defaultLevel: CompiledLevel; byBranch: Map<string, CompiledLevel> } {
  const claims = readAccessSnapshotClaims(payload);
  const [first, ...rest] = claims.levels;
  return {
    defaultLevel: decodeLevel(first, claims.catalogVersion),
    byBranch: new Map(rest.map((level) => [level.branchId as string, decodeLevel(level, claims.catalogVersion)])),
  };
}

/** The subject evaluate() takes, exactly as the service evaluated it when it made the snapshot. */
export function snapshotSubject(claims: AccessSnapshotClaims): Subject {
  return {
    employeeId: claims.subject.employeeId,
    branchIds: claims.subject.branchIds,
    ...(claims.subject.anyBranch ? { anyBranch: true } : {}),
    ...(claims.subject.timeZone !== undefined ? { timeZone: claims.subject.timeZone } : {}),
  };
}
