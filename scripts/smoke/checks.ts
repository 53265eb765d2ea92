/**
 * The checks of `npm run smoke`: a short, safe sequence of requests against a
 * StaffGate API, deployed or local. The transport (`fetch`) and the operator
 * signer are passed in, so tests run the same checks against the local server
 * (operator token as a bearer) that an operator runs against a region (SigV4).
 *
 * Safe: nothing here changes data except the one signed `POST
 * /v1/operator/tenants`, which creates a trial salon named "StaffGate smoke
 * <timestamp>" and emails its owner invitation to the address given. The
 * unsigned operator call sends an empty body, so even a wrongly open route
 * could create nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** What the checks need of `fetch` (the global one fits). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Adds the operator's credentials to a request: SigV4 deployed, `Authorization: Bearer <token>` locally. Returns the headers to send. */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

export interface OperatorOptions {
  signer: RequestSigner;
  /** Where the smoke salon's owner invitation is sent. */
  ownerEmail: string;
}

export interface SmokeOptions {
  /** The API's base URL, stage included (`https://<id>.execute-api.<region>.amazonaws.com/prod`). */
  baseUrl: string;
  fetch: FetchLike;
  /** Without it the signed operator check is skipped (`--skip-operator`). */
  operator?: OperatorOptions;
  /** Per-request timeout (default 15 s: a cold start with argon2 stays well under it). */
  timeoutMs?: number;
  now?: () => Date;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** The problem `code` of a problem+json answer. */
  code?: string;
  detail: string;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

interface Check {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  sign?: RequestSigner;
  /** Returns a problem with the answer, or a note about it when it is right. */
  verify(answer: Answer): { ok: boolean; detail: string };
}

const isProblem = (answer: Answer) => answer.contentType.split(';')[0]?.trim().toLowerCase() === PROBLEM_CONTENT_TYPE;
const codeOf = (answer: Answer): string | undefined => (typeof answer.json?.code === 'string' ? answer.json.code : undefined);

const pass = (detail = '') => ({ ok: true, detail });
const fail = (detail: string) => ({ ok: false, detail });

/** The answer must be a problem+json with this status (and code, when given). */
function expectProblem(status: number, code?: string) {
  return (answer: Answer) => {
    const wanted = `expected ${status}${code ? ` ${code}` : ''} (${PROBLEM_CONTENT_TYPE})`;
    if (answer.status !== status) return fail(wanted);
    if (!isProblem(answer)) return fail(`${wanted}, got content-type "${answer.contentType || 'none'}"`);
    if (code && codeOf(answer) !== code) return fail(wanted);
    return pass();
  };
}

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');
const unknownLogin = () => `smoke-${randomHex(8)}@staffgate-smoke.invalid`;
const joinUrl = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, '')}${path}`;

/** What a refused unsigned call to an operator route says about where it was refused. */
export const OPERATOR_REFUSALS: Readonly<Record<number, string>> = {
  404: 'refused by API Gateway: MISSING_AUTHENTICATION_TOKEN, mapped to 404 (deployed)',
  401: 'refused: operator token required (local server)',
  403: 'refused: IAM denied the request',
};

export function smokeChecks(options: Pick<SmokeOptions, 'operator' | 'now'>): Check[] {
  const now = options.now ?? (() => new Date());
  const checks: Check[] = [
    {
      name: 'health',
      method: 'GET',
      path: '/health',
      verify: (a) => (a.status === 200 && a.json?.status === 'ok' ? pass('status ok') : fail('expected 200 {"status":"ok"}')),
    },
    {
      name: 'permission catalog',
      method: 'GET',
      path: '/v1/permissions',
      verify: (a) => (a.status === 200 && a.json && typeof a.json === 'object' ? pass() : fail('expected 200 with a JSON catalog')),
    },
    { name: 'path without a method', method: 'GET', path: '/v1', verify: expectProblem(404) },
    { name: 'session route without a token', method: 'GET', path: '/v1/me', verify: expectProblem(401) },
    {
      name: 'session route with a garbage token',
      method: 'GET',
      path: '/v1/me',
      headers: { authorization: `Bearer smoke.${randomHex(16)}` },
      verify: expectProblem(401),
    },
    {
      // An unknown login still runs a full argon2 verification (timing), so this reaches the auth function, DynamoDB and argon2.
      name: 'login with an unknown email',
      method: 'POST',
      path: '/v1/auth/login',
      body: { login: unknownLogin(), password: randomHex(32) },
      verify: expectProblem(401, 'invalid_credentials'),
    },
    {
      name: 'password reset for an unknown email',
      method: 'POST',
      path: '/v1/auth/password-reset',
      body: { login: unknownLogin() },
      verify: (a) => (a.status === 202 ? pass('accepted') : fail('expected 202')),
    },
    {
      name: 'invitation lookup with an unknown token',
      method: 'POST',
      path: '/v1/invitations/lookup',
      body: { token: 'ten_x.inv_x.y' },
      verify: expectProblem(404, 'invitation_not_found'),
    },
    {
      name: 'operator route without signing',
      method: 'POST',
      path: '/v1/operator/tenants',
      body: {},
      verify: (a) => {
        const refusal = OPERATOR_REFUSALS[a.status];
        if (!refusal) return fail(`expected a refusal (401, 403 or 404): the operator route answers unsigned requests`);
        if (!isProblem(a)) return fail(`${refusal}, but not as ${PROBLEM_CONTENT_TYPE}`);
        return pass(refusal);
      },
    },
  ];
  const { operator } = options;
  if (operator) {
    const name = `StaffGate smoke ${now().toISOString()}`;
    checks.push({
      name: 'operator creates a trial salon (signed)',
      method: 'POST',
      path: '/v1/operator/tenants',
      // A retry of the same run (same key) cannot create a second salon.
      headers: { 'idempotency-key': `smoke-${randomUUID()}` },
      body: { name, plan: 'trial', owner: { firstName: 'Smoke', lastName: 'Test', email: operator.ownerEmail } },
      sign: operator.signer,
      verify: (a) => {
        if (a.status === 201) {
          const id = a.json?.tenant?.id;
          if (typeof id !== 'string' || a.json?.tenant?.plan !== 'trial') return fail('201 without a trial tenant in the body');
          return pass(`"${name}" is ${id}; the owner invitation was sent to ${operator.ownerEmail}`);
        }
        if (a.status === 403) return fail('expected 201: the signing identity may not invoke operator routes (does the profile assume StaffGateOperator-<region>?)');
        if (a.status === 404 || a.status === 401) return fail('expected 201: the request was not accepted as signed');
        return fail('expected 201');
      },
    });
  }
  return checks;
}

async function perform(check: Check, options: SmokeOptions): Promise<CheckResult> {
  const url = joinUrl(options.baseUrl, check.path);
  const body = check.body === undefined ? undefined : JSON.stringify(check.body);
  let headers: Record<string, string> = { accept: `application/json, ${PROBLEM_CONTENT_TYPE}`, ...check.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const label = `${check.method} ${check.path}`;
  try {
    if (check.sign) headers = await check.sign({ method: check.method, url, headers, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    return { name: `${label} — ${check.name}`, ok: false, detail: `could not sign the request: ${(error as Error).message}` };
  }
  let answer: Answer;
  try {
    const response = await options.fetch(url, {
      method: check.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { name: `${label} — ${check.name}`, ok: false, detail: `no answer: ${(error as Error).message}${cause ? ` (${cause})` : ''}` };
  }
  const verdict = check.verify(answer);
  const code = isProblem(answer) ? codeOf(answer) : undefined;
  return { name: `${label} — ${check.name}`, ok: verdict.ok, status: answer.status, ...(code ? { code } : {}), detail: verdict.detail };
}

/** Runs every check in order (each one even when an earlier one failed), reporting each as it completes. */
export async function runSmokeChecks(options: SmokeOptions, onResult?: (result: CheckResult) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of smokeChecks(options)) {
    const result = await perform(check, options);
    results.push(result);
    onResult?.(result);
  }
  return results;
}

/** One line: `✓ GET /health — health: 200 — status ok` / `✗ … : 500 internal_error — expected 401 …`. */
export function formatResult(result: CheckResult): string {
  const answer = result.status === undefined ? '' : `: ${result.status}${result.code ? ` ${result.code}` : ''}`;
  return `${result.ok ? '✓' : '✗'} ${result.name}${answer}${result.detail ? ` — ${result.detail}` : ''}`;
}
