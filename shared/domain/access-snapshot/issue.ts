import { ACCESS_SNAPSHOT_FORMAT, ACCESS_SNAPSHOT_TYP, type AccessSnapshotClaims, encodeSnapshotLevel } from '../../access-snapshot/claims.js';
import { type PublicJwk, signCompactJws, snapshotKeys } from '../../clients/snapshot-keys.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { NotFoundError } from '../../errors.js';
import type { Principal } from '../../http/principal.js';
import { resolveActor, StaffSessionRequiredError } from '../access/actor.js';
import { sessionSubject } from '../permissions/compiled.js';
import { settingsWithDefaults } from '../tenants/settings.js';
import { addDays, localDayStartMs } from '../../time/local-days.js';

export interface IssuedSnapshot {
  snapshot: string;
  expiresAt: string;
}

/**
 * The caller's compiled access in `tenantId`, signed, for a host to check
 * against offline (shared/access-snapshot/decide.ts) until it expires: after
 * the salon's snapshot lifetime, or when the session would end from idleness
 * if that comes first. The same membership, level and subject as POST
 * /v1/authorize would use now, refused the same way (404, 403 remote access
 * or two-factor, 401 ended sessions).
 */
export async function issueAccessSnapshot(principal: Principal, tenantId: string): Promise<IssuedSnapshot> {
  if (principal.kind === 'operator') throw new NotFoundError();
  // A snapshot carries a member's access; a desk session asks POST /v1/authorize.
  if (principal.kind === 'desk') throw new StaffSessionRequiredError();
  const nowMs = clock.nowMs();
  // Independent reads, made together; nothing is answered unless the membership holds.
  const [actor, tenant, key] = await Promise.all([resolveActor(principal, tenantId, 'member'), getTenant(tenantId), snapshotKeys().signingKey(nowMs)]);
  if (!tenant) throw new NotFoundError();
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.min(
    iat + settingsWithDefaults(tenant.settings).snapshotLifetimeSeconds,
    Math.floor(Date.parse(principal.idleExpiresAt) / 1000),
    // A member's last day ends their access at its local midnight: no snapshot outlives it.
    actor.access.endsOn ? Math.floor(localDayStartMs(addDays(actor.access.endsOn, 1), actor.access.timeZone) / 1000) : Infinity,
  );
  const subject = sessionSubject(principal.kind, actor.subject);
  // The levels as the session holds them (mobile app, remote access, two-factor), exactly as POST /v1/authorize picks them.
  const branchIds = Object.keys(actor.access.branchLevels ?? {}).sort();
  const atBranches = await Promise.all(branchIds.map((branchId) => actor.levelAt(branchId)));
  const claims: AccessSnapshotClaims = {
    v: branchIds.length > 0 ? ACCESS_SNAPSHOT_FORMAT : 1,
    iss: `staffgate:${config().region}`,
    iat,
    exp,
    tenantId,
    staffId: actor.staffId,
    session: {
      id: principal.sessionId,
      kind: principal.kind,
      ...(principal.kind === 'terminal' ? { terminalId: principal.terminalId, ...(principal.branchId ? { branchId: principal.branchId } : {}) } : {}),
    },
    remoteAccess: actor.level.remoteAccess,
    catalogVersion: actor.level.compiled.catalogVersion,
    subject: {
      ...(subject.employeeId !== undefined ? { employeeId: subject.employeeId } : {}),
      branchIds: [...subject.branchIds],
      ...(subject.anyBranch ? { anyBranch: true as const } : {}),
      ...(subject.timeZone !== undefined ? { timeZone: subject.timeZone } : {}),
    },
    levels: [
      encodeSnapshotLevel(actor.defaultLevel.compiled, actor.defaultLevel.accessLevelId, actor.defaultLevel.version),
      ...atBranches.map((level, index) => encodeSnapshotLevel(level.compiled, level.accessLevelId, level.version, branchIds[index] as string)),
    ],
  };
  return { snapshot: signCompactJws({ typ: ACCESS_SNAPSHOT_TYP }, claims, key), expiresAt: new Date(exp * 1000).toISOString() };
}

/** The region's public keys a verifier must accept now (/.well-known/jwks.json). */
export async function publicSigningKeys(): Promise<{ keys: PublicJwk[] }> {
  return { keys: await snapshotKeys().publicKeys(clock.nowMs()) };
}
