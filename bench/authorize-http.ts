import { countDynamoRequests } from '#local/dynamo-requests.js';
import type { BenchService } from './lib/local-service.js';
import { summaryTable } from './lib/markdown.js';
import { type Summary, summarize } from './lib/stats.js';
import { timeSequential, warmUp } from './lib/timing.js';

export interface AuthorizeBenchmark {
  single: Summary;
  batch: Summary;
  requestsPerCall: number;
}

/** The one-check body of the benchmark. */
const SINGLE_CHECK = JSON.stringify({ permission: 'calendar.view', resource: { employeeId: 'emp-1' } });

/**
 * Signs the demo owner in (a back-office session) and returns a function that
 * makes one `POST /v1/authorize` call with `body` (default: the one check),
 * X-Tenant-Id set, and fails on any answer but 200.
 */
export async function authorizeCaller(service: BenchService): Promise<(body?: string) => Promise<void>> {
  const { stack, demo } = service;
  const login = await fetch(`${stack.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: demo.ownerEmail, password: demo.ownerPassword }),
  });
  const { token } = (await login.json()) as { token: string };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-tenant-id': demo.tenantId };
  return async (body = SINGLE_CHECK) => {
    const response = await fetch(`${stack.url}/v1/authorize`, { method: 'POST', headers, body });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST /v1/authorize answered ${response.status}: ${text.slice(0, 200)}`);
  };
}

/**
 * `POST /v1/authorize` through the local HTTP API, warm (the level is in the
 * process cache after the warm-up), with the demo owner's back-office session
 * and X-Tenant-Id: one check, then a batch of 100 mixed checks. Counts the
 * DynamoDB requests one warm call makes.
 */
export async function measureAuthorize(service: BenchService, n: number): Promise<AuthorizeBenchmark> {
  const authorize = await authorizeCaller(service);
  const keys = ['calendar.view', 'sales.refund', 'clients.contacts.card', 'appointments.delete', 'overview.reports'];
  const single = SINGLE_CHECK;
  const batch = JSON.stringify({
    checks: Array.from({ length: 100 }, (_, i) => ({ permission: keys[i % keys.length], resource: { amount: i, employeeId: `emp-${i % 7}` } })),
  });
  const call = (body: string) => () => authorize(body);

  const requests = await countDynamoRequests();
  try {
    await warmUp(20, call(single));
    await warmUp(20, call(batch));
    requests.reset();
    await call(single)();
    const requestsPerCall = requests.count;
    return {
      single: summarize(await timeSequential(n, call(single))),
      batch: summarize(await timeSequential(n, call(batch))),
      requestsPerCall,
    };
  } finally {
    requests.stop();
  }
}

export function authorizeReport(result: AuthorizeBenchmark): string {
  return [
    summaryTable([
      { metric: '`POST /v1/authorize`, one check, warm', summary: result.single },
      { metric: '`POST /v1/authorize`, batch of 100 checks, warm', summary: result.batch },
    ]),
    '',
    `DynamoDB requests per warm call (counted on the in-process client): **${result.requestsPerCall}** (target ≤ 1).`,
  ].join('\n');
}
