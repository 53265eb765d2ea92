/**
 * Access snapshots from a host's side (`@staffgate/client`, client/src/snapshots.ts):
 *
 * 1. CPU: the client's `can()` on verified snapshots, with a permission
 *    handle resolved once and from a string key, against CASL and our
 *    `evaluate()` in the same run, on bench/authz's policy and query set
 *    (snapshots signed here with a bench key and verified by the client).
 * 2. A host's decision latency against the local service started in this
 *    process: `can()` on a cached snapshot, a snapshot fetch + verify, and a
 *    `POST /v1/authorize` round trip, all through the client.
 * 3. Verification: ES256 verify per snapshot, and how often the key set is
 *    fetched (per N verifications; for a key rotated in; for forged kids).
 */
import { loadavg } from 'node:os';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { type AccessSnapshotClaims, encodeSnapshotLevel } from '#shared/access-snapshot/claims.js';
import { accessSnapshotDecider } from '#shared/access-snapshot/decide.js';
import { CATALOG_VERSION } from '#shared/domain/permissions/catalog.js';
import { type CompiledLevel, type Decision, evaluate } from '#shared/domain/permissions/compiled.js';
import { type AccessSnapshot, createSnapshotCache, createSnapshotVerifier, createStaffGateClient, type PermissionCheck } from '../client/src/index.js';
import { checksum, type Engine } from './authz/engine.js';
import { caslEngine } from './authz/engines/casl.js';
import { compiledLevels, oursIntegerId, oursStringKey } from './authz/engines/ours.js';
import { rolePolicies } from './authz/policy.js';
import { type AuthzQuery, generateQueries, NOW_MS, SEED, STAFF } from './authz/queries.js';
import type { BenchService } from './lib/local-service.js';
import { markdownTable } from './lib/markdown.js';
import { mean, percentile } from './lib/stats.js';
import { DEFAULT_THROUGHPUT, measureThroughput, type Throughput } from './lib/throughput.js';
import { elapsedMs } from './lib/timing.js';

export const TARGET_RATIO = 10;

interface CpuResult {
  name: string;
  ours: boolean;
  note: string | undefined;
  throughput: Throughput;
}

interface Latency {
  metric: string;
  /** Microseconds. */
  samples: number[];
}

export interface SnapshotBenchmark {
  queries: number;
  loadAverage: string;
  cpu: CpuResult[];
  grandChecksum: number;
  latency: Latency[];
  /** What each of the three ways answered for the latency check (must be equal). */
  answer: Decision;
  verify: Latency[];
  jwks: { verifications: number; fetches: number; rotationFetches: number; rotationRefreshes: number; forged: number; forgedFetches: number };
}

/** A signing key and a verifier that fetches a key set holding it (no network). */
async function benchSigner(now: () => number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'ES256', use: 'sig' };
  const verifier = createSnapshotVerifier({ baseUrl: 'http://jwks.bench.invalid', fetch: async () => Response.json({ keys: [jwk] }), issuer: 'staffgate:bench', now });
  const sign = (claims: AccessSnapshotClaims) => new SignJWT(claims as unknown as Record<string, unknown>).setProtectedHeader({ alg: 'ES256', typ: 'staffgate-access-snapshot+jwt', kid: 'bench-key' }).sign(privateKey);
  return { verifier, sign, jwk };
}

/** Claims of a back-office session holding `level`, valid for an hour around `nowMs`. */
function claimsFor(level: CompiledLevel, role: string, employeeId: string, nowMs: number): AccessSnapshotClaims {
  const iat = Math.floor(nowMs / 1000) - 60;
  return {
    v: 1,
    iss: 'staffgate:bench',
    iat,
    exp: iat + 3600,
    tenantId: 'ten_bench',
    staffId: `stf_${employeeId}`,
    session: { id: 'ses_bench', kind: 'backoffice' },
    remoteAccess: true,
    catalogVersion: CATALOG_VERSION,
    subject: { employeeId, branchIds: [] },
    levels: [encodeSnapshotLevel(level, `lvl_${role}`, 1)],
  };
}

function sameDecision(a: Decision, b: Decision): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The client's can() through verified snapshots, against CASL and evaluate() (bench/authz's set-up), round-robin in one run. */
async function measureCpu(queryCount: number, log: (line: string) => void) {
  const policies = rolePolicies(NOW_MS);
  const queries = generateQueries(policies, queryCount);
  const levels = compiledLevels();
  // The checks' "now" is the query set's: a clock read per check (Date.now) shifted to it.
  const offset = NOW_MS - Date.now();
  const { verifier, sign } = await benchSigner(() => Date.now() + offset);
  const snapshots = new Map<string, AccessSnapshot>();
  for (const [roleIndex, policy] of policies.entries()) {
    for (const staff of STAFF) {
      const token = await sign(claimsFor(levels[roleIndex] as CompiledLevel, policy.role, staff.employeeId, NOW_MS));
      snapshots.set(`${roleIndex}/${staff.employeeId}`, await verifier.verify(token));
    }
  }
  const snapshotOf = (q: AuthzQuery) => snapshots.get(`${q.roleIndex}/${q.staff.employeeId}`) as AccessSnapshot;
  const reference = queries.map((q) => evaluate(levels[q.roleIndex] as CompiledLevel, q.key, q.staff.subject, q.resource, NOW_MS));
  const answers = reference.map((decision) => decision.allowed);

  // Every answer of the client, by key and by handle, with and without an explicit now, must be evaluate's exact decision.
  const handles: PermissionCheck[] = queries.map((q) => snapshotOf(q).permission(q.key));
  queries.forEach((q, i) => {
    const expected = reference[i] as Decision;
    const snapshot = snapshotOf(q);
    const handle = handles[i] as PermissionCheck;
    for (const decision of [snapshot.can(q.key, q.resource, NOW_MS), snapshot.can(q.key, q.resource), handle.can(q.resource, NOW_MS), handle.can(q.resource)]) {
      if (!sameDecision(decision, expected)) throw new Error(`client can() answered ${JSON.stringify(decision)} for query #${i} (${q.key}), evaluate ${JSON.stringify(expected)}`);
    }
  });
  log(`snapshot: the client's can() (by key and by handle, explicit now and clock) returns evaluate's exact decision on all ${queries.length} queries`);

  const snapshotOfQuery = queries.map(snapshotOf);
  const resources = queries.map((q) => q.resource);
  const keys = queries.map((q) => q.key);
  const n = queries.length;
  // Each pass is its own loop (as CASL's and evaluate's in bench/authz), so no engine pays for a shared callback.
  const engine = (name: string, note: string, pass: () => number): Engine => ({ name, ours: true, timed: n, answer: () => true, pass, note });
  const engines: Engine[] = [
    engine('client — permission handle resolved once, `handle.can(resource, nowMs)`', 'the check\'s "now" passed in, as `evaluate` and CASL get it', () => {
      let sum = 0;
      for (let i = 0; i < n; i += 1) if ((handles[i] as PermissionCheck).can(resources[i], NOW_MS).allowed) sum += i + 1;
      return sum;
    }),
    engine('client — permission handle resolved once, `handle.can(resource)`', 'the verifier\'s clock read on every check (`Date.now()`), as a host calls it', () => {
      let sum = 0;
      for (let i = 0; i < n; i += 1) if ((handles[i] as PermissionCheck).can(resources[i]).allowed) sum += i + 1;
      return sum;
    }),
    engine('client — string key, `snapshot.can(key, resource, nowMs)`', 'the check\'s "now" passed in', () => {
      let sum = 0;
      for (let i = 0; i < n; i += 1) if ((snapshotOfQuery[i] as AccessSnapshot).can(keys[i] as string, resources[i], NOW_MS).allowed) sum += i + 1;
      return sum;
    }),
    engine('client — string key, `snapshot.can(key, resource)`', 'clock read on every check', () => {
      let sum = 0;
      for (let i = 0; i < n; i += 1) if ((snapshotOfQuery[i] as AccessSnapshot).can(keys[i] as string, resources[i]).allowed) sum += i + 1;
      return sum;
    }),
    oursStringKey(queries, levels),
    oursIntegerId(queries, levels),
    caslEngine(queries, policies),
  ];
  const casl = engines[engines.length - 1] as Engine;
  for (const [i, q] of queries.entries()) {
    if (casl.answer(q) !== answers[i]) throw new Error(`CASL disagrees with evaluate on query #${i}`);
  }
  log(`snapshot: CASL agrees with evaluate on all ${queries.length} queries; timing, ${DEFAULT_THROUGHPUT.trials} rounds ...`);
  const throughputs = await measureThroughput(engines.map((e) => ({ name: e.name, checksPerPass: e.timed, pass: () => e.pass(), expected: checksum(answers, e.timed) })));
  let grandChecksum = 0;
  const results = engines.map((e, i): CpuResult => {
    const throughput = throughputs[i] as Throughput;
    grandChecksum += throughput.checksumTotal;
    log(`snapshot: ${e.name}: ${(throughput.perSecond / 1e6).toFixed(2)} M checks/s (${throughput.nsPerCheck.toFixed(1)} ns/check)`);
    return { name: e.name, ours: e !== casl, note: e.note, throughput };
  });
  return { queries: n, results, grandChecksum };
}

async function samplesUs(n: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = process.hrtime.bigint();
    const result = fn();
    if (result instanceof Promise) await result;
    samples.push(elapsedMs(start) * 1000);
  }
  return samples;
}

/** A host's three ways to a decision, through the client against the local service; then verification and the key set. */
async function measureService(service: BenchService, n: number, log: (line: string) => void) {
  const { stack, demo } = service;
  let jwksFetches = 0;
  const counting = async (request: Request) => {
    if (new URL(request.url).pathname === '/.well-known/jwks.json') jwksFetches += 1;
    return fetch(request);
  };
  const client = createStaffGateClient({ baseUrl: stack.url, tenantId: demo.tenantId, fetch: counting });
  const { data: login } = await client.POST('/v1/auth/login', { body: { login: demo.ownerEmail, password: demo.ownerPassword } });
  client.setToken(login.token);
  const cache = createSnapshotCache(client);
  const check = { permission: 'calendar.view', resource: { employeeId: 'emp-1' } } as const;

  const snapshot = await cache.get();
  const cached = snapshot.can(check.permission, check.resource);
  const { data: authorized } = await client.POST('/v1/authorize', { body: check });
  if (!sameDecision(cached, authorized as Decision) || !sameDecision(await cache.can(check.permission, check.resource), cached)) {
    throw new Error(`the snapshot answered ${JSON.stringify(cached)}, POST /v1/authorize ${JSON.stringify(authorized)}`);
  }
  const handle = snapshot.permission(check.permission);
  const inMemory = n * 50;
  log(`snapshot: latency, ${inMemory} in-memory samples and ${n} over HTTP each ...`);
  for (let i = 0; i < 20; i += 1) {
    await client.accessSnapshot();
    await client.POST('/v1/authorize', { body: check });
  }
  await samplesUs(inMemory, () => snapshot.can(check.permission, check.resource));
  const latency: Latency[] = [
    { metric: '`snapshot.can(key, resource)` on a cached snapshot (sync)', samples: await samplesUs(inMemory, () => snapshot.can(check.permission, check.resource)) },
    { metric: '`handle.can(resource)`, permission handle resolved once (sync)', samples: await samplesUs(inMemory, () => handle.can(check.resource)) },
    { metric: '`await cache.can(key, resource)` (cache lookup by session, then `can`)', samples: await samplesUs(inMemory, () => cache.can(check.permission, check.resource)) },
    { metric: '`client.accessSnapshot()`: `POST /v1/access-snapshot` + offline verify', samples: await samplesUs(n, () => client.accessSnapshot()) },
    { metric: '`POST /v1/authorize` round trip through the client, one check', samples: await samplesUs(n, () => client.POST('/v1/authorize', { body: check })) },
  ];

  // Verification alone, on one genuine snapshot, key set warm.
  const verifier = client.snapshotVerifier;
  const token = snapshot.snapshot;
  const jwks = (await (await fetch(`${stack.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
  const { importJWK, decodeProtectedHeader } = await import('jose');
  const kid = decodeProtectedHeader(token).kid;
  const key = await importJWK(jwks.keys.find((candidate) => candidate.kid === kid) as JWK, 'ES256');
  const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] });
  const verifications = n * 10;
  const before = jwksFetches;
  await samplesUs(100, () => verifier.verify(token));
  const verify: Latency[] = [
    { metric: '`verifier.verify(snapshot)`: ES256 verify, `typ`/`iss`/`exp` checks, claims decoded, decider built', samples: await samplesUs(verifications, () => verifier.verify(token)) },
    { metric: "jose `jwtVerify` alone (ES256 with an imported key, WebCrypto)", samples: await samplesUs(verifications, () => jwtVerify(token, key, { algorithms: ['ES256'] })) },
    { metric: '`accessSnapshotDecider(payload)` alone (claims read, level decoded)', samples: await samplesUs(verifications, () => accessSnapshotDecider(payload)) },
  ];
  const fetchesPerVerifications = jwksFetches;
  const verifiedInAll = verifier.stats.verified;
  if (jwksFetches !== before) throw new Error(`the warm key set was fetched again (${jwksFetches - before} times)`);

  // A key rotated in after the verifier cached the set: one more fetch. Forged kids: at most one fetch per cooldown.
  let served = 0;
  const staleFirst = async (request: Request) => {
    served += 1;
    const response = await fetch(request);
    if (served > 1) return response;
    return Response.json({ keys: [{ ...jwks.keys[0], kid: 'retired-key' }] });
  };
  const rotating = createSnapshotVerifier({ baseUrl: stack.url, fetch: staleFirst, unknownKeyCooldownMs: 30_000 });
  const retired = await (async () => {
    try {
      await rotating.verify(token.replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'staffgate-access-snapshot+jwt', kid: 'retired-key' })).toString('base64url')));
    } catch {
      // Its signature is the genuine key's under another header: refused, but the set is now cached without the signing key.
    }
    return rotating.stats.jwksFetches;
  })();
  await rotating.verify(token);
  const rotationFetches = rotating.stats.jwksFetches - retired;
  const { sign } = await benchSigner(Date.now);
  const forgedToken = await sign({ ...(payload as unknown as AccessSnapshotClaims) });
  const forged = 1000;
  const guarded = createSnapshotVerifier({ baseUrl: stack.url, unknownKeyCooldownMs: 30_000 });
  await guarded.verify(token);
  const beforeForged = guarded.stats.jwksFetches;
  for (let i = 0; i < forged; i += 1) await guarded.verify(forgedToken).catch(() => undefined);
  if (guarded.stats.refused !== forged) throw new Error(`forged snapshots: ${guarded.stats.refused} of ${forged} refused`);
  return {
    latency,
    answer: cached,
    verify,
    jwks: {
      verifications: verifiedInAll,
      fetches: fetchesPerVerifications,
      rotationFetches,
      rotationRefreshes: rotating.stats.unknownKeyRefreshes,
      forged,
      forgedFetches: guarded.stats.jwksFetches - beforeForged,
    },
  };
}

export async function runSnapshotBenchmark(service: () => Promise<BenchService>, options: { queries: number; n: number }, log: (line: string) => void = console.log): Promise<SnapshotBenchmark> {
  const loadAverage = loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
  const cpu = await measureCpu(options.queries, log);
  log('snapshot: starting the local service ...');
  const measured = await measureService(await service(), options.n, log);
  return { queries: cpu.queries, loadAverage, cpu: cpu.results, grandChecksum: cpu.grandChecksum, ...measured };
}

const count = (n: number) => n.toLocaleString('en-GB');
const us = (value: number) => (value >= 100 ? count(Math.round(value)) : value.toPrecision(3));
const rate = (perSecond: number) => (perSecond >= 1e6 ? `${(perSecond / 1e6).toPrecision(3)} M` : `${(perSecond / 1e3).toPrecision(3)} k`);

function latencyTable(rows: readonly Latency[]): string {
  return markdownTable(
    ['metric', 'p50 (µs)', 'p95 (µs)', 'p99 (µs)', 'mean (µs)', 'n'],
    rows.map(({ metric, samples }) => [metric, us(percentile(samples, 50)), us(percentile(samples, 95)), us(percentile(samples, 99)), us(mean(samples)), count(samples.length)]),
  );
}

export function snapshotReport(result: SnapshotBenchmark): string {
  const casl = result.cpu.find((r) => !r.ours);
  if (!casl) throw new Error('snapshot report: no CASL result');
  const ratio = (r: CpuResult) => r.throughput.perSecond / casl.throughput.perSecond;
  const handle = result.cpu[0] as CpuResult;
  const handleClock = result.cpu[1] as CpuResult;
  const stringKey = result.cpu[2] as CpuResult;
  const integerId = result.cpu.find((r) => r.name.startsWith('ours — integer id'));
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  const p50 = (metric: string) => percentile((result.latency.find((row) => row.metric.startsWith(metric)) as Latency).samples, 50);
  const cachedUs = p50('`snapshot.can');
  const fetchUs = p50('`client.accessSnapshot');
  const authorizeUs = p50('`POST /v1/authorize');
  const [verifyRow] = result.verify;
  const j = result.jwks;
  return [
    `Query set: bench/authz's (${count(result.queries)} queries, seed \`${SEED.toString(16)}\`, now = ${new Date(NOW_MS).toISOString()}), answered through the client's verified snapshots (one per role × staff member, signed here with a bench key); every answer of the client (by key and by handle) equals \`evaluate\`'s exact decision, checked before timing. Load average at the start: ${result.loadAverage}.`,
    '',
    markdownTable(
      ['engine', 'checks/s', 'ns/check', '× CASL'],
      result.cpu.map((r) => [r.ours ? `**${r.name}**` : r.name, rate(r.throughput.perSecond), r.throughput.nsPerCheck.toPrecision(3), ratio(r).toFixed(1)]),
    ),
    '',
    `Target: the client's \`can()\` with a permission handle resolved once ≥ ${TARGET_RATIO}× CASL: **${ratio(handle).toFixed(1)}×** with the check's "now" passed in (${met(ratio(handle) >= TARGET_RATIO)}); ` +
      `${ratio(handleClock).toFixed(1)}× reading the clock on every check (${met(ratio(handleClock) >= TARGET_RATIO)}); string key ${ratio(stringKey).toFixed(1)}×.` +
      (ratio(handle) >= TARGET_RATIO || !integerId
        ? ''
        : ` Why not: the handle is the service's own \`ResolvedPermission\` (proven equal to \`evaluate\`) behind the snapshot's expiry check; ` +
          `it returns the full decision (reason, missing fields), where bench/authz's integer-id path, a boolean over the bitsets inlined in the loop, ` +
          `is ${ratio(integerId).toFixed(1)}× CASL in this run. Reading \`Date.now()\` costs about as much as the check itself, so pass one \`nowMs\` for a batch of checks.`),
    '',
    ...result.cpu.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}.`),
    '',
    `A host's decision, three ways, through the client against the local service in this process (the demo owner's back-office session, \`${'calendar.view'}\` for an employee; all three answered \`${JSON.stringify(result.answer)}\`), one at a time:`,
    '',
    latencyTable(result.latency),
    '',
    `p50: a cached snapshot answers in **${us(cachedUs)} µs**, ${count(Math.round(authorizeUs / cachedUs))}× faster than a \`POST /v1/authorize\` round trip (${us(authorizeUs)} µs); a snapshot fetch + verify costs ${us(fetchUs)} µs, once per snapshot lifetime (default 60 s) per session.`,
    '',
    'Verification (key set warm, one genuine snapshot verified repeatedly):',
    '',
    latencyTable(result.verify),
    '',
    `Key set: **${j.fetches}** fetch${j.fetches === 1 ? '' : 'es'} of \`/.well-known/jwks.json\` by the client's verifier for all its ${count(j.verifications)} verifications in this run (the first one's; ${verifyRow ? `${us(percentile(verifyRow.samples, 50))} µs per verification at p50` : ''}); ` +
      `a key rotated in after the set was cached: **${j.rotationFetches}** more fetch (${j.rotationRefreshes} unknown-kid refresh), then verified; ` +
      `${count(j.forged)} snapshots naming a forged kid within the cooldown (30 s): **${j.forgedFetches}** fetch${j.forgedFetches === 1 ? '' : 'es'}.`,
    '',
    `checks/s: median of ${DEFAULT_THROUGHPUT.trials} timed trials of ≥ ${DEFAULT_THROUGHPUT.trialMs} ms, round-robin over the engines after ≥ ${DEFAULT_THROUGHPUT.warmUpMs} ms of warm-up each; every pass must return the expected checksum. Latencies: nearest-rank percentiles of sequential calls after a warm-up, \`process.hrtime\` around each call (about 0.1 µs of it is the timer itself).`,
  ].join('\n');
}
