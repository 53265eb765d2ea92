/**
 * The burst benchmark: how many secrets a burst of BURST parallel requests
 * gets evaluated, for PINs at one terminal and passwords for one account,
 * through the whole local service. The budgets reserve an attempt before any
 * secret is looked at, so the answer must be at most the budget whatever the
 * burst. A PIN counts as evaluated when its answer was decided (a `pin.failed`
 * or `terminal.unlocked` event); a password when argon2 verified it.
 */
import argon2 from 'argon2';
import type { BenchService } from './lib/local-service.js';
import { markdownTable } from './lib/markdown.js';

export const BURST = 1000;
export const PIN_BUDGET = 5;
export const LOGIN_BUDGET = 10;

export interface BurstResult {
  name: string;
  budget: number;
  requests: number;
  evaluated: number;
  statuses: Record<number, number>;
  seconds: number;
}

async function call(service: BenchService, method: string, path: string, options: { token?: string; json?: unknown } = {}) {
  const response = await fetch(`${service.stack.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function countStatuses(statuses: number[]): Record<number, number> {
  return statuses.reduce<Record<number, number>>((count, status) => ({ ...count, [status]: (count[status] ?? 0) + 1 }), {});
}

/** A salon of its own (a fresh owner, signed in through the invitation), so the demo salon's budgets stay untouched. */
async function freshSalon(service: BenchService, label: string) {
  const email = `burst.${label}.${Date.now()}@bench.example`;
  const password = 'a long bench passphrase';
  const created = await call(service, 'POST', '/v1/operator/tenants', {
    token: service.operatorToken,
    json: { name: `Burst ${label}`, plan: 'paid', owner: { firstName: 'Bench', lastName: 'Owner', email } },
  });
  const outbox = await call(service, 'GET', `/_local/outbox?to=${encodeURIComponent(email)}`);
  const token = outbox.body.items[0].token as string;
  const accepted = await call(service, 'POST', '/v1/invitations/accept', { json: { token, password } });
  return { tenantId: created.body.tenant.id as string, token: accepted.body.token as string, email, password };
}

async function auditCount(service: BenchService, salon: { tenantId: string; token: string }, action: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { body: { items: unknown[]; nextCursor: string | null } } = await call(
      service,
      'GET',
      `/v1/tenants/${salon.tenantId}/audit?action=${action}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      { token: salon.token },
    );
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

export async function measurePinBurst(service: BenchService): Promise<BurstResult> {
  const salon = await freshSalon(service, 'pin');
  const branch = await call(service, 'POST', `/v1/tenants/${salon.tenantId}/branches`, { token: salon.token, json: { name: 'Main' } });
  const terminal = await call(service, 'POST', `/v1/tenants/${salon.tenantId}/terminals`, {
    token: salon.token,
    json: { name: 'Desk', branchId: branch.body.id },
  });
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      call(service, 'POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: String(100000 + i) } }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const evaluated = (await auditCount(service, salon, 'pin.failed')) + (await auditCount(service, salon, 'terminal.unlocked'));
  return { name: 'PINs at one terminal', budget: PIN_BUDGET, requests: BURST, evaluated, statuses: countStatuses(answers.map((a) => a.status)), seconds };
}

export async function measureLoginBurst(service: BenchService): Promise<BurstResult> {
  const salon = await freshSalon(service, 'login');
  const verify = argon2.verify;
  let verified = 0;
  // Counts argon2 verifications in this process (the local service runs here): the passwords actually checked.
  (argon2 as { verify: typeof verify }).verify = (...args: Parameters<typeof verify>) => {
    verified += 1;
    return verify(...args);
  };
  try {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) => call(service, 'POST', '/v1/auth/login', { json: { login: salon.email, password: `wrong password ${i}` } })),
    );
    const seconds = (Date.now() - started) / 1000;
    return { name: 'passwords for one account', budget: LOGIN_BUDGET, requests: BURST, evaluated: verified, statuses: countStatuses(answers.map((a) => a.status)), seconds };
  } finally {
    (argon2 as { verify: typeof verify }).verify = verify;
  }
}

export function burstReport(results: BurstResult[]): string {
  const rows = results.map((result) => [
    result.name,
    String(result.requests),
    String(result.budget),
    String(result.evaluated),
    Object.entries(result.statuses)
      .map(([status, count]) => `${count} × ${status}`)
      .join(', '),
    `${result.seconds.toFixed(1)} s`,
    result.evaluated <= result.budget ? 'met' : '**not met**',
  ]);
  return [
    `Secrets evaluated per burst of ${BURST} parallel requests through the local service (DynamoDB Local), target: at most the budget.`,
    '',
    markdownTable(['burst', 'requests', 'budget', 'secrets evaluated', 'answers', 'wall time', 'target'], rows),
  ].join('\n');
}
