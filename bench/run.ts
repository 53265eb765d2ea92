/**
 * `npm run bench`: runs the benchmarks on this machine, rewrites each one's
 * block of BENCHMARKS.md and prints it.
 *
 * - login: a bare argon2id verify and `POST /v1/auth/login` through the whole
 *   local service (DynamoDB Local, so Java), measured sequentially (one call
 *   at a time) so the two figures compare.
 * - authorize-http: `POST /v1/authorize` through the local service, warm,
 *   one check and a batch of 100, with the DynamoDB requests of one call.
 * - authz: our compiled access levels against CASL, casbin and Cedar on one
 *   policy and one seeded query set (CPU only: no server, no Java).
 * - unlock: a bare argon2id verify and `POST /v1/terminal/unlock` through the
 *   whole local service, measured sequentially, with one warm
 *   `POST /v1/authorize` timed after each unlock (the same-run ratio);
 *   DynamoDB requests and PIN MACs per successful unlock, the time of each
 *   request; unlocks/s with 8 terminals at once.
 *
 * - decisions: `POST /v1/authorize` through the two deployed paths (REST API
 *   with its authorizer, the decisions HTTP API), cold and warm, offline
 *   from the synthesized template (test/deployed/support).
 *
 * - bursts: secrets evaluated per burst of 1,000 parallel PINs at one terminal
 *   and 1,000 parallel passwords for one account (target: at most the budget).
 *
 * - snapshot: the client's access-snapshot `can()` (permission handle and
 *   string key) against CASL and evaluate(); a host's decision latency from a
 *   cached snapshot, a snapshot fetch + verify and `POST /v1/authorize`
 *   through the client against the local service; ES256 verify cost and the
 *   client's JWKS cache (fetches per N verifications, unknown kids).
 *
 * - import: a 5,000-row staff CSV import (dry run and real) and a 5,000-member
 *   export through the local service: wall time and peak heap; rows written
 *   per second within the import's write budget.
 *
 * - import-job: a 5,000-row file through the asynchronous import job
 *   (POST …/staff/imports, the queue's worker in slices): the POST's time and
 *   heap, the worker's rows/s over the first BENCH_IMPORT_JOB_ROWS rows
 *   (default 1,000; the whole file extrapolated), peak heap and RSS.
 *
 * Choose benchmarks with arguments or BENCH_ONLY (comma-separated):
 * `npm run bench -- authz`, `BENCH_ONLY=login npm run bench`; default: all.
 *
 * Environment: BENCH_N (login, unlock: samples per metric, default 200),
 * BENCH_UNLOCK_SECONDS (unlock: length of the throughput run, default 5),
 * BENCH_AUTHZ_QUERIES (authz: size of the query set, default 10000),
 * BENCH_AUTHZ_SLOW_QUERIES (authz: queries per timed pass of Cedar, default 2000).
 */
import { BENCHMARKS_FILE, resultSection, writeBenchmarkBlock } from './lib/report.js';
import { withTimeout } from './lib/timing.js';

interface Benchmark {
  /** The whole benchmark must finish within this, or the run fails (and the exit handlers kill DynamoDB Local). */
  timeoutMs: number;
  /** Measures and returns the body of its block (under the result heading). */
  run(): Promise<string>;
}

function samplesFromEnv(): number {
  const raw = process.env.BENCH_N ?? '200';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 10_000) throw new Error(`BENCH_N must be an integer from 10 to 10000, got ${raw}`);
  return n;
}

async function runLogin(): Promise<string> {
  const { loginReport, measureBareVerify, measureHealth, measureLogin } = await import('./login.js');
  const { startBenchService } = await import('./lib/local-service.js');
  const n = samplesFromEnv();
  console.log(`argon2id verify × ${n} ...`);
  const verify = await measureBareVerify(n);

  console.log('Starting the local service (DynamoDB Local in memory) and seeding the demo salon ...');
  let service: Awaited<ReturnType<typeof startBenchService>> | undefined;
  try {
    service = await startBenchService();
    console.log(`POST /v1/auth/login × ${n} on ${service.stack.url} ...`);
    const login = await measureLogin(service, n);
    const health = await measureHealth(service, n);
    return loginReport({ verify, login, health });
  } finally {
    await service?.stop();
  }
}

async function runAuthz(): Promise<string> {
  const { authzOptionsFromEnv, authzReport, runAuthzBenchmark } = await import('./authz.js');
  const result = await runAuthzBenchmark(authzOptionsFromEnv());
  console.log(`authz: checksum of every pass ${result.grandChecksum}`);
  return authzReport(result);
}

function unlockSecondsFromEnv(): number {
  const raw = process.env.BENCH_UNLOCK_SECONDS ?? '5';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 60) throw new Error(`BENCH_UNLOCK_SECONDS must be a number from 1 to 60, got ${raw}`);
  return seconds;
}

async function runUnlock(): Promise<string> {
  const { runUnlockBenchmark, unlockReport } = await import('./unlock.js');
  const { measureBareVerify } = await import('./login.js');
  const { startBenchService } = await import('./lib/local-service.js');
  const result = await runUnlockBenchmark(samplesFromEnv(), unlockSecondsFromEnv() * 1000, (n) => measureBareVerify(n), startBenchService);
  return unlockReport(result);
}

async function runAuthorizeHttp(): Promise<string> {
  const { authorizeReport, measureAuthorize } = await import('./authorize-http.js');
  const { startBenchService } = await import('./lib/local-service.js');
  const service = await startBenchService();
  try {
    return authorizeReport(await measureAuthorize(service, samplesFromEnv()));
  } finally {
    await service.stop();
  }
}

async function runBursts(): Promise<string> {
  const { burstReport, measureLoginBurst, measurePinBurst } = await import('./bursts.js');
  const { startBenchService } = await import('./lib/local-service.js');
  const service = await startBenchService();
  return burstReport([await measurePinBurst(service), await measureLoginBurst(service)]);
}

async function runDecisions(): Promise<string> {
  const { decisionsReport, runDecisionsBenchmark } = await import('./decisions.js');
  return decisionsReport(await runDecisionsBenchmark(samplesFromEnv(), 10));
}

async function runSnapshot(): Promise<string> {
  const { runSnapshotBenchmark, snapshotReport } = await import('./snapshot.js');
  const { authzOptionsFromEnv } = await import('./authz.js');
  const { startBenchService } = await import('./lib/local-service.js');
  return snapshotReport(await runSnapshotBenchmark(startBenchService, { queries: authzOptionsFromEnv().queries, n: samplesFromEnv() }));
}

async function runImport(): Promise<string> {
  const { startBenchService } = await import('./lib/local-service.js');
  // The import module loads the DynamoDB client, which reads the configuration the service sets.
  const service = await startBenchService();
  const { importReport, runImportBenchmark } = await import('./import.js');
  return importReport(await runImportBenchmark(service));
}

async function runImportJob(): Promise<string> {
  const { startBenchService } = await import('./lib/local-service.js');
  const service = await startBenchService();
  const { importJobReport, runImportJobBenchmark } = await import('./import-job.js');
  return importJobReport(await runImportJobBenchmark(service));
}

const BENCHMARKS: Record<string, Benchmark> = {
  login: { timeoutMs: 150_000, run: runLogin },
  'authorize-http': { timeoutMs: 150_000, run: runAuthorizeHttp },
  authz: { timeoutMs: 240_000, run: runAuthz },
  unlock: { timeoutMs: 240_000, run: runUnlock },
  bursts: { timeoutMs: 240_000, run: runBursts },
  decisions: { timeoutMs: 300_000, run: runDecisions },
  snapshot: { timeoutMs: 300_000, run: runSnapshot },
  import: { timeoutMs: 300_000, run: runImport },
  // 1,000 rows at the local ~4 rows/s, the service's start and the 5,000-row POST; BENCH_IMPORT_JOB_ROWS=5000 needs ~25 minutes.
  'import-job': { timeoutMs: Number(process.env.BENCH_IMPORT_JOB_ROWS ?? 1000) >= 5000 ? 2_400_000 : 900_000, run: runImportJob },
};

function selected(): string[] {
  const fromArgs = process.argv.slice(2).filter((arg) => arg !== '--');
  const names = fromArgs.length > 0 ? fromArgs : (process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return Object.keys(BENCHMARKS);
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  return [...new Set(names)];
}

async function main(): Promise<void> {
  for (const name of selected()) {
    const benchmark = BENCHMARKS[name] as Benchmark;
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    const body = await withTimeout(benchmark.run(), benchmark.timeoutMs, `The ${name} benchmark`);
    const section = resultSection(body);
    writeBenchmarkBlock(name, section);
    console.log(`\n${section}`);
    console.log(`Written to ${BENCHMARKS_FILE} (block "${name}") in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

main()
  .finally(async () => {
    const { stopBenchService } = await import('./lib/local-service.js');
    await stopBenchService();
  })
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error('Benchmark failed:', error);
    process.exit(1);
  });
