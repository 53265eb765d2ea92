import { secretBox } from '../../clients/secret-box.js';
import { clock } from '../../clock.js';
import { newId, randomSecret } from '../../crypto/tokens.js';
import { BudgetSpentError, type Hold, releaseItem, reserve } from '../../data/attempt-budgets.js';
import { entities, type TerminalPairingAttributes } from '../../data/entities.js';
import { claimPairedToken, getPairing, PairingNotFoundError, pairStep, putPairing } from '../../data/repositories/terminal-pairings.js';
import { TooManyRequestsError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import type { AuditContext } from '../audit/audit.js';
import { registerTerminal } from './manage.js';
import { codeHash, newCode, normaliseCode } from './pairing-codes.js';

/*
 * Pairing a terminal without copying its token (Square-style device codes):
 *
 * 1. The device asks for a pairing and shows its code (startPairing).
 * 2. A manager types the code with a name and a branch (pairTerminal). The
 *    terminal is registered exactly as POST …/terminals registers one (same
 *    item, same `terminal.registered` audit event), and in that same
 *    transaction the pairing turns `paired` and keeps the device token
 *    sealed with the secrets key (KMS deployed), context `pairing:<prg>`.
 * 3. The device, polling with its pairing id and code (fetchPairedToken),
 *    gets the token once: the fetch whose conditional write removes the
 *    sealed token hands it out, so the sealed copy lives only between
 *    pairing and that fetch, and any number of concurrent fetches yield one
 *    token.
 *
 * The pairing is keyed by the SHA-256 of the normalised code, so the manager
 * finds it by the code alone and the device must present the code too: a
 * pairing id (which is not secret) never fetches a token by itself. Codes are
 * ~39 bits and guessable in bulk, so a manager's typed codes spend the
 * salon's attempt budget before any lookup, and the public routes are
 * throttled at the edge (infra/constructs/api.ts).
 */

export const PAIRING_LIFETIME_MS = 10 * 60_000;
/** Seconds a waiting device is asked to wait between fetches (Retry-After on 202). */
export const POLL_SECONDS = 5;
/** Codes a salon's managers may type per rolling hour; a right code gives its attempt back. */
export const MAX_PAIRING_CODES_PER_HOUR = 10;
/** A code held by a live pairing is drawn again; with 30⁸ codes a second draw is already a rarity. */
const CODE_DRAWS = 5;

const sealContext = (pairingId: string) => `pairing:${pairingId}`;

/** A device asks to be paired: its pairing id (to poll with) and the code it shows, both valid 10 minutes. */
export async function startPairing(): Promise<{ pairingId: string; code: string; expiresAt: string }> {
  for (let draw = 1; ; draw += 1) {
    const nowMs = clock.nowMs();
    const code = newCode();
    const pairing: TerminalPairingAttributes = {
      pairingId: newId('prg'),
      status: 'waiting',
      expiresAtMs: nowMs + PAIRING_LIFETIME_MS,
      createdAt: new Date(nowMs).toISOString(),
      ttl: Math.ceil((nowMs + PAIRING_LIFETIME_MS) / 1000),
    };
    if (await putPairing(codeHash(code), pairing, nowMs)) {
      return { pairingId: pairing.pairingId, code, expiresAt: new Date(pairing.expiresAtMs).toISOString() };
    }
    if (draw >= CODE_DRAWS) throw new Error(`no free pairing code in ${CODE_DRAWS} draws`);
  }
}

/** Reserves one of the salon's typed codes before the code is looked up. */
async function reserveCodeAttempt(tenantId: string): Promise<Hold> {
  const spec = {
    key: entities.pairingBudget.key({ tenantId }),
    entity: entities.pairingBudget.name,
    size: MAX_PAIRING_CODES_PER_HOUR,
    windowMs: 3_600_000,
  };
  try {
    const [hold] = await reserve([{ spec }], clock.nowMs());
    return hold as Hold;
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TooManyRequestsError(error.retryAfterMs / 1000);
    throw error;
  }
}

/**
 * A manager pairs the device showing `code`: registers the terminal (as
 * registerTerminal does) and hands its token to the pairing, sealed, in one
 * transaction. The manager never sees the token. 404 pairing_not_found for a
 * wrong, expired or already paired code (one answer for all).
 */
export async function pairTerminal(actor: Actor, input: { code: string; name: string; branchId: string }, context: AuditContext) {
  const hold = await reserveCodeAttempt(actor.tenantId);
  const code = normaliseCode(input.code);
  const hash = code === undefined ? undefined : codeHash(code);
  const pairing = hash === undefined ? undefined : await getPairing(hash);
  if (!hash || !pairing || pairing.status !== 'waiting' || pairing.expiresAtMs <= clock.nowMs()) throw new PairingNotFoundError();
  const registered = await registerTerminal(actor, { name: input.name, branchId: input.branchId }, context, async (terminalId, token) => [
    pairStep(hash, pairing.pairingId, { tenantId: actor.tenantId, terminalId, sealedToken: await secretBox().seal(token, sealContext(pairing.pairingId)) }, clock.nowMs()),
    { item: releaseItem(hold), onFail: () => new Error('unconditional') },
  ]);
  return { id: registered.id, name: registered.name, branchId: registered.branchId, version: registered.version, createdAt: registered.createdAt };
}

/**
 * The device's poll: `waiting` until a manager pairs it, then its token,
 * once. 404 pairing_not_found when the code does not go with the pairing id,
 * the pairing expired, or its token was fetched already.
 */
export async function fetchPairedToken(pairingId: string, typedCode: string): Promise<{ waiting: true } | { token: string }> {
  const code = normaliseCode(typedCode);
  const hash = code === undefined ? undefined : codeHash(code);
  const pairing = hash === undefined ? undefined : await getPairing(hash);
  const nowMs = clock.nowMs();
  if (!hash || !pairing || pairing.pairingId !== pairingId || pairing.expiresAtMs <= nowMs) throw new PairingNotFoundError();
  if (pairing.status === 'waiting') return { waiting: true };
  if (pairing.sealedToken === undefined) throw new PairingNotFoundError();
  // Opened before it is removed: a KMS failure leaves the token where the device's next poll finds it.
  const token = await secretBox().open(pairing.sealedToken, sealContext(pairingId));
  if (!(await claimPairedToken(hash, pairingId, randomSecret(16), nowMs))) throw new PairingNotFoundError();
  return { token };
}
