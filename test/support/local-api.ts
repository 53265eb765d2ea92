import { randomInt } from 'node:crypto';
import { inject } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { testTableName } from './test-table.js';

export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApi {
  url: string;
  stack: LocalStack;
  request<T = any>(method: string, path: string, options?: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  operator<T = any>(method: string, path: string, json?: unknown): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

function assertLocal(endpoint: string): void {
  const host = new URL(endpoint).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`Integration tests run only against a local DynamoDB, not ${endpoint}`);
}

const BUDGET_VARIABLES = ['DEPENDENCY_REQUEST_TIMEOUT_MS', 'DEPENDENCY_CONNECT_TIMEOUT_MS'] as const;

/**
 * Starts the local API in this test process, against the run's DynamoDB Local.
 * Its dependency budgets are 20 s, not the deployed 1.5 s: the suite's one
 * DynamoDB Local (a JVM on two cores) is slow, not unreachable, while the
 * other worker fires a burst of 200 requests, and that must not look like an
 * outage (503) to whichever file runs beside it. Outages are tested by
 * injecting them (fault-injection, dependency-failures).
 */
export async function startTestApi(options: { residency?: string; region?: string } = {}): Promise<TestApi> {
  const dynamoEndpoint = inject('dynamoEndpoint');
  assertLocal(dynamoEndpoint);
  const saved = BUDGET_VARIABLES.map((name) => process.env[name]);
  for (const name of BUDGET_VARIABLES) process.env[name] = '20000';
  const stack = await startLocalStack({
    port: 0,
    dataDir: undefined,
    operatorToken: TEST_OPERATOR_TOKEN,
    region: options.region ?? 'eu-west-1',
    residency: options.residency ?? 'EU',
    dynamoEndpoint,
    tableName: testTableName,
    trustForwardedFor: true,
  });
  // Each test file is its own client address, so per-address login throttling never spills between files.
  const clientIp = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const request: TestApi['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { 'x-forwarded-for': clientIp, ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.json);
    }
    const response = await fetch(`${stack.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed as any, text };
  };
  return {
    url: stack.url,
    stack,
    request,
    operator: (method, path, json) => request(method, path, { token: TEST_OPERATOR_TOKEN, ...(json === undefined ? {} : { json }) }),
    stop: async () => {
      await stack.stop();
      BUDGET_VARIABLES.forEach((name, index) => {
        if (saved[index] === undefined) delete process.env[name];
        else process.env[name] = saved[index];
      });
    },
  };
}
