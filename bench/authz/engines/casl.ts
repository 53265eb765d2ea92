/**
 * CASL (`@casl/ability`, MongoDB-style conditions): one ability per role and
 * staff member (conditions cannot refer to the user, so "own" is the
 * member's employee id written into the rule, as CASL's docs do). Fail
 * closed, as `evaluate`: each narrowed grant is one rule whose condition
 * requires the field it restricts, so a resource that does not name it is
 * not allowed. Every check is on a subject object, a check without a
 * resource on an empty one (no resource and an empty resource are the same):
 * `can(key, 'Resource')`, the subject type, would answer "some rule allows
 * it", i.e. allow a narrowed grant whatever the resource lacks.
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
  };
  for (const [action, rule] of policy.rules) {
    const kind: Rule['kind'] = rule.kind;
    if (rule.kind === 'all') rules.push({ action, subject: 'Resource' });
    else if (rule.kind === 'own') narrowed(action, 'employeeId', employeeId);
    else if (rule.kind === 'staff') narrowed(action, 'employeeId', { $in: [...rule.employeeIds] });
    else if (rule.kind === 'days') narrowed(action, 'dateMs', { $gte: rule.minDateMs });
    // `$exists` is needed here: CASL's interpreter (@ucast/js) compares an absent field as less than any number, so
    // `$lte` alone would match a resource without an amount (`$gte`, equality and `$in` never match an absent one).
    else if (rule.kind === 'limit') narrowed(action, 'amount', { $exists: true, $lte: rule.limit });
    else throw new Error(`CASL: no mapping for rule kind ${kind}`);
  }
  return rules;
}

function caslResource(query: AuthzQuery): CaslResource {
  const resource: CaslResource = {};
  if (!query.resource) return resource;
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
  type Target = ReturnType<typeof subject<'Resource', CaslResource>>;
  const targetOf = (q: AuthzQuery): Target => subject('Resource', caslResource(q));
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
    note: `one ability per role × staff member (${abilities.size}), subject objects built ahead (an empty one for a check without a resource)`,
  };
}
