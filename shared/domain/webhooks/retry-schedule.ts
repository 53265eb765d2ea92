/** Attempts go on for a day after the event reached the webhook; then the delivery is failed and the webhook disabled. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The wait after each failed attempt, growing about fourfold: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then every 8 h. */
const RETRY_DELAYS_MS = [5, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800].map((seconds) => seconds * 1000);

/**
 * When the next attempt of a delivery first made at `createdAtMs` comes,
 * after `attemptsMade` failed ones; undefined once the window is over. The
 * last attempt falls at the end of the window. `scale` shortens the whole
 * schedule in local mode.
 */
export function nextAttemptAt(createdAtMs: number, attemptsMade: number, nowMs: number, scale = 1): number | undefined {
  const deadline = createdAtMs + RETRY_WINDOW_MS * scale;
  if (nowMs >= deadline) return undefined;
  const delay = (RETRY_DELAYS_MS[attemptsMade - 1] ?? (RETRY_DELAYS_MS.at(-1) as number)) * scale;
  return Math.min(nowMs + delay, deadline);
}

