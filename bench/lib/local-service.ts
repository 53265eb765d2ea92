import { randomBytes } from 'node:crypto';
import type { DemoSalon } from '#local/seed.js';
import type { LocalStack } from '#local/stack.js';

export interface BenchService {
  stack: LocalStack;
  demo: DemoSalon;
  operatorToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole local service in this process (DynamoDB Local in memory,
 * the SES sink, the HTTP server on a free port) and seeds the demo salon, as
 * `npm start` does. The service logs only warnings and errors, so a benchmark's
 * output stays readable.
 */
let shared: Promise<BenchService> | undefined;

/**
 * The one local service of a benchmark run. Handlers read their configuration
 * (the DynamoDB endpoint among it) once per process, as on Lambda, so every
 * benchmark of a run shares one service; `stopBenchService` ends it.
 */
export function startBenchService(): Promise<BenchService> {
  shared ??= startService();
  return shared;
}

export async function stopBenchService(): Promise<void> {
  const service = await shared?.catch(() => undefined);
  shared = undefined;
  await service?.stack.stop();
}

async function startService(): Promise<BenchService> {
  // Before any handler module (and so the logger) loads: the stack imports them lazily.
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  // As in vitest.config.ts: the SDK's notice that it will need Node 22 from 2027 says nothing about the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The burst benchmark queues a thousand requests on DynamoDB Local's sockets: slow is not down.
  process.env.DEPENDENCY_CONNECT_TIMEOUT_MS ??= '30000';
  process.env.DEPENDENCY_REQUEST_TIMEOUT_MS ??= '30000';
  const [{ startLocalStack }, { seedDemoSalon }] = await Promise.all([import('#local/stack.js'), import('#local/seed.js')]);
  const operatorToken = `bench-${randomBytes(16).toString('hex')}`;
  const stack = await startLocalStack({ port: 0, dataDir: undefined, operatorToken, region: 'eu-west-1', residency: 'EU' });
  try {
    const demo = await seedDemoSalon(stack.url, operatorToken, undefined);
    // Benchmarks "stop" it when done; the run stops it once at the end (stopBenchService).
    return { stack, demo, operatorToken, stop: async () => undefined };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
