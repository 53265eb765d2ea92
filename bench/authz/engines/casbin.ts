/**
 * casbin (node-casbin): one policy line per (role, permission) — per allowed
 * employee for a "these employees" scope — with the narrowing as a policy
 * field and an ABAC matcher. Requests are all strings, because that is what
 * the cached enforcer caches (`CachedEnforcer` skips its cache for any
 * non-string argument); numbers are zero-padded to one width so that string
 * order is number order, and the history window is precomputed as the oldest
 * allowed instant (`minDateMs`), as `evaluate` computes it. A field the
 * query does not name is the empty string, and the matcher fails closed, as
 * `evaluate`: a narrowed line matches only a request that names the field it
 * narrows (`!= ""`; without it, `"" <= limit` would hold in string order).
 *
 * Loaded through `require`, i.e. casbin's CommonJS build: its ES-module build
 * (what `import` gets) is transpiled so that every async call runs through a
 * generator helper, which makes the cached `enforce()` about 6× slower here;
 * the comparison gives each engine its fastest form.
 */
const { newCachedEnforcer, newEnforcer, newModelFromString, StringAdapter } = createRequire(import.meta.url)('casbin') as typeof import('casbin');
import { createRequire } from 'node:module';
import type { CachedEnforcer, Enforcer } from 'casbin';
import type { Engine } from '../engine.js';
import type { RolePolicy, Rule } from '../policy.js';
import type { AuthzQuery } from '../queries.js';

export const CASBIN_MODEL = `
[request_definition]
r = role, emp, act, obj_emp, day, amount

[policy_definition]
p = role, act, kind, arg

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.role == p.role && r.act == p.act && (p.kind == "all" || (p.kind == "own" && r.obj_emp != "" && r.obj_emp == r.emp) || (p.kind == "staff" && r.obj_emp != "" && r.obj_emp == p.arg) || (p.kind == "days" && r.day != "" && r.day >= p.arg) || (p.kind == "limit" && r.amount != "" && r.amount <= p.arg))
`;

const WIDTH = 16;

/** A non-negative integer as a fixed-width decimal string: string comparison = numeric comparison. */
export function padded(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`casbin bench: cannot encode ${value} as a fixed-width string`);
  const text = String(value);
  if (text.length > WIDTH) throw new Error(`casbin bench: ${value} is wider than ${WIDTH} digits`);
  return text.padStart(WIDTH, '0');
}

function policyLines(policy: RolePolicy): string[] {
  const line = (key: string, kind: Rule['kind'], arg: string) => `p, ${policy.role}, ${key}, ${kind}, ${arg}`;
  const lines: string[] = [];
  for (const [key, rule] of policy.rules) {
    if (rule.kind === 'all' || rule.kind === 'own') lines.push(line(key, rule.kind, '-'));
    else if (rule.kind === 'staff') for (const id of rule.employeeIds) lines.push(line(key, 'staff', id));
    else if (rule.kind === 'days') lines.push(line(key, 'days', padded(rule.minDateMs)));
    // Amounts are integers (the query set makes sure): amount ≤ limit ⇔ amount ≤ ⌊limit⌋.
    else lines.push(line(key, 'limit', padded(Math.floor(rule.limit))));
  }
  return lines;
}

type Request = [role: string, emp: string, act: string, objEmp: string, day: string, amount: string];

export function casbinRequest(q: AuthzQuery): Request {
  const resource = q.resource;
  return [
    q.role,
    q.staff.employeeId,
    q.key,
    resource?.employeeId ?? '',
    q.dateMs === undefined ? '' : padded(q.dateMs),
    resource?.amount === undefined ? '' : padded(resource.amount),
  ];
}

export interface CasbinSetup {
  policyLines: number;
  plain: Engine;
  cached: Engine;
}

export async function casbinEngines(queries: readonly AuthzQuery[], policies: readonly RolePolicy[], plainTimed: number): Promise<CasbinSetup> {
  const csv = policies.flatMap(policyLines).join('\n');
  const lineCount = csv.split('\n').length;
  const plainEnforcer: Enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL), new StringAdapter(csv));
  const cachedEnforcer: CachedEnforcer = await newCachedEnforcer(newModelFromString(CASBIN_MODEL), new StringAdapter(csv));
  // Built ahead, outside the timed loops.
  const requests = queries.map(casbinRequest);
  const n = requests.length;
  const plainN = Math.min(plainTimed, n);
  const plain: Engine = {
    name: 'casbin — `Enforcer.enforceSync()`',
    ours: false,
    timed: plainN,
    answer: (q) => plainEnforcer.enforceSync(...casbinRequest(q)),
    pass() {
      let sum = 0;
      for (let i = 0; i < plainN; i += 1) {
        if (plainEnforcer.enforceSync(...(requests[i] as Request))) sum += i + 1;
      }
      return sum;
    },
    note: `${lineCount} policy lines, the matcher evaluated against each in turn on every check; casbin's CommonJS build (its ES-module build is slower)`,
  };
  const cached: Engine = {
    name: 'casbin — `CachedEnforcer.enforce()`, warm cache',
    ours: false,
    timed: n,
    answer: (q) => cachedEnforcer.enforce(...casbinRequest(q)),
    async pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        if (await cachedEnforcer.enforce(...(requests[i] as Request))) sum += i + 1;
      }
      return sum;
    },
    note:
      'async API (awaited per check); after the agreement check every query of the set is a cache hit, so this is a Map lookup on the joined request strings; ' +
      "casbin's CommonJS build: its ES-module build wraps every call in a generator-based async helper and is about 6× slower here",
  };
  return { policyLines: lineCount, plain, cached };
}
