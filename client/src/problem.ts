import type { components } from './schema.js';

export type Problem = components['schemas']['Problem'];
/**
 * Every code the API documents, plus `unexpected_response` (an answer that
 * carried no problem). Codes added by a later StaffGate still arrive as
 * strings: keep a default branch.
 */
export type ProblemCode = Problem['code'] | 'unexpected_response' | (string & {});

/**
 * An error answer of the StaffGate API (an RFC 9457 problem). Program against
 * `status` and `code`; `title` and `detail` are for people and may change.
 */
export class StaffGateProblem extends Error {
  override readonly name = 'StaffGateProblem';
  readonly status: number;
  readonly code: ProblemCode;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** The fields that failed validation (`validation_failed`). */
  readonly errors: Problem['errors'];
  /** Seconds the server asked to wait before trying again (429, 423, 503). */
  readonly retryAfter: number | undefined;
  /** The problem as received, with any extension members. */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(problem: Omit<Problem, 'code'> & { code: ProblemCode } & Record<string, unknown>, retryAfter?: number) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors;
    this.retryAfter = retryAfter;
    this.body = problem;
  }
}

/** `Retry-After` in seconds; the HTTP-date form is not used by StaffGate and reads as absent. */
export function retryAfterSeconds(response: Response): number | undefined {
  const value = response.headers.get('retry-after')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

function isProblem(body: unknown): body is Problem & Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const { status, code, type, title, detail } = body as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string' && typeof type === 'string' && typeof title === 'string' && typeof detail === 'string';
}

/**
 * The problem an error answer carries. Something in between (a proxy, a load
 * balancer) may answer without one; that still becomes a StaffGateProblem,
 * with code `unexpected_response`, so callers handle a single error type.
 */
export function problemOf(response: Response, body: unknown): StaffGateProblem {
  const retryAfter = retryAfterSeconds(response);
  if (isProblem(body)) return new StaffGateProblem(body, retryAfter);
  const detail = typeof body === 'string' ? body.slice(0, 200) : `HTTP ${response.status} without a problem body`;
  return new StaffGateProblem({ type: 'about:blank', title: response.statusText, status: response.status, code: 'unexpected_response', detail }, retryAfter);
}
