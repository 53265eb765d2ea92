/**
 * Our compiled access levels (`shared/domain/permissions/compiled.ts`), from
 * a string key through `evaluate`, and from a pre-resolved integer index
 * through a tiny inline evaluator over the same `CompiledLevel`.
 */
import { type CompiledLevel, compile, evaluate, hasBit, type Resource, type Subject } from '#shared/domain/permissions/compiled.js';
import { templates } from '#shared/domain/permissions/templates.js';
import type { Engine } from '../engine.js';
import { DAY_MS, startOfUtcDay } from '../policy.js';
import { type AuthzQuery, NOW_MS } from '../queries.js';

/** Compiled levels in the order of `templates` (= `rolePolicies`, = `AuthzQuery.roleIndex`). */
export function compiledLevels(): CompiledLevel[] {
  return templates.map((template) => compile(template.grants));
}

/**
 * `evaluate(...).allowed` for an index resolved ahead (−1 = unknown key): the
 * same steps in the same order, without the key lookup and without building a
 * decision.
 */
export function allowedByIndex(level: CompiledLevel, index: number, subject: Subject, resource: Resource | undefined, nowMs: number): boolean {
  if (index < 0) return false;
  if (subject.branchIds.length > 0) {
    const branchId = resource?.branchId;
    if (branchId === undefined ? subject.anyBranch === true : !subject.branchIds.includes(branchId)) return false;
  }
  if (!hasBit(level.allow, index)) return false;
  const restriction = level.restrictions.get(index);
  if (restriction === undefined) return true;
  // Fail closed: a restriction is met only by a resource that names what it restricts.
  if (restriction.scope !== undefined) {
    const employeeId = resource?.employeeId;
    if (employeeId === undefined) return false;
    if (restriction.scope === 'own' ? employeeId !== subject.employeeId : restriction.employeeIds?.has(employeeId) !== true) return false;
  }
  if (restriction.days !== undefined) {
    const date = resource?.date;
    if (date === undefined) return false;
    const when = Date.parse(date);
    if (Number.isNaN(when) || when < startOfUtcDay(nowMs) - restriction.days * DAY_MS) return false;
  }
  if (restriction.limit !== undefined) {
    const amount = resource?.amount;
    if (amount === undefined || amount > restriction.limit) return false;
  }
  return true;
}

export function oursStringKey(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): Engine {
  const levelOf = queries.map((q) => levels[q.roleIndex] as CompiledLevel);
  const n = queries.length;
  return {
    name: 'ours — string key, `evaluate()`',
    ours: true,
    timed: n,
    answer: (q) => evaluate(levels[q.roleIndex] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS).allowed,
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const q = queries[i] as AuthzQuery;
        if (evaluate(levelOf[i] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS).allowed) sum += i + 1;
      }
      return sum;
    },
  };
}

export function oursIntegerId(queries: readonly AuthzQuery[], levels: readonly CompiledLevel[]): Engine {
  const levelOf = queries.map((q) => levels[q.roleIndex] as CompiledLevel);
  const n = queries.length;
  return {
    name: 'ours — integer id, bitset (index resolved ahead)',
    ours: true,
    timed: n,
    answer: (q) => allowedByIndex(levels[q.roleIndex] as CompiledLevel, q.index, q.staff.subject, q.resource, NOW_MS),
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const q = queries[i] as AuthzQuery;
        if (allowedByIndex(levelOf[i] as CompiledLevel, q.index, q.staff.subject, q.resource, NOW_MS)) sum += i + 1;
      }
      return sum;
    },
  };
}
