import { retryAfterSeconds } from './problem.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  limit?: number;
  /** A `Retry-After` longer than this is not waited for: the problem is thrown with its `retryAfter` (default 10). */
  maxDelaySeconds?: number;
}

/** 429: throttled or over an attempt budget; 503: a dependency failed and nothing was committed. */
const RETRIED_STATUSES = new Set([429, 503]);

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Wraps `fetch` so that the requests marked repeatable are sent again on 429
 * and 503 after `Retry-After` (or a doubling backoff from half a second when
 * it is absent), up to the limit. Each attempt sends a copy of the same
 * request, so an Idempotency-Key is the same on every attempt.
 */
export function retryingFetch(
  fetchImpl: (request: Request) => Promise<Response>,
  repeatable: WeakSet<Request>,
  { limit = 2, maxDelaySeconds = 10 }: RetryOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!repeatable.has(request)) return fetchImpl(request);
    for (let retry = 0; ; retry++) {
      const response = await fetchImpl(request.clone());
      if (retry >= limit || !RETRIED_STATUSES.has(response.status)) return response;
      const delay = retryAfterSeconds(response) ?? 0.5 * 2 ** retry;
      if (delay > maxDelaySeconds) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}
