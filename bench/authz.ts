/**
 * The authorization-engine benchmark: our compiled access levels against
 * CASL, casbin and Cedar on one policy (the recommended access levels as
 * roles) and one fixed, seeded query set. Before anything is timed, every
 * engine's answer must equal ours (`evaluate(...).allowed`) on every query of
 * the set; every timed pass is checked again through its checksum. No server,
 * no Java: everything runs in this process.
 */
import { loadavg } from 'node:os';
import { type CompiledLevel, type Decision, evaluate, type Reason } from '#shared/domain/permissions/compiled.js';
import { checksum, type Engine } from './authz/engine.js';
import { caslEngine } from './authz/engines/casl.js';
import { casbinEngines } from './authz/engines/casbin.js';
import { cedarEngines } from './authz/engines/cedar.js';
import { compiledLevels, oursIntegerId, oursStringKey } from './authz/engines/ours.js';
import { oursPrototype, oursPrototypeIndex, prototypeAgreement } from './authz/prototype.js';
import { describePolicies, rolePolicies } from './authz/policy.js';
import { type AuthzQuery, generateQueries, NOW_MS, type QueryMix, queryMix, SEED } from './authz/queries.js';
import { markdownTable } from './lib/markdown.js';
import { DEFAULT_THROUGHPUT, measureThroughput, type Throughput } from './lib/throughput.js';

/** Targets of the access-levels issue for ours from a string key. */
export const TARGET_PER_SECOND = 20_000_000;
export const TARGET_RATIO = 10;

export interface AuthzOptions {
  /** Size of the query set (every engine is checked against ours on all of it). */
  queries: number;
  /** How many of them the slow engines time per pass: Cedar with a preparsed policy set. */
  slowQueries: number;
  /** … and the slowest (casbin without cache, Cedar parsing the policies on every call). */
  slowestQueries: number;
}

export interface EngineResult {
  name: string;
  ours: boolean;
  note: string | undefined;
  timed: number;
  agreed: number;
  checked: number;
  throughput: Throughput;
}

export interface AuthzBenchmark {
  seed: number;
  nowMs: number;
  policies: string;
  mix: QueryMix;
  reasons: [Reason, number][];
  allowed: number;
  results: EngineResult[];
  loadAverage: string;
  /** Sum of the checksums of every timed pass of every engine: printed, so no check is dead code. */
  grandChecksum: number;
}

export function authzOptionsFromEnv(): AuthzOptions {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = process.env[name] ?? String(fallback);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
    return value;
  };
  const queries = read('BENCH_AUTHZ_QUERIES', 10_000, 100, 1_000_000);
  const slowQueries = Math.min(queries, read('BENCH_AUTHZ_SLOW_QUERIES', 2_000, 100, 1_000_000));
  return { queries, slowQueries, slowestQueries: Math.max(100, Math.floor(slowQueries / 4)) };
}

function describeQuery(q: AuthzQuery): string {
  return `role ${q.role}, subject ${q.staff.employeeId}, key ${JSON.stringify(q.key)}, resource ${q.resource ? JSON.stringify(q.resource) : 'none'}`;
}

/** Every answer of `engine` must equal ours; otherwise the run fails with counterexamples. */
async function checkAgreement(engine: Engine, queries: readonly AuthzQuery[], reference: readonly Decision[]): Promise<number> {
  const wrong: string[] = [];
  let disagreements = 0;
  for (let i = 0; i < queries.length; i += 1) {
    const q = queries[i] as AuthzQuery;
    const ours = reference[i] as Decision;
    const result = engine.answer(q);
    const theirs = typeof result === 'boolean' ? result : await result;
    if (theirs !== ours.allowed) {
      disagreements += 1;
      if (wrong.length < 5) wrong.push(`  query #${i}: ${describeQuery(q)} → ours ${ours.allowed} (${ours.reason}), ${engine.name} ${theirs}`);
    }
  }
  if (disagreements > 0) {
    throw new Error(`${engine.name} disagrees with ours on ${disagreements} of ${queries.length} queries, e.g.:\n${wrong.join('\n')}`);
  }
  return queries.length;
}

export async function runAuthzBenchmark(options: AuthzOptions, log: (line: string) => void = console.log): Promise<AuthzBenchmark> {
  const loadAverage = loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
  const policies = rolePolicies(NOW_MS);
  const queries = generateQueries(policies, options.queries);
  const levels: CompiledLevel[] = compiledLevels();
  const reference = queries.map((q) => evaluate(levels[q.roleIndex] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS));
  const reasons = new Map<Reason, number>();
  for (const decision of reference) reasons.set(decision.reason, (reasons.get(decision.reason) ?? 0) + 1);
  const answers = reference.map((decision) => decision.allowed);

  log(`authz: ${queries.length} queries (seed ${SEED.toString(16)}), ${answers.filter(Boolean).length} allowed; building the engines ...`);
  const casbin = await casbinEngines(queries, policies, options.slowestQueries);
  const cedar = cedarEngines(queries, policies, options.slowQueries, options.slowestQueries);
  const engines: Engine[] = [
    oursStringKey(queries, levels),
    oursIntegerId(queries, levels),
    oursPrototype(queries, levels),
    oursPrototypeIndex(queries, levels),
    caslEngine(queries, policies),
    casbin.cached,
    casbin.plain,
    cedar.preparsed,
    cedar.perCall,
  ];

  // Agreement first, on the whole set, for every engine; nothing is timed before all agree.
  const agreement = new Map<Engine, number>();
  for (const engine of engines) {
    const started = Date.now();
    agreement.set(engine, await checkAgreement(engine, queries, reference));
    log(`authz: ${engine.name} agrees with ours on all ${queries.length} queries (${Date.now() - started} ms)`);
  }

  const exact = prototypeAgreement(queries, levels);
  log(`authz: the prototype returns evaluate's exact decision (reason and missing fields included) on ${exact} checks (the set, and again with branch-restricted subjects, at a terminal and in the back office)`);

  log(`authz: timing, ${DEFAULT_THROUGHPUT.trials} rounds over all engines ...`);
  const throughputs = await measureThroughput(
    engines.map((engine) => ({ name: engine.name, checksPerPass: engine.timed, pass: () => engine.pass(), expected: checksum(answers, engine.timed) })),
  );
  const results: EngineResult[] = [];
  let grandChecksum = 0;
  engines.forEach((engine, i) => {
    const throughput = throughputs[i] as Throughput;
    grandChecksum += throughput.checksumTotal;
    const checked = agreement.get(engine) ?? 0;
    results.push({ name: engine.name, ours: engine.ours, note: engine.note, timed: engine.timed, agreed: checked, checked, throughput });
    log(
      `authz: ${engine.name}: ${rate(throughput.perSecond)} checks/s (${nanoseconds(throughput.nsPerCheck)} ns/check, n = ${engine.timed}; ` +
        `trials ${rate(throughput.minPerSecond)} … ${rate(throughput.maxPerSecond)})`,
    );
  });
  return {
    seed: SEED,
    nowMs: NOW_MS,
    policies: describePolicies(policies),
    mix: queryMix(queries, policies),
    reasons: [...reasons].sort((a, b) => b[1] - a[1]),
    allowed: answers.filter(Boolean).length,
    results,
    loadAverage,
    grandChecksum,
  };
}

/** 23.1 M, 4.70 M, 312 k, 6.12 k. */
export function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toPrecision(3)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toPrecision(3)} k`;
  return perSecond.toPrecision(3);
}

export function nanoseconds(ns: number): string {
  return ns >= 1000 ? Math.round(ns).toLocaleString('en-GB') : ns.toPrecision(3);
}

const count = (n: number) => n.toLocaleString('en-GB');

export function authzReport(result: AuthzBenchmark): string {
  const reference = result.results[0];
  const rows = result.results.map((r) => [
    r.ours ? `**${r.name}**` : r.name,
    rate(r.throughput.perSecond),
    nanoseconds(r.throughput.nsPerCheck),
    count(r.timed),
    r === reference ? `${count(r.checked)} (reference)` : `${count(r.agreed)}/${count(r.checked)}`,
  ]);
  const table = markdownTable(['engine', 'checks/s', 'ns/check', 'n queries', 'agreement'], rows);
  const others = result.results.filter((r) => !r.ours);
  const fastest = others.reduce<EngineResult | undefined>((best, r) => (!best || r.throughput.perSecond > best.throughput.perSecond ? r : best), undefined);
  if (!reference || !fastest) throw new Error('authz report: no results');
  const ratio = (r: EngineResult) => r.throughput.perSecond / fastest.throughput.perSecond;
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  const mix = result.mix;
  const ourOthers = result.results.filter((r) => r.ours && r !== reference);
  const notes = result.results.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}.`);
  return [
    `Policy: ${result.policies}. Query set: ${count(mix.total)} queries, seed \`${result.seed.toString(16)}\`, now = ${new Date(result.nowMs).toISOString()}; ` +
      `${count(mix.withResource)} with a resource (${count(mix.narrowed)} of them on a narrowed grant, so conditions are evaluated), ${count(mix.unknownKey)} with an unknown key; ` +
      `${count(result.allowed)} allowed. ` +
      `Our reasons: ${result.reasons.map(([reason, n]) => `${reason} ${count(n)}`).join(', ')}. Load average at the start: ${result.loadAverage}.`,
    '',
    table,
    '',
    `Targets for ours from a string key (\`evaluate\`): **${rate(reference.throughput.perSecond)} checks/s** (≥ 20 M: ${met(reference.throughput.perSecond >= TARGET_PER_SECOND)}); ` +
      `**${ratio(reference).toFixed(1)}×** the fastest other engine, ${fastest.name} (≥ ${TARGET_RATIO}×: ${met(ratio(reference) >= TARGET_RATIO)}).` +
      (ourOthers.length > 0 ? ` For comparison: ${ourOthers.map((r) => `${r.name} ${ratio(r).toFixed(1)}×`).join('; ')}.` : ''),
    '',
    `checks/s: median of ${DEFAULT_THROUGHPUT.trials} timed trials of ≥ ${DEFAULT_THROUGHPUT.trialMs} ms each (whole passes over the first n queries of the set, wall clock), ` +
      `taken round-robin over the engines after ≥ ${DEFAULT_THROUGHPUT.warmUpMs} ms of warm-up each; ` +
      'every pass must return the expected checksum. Agreement: queries of the whole set on which the engine answers as ours, checked before any timing.',
    '',
    ...notes,
  ].join('\n');
}
