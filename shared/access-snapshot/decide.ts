/**
 * Checks against a verified access snapshot, answered as POST /v1/authorize
 * answers them: the same evaluate() on the same compiled level and subject.
 * Verifying the JWS (ES256, against the region's /.well-known/jwks.json,
 * `typ` ACCESS_SNAPSHOT_TYP) is the caller's job; this module only reads the
 * payload it got from the verifier.
 *
 * PURE on purpose, like ./claims.ts: it is bundled into host clients.
 */
import { type Decision, evaluate, type Resource, ResolvedPermission, type Subject, type CompiledLevel } from '../domain/permissions/compiled.js';
import { type AccessSnapshotClaims, decodeSnapshotLevels, readAccessSnapshotClaims, snapshotSubject } from './claims.js';

export type { Decision, Resource } from '../domain/permissions/compiled.js';
export {
  ACCESS_SNAPSHOT_FORMAT,
  ACCESS_SNAPSHOT_TYP,
  type AccessSnapshotClaims,
  AccessSnapshotFormatError,
  decodeSnapshotLevel,
  decodeSnapshotLevels,
  readAccessSnapshotClaims,
  type SnapshotLevel,
} from './claims.js';

/** Past `exp` a snapshot answers nothing: the session may have ended or the level changed; fetch a new one. */
export class AccessSnapshotExpiredError extends Error {
  constructor(readonly expiredAtMs: number) {
    super(`The access snapshot expired at ${new Date(expiredAtMs).toISOString()}; fetch a new one.`);
    this.name = 'AccessSnapshotExpiredError';
  }
}

export interface AccessSnapshotDecider {
  readonly claims: AccessSnapshotClaims;
  /**
   * What POST /v1/authorize answers for this check (without an approval
   * token) at `nowMs`, for any resource that route accepts. Throws
   * AccessSnapshotExpiredError from `exp` on.
   */
  can(permission: string, resource: Resource | undefined, nowMs: number): Decision;
  /**
   * `can` for one permission with its lookup done once (ResolvedPermission):
   * a host that checks the same permission often resolves it up front. The
   * check answers exactly as `can(permission, resource, nowMs)`, and throws
   * AccessSnapshotExpiredError from `exp` on too.
   */
  permission(permission: string, clock?: () => number): AccessSnapshotCheck;
}

/**
 * One permission's check on a snapshot (AccessSnapshotDecider.permission):
 * the permission resolved once for the snapshot's subject. Answers exactly
 * as the decider's `can(permission, resource, nowMs)`, and throws
 * AccessSnapshotExpiredError from `exp` on too. A class (see
 * ResolvedPermission): hosts may hold thousands and call them in one loop.
 */
export class AccessSnapshotCheck extends ResolvedPermission {
  /** With branch levels (format 2): the permission resolved on each level a named branch may pick. */
  private readonly branches: { defaultLevel: ResolvedPermission; byBranch: Map<string, ResolvedPermission> } | undefined;

  constructor(
    levels: SnapshotLevels,
    readonly key: string,
    subject: Subject,
    private readonly expiresAtMs: number,
    private readonly clock: () => number,
  ) {
    super(levels.sessionLevel, key, subject);
    this.branches =
      levels.byBranch.size === 0
        ? undefined
        : {
            defaultLevel: new ResolvedPermission(levels.defaultLevel, key, subject),
            byBranch: new Map([...levels.byBranch].map(([branchId, level]) => [branchId, new ResolvedPermission(level, key, subject)])),
          };
  }

  /** `nowMs`: the check's time; pass one for a batch of checks (reading the clock costs about as much as a check). */
  can(resource?: Resource, nowMs?: number): Decision {
    const now = nowMs === undefined ? this.clock() : nowMs;
    if (now >= this.expiresAtMs) throw new AccessSnapshotExpiredError(this.expiresAtMs);
    const branchId = resource?.branchId;
    if (this.branches === undefined || branchId === undefined) return this.check(resource, now);
    return (this.branches.byBranch.get(branchId) ?? this.branches.defaultLevel).check(resource, now);
  }
}

/** The levels of a snapshot as checks pick them (AccessSnapshotClaims.levels). */
interface SnapshotLevels {
  defaultLevel: CompiledLevel;
  byBranch: Map<string, CompiledLevel>;
  /** What a check that names no branch uses: at a terminal, its branch's level; else the default. */
  sessionLevel: CompiledLevel;
}

function snapshotLevels(claims: AccessSnapshotClaims): SnapshotLevels {
  const { defaultLevel, byBranch } = decodeSnapshotLevels(claims);
  const terminalBranch = claims.session.kind === 'terminal' ? claims.session.branchId : undefined;
  return { defaultLevel, byBranch, sessionLevel: (terminalBranch !== undefined ? byBranch.get(terminalBranch) : undefined) ?? defaultLevel };
}

/** Decodes the payload once; each `can` is then an in-memory check. */
export function accessSnapshotDecider(payload: unknown): AccessSnapshotDecider {
  const claims = readAccessSnapshotClaims(payload);
  const levels = snapshotLevels(claims);
  const subject = snapshotSubject(claims);
  const expiresAtMs = claims.exp * 1000;
  return {
    claims,
    can(permission, resource, nowMs) {
      if (nowMs >= expiresAtMs) throw new AccessSnapshotExpiredError(expiresAtMs);
      const branchId = resource?.branchId;
      const level = branchId === undefined ? levels.sessionLevel : (levels.byBranch.get(branchId) ?? levels.defaultLevel);
      return evaluate(level, permission, subject, resource, nowMs);
    },
    permission: (permission, clock = Date.now) => new AccessSnapshotCheck(levels, permission, subject, expiresAtMs, clock),
  };
}
