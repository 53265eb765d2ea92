import fc from 'fast-check';
import { permissionDefinition, permissions } from '#shared/domain/permissions/catalog.js';
import type { Grants, GrantValue } from '#shared/domain/permissions/grants.js';

export const catalogKeys = permissions.map((permission) => permission.key);

/**
 * Any grant the catalog accepts for `key`, over the given employees.
 * `scopeAll`: also `{scope:"all"}`, which the API accepts and stores as
 * `true` (compiled tests leave it out: it is not a grant form of its own).
 */
export function grantFor(key: string, employees: readonly string[], options: { scopeAll?: boolean } = {}): fc.Arbitrary<GrantValue> {
  const forms = permissionDefinition(key)?.forms ?? ['allow'];
  return fc.oneof(
    ...forms.map((form): fc.Arbitrary<GrantValue> => {
      switch (form) {
        case 'allow':
          return fc.constant(true as const);
        case 'approval':
          return fc.constant('approval' as const);
        case 'scope':
          return fc.oneof(
            ...(options.scopeAll ? [fc.constant({ scope: 'all' as const })] : []),
            fc.constant({ scope: 'own' as const }),
            fc.uniqueArray(fc.constantFrom(...employees), { minLength: 1 }).map((ids) => ({ scope: 'staff' as const, employeeIds: [...ids].sort() })),
          );
        case 'days':
          return fc.integer({ min: 0, max: 60 }).map((days) => ({ days }));
        case 'limit':
          return fc.oneof(
            fc.integer({ min: 0, max: 500 }).map((limit) => ({ limit })),
            ...(forms.includes('approval') ? [fc.integer({ min: 0, max: 500 }).map((limit) => ({ limit, above: 'approval' as const }))] : []),
          );
      }
    }),
  );
}

/** The keys with the parents they need (catalog `parent`), so that the API accepts them. */
function withParents(keys: readonly string[]): string[] {
  const all = new Set(keys);
  for (const key of keys) for (let parent = permissionDefinition(key)?.parent; parent !== undefined; parent = permissionDefinition(parent)?.parent) all.add(parent);
  return [...all];
}

/** A set of grants of `minLength`–`maxLength` catalog keys, plus the parents they need. */
export function grantsOf(employees: readonly string[], sizes: { minLength?: number; maxLength: number }, options: { scopeAll?: boolean } = {}): fc.Arbitrary<Grants> {
  return fc
    .uniqueArray(fc.constantFrom(...catalogKeys), sizes)
    .chain((chosen) => fc.tuple(...withParents(chosen).map((key) => grantFor(key, employees, options).map((value) => [key, value] as const))))
    .map((entries) => Object.fromEntries(entries));
}
