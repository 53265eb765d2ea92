/**
 * CASL (`@casl/ability`, MongoDB-style conditions): one ability per role and
 * staff member (conditions cannot refer to the user, so "own" is the
 * member's employee id written into the rule, as CASL's docs do). A
 * restriction applies only when the resource names what it restricts, as in
 * `evaluate`: each narrowed grant is two rules, the condition or "field
 * absent" (`$exists: false`). A check without a resource asks about the
 * subject type (`can(key, 'Resource')`), which CASL answers "some rule
 * allows it", as `evaluate` does.
 */
import { createMongoAbility, type MongoAbility, type MongoQuery, subject } from '@casl/ability';
import type { Engine } from '../engine.js';
import type { RolePolicy, Rule } from '../policy.js';
import { type AuthzQuery, STAFF } from '../queries.js';

interface CaslRule {
  action: string;
  subject: 'Resource';
  conditions?: MongoQuery;
}

/** The resource as CASL sees it: absent fields are absent (not `undefined`), dates are numbers. */
interface CaslResource {
  employeeId?: string;
  dateMs?: number;
  amount?: number;
}

function caslRules(policy: RolePolicy, employeeId: string): CaslRule[] {
  const rules: CaslRule[] = [];
  const narrowed = (action: string, field: keyof CaslResource, condition: MongoQuery[string]) => {
    rules.push({ action, subject: 'Resource', conditions: { [field]: condition } });
    rules.push({ action, subject: 'Resource', conditions: { [field]: { $exists: false } } });
  };
  for (const [action, rule] of policy.rules) {
    const kind: Rule['kind'] = rule.kind;
    if (rule.kind === 'all') rules.push({ action, subject: 'Resource' });
    else if (rule.kind === 'own') narrowed(action, 'employeeId', employeeId);
    else if (rule.kind === 'staff') narrowed(action, 'employeeId', { $in: [...rule.employeeIds] });
    else if (rule.kind === 'days') narrowed(action, 'dateMs', { $gte: rule.minDateMs });
    else if (rule.kind === 'limit') narrowed(action, 'amount', { $lte: rule.limit });
    else throw new Error(`CASL: no mapping for rule kind ${kind}`);
  }
  return rules;
}

function caslResource(query: AuthzQuery): CaslResource | undefined {
  if (!query.resource) return undefined;
  const resource: CaslResource = {};
  if (query.resource.employeeId !== undefined) resource.employeeId = query.resource.employeeId;
  if (query.dateMs !== undefined) resource.dateMs = query.dateMs;
  if (query.resource.amount !== undefined) resource.amount = query.resource.amount;
  return resource;
}

export function caslEngine(queries: readonly AuthzQuery[], policies: readonly RolePolicy[]): Engine {
  const abilities = new Map<string, MongoAbility>();
  for (const policy of policies) {
    for (const staff of STAFF) abilities.set(`${policy.role}/${staff.employeeId}`, createMongoAbility(caslRules(policy, staff.employeeId)));
  }
  const abilityOf = (q: AuthzQuery): MongoAbility => {
    const ability = abilities.get(`${q.role}/${q.staff.employeeId}`);
    if (!ability) throw new Error(`CASL: no ability for ${q.role}/${q.staff.employeeId}`);
    return ability;
  };
  type Target = 'Resource' | ReturnType<typeof subject<'Resource', CaslResource>>;
  const targetOf = (q: AuthzQuery): Target => {
    const resource = caslResource(q);
    return resource ? subject('Resource', resource) : 'Resource';
  };
  // Built ahead, outside the timed loop: the ability of the query's user and the subject object.
  const prepared = queries.map((q) => ({ ability: abilityOf(q), key: q.key, target: targetOf(q) }));
  const n = prepared.length;
  return {
    name: 'CASL — `createMongoAbility`, `can()`',
    ours: false,
    timed: n,
    answer: (q) => abilityOf(q).can(q.key, targetOf(q)),
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const p = prepared[i] as (typeof prepared)[number];
        if (p.ability.can(p.key, p.target)) sum += i + 1;
      }
      return sum;
    },
    note: `one ability per role × staff member (${abilities.size}), subject objects built ahead`,
  };
}
