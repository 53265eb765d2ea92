import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBranchLevels, parseBranchLevels } from '#shared/domain/staff/branch-levels-cell.js';
import { branchLevelList } from '#shared/domain/staff/branch-levels.js';
import { formatRecord, parseCsv, unguardFormula } from '#shared/domain/staff/csv.js';
import { ValidationError } from '#shared/errors.js';

/** Ids as the API gives them (opaqueId), and ids holding the list's own separator and escape, which formatList escapes. */
const id = fc.oneof(
  fc.stringMatching(/^[a-z]{3}_[0-9a-z]{1,12}$/),
  fc.string({ unit: fc.constantFrom('a', '_', '|', '\\', 'é', '-', '@'), minLength: 1, maxLength: 8 }),
);
const branchLevels = fc.dictionary(id, id, { maxKeys: 20 });

/** The cell as the import reads it: written into a CSV record, read back, trimmed and unguarded. */
function throughCsv(cell: string): string {
  const [record] = [...parseCsv([formatRecord(['x', cell])])];
  return unguardFormula((record?.cells[1] ?? '').trim());
}

describe('the branchLevels cell', () => {
  it('parses back whatever it formats, through a CSV file, in branch id order (property)', () => {
    fc.assert(
      fc.property(branchLevels, (stored) => {
        expect(parseBranchLevels(throughCsv(formatBranchLevels(stored)))).toEqual(branchLevelList(stored));
      }),
      { numRuns: 500 },
    );
  });

  it('either parses any text into one level per branch, formatted back the same way, or refuses it with a ValidationError (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('b', 'l', '=', '|', '\\', ' ', '_') }), (cell) => {
        let parsed;
        try {
          parsed = parseBranchLevels(cell);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        const stored = Object.fromEntries(parsed.map((level) => [level.branchId, level.accessLevelId]));
        expect(Object.keys(stored)).toHaveLength(parsed.length);
        expect(parseBranchLevels(formatBranchLevels(stored))).toEqual(branchLevelList(stored));
      }),
      { numRuns: 1_000 },
    );
  });

  it('writes branchId=accessLevelId pairs joined by | and reads them with spaces around the separators', () => {
    expect(formatBranchLevels({ brn_b: 'lvl_2', brn_a: 'lvl_1' })).toBe('brn_a=lvl_1|brn_b=lvl_2');
    expect(parseBranchLevels(' brn_b = lvl_2 | brn_a=lvl_1')).toEqual([
      { branchId: 'brn_b', accessLevelId: 'lvl_2' },
      { branchId: 'brn_a', accessLevelId: 'lvl_1' },
    ]);
  });

  it('reads an empty cell as no branch levels, and writes none as an empty cell', () => {
    expect(parseBranchLevels('')).toEqual([]);
    expect(formatBranchLevels(undefined)).toBe('');
  });

  it.each([
    ['a pair without =', 'brn_a', /"brn_a" is not branchId=accessLevelId/],
    ['a pair with two =', 'brn_a=lvl_1=lvl_2', /is not branchId=accessLevelId/],
    ['an empty branch', '=lvl_1', /is not branchId=accessLevelId/],
    ['an empty level', 'brn_a=', /is not branchId=accessLevelId/],
    ['an empty pair', 'brn_a=lvl_1||brn_b=lvl_2', /"" is not branchId=accessLevelId/],
    ['a branch named twice', 'brn_a=lvl_1|brn_a=lvl_2', /brn_a is named twice/],
  ])('refuses %s, saying what is wrong', (_name, cell, message) => {
    let thrown: unknown;
    try {
      parseBranchLevels(cell);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toEqual([{ path: 'branchLevels', message: expect.stringMatching(message) }]);
  });
});
