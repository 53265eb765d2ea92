import type { AccessLevelAttributes, AccessLevelItem, StoredCompiledLevel } from '../../data/entities.js';
import { newId } from '../../crypto/tokens.js';
import { CATALOG_VERSION, sections } from '../permissions/catalog.js';
import { type CompiledLevel, compile, plainRestrictions, type Restriction, restrictionFromPlain, withKeys } from '../permissions/compiled.js';
import { effectiveGrants, type Grants } from '../permissions/grants.js';
import { permissionList } from '../permissions/compiled.js';

export function storeCompiled(level: CompiledLevel): StoredCompiledLevel {
  return { catalogVersion: level.catalogVersion, allow: [...level.allow], approval: [...level.approval], restrictions: plainRestrictions(level) };
}

/** The stored compiled form when it was compiled against this catalog; otherwise a fresh compile of the grants. */
export function loadCompiled(item: Pick<AccessLevelItem, 'compiled' | 'grants'>): CompiledLevel {
  const stored = item.compiled;
  if (!stored || stored.catalogVersion !== CATALOG_VERSION) return compile(item.grants);
  const restrictions = new Map<number, Restriction>();
  for (const [index, r] of Object.entries(stored.restrictions)) restrictions.set(Number(index), restrictionFromPlain(r));
  return withKeys({ catalogVersion: stored.catalogVersion, allow: Uint32Array.from(stored.allow), approval: Uint32Array.from(stored.approval), restrictions });
}

/** The rights a salon must always have one active holder of (409 last_admin). */
const ADMIN_PERMISSIONS = ['access.manage', 'staff.manage', 'settings.manage'] as const;

/** A level whose holders can repair anything: every admin permission outright (no approval, no restriction). */
export function isAdminLevel(grants: Grants): boolean {
  const effective = effectiveGrants(grants);
  return ADMIN_PERMISSIONS.every((key) => effective[key] === true);
}

export function newAccessLevel(
  tenantId: string,
  input: { name: string; grants: Grants; remoteAccess: boolean; webOnlySections?: string[] | undefined; template?: string | undefined },
  now: string,
  holders = 0,
): AccessLevelAttributes {
  return {
    tenantId,
    accessLevelId: newId('lvl'),
    name: input.name,
    ...(input.template ? { template: input.template } : {}),
    grants: input.grants,
    compiled: storeCompiled(compile(input.grants)),
    remoteAccess: input.remoteAccess,
    webOnlySections: input.webOnlySections ?? [],
    holders,
    activeHolders: 0,
    admin: isAdminLevel(input.grants),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export type SectionState = 'all' | 'some' | 'none';

/** Per section: are all, some or none of its permissions granted (in any form)? The tri-state of Phorest's tree. */
export function sectionStates(grants: Grants): { key: string; state: SectionState }[] {
  const effective = effectiveGrants(grants);
  return sections.map((section) => {
    const granted = section.permissions.filter((permission) => effective[permission.key] !== undefined).length;
    const state: SectionState = granted === 0 ? 'none' : granted === section.permissions.length ? 'all' : 'some';
    return { key: section.key, state };
  });
}

export function accessLevelView(level: AccessLevelAttributes | AccessLevelItem) {
  return {
    id: level.accessLevelId,
    name: level.name,
    template: level.template ?? null,
    version: level.version,
    grants: level.grants,
    remoteAccess: level.remoteAccess,
    webOnlySections: level.webOnlySections ?? [],
    sections: sectionStates(level.grants),
    permissions: permissionList(level.grants),
    holders: level.holders,
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
  };
}
