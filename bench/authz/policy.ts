/**
 * The one policy every engine of the authorization benchmark models, derived
 * from the recommended access levels (`templates`) and the catalog: each
 * template is a role, each of its grants one rule. Read at run time, so the
 * benchmark follows the templates as they change.
 */
import { permissionIndex, permissionKeys } from '#shared/domain/permissions/catalog.js';
import type { GrantValue } from '#shared/domain/permissions/grants.js';
import { templates } from '#shared/domain/permissions/templates.js';

export const DAY_MS = 86_400_000;

/** What one grant allows, in the terms every engine can express. */
export type Rule =
  | { kind: 'all' }
  | { kind: 'own' }
  | { kind: 'staff'; employeeIds: readonly string[] }
  /** `minDateMs`: the oldest allowed instant, start of the UTC day `days` days before today (as `evaluate` computes it). */
  | { kind: 'days'; days: number; minDateMs: number }
  | { kind: 'limit'; limit: number };

export interface RolePolicy {
  role: string;
  /** Granted permission key → the rule that narrows it. */
  rules: ReadonlyMap<string, Rule>;
  /** Keys granted as "approval": not allowed on their own, so no engine but ours models them. */
  approval: readonly string[];
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function ruleOf(value: Exclude<GrantValue, 'approval'>, nowMs: number): Rule {
  if (value === true) return { kind: 'all' };
  if ('scope' in value) {
    if (value.scope === 'all') return { kind: 'all' };
    if (value.scope === 'own') return { kind: 'own' };
    return { kind: 'staff', employeeIds: [...value.employeeIds] };
  }
  if ('days' in value) return { kind: 'days', days: value.days, minDateMs: startOfUtcDay(nowMs) - value.days * DAY_MS };
  return { kind: 'limit', limit: value.limit };
}

/** One policy per template; grants of keys the catalog does not know are skipped, as `compile` does. */
export function rolePolicies(nowMs: number): RolePolicy[] {
  return templates.map((template) => {
    const rules = new Map<string, Rule>();
    const approval: string[] = [];
    // Catalog order, so every engine sees the rules in the same order.
    for (const key of permissionKeys) {
      const value = template.grants[key];
      if (value === undefined) continue;
      if (value === 'approval') approval.push(key);
      else rules.set(key, ruleOf(value, nowMs));
    }
    for (const key of Object.keys(template.grants)) {
      if (!permissionIndex.has(key)) console.warn(`authz bench: template ${template.key} grants ${key}, which the catalog does not know (skipped)`);
    }
    return { role: template.key, rules, approval };
  });
}

export function describePolicies(policies: readonly RolePolicy[]): string {
  return policies
    .map((policy) => {
      const counts = new Map<string, number>();
      for (const rule of policy.rules.values()) counts.set(rule.kind, (counts.get(rule.kind) ?? 0) + 1);
      if (policy.approval.length > 0) counts.set('approval', policy.approval.length);
      const parts = [...counts].map(([kind, count]) => `${count} ${kind}`);
      return `${policy.role} (${parts.join(', ')})`;
    })
    .join('; ');
}
