/**
 * Cedar (`@cedar-policy/cedar-wasm`, the Rust engine compiled to wasm, Node
 * entry): per role, one `permit` per kind of narrowing listing its actions;
 * the principal is a `User` (attribute `employeeId`) in a `Role`, the
 * resource a `Resource` whose `employeeId`, `dateMs` and `amount` attributes
 * are present only when the query names them, and each `when` fails closed,
 * as `evaluate` does: it requires the attribute it narrows
 * (`resource has amount && …`), so a resource without it matches no `permit`
 * and the default deny applies (the `has` guard also keeps an absent
 * attribute from being an evaluation error). Two ways to call it: `isAuthorized`
 * (the policy text travels and is parsed on every call) and
 * `statefulIsAuthorized` (the policy set parsed once, `preparsePolicySet`).
 */
import { type AuthorizationAnswer, type EntityJson, type EntityUidJson, isAuthorized, preparsePolicySet, statefulIsAuthorized } from '@cedar-policy/cedar-wasm/nodejs';
import type { Engine } from '../engine.js';
import type { RolePolicy, Rule } from '../policy.js';
import type { AuthzQuery } from '../queries.js';

const POLICY_SET_ID = 'staffgate-bench';

function condition(rule: Rule): string | undefined {
  switch (rule.kind) {
    case 'all':
      return undefined;
    case 'own':
      return 'resource has employeeId && resource.employeeId == principal.employeeId';
    case 'staff':
      return `resource has employeeId && ${JSON.stringify([...rule.employeeIds])}.contains(resource.employeeId)`;
    case 'days':
      return `resource has dateMs && resource.dateMs >= ${rule.minDateMs}`;
    case 'limit':
      // Amounts are integers (Cedar's Long): amount ≤ limit ⇔ amount ≤ ⌊limit⌋.
      return `resource has amount && resource.amount <= ${Math.floor(rule.limit)}`;
  }
}

export function cedarPolicies(policies: readonly RolePolicy[]): string {
  const texts: string[] = [];
  for (const policy of policies) {
    const byCondition = new Map<string, string[]>();
    for (const [key, rule] of policy.rules) {
      const when = condition(rule) ?? '';
      byCondition.set(when, [...(byCondition.get(when) ?? []), key]);
    }
    for (const [when, keys] of byCondition) {
      const actions = keys.map((key) => `Action::${JSON.stringify(key)}`).join(', ');
      const head = `permit (principal in Role::${JSON.stringify(policy.role)}, action in [${actions}], resource)`;
      texts.push(when === '' ? `${head};` : `${head} when { ${when} };`);
    }
  }
  return texts.join('\n');
}

interface CedarRequest {
  principal: EntityUidJson;
  action: EntityUidJson;
  resource: EntityUidJson;
  context: Record<string, never>;
  entities: EntityJson[];
}

function cedarRequest(q: AuthzQuery): CedarRequest {
  const principal = { type: 'User', id: q.staff.employeeId };
  const resource = { type: 'Resource', id: 'r' };
  const attrs: Record<string, string | number> = {};
  if (q.resource?.employeeId !== undefined) attrs.employeeId = q.resource.employeeId;
  if (q.dateMs !== undefined) attrs.dateMs = q.dateMs;
  if (q.resource?.amount !== undefined) attrs.amount = q.resource.amount;
  return {
    principal,
    action: { type: 'Action', id: q.key },
    resource,
    context: {},
    entities: [
      { uid: principal, attrs: { employeeId: q.staff.employeeId }, parents: [{ type: 'Role', id: q.role }] },
      { uid: { type: 'Role', id: q.role }, attrs: {}, parents: [] },
      { uid: resource, attrs, parents: [] },
    ],
  };
}

function allowed(answer: AuthorizationAnswer, q: AuthzQuery): boolean {
  if (answer.type !== 'success') throw new Error(`Cedar failed on ${q.role} ${q.key}: ${JSON.stringify(answer.errors)}`);
  if (answer.response.diagnostics.errors.length > 0) {
    throw new Error(`Cedar policy errors on ${q.role} ${q.key}: ${JSON.stringify(answer.response.diagnostics.errors)}`);
  }
  return answer.response.decision === 'allow';
}

export interface CedarSetup {
  policyCount: number;
  perCall: Engine;
  preparsed: Engine;
}

/** `timed`: queries per timed pass of the preparsed engine; `timedPerCall`: of the (much slower) per-call one. */
export function cedarEngines(queries: readonly AuthzQuery[], policies: readonly RolePolicy[], timed: number, timedPerCall: number): CedarSetup {
  const text = cedarPolicies(policies);
  const policyCount = (text.match(/^permit /gm) ?? []).length;
  const parsed = preparsePolicySet(POLICY_SET_ID, { staticPolicies: text });
  if (parsed.type !== 'success') throw new Error(`Cedar could not parse the policies: ${JSON.stringify(parsed.errors)}\n${text}`);
  const policySet = { staticPolicies: text };
  // Built ahead, outside the timed loops.
  const requests = queries.map(cedarRequest);
  const n = Math.min(timed, requests.length);
  const nPerCall = Math.min(timedPerCall, requests.length);
  const perCallCalls = requests.slice(0, nPerCall).map((request) => ({ ...request, policies: policySet }));
  const statefulCalls = requests.slice(0, n).map((request) => ({ ...request, preparsedPolicySetId: POLICY_SET_ID }));
  const perCall: Engine = {
    name: 'Cedar — `isAuthorized()` (policy text per call)',
    ours: false,
    timed: nPerCall,
    answer: (q) => allowed(isAuthorized({ ...cedarRequest(q), policies: policySet }), q),
    pass() {
      let sum = 0;
      for (let i = 0; i < nPerCall; i += 1) {
        const answer = isAuthorized(perCallCalls[i] as (typeof perCallCalls)[number]);
        if (answer.type === 'success' && answer.response.decision === 'allow') sum += i + 1;
      }
      return sum;
    },
    note: `${policyCount} policies; the first ${nPerCall} queries of the set are timed`,
  };
  const preparsed: Engine = {
    name: 'Cedar — `statefulIsAuthorized()` (preparsed policy set)',
    ours: false,
    timed: n,
    answer: (q) => allowed(statefulIsAuthorized({ ...cedarRequest(q), preparsedPolicySetId: POLICY_SET_ID }), q),
    pass() {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        const answer = statefulIsAuthorized(statefulCalls[i] as (typeof statefulCalls)[number]);
        if (answer.type === 'success' && answer.response.decision === 'allow') sum += i + 1;
      }
      return sum;
    },
    note: `the first ${n} queries of the set are timed`,
  };
  return { policyCount, perCall, preparsed };
}
