/**
 * `npm run bench`: measures, in one run on this machine, a bare argon2id
 * verify and `POST /v1/auth/login` through the whole local service, then
 * rewrites the login block of BENCHMARKS.md and prints it. Everything is
 * measured sequentially (one call at a time) so the two figures compare.
 *
 * Environment: BENCH_N (samples per metric, default 200).
 */
import { type LoginBenchmark, loginReport, measureBareVerify, measureHealth, measureLogin } from './login.js';
import { type BenchService, startBenchService } from './lib/local-service.js';
import { BENCHMARKS_FILE, resultSection, writeBenchmarkBlock } from './lib/report.js';
import { withTimeout } from './lib/timing.js';

/** The whole run must finish within this, or it fails (and the exit handlers kill DynamoDB Local). */
const RUN_TIMEOUT_MS = 150_000;

function samplesFromEnv(): number {
  const raw = process.env.BENCH_N ?? '200';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 10_000) throw new Error(`BENCH_N must be an integer from 10 to 10000, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const n = samplesFromEnv();
  const started = Date.now();

  console.log(`argon2id verify × ${n} ...`);
  const verify = await measureBareVerify(n);

  console.log('Starting the local service (DynamoDB Local in memory) and seeding the demo salon ...');
  let service: BenchService | undefined;
  let result: LoginBenchmark;
  try {
    service = await startBenchService();
    console.log(`POST /v1/auth/login × ${n} on ${service.stack.url} ...`);
    const login = await measureLogin(service, n);
    const health = await measureHealth(service, n);
    result = { verify, login, health };
  } finally {
    await service?.stop();
  }

  const section = resultSection(loginReport(result));
  writeBenchmarkBlock('login', section);
  console.log(`\n${section}`);
  console.log(`Written to ${BENCHMARKS_FILE} (block "login") in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

withTimeout(main(), RUN_TIMEOUT_MS, 'The benchmark run')
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error('Benchmark failed:', error);
    process.exit(1);
  });
