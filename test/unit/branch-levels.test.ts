import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchLevelList, heldLevelIds, levelIdAt, storedBranchLevels } from '#shared/domain/staff/branch-levels.js';
import { ValidationError } from '#shared/errors.js';

const branches = ['brn_a', 'brn_b', 'brn_c'];
const levels = ['lvl_default', 'lvl_1', 'lvl_2'];
const listArb = fc.uniqueArray(
  fc.record({ branchId: fc.constantFrom(...branches), accessLevelId: fc.constantFrom(...levels) }),
  { selector: (entry) => entry.branchId, maxLength: 3 },
);

describe('storedBranchLevels', () => {
  it('keeps one level per branch, leaves out the default level, and lists back what it kept (property)', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const stored = storedBranchLevels(list, 'lvl_default', []);
        const kept = list.filter((entry) => entry.accessLevelId !== 'lvl_default').sort((a, b) => a.branchId.localeCompare(b.branchId));
        expect(branchLevelList(stored)).toEqual(kept);
        expect(stored === undefined).toBe(kept.length === 0);
      }),
    );
  });

  it('refuses a branch named twice, naming the later entry', () => {
    const refused = () =>
      storedBranchLevels(
        [
          { branchId: 'brn_a', accessLevelId: 'lvl_1' },
          { branchId: 'brn_a', accessLevelId: 'lvl_2' },
        ],
        'lvl_default',
        [],
      );
    expect(refused).toThrow(ValidationError);
    try {
      refused();
    } catch (error) {
      expect((error as ValidationError).errors.map((problem) => problem.path)).toEqual(['branchLevels.1.branchId']);
    }
  });

  it('refuses a branch outside the member’s branches, and takes any branch of a member limited to none', () => {
    expect(() => storedBranchLevels([{ branchId: 'brn_b', accessLevelId: 'lvl_1' }], 'lvl_default', ['brn_a'])).toThrow(ValidationError);
    expect(storedBranchLevels([{ branchId: 'brn_b', accessLevelId: 'lvl_1' }], 'lvl_default', [])).toEqual({ brn_b: 'lvl_1' });
  });
});

describe('levelIdAt', () => {
  const member = { accessLevelId: 'lvl_default', branchLevels: { brn_a: 'lvl_1' } };

  it('is the branch’s level where the member has one, else the default, and the default when no branch is named', () => {
    expect(levelIdAt(member, 'brn_a')).toBe('lvl_1');
    expect(levelIdAt(member, 'brn_b')).toBe('lvl_default');
    expect(levelIdAt(member, undefined)).toBe('lvl_default');
  });

  it('takes no inherited property for a level: a branch id is client input', () => {
    expect(levelIdAt(member, 'constructor')).toBe('lvl_default');
    expect(levelIdAt(member, '__proto__')).toBe('lvl_default');
  });

  it('lists every level held, the default first, each once', () => {
    expect(heldLevelIds({ accessLevelId: 'lvl_default', branchLevels: { brn_a: 'lvl_1', brn_b: 'lvl_1', brn_c: 'lvl_default' } })).toEqual(['lvl_default', 'lvl_1']);
  });
});
