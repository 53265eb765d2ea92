import { listAccessLevels } from '../../data/repositories/access-levels.js';
import { listStaff } from '../../data/repositories/staff.js';
import { NotFoundError } from '../../errors.js';
import { pageOf } from '../pagination.js';
import { permissionIndex } from '../permissions/catalog.js';
import { grantFor } from '../permissions/grants.js';
import { loadCompiled } from './records.js';
import { branchLevelList, levelIdAt } from '../staff/branch-levels.js';

/** A salon has tens to hundreds of staff: one partition read, as the staff list does. */
const ALL_STAFF = 10_000;

/**
 * "Who can refund?": the staff members (not archived) whose level holds the
 * permission in any form — outright, on approval, or within a scope, a
 * history limit or an amount — with the grant each holds, as a manager
 * reviewing access asks it (api.md v1.1). `branchId`: only those who work
 * there (no branches = every branch), by the level they hold there
 * (branchLevels). Without it, a member holds it by their default level or by
 * the level of any one branch.
 */
export async function permissionHolders(tenantId: string, permission: string, branchId: string | undefined, limit: number, cursor: string | undefined) {
  if (!permissionIndex.has(permission)) throw new NotFoundError('not_found', `The catalog has no permission ${permission}.`);
  const levels = new Map<string, { name: string; grant: unknown }>();
  for (const level of await listAccessLevels(tenantId)) {
    levels.set(level.accessLevelId, { name: level.name, grant: loadCompiled(level).byKey.has(permission) ? (grantFor(level.grants, permission) ?? true) : undefined });
  }
  const { items: staff } = await listStaff(tenantId, { branchId }, ALL_STAFF, undefined);
  const holders = staff
    .flatMap((member) => {
      // A personal override decides for its permission, whatever the level: a grant makes a holder, false none.
      const override = member.overrides?.[permission];
      if (override === false) return [];
      // At a branch, the level that applies there; else the default level, then the levels at single branches.
      const candidates: [string | null, string][] =
        branchId !== undefined
          ? [[member.branchLevels && Object.hasOwn(member.branchLevels, branchId) ? branchId : null, levelIdAt(member, branchId)]]
          : [[null, member.accessLevelId], ...branchLevelList(member.branchLevels).map(({ branchId: at, accessLevelId }): [string, string] => [at, accessLevelId])];
      const [levelBranchId, accessLevelId] = candidates.find(([, id]) => override !== undefined || levels.get(id)?.grant !== undefined) ?? [];
      const level = accessLevelId === undefined ? undefined : levels.get(accessLevelId);
      if (!level || accessLevelId === undefined) return [];
      return [
        {
          staffId: member.staffId,
          displayName: `${member.firstName} ${member.lastName}`.trim(),
          status: member.status,
          branchIds: member.branchIds,
          accessLevelId,
          accessLevelName: level.name,
          levelBranchId: levelBranchId ?? null,
          grant: override ?? level.grant,
          ...(override !== undefined ? { override: true } : {}),
        },
      ];
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.staffId.localeCompare(b.staffId));
  return pageOf(holders, (holder) => holder.staffId, limit, cursor);
}
