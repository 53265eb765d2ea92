/**
 * How long StaffGate waits on an AWS service before it gives up, read once
 * per process (cold start), like shared/config.ts. An SDK call that hangs
 * would otherwise run into the Lambda timeout, which API Gateway answers with
 * a bare 5xx while the function is killed mid-request; a bounded call fails
 * in time for the handler to answer `503 service_unavailable` itself.
 *
 * One call takes at most `maxAttempts × requestTimeoutMs` plus the SDK's
 * backoff between attempts. The standard retry strategy waits a random time
 * between 0 and `base × 2^retry` (full jitter; base 50 ms, 1 s after
 * throttling), so callers that failed together do not retry together.
 */
export interface CallBudget {
  /** TCP and TLS set-up; a healthy regional endpoint connects in milliseconds. */
  connectionTimeoutMs: number;
  /** One attempt, from sending the request to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
}

export interface CallBudgets {
  /**
   * DynamoDB, KMS and SQS, on the request path. 3 × 1.5 s (+ ≤ 0.15 s of
   * backoff) fits the authorizer's 5 s and leaves the API functions' 10 s
   * room for a second degraded call and the answer; DynamoDB and KMS answer
   * in milliseconds, so 1.5 s for one attempt only cuts off a stuck connection.
   */
  request: CallBudget;
  /**
   * SES and SNS, in the message sender (30 s, SQS-driven). Two attempts:
   * a timed-out send may still have gone out, and SQS redelivers a failed
   * message anyway.
   */
  delivery: CallBudget;
}

function positiveIntEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loadCallBudgets(env: NodeJS.ProcessEnv = process.env): CallBudgets {
  return {
    request: {
      connectionTimeoutMs: positiveIntEnv('DEPENDENCY_CONNECT_TIMEOUT_MS', 1000, env),
      requestTimeoutMs: positiveIntEnv('DEPENDENCY_REQUEST_TIMEOUT_MS', 1500, env),
      maxAttempts: positiveIntEnv('DEPENDENCY_MAX_ATTEMPTS', 3, env),
    },
    delivery: { connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 2 },
  };
}

let cached: CallBudgets | undefined;

/** The process-wide budgets, loaded on first use (cold start). */
export function callBudgets(): CallBudgets {
  cached ??= loadCallBudgets();
  return cached;
}

/**
 * The options every AWS SDK client of StaffGate is built with. The request
 * handler is given as options (the SDK builds its NodeHttpHandler from them),
 * so no transport package becomes a dependency of ours. Without
 * `throwOnRequestTimeout` the SDK only logs a warning when `requestTimeout`
 * passes and keeps waiting.
 */
export function awsClientOptions(budget: CallBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    requestHandler: {
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
