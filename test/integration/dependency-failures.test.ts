import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { captureLogs } from '../support/log-capture.js';
import { TEST_OPERATOR_TOKEN } from '../support/local-api.js';

/**
 * A TCP proxy in front of the run's DynamoDB Local that can stall: it keeps
 * accepting connections and reading requests but forwards nothing either way,
 * as a network path or an endpoint that hangs would. Connections that lost
 * bytes while stalled are out of step and are closed when it resumes.
 */
class StallingProxy {
  private stalled = false;
  private readonly connections = new Set<{ client: Socket; upstream: Socket; lostBytes: boolean }>();
  private readonly server: Server;

  constructor(private readonly target: URL) {
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      const connection = { client, upstream, lostBytes: false };
      this.connections.add(connection);
      const forward = (to: Socket) => (chunk: Buffer) => {
        if (this.stalled) connection.lostBytes = true;
        else to.write(chunk);
      };
      client.on('data', forward(upstream));
      upstream.on('data', forward(client));
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.connections.delete(connection);
      };
      for (const socket of [client, upstream]) socket.on('close', close).on('error', close);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy has no port');
    return `http://127.0.0.1:${address.port}`;
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const connection of this.connections) {
      if (connection.lostBytes) connection.client.destroy();
    }
  }

  async close(): Promise<void> {
    for (const { client } of this.connections) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const dynamoEndpoint = new URL(inject('dynamoEndpoint'));
if (dynamoEndpoint.hostname !== '127.0.0.1' && dynamoEndpoint.hostname !== 'localhost') {
  throw new Error(`Integration tests run only against a local DynamoDB, not ${dynamoEndpoint.href}`);
}

let logs: ReturnType<typeof captureLogs>;
let proxy: StallingProxy;
let stack: LocalStack;
/** Read after the stack has set the environment: the handlers' clients are built from these same numbers. */
let budget: { connectionTimeoutMs: number; requestTimeoutMs: number; maxAttempts: number };
let healthTimeoutMs: number;

/**
 * The budgets test/support/local-api.ts gives every other file's stack, 20 s rather than the deployed 1.5 s:
 * the suite's one DynamoDB Local is slow, not unreachable, while the other worker fires a burst, and the
 * healthy phases here must not look like an outage. The outage is the stall the proxy injects, and the
 * checks of it below are in terms of whatever budget the handlers were built with (read once, at cold start).
 */
const BUDGET_VARIABLES = ['DEPENDENCY_REQUEST_TIMEOUT_MS', 'DEPENDENCY_CONNECT_TIMEOUT_MS'] as const;
const savedBudgets = BUDGET_VARIABLES.map((name) => process.env[name]);

beforeAll(async () => {
  logs = captureLogs('WARN');
  proxy = new StallingProxy(dynamoEndpoint);
  for (const name of BUDGET_VARIABLES) process.env[name] = '20000';
  stack = await startLocalStack({
    port: 0,
    dataDir: undefined,
    operatorToken: TEST_OPERATOR_TOKEN,
    region: 'eu-west-1',
    residency: 'EU',
    dynamoEndpoint: await proxy.start(),
    tableName: `staffgate-deps-${randomBytes(4).toString('hex')}`,
  });
  budget = (await import('#shared/clients/call-budgets.js')).callBudgets().request;
  healthTimeoutMs = (await import('#functions/platform/handler.js')).HEALTH_CHECK_TIMEOUT_MS;
});

afterAll(async () => {
  proxy.resume();
  await stack.stop();
  await proxy.close();
  BUDGET_VARIABLES.forEach((name, index) => {
    if (savedBudgets[index] === undefined) delete process.env[name];
    else process.env[name] = savedBudgets[index];
  });
});

/**
 * /health bounds its own table read at HEALTH_CHECK_TIMEOUT_MS (2 s, not the budgets above), which a busy
 * DynamoDB Local may overrun while healthy: asked again until it answers ok (a table that stays unreachable
 * still fails the test).
 */
const healthyAgain = () => expect.poll(async () => (await timed('/health')).body).toEqual({ status: 'ok' });

/** A well-formed session token for no session: the auth function must read the table to say 401. */
const UNKNOWN_SESSION = `acc_01${'0'.repeat(24)}.ses_01${'0'.repeat(24)}.${randomBytes(32).toString('base64url')}`;

async function timed(path: string, token?: string): Promise<{ status: number; headers: Headers; body: any; elapsedMs: number }> {
  const started = Date.now();
  const response = await fetch(`${stack.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = await response.json();
  return { status: response.status, headers: response.headers, body, elapsedMs: Date.now() - started };
}

describe('a DynamoDB that stops answering', () => {
  it('is reachable through the proxy to begin with', async () => {
    await healthyAgain();
    expect((await timed('/v1/session', UNKNOWN_SESSION)).status).toBe(401);
  });

  it('answers a request that needs the table with 503 service_unavailable and Retry-After, within the call budget', async () => {
    proxy.stall();
    const response = await timed('/v1/session', UNKNOWN_SESSION);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('retry-after')).toMatch(/^[1-5]$/);
    expect(response.body).toMatchObject({ status: 503, code: 'service_unavailable', title: 'Service unavailable' });
    // Every attempt waits out its request timeout; the SDK's backoff between attempts is well under a second.
    expect(response.elapsedMs).toBeGreaterThanOrEqual(budget.requestTimeoutMs);
    expect(response.elapsedMs).toBeLessThan(budget.maxAttempts * budget.requestTimeoutMs + 1000 + 3000);
    // Three attempts of 20 s each (the budgets above).
  }, 180_000);

  it('logs the failure once, by name, without the request', () => {
    const lines = logs.text().split('\n').filter((line) => line.includes('Dependency unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('TimeoutError');
    expect(lines[0]).not.toContain(UNKNOWN_SESSION.split('.')[2]);
  });

  it('answers /health with 503 unavailable within its own short bound', async () => {
    const response = await timed('/health');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'unavailable', checks: { table: 'unreachable' } });
    expect(response.headers.get('retry-after')).toMatch(/^[1-5]$/);
    expect(response.elapsedMs).toBeLessThan(healthTimeoutMs + 3000);
  });

  it('answers normally again once DynamoDB answers again', async () => {
    proxy.resume();
    await healthyAgain();
    expect((await timed('/v1/session', UNKNOWN_SESSION)).status).toBe(401);
  });
});
