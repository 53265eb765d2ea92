import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { type AccessLevelItem, entities } from '../../data/entities.js';
import { loadCompiled } from '../access-levels/records.js';
import { sections } from '../permissions/catalog.js';
import { compile, type CompiledLevel } from '../permissions/compiled.js';
import { effectiveGrants, type Grants, type Overrides, withOverrides } from '../permissions/grants.js';

export interface CachedLevel {
  accessLevelId: string;
  version: number;
  name: string;
  grants: Grants;
  remoteAccess: boolean;
  webOnlySections: string[];
  compiled: CompiledLevel;
  /** What a mobile-app session may do: `compiled` without the level's web-only sections. */
  mobile: CompiledLevel;
}

/** The level as the mobile app holds it: the rights of its web-only sections left out (Altegio's web-only overview). */
export function mobileCompiled(grants: Grants, webOnlySections: readonly string[] | undefined, compiled: CompiledLevel): CompiledLevel {
  if (!webOnlySections?.length) return compiled;
  const webOnly = new Set(sections.filter((section) => webOnlySections.includes(section.key)).flatMap((section) => section.permissions.map((p) => p.key)));
  return compile(Object.fromEntries(Object.entries(effectiveGrants(grants)).filter(([key]) => !webOnly.has(key))));
}

/**
 * Compiled access levels kept in this process's memory, keyed by tenant,
 * level AND version. Freshness comes from the key, not from a timer: every
 * request learns the level's current version in the same read as its session
 * (the tenant's POLICY item), so an edited level is a cache miss at once and
 * a stale entry is simply never asked for again.
 */
const MAX_ENTRIES = 5000;
const cache = new Map<string, CachedLevel>();

const cacheKey = (tenantId: string, accessLevelId: string, version: number) => `${tenantId}#${accessLevelId}#${version}`;

export async function accessLevelAt(tenantId: string, accessLevelId: string, version: number | undefined): Promise<CachedLevel | undefined> {
  if (version === undefined) return undefined;
  const hit = cache.get(cacheKey(tenantId, accessLevelId, version));
  if (hit) return hit;
  const { Item } = await ddb.send(
    new GetCommand({ TableName: config().tableName, Key: entities.accessLevel.key({ tenantId, accessLevelId }), ConsistentRead: true }),
  );
  const item = Item as AccessLevelItem | undefined;
  if (!item) return undefined;
  const compiled = loadCompiled(item);
  const level: CachedLevel = {
    accessLevelId,
    version: item.version,
    name: item.name,
    grants: item.grants,
    remoteAccess: item.remoteAccess,
    webOnlySections: item.webOnlySections ?? [],
    compiled,
    mobile: mobileCompiled(item.grants, item.webOnlySections, compiled),
  };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey(tenantId, accessLevelId, item.version), level);
  return level;
}

const personal = new Map<string, CachedLevel>();

/**
 * A level with a person's overrides applied, compiled once per process for
 * each level version and set of overrides (the overrides travel with the
 * membership and the PIN, so this costs no request).
 */
export function personalLevel(level: CachedLevel, overrides: Overrides | undefined): CachedLevel {
  if (!overrides || Object.keys(overrides).length === 0) return level;
  const key = `${level.accessLevelId}#${level.version}#${JSON.stringify(overrides)}`;
  const hit = personal.get(key);
  if (hit) return hit;
  const grants = withOverrides(level.grants, overrides);
  const compiled = compile(grants);
  const adjusted: CachedLevel = { ...level, grants, compiled, mobile: mobileCompiled(grants, level.webOnlySections, compiled) };
  if (personal.size >= MAX_ENTRIES) personal.delete(personal.keys().next().value as string);
  personal.set(key, adjusted);
  return adjusted;
}

const NOTHING = compile({});

/** A level that grants nothing, in the place of `accessLevelId` (actor.ts `branchLevel`: fail closed). */
export function nothingLevel(accessLevelId: string, name = ''): CachedLevel {
  return { accessLevelId, version: 0, name, grants: {}, remoteAccess: false, webOnlySections: [], compiled: NOTHING, mobile: NOTHING };
}
