/**
 * The staff CSV's `branchLevels` cell: `branchId=accessLevelId` pairs joined
 * by `|` like the other list cells (csv.ts formatList), in branch id order.
 * Levels by id, as the `accessLevelId` column names the default level.
 */
import type { BranchLevels } from '../../data/entities.js';
import { ValidationError } from '../../errors.js';
import { type BranchLevel, branchLevelList } from './branch-levels.js';
import { formatList, parseList } from './csv.js';

export function formatBranchLevels(stored: BranchLevels | undefined): string {
  return formatList(branchLevelList(stored).map(({ branchId, accessLevelId }) => `${branchId}=${accessLevelId}`));
}

const refused = (message: string) => new ValidationError([{ path: 'branchLevels', message }]);

/**
 * The pairs of a cell, in the cell's order; an empty cell is none. Spaces
 * around `=` and `|` are ignored (ids hold none). Strict: a pair that is not
 * exactly `id=id`, or a branch named twice, refuses the cell — a map cannot
 * hold both, and guessing which one was meant would give a level silently.
 */
export function parseBranchLevels(cell: string): BranchLevel[] {
  const levels: BranchLevel[] = [];
  for (const pair of parseList(cell)) {
    const [branchId, accessLevelId, ...rest] = pair.split('=').map((part) => part.trim());
    if (!branchId || !accessLevelId || rest.length > 0) {
      throw refused(`"${pair.slice(0, 80)}" is not branchId=accessLevelId (pairs are separated by |).`);
    }
    if (levels.some((level) => level.branchId === branchId)) throw refused(`The branch ${branchId.slice(0, 64)} is named twice: one level per branch.`);
    levels.push({ branchId, accessLevelId });
  }
  return levels;
}
