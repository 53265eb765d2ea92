/**
 * A different access level per branch (api.md v1.1; Toast, Square: a
 * manager at one location is a stylist at another). The member's
 * `accessLevelId` is the default; `branchLevels` names the branches where
 * another level applies instead. Pure: the rules of the field, not its reads.
 */
import type { BranchLevels } from '../../data/entities.js';
import { ValidationError } from '../../errors.js';

export const MAX_BRANCH_LEVELS = 20;

export interface BranchLevel {
  branchId: string;
  accessLevelId: string;
}

/** As the API shows it: a list, in branch id order. */
export function branchLevelList(stored: BranchLevels | undefined): BranchLevel[] {
  return Object.entries(stored ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([branchId, accessLevelId]) => ({ branchId, accessLevelId }));
}

/**
 * The list as stored: one level per branch, and only branches the member
 * works in (any branch, when they are not limited to some). An entry that
 * names the default level says nothing and is left out. Undefined: none.
 */
export function storedBranchLevels(list: readonly BranchLevel[] | null | undefined, accessLevelId: string, branchIds: readonly string[]): BranchLevels | undefined {
  if (!list?.length) return undefined;
  const problems: { path: string; message: string }[] = [];
  const kept: [string, string][] = [];
  list.forEach((entry, index) => {
    if (list.findIndex((other) => other.branchId === entry.branchId) !== index) {
      problems.push({ path: `branchLevels.${index}.branchId`, message: 'One level per branch: this branch is named twice.' });
    } else if (branchIds.length > 0 && !branchIds.includes(entry.branchId)) {
      problems.push({ path: `branchLevels.${index}.branchId`, message: 'The member does not work in this branch (branchIds); add it there first.' });
    } else if (entry.accessLevelId !== accessLevelId) {
      kept.push([entry.branchId, entry.accessLevelId]);
    }
  });
  if (problems.length) throw new ValidationError(problems);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** The level that applies at `branchId` (undefined: no branch named, so the default). */
export function levelIdAt(member: { accessLevelId: string; branchLevels?: BranchLevels | null | undefined }, branchId: string | undefined): string {
  const levels = member.branchLevels;
  // Own properties only: a branch id is client input, and "constructor" is no level.
  return (branchId !== undefined && levels && Object.hasOwn(levels, branchId) ? levels[branchId] : undefined) ?? member.accessLevelId;
}

/** Every level the member holds somewhere: the default first, each once. */
export function heldLevelIds(member: { accessLevelId: string; branchLevels?: BranchLevels | null | undefined }): string[] {
  return [...new Set([member.accessLevelId, ...Object.values(member.branchLevels ?? {})])];
}
