import argon2 from 'argon2';
import { ARGON2_OPTIONS } from '#shared/domain/auth/passwords.js';
import type { BenchService } from './lib/local-service.js';
import { ms, summaryTable } from './lib/markdown.js';
import { type Summary, summarize } from './lib/stats.js';
import { timeSequential, warmUp } from './lib/timing.js';

export interface LoginBenchmark {
  verify: Summary;
  login: Summary;
  health: Summary;
}

/** A bare argon2id verify with the project's parameters: the floor of any password login. */
export async function measureBareVerify(n: number, warmups = 5): Promise<Summary> {
  const password = 'bench-password-0123456789';
  const hash = await argon2.hash(password, ARGON2_OPTIONS);
  const verify = async () => {
    if (!(await argon2.verify(hash, password))) throw new Error('argon2.verify rejected the right password');
  };
  await warmUp(warmups, verify);
  return summarize(await timeSequential(n, verify));
}

async function expectStatus(response: Response, status: number, what: string): Promise<string> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what} answered ${response.status}, expected ${status}: ${text.slice(0, 300)}`);
  return text;
}

/** `POST /v1/auth/login` with the demo owner's credentials, through the local HTTP API; every answer must be 200 with a token. */
export async function measureLogin(service: BenchService, n: number, warmups = 20): Promise<Summary> {
  const body = JSON.stringify({ login: service.demo.ownerEmail, password: service.demo.ownerPassword });
  const loginOnce = async () => {
    const response = await fetch(`${service.stack.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await expectStatus(response, 200, 'POST /v1/auth/login');
    const token = (JSON.parse(text) as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length === 0) throw new Error(`POST /v1/auth/login answered 200 without a token: ${text.slice(0, 300)}`);
  };
  await warmUp(warmups, loginOnce);
  return summarize(await timeSequential(n, loginOnce));
}

/** `GET /health`: the local HTTP server and handler chain with no DynamoDB and no argon2, for scale. */
export async function measureHealth(service: BenchService, n: number, warmups = 20): Promise<Summary> {
  const healthOnce = async () => {
    await expectStatus(await fetch(`${service.stack.url}/health`), 200, 'GET /health');
  };
  await warmUp(warmups, healthOnce);
  return summarize(await timeSequential(n, healthOnce));
}

export function loginReport({ verify, login, health }: LoginBenchmark): string {
  const table = summaryTable([
    { metric: 'argon2id verify, bare (m=19456 KiB, t=2, p=1)', summary: verify },
    { metric: '`POST /v1/auth/login` (200), local HTTP API', summary: login },
    { metric: '`GET /health`, local HTTP API (for scale)', summary: health },
  ]);
  const ratio = login.p50 / verify.p50;
  return [
    table,
    '',
    `login p50 / bare verify p50 = **${ratio.toFixed(2)}×**; login p50 − verify p50 = ${ms(login.p50 - verify.p50)} ms ` +
      '(DynamoDB Local requests, HTTP, validation, session token).',
  ].join('\n');
}
