import { AsyncLocalStorage } from 'node:async_hooks';
import type { Step } from './transaction.js';

/**
 * A write that must ride along with the request's first committed
 * transaction — the Idempotency-Key record's "committed" mark — so that the
 * change and the fact that it happened commit together. Set per request by
 * the HTTP layer; the transaction helper takes it. Requests without an
 * Idempotency-Key have none.
 */
interface Marker {
  step: Step;
  taken: boolean;
}

const scope = new AsyncLocalStorage<Marker>();

export function withCommitMarker<T>(step: Step, run: () => Promise<T>): Promise<T> {
  return scope.run({ step, taken: false }, run);
}

/** The marker, the first time it is asked for in this request. */
export function takeCommitMarker(): { step: Step; giveBack(): void } | undefined {
  const marker = scope.getStore();
  if (!marker || marker.taken) return undefined;
  marker.taken = true;
  return { step: marker.step, giveBack: () => (marker.taken = false) };
}

/** Whether this request's change committed (its transaction carried the marker). */
export function markerCommitted(): boolean {
  return scope.getStore()?.taken === true;
}
