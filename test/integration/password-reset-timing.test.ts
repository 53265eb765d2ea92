import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeSignedInOwner, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { mannWhitney } from '../support/mann-whitney.js';

/**
 * `POST /v1/auth/password-reset` must not tell, by how long it takes, whether
 * a login exists. 200 interleaved pairs (a login with an account, one
 * without), the Mann-Whitney U test on the durations: |z| < 3.
 *
 * The two kinds of request are kept alike in everything but the account:
 * each comes from an address of its own (a fresh per-address budget item for
 * both), each pair starts a new throttle window (both logins' budget items
 * exist and have every slot free, so neither is refused nor retries a claim),
 * the two addresses are as long as each other, and which of the pair goes
 * first alternates. Warm-up pairs (module loads, JIT) are not counted.
 */
const PAIRS = 200;
const WARM_UP_PAIRS = 20;

let api: TestApi;
let windowMs: number;
beforeAll(async () => {
  api = await startTestApi();
  // Loaded once the local stack has set the environment the configuration reads.
  windowMs = (await import('#shared/domain/auth/login.js')).THROTTLE_WINDOW_SECONDS * 1000;
});
afterAll(async () => {
  clock.reset();
  await api.stop();
});

let addresses = 0;
/** 198.18.0.0/15 (benchmarking): one client address per request. */
const freshAddress = () => {
  addresses += 1;
  return `198.18.${Math.floor(addresses / 256)}.${addresses % 256}`;
};

async function timedRequest(login: string): Promise<number> {
  const headers = { 'x-forwarded-for': freshAddress() };
  const started = performance.now();
  const response = await api.request('POST', '/v1/auth/password-reset', { json: { login }, headers });
  const elapsed = performance.now() - started;
  expect(response.status).toBe(202);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2 : (sorted[Math.floor(middle)] as number);
};

describe('POST /v1/auth/password-reset timing', () => {
  // 440 requests and 220 queued jobs: beside the other files on a loaded CI machine, over 300 s.
  it(`does not tell a known login from an unknown one (Mann-Whitney over ${PAIRS} interleaved pairs, |z| < 3)`, { timeout: 900_000 }, async () => {
    const owner = await makeSignedInOwner(api);
    // As long as the owner's address ("owner.<8 hex>@salon.example").
    const unknown = uniqueEmail('ghost');
    expect(unknown.length).toBe(owner.email.length);

    const known: number[] = [];
    const unknownTimes: number[] = [];
    for (let pair = 0; pair < WARM_UP_PAIRS + PAIRS; pair += 1) {
      // Every slot of both logins' budgets free again: nothing is refused, no claim collides.
      clock.advance(windowMs + 1000);
      const knownFirst = pair % 2 === 0;
      let knownMs: number;
      let unknownMs: number;
      if (knownFirst) {
        knownMs = await timedRequest(owner.email);
        unknownMs = await timedRequest(unknown);
      } else {
        unknownMs = await timedRequest(unknown);
        knownMs = await timedRequest(owner.email);
      }
      if (pair < WARM_UP_PAIRS) continue;
      known.push(knownMs);
      unknownTimes.push(unknownMs);
    }

    const { z } = mannWhitney(known, unknownTimes);
    console.info(
      `password-reset timing: known median ${median(known).toFixed(2)} ms, unknown median ${median(unknownTimes).toFixed(2)} ms, Mann-Whitney z = ${z.toFixed(2)} (${PAIRS} pairs)`,
    );

    // The requests did their work: the account's login got its links, the unknown one nothing.
    await api.stack.drainMessages();
    const sent = async (to: string) => (await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`)).body.items as { kind: string }[];
    expect((await sent(owner.email)).filter((item) => item.kind === 'password_reset').length).toBe(WARM_UP_PAIRS + PAIRS);
    expect(await sent(unknown)).toEqual([]);

    expect(Math.abs(z)).toBeLessThan(3);
  });
});
