/**
 * The one source of "now". Tests (and only tests) move it to exercise expiry
 * without sleeping; production code never calls `setOffset`.
 */
let offsetMs = 0;

export const clock = {
  nowMs(): number {
    return Date.now() + offsetMs;
  },
  now(): Date {
    return new Date(clock.nowMs());
  },
  nowSeconds(): number {
    return Math.floor(clock.nowMs() / 1000);
  },
  advance(ms: number): void {
    offsetMs += ms;
  },
  reset(): void {
    offsetMs = 0;
  },
};

export function isoAfter(seconds: number, fromMs: number = clock.nowMs()): string {
  return new Date(fromMs + seconds * 1000).toISOString();
}
