import { randomUUID } from 'node:crypto';
import { startDynamoLocal } from '#local/dynamodb-local.js';
import { Deployment } from '../test/deployed/support/deployment.js';
import { synthesizeCloudAssembly } from '../test/deployed/support/synth.js';
import { markdownTable, ms, summaryTable } from './lib/markdown.js';
import { type Summary, summarize } from './lib/stats.js';
import { timeSequential, warmUp } from './lib/timing.js';

export interface DecisionsBenchmark {
  stackName: string;
  rest: { cold: Summary; warm: Summary; invocations: number };
  decisions: { cold: Summary; warm: Summary; invocations: number };
}

const CHECK = { permission: 'clients.view' };

/**
 * `POST /v1/authorize` on the two deployed paths, offline: the REST API
 * (REQUEST authorizer, then the authorize function) and the decisions API
 * (HTTP API, the authorize function alone, session checked inside), both
 * emulated from the synthesized EU template with the functions' bundles
 * from cdk.out and every AWS call checked against their roles
 * (test/deployed/support). Cold: the functions a path invokes are stopped
 * before each sample, so it includes starting their sandbox (a worker
 * thread) and importing the bundle — Lambda's init, not its sandbox
 * provisioning. Warm: sequential calls after a warm-up.
 */
export async function runDecisionsBenchmark(n: number, coldSamples: number): Promise<DecisionsBenchmark> {
  const dynamo = await startDynamoLocal(undefined);
  const assembly = synthesizeCloudAssembly();
  try {
    const stack = assembly.stacks.find((candidate) => candidate.residency === 'EU');
    if (!stack) throw new Error('no EU stack in the assembly');
    const d = await Deployment.start(stack, assembly.outdir, dynamo.endpoint);
    try {
      const email = `owner.${randomUUID().slice(0, 8)}@salon.example`;
      const password = 'correct horse battery staple';
      const created = await d.operator('POST', '/v1/operator/tenants', { name: 'Salong Bench', plan: 'paid', owner: { firstName: 'Anna', lastName: 'Berg', email } });
      if (created.status !== 201) throw new Error(`tenant: ${created.status} ${created.text}`);
      const accepted = await d.request('POST', '/v1/invitations/accept', { json: { token: await d.latestToken(email), password } });
      if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
      const options = { token: accepted.body.token as string, json: CHECK, headers: { 'x-tenant-id': created.body.tenant.id as string } };
      const call = (api: 'rest' | 'decisions') => async () => {
        const response = await d.request('POST', '/v1/authorize', api === 'decisions' ? { ...options, api } : options);
        if (response.status !== 200) throw new Error(`${api} authorize: ${response.status} ${response.text}`);
      };
      const fn = (name: string) => d.functions.get(d.byName.get(name) as string);
      const invocationsOf = async (api: 'rest' | 'decisions') => {
        const before = [...d.functions.values()].reduce((sum, f) => sum + f.invocations.length, 0);
        await call(api)();
        return [...d.functions.values()].reduce((sum, f) => sum + f.invocations.length, 0) - before;
      };
      const cold = async (api: 'rest' | 'decisions') =>
        timeSequential(coldSamples, async () => {
          await Promise.all(['authorizer', 'authorize'].map((name) => fn(name)?.stop()));
          await call(api)();
        });
      const restCold = await cold('rest');
      const decisionsCold = await cold('decisions');
      await warmUp(30, call('rest'));
      await warmUp(30, call('decisions'));
      const restWarm = await timeSequential(n, call('rest'));
      const decisionsWarm = await timeSequential(n, call('decisions'));
      if (d.denials.length > 0) throw new Error(`IAM denials: ${d.denials.map((denial) => `${denial.caller} ${denial.action}`).join(', ')}`);
      return {
        stackName: stack.stackName,
        rest: { cold: summarize(restCold), warm: summarize(restWarm), invocations: await invocationsOf('rest') },
        decisions: { cold: summarize(decisionsCold), warm: summarize(decisionsWarm), invocations: await invocationsOf('decisions') },
      };
    } finally {
      await d.stop();
    }
  } finally {
    assembly.remove();
    await dynamo.stop();
  }
}

/** List prices per million single checks (docs/operations.md, cost model): REST + WAF + 2 invocations, HTTP API + 1. */
const COST_PER_MILLION = { rest: 5.06, decisions: 1.68 };

export function decisionsReport({ stackName, rest, decisions }: DecisionsBenchmark): string {
  return [
    `Stack ${stackName}, synthesized and run offline (bundles from cdk.out, API Gateway emulated from the template, IAM enforced).`,
    '',
    summaryTable([
      { metric: 'REST API: authorizer + authorize, cold (both functions started for each sample)', summary: rest.cold },
      { metric: 'decisions API (HTTP API): authorize alone, cold', summary: decisions.cold },
      { metric: 'REST API, warm', summary: rest.warm },
      { metric: 'decisions API, warm', summary: decisions.warm },
    ]),
    '',
    markdownTable(
      ['per single check', 'REST API', 'decisions API'],
      [
        ['Lambda invocations', String(rest.invocations), String(decisions.invocations)],
        ['warm p50 (ms)', ms(rest.warm.p50), ms(decisions.warm.p50)],
        ['cold p50 (ms)', ms(rest.cold.p50), ms(decisions.cold.p50)],
        ['list price per million (docs/operations.md)', `$${COST_PER_MILLION.rest.toFixed(2)}`, `$${COST_PER_MILLION.decisions.toFixed(2)} (target ≤ $2: met)`],
        ['per million decisions in batches of 100', `$${(COST_PER_MILLION.rest / 100).toFixed(4)}`, `$${(COST_PER_MILLION.decisions / 100).toFixed(4)} (target ≤ $0.05: met)`],
      ],
    ),
  ].join('\n');
}
