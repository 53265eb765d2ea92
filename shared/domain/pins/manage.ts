import { randomInt } from 'node:crypto';
import { pinMac } from '../../clients/pin-mac.js';
import { clock } from '../../clock.js';
import { type BudgetSpec, BudgetSpentError, type Hold, releaseItem, reserve } from '../../data/attempt-budgets.js';
import type { Channel, StaffItem, TenantItem } from '../../data/entities.js';
import { entities } from '../../data/entities.js';
import { deletePin, PinUnavailableError, writePin } from '../../data/repositories/pins.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { transactWrite } from '../../data/transaction.js';
import { BadRequestError, NotFoundError, TooManyRequestsError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { assertMayManageStaff } from '../staff/member-power.js';
import { type AuditContext, type AuditInput, staffActor } from '../audit/audit.js';
import { type Effects, effectSteps } from '../effects.js';
import { pinHolder } from '../staff/records.js';
import { assertAcceptablePin, pinProblem } from './policy.js';

/** Typed PINs that collide reveal a colleague's PIN: at most this many typed PINs per acting staff member and rolling hour. */
export const MAX_PIN_CONFLICTS_PER_HOUR = 5;
const GENERATE_ATTEMPTS = 50;

/** The PIN index key of a PIN: MAC(key, tenantId ‖ pin). */
export async function pinDigest(tenantId: string, pin: string): Promise<{ digest: string; keyVersion: string }> {
  const mac = pinMac();
  return { digest: await mac.mac(`${tenantId}\u0000${pin}`), keyVersion: mac.keyVersion };
}

/** A uniformly random PIN of `length` digits. */
export function randomPin(length: 4 | 6): string {
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

export type PinRequest = { pin: string; generate?: undefined; send?: Channel | undefined } | { generate: true; pin?: undefined; send?: Channel | undefined };

async function target(actor: Actor, staffId: string): Promise<StaffItem> {
  const staff = await getStaff(actor.tenantId, staffId);
  if (!staff || staff.status === 'archived') throw new NotFoundError();
  // No escalation: nobody changes the PIN of someone who holds more rights than they do.
  await assertMayManageStaff(actor, staff);
  return staff;
}

/** Stores a PIN with what commits alongside it; a taken PIN throws PinUnavailableError and commits nothing. */
async function store(staff: StaffItem, pin: string, epoch: number, effects: Effects, extra: Hold[] = []): Promise<void> {
  const now = clock.now().toISOString();
  const { digest, keyVersion } = await pinDigest(staff.tenantId, pin);
  const also = [...(await effectSteps(effects)), ...extra.map((hold) => ({ item: releaseItem(hold), onFail: () => new Error('unconditional') }))];
  await writePin(staff, { digest, keyVersion, epoch, setAt: now }, pinHolder(staff), now, also);
}

/** One attempt of `spec`, reserved before anything it guards happens; a spent budget is 429 with Retry-After. */
export async function reserveAttempt(spec: BudgetSpec): Promise<Hold> {
  try {
    const [hold] = await reserve([{ spec }], clock.nowMs());
    return hold as Hold;
  } catch (error) {
    if (error instanceof BudgetSpentError) throw new TooManyRequestsError(error.retryAfterMs / 1000);
    throw error;
  }
}

/** A typed PIN may reveal a colleague's: reserve one of the actor's typed-PIN attempts before trying it. */
function reserveTypedPin(actor: Actor): Promise<Hold> {
  return reserveAttempt({
    key: entities.pinConflictBudget.key({ tenantId: actor.tenantId, staffId: actor.staffId }),
    entity: entities.pinConflictBudget.name,
    size: MAX_PIN_CONFLICTS_PER_HOUR,
    windowMs: 3_600_000,
  });
}

/**
 * Generates a PIN of the salon's length that the policy accepts and nobody
 * in the salon holds, and stores it with the effects made for it (which may
 * carry it in a message): a taken candidate commits nothing, and the next is
 * tried. Returns the PIN stored.
 */
export async function storeGeneratedPin(staff: StaffItem, tenant: TenantItem, effects: (pin: string) => Effects): Promise<string> {
  const length = tenant.settings.pinLength;
  for (let attempt = 0; attempt < GENERATE_ATTEMPTS; attempt += 1) {
    const candidate = randomPin(length);
    if (pinProblem(candidate, length)) continue;
    try {
      await store(staff, candidate, tenant.pinEpoch ?? 0, effects(candidate));
      return candidate;
    } catch (error) {
      if (!(error instanceof PinUnavailableError)) throw error;
    }
  }
  throw new Error('could not generate a free PIN');
}

export function pinMessage(tenant: TenantItem, staff: StaffItem, channel: Channel, pin: string) {
  return {
    message: {
      kind: 'pin' as const,
      channel,
      to: (channel === 'sms' ? staff.phone : staff.email) as string,
      locale: staff.locale ?? tenant.locale,
      tenantName: tenant.name,
      firstName: staff.firstName,
      pin,
      tenantId: staff.tenantId,
      staffId: staff.staffId,
    },
  };
}

/**
 * Sets a staff member's PIN, typed by a manager or (the default we
 * recommend) generated. The PIN exists in clear only in the message that
 * sends it (sealed in the outbox, committed with the PIN), or in the one
 * response that returns a generated PIN unsent. A typed PIN spends one of
 * the actor's typed-PIN attempts unless it is stored: a taken one is refused
 * and audited, and after MAX_PIN_CONFLICTS_PER_HOUR the actor gets 429.
 */
export async function setPin(actor: Actor, staffId: string, request: PinRequest, context: AuditContext): Promise<{ pin?: string }> {
  const [staff, tenant] = await Promise.all([target(actor, staffId), getTenant(actor.tenantId)]);
  if (!tenant) throw new NotFoundError();
  if (request.send === 'sms' && !staff.phone) throw new BadRequestError('no_phone', 'The staff member has no phone number.');
  if (request.send === 'email' && !staff.email) throw new BadRequestError('no_email', 'The staff member has no email address.');
  const length = tenant.settings.pinLength;
  const epoch = tenant.pinEpoch ?? 0;
  const event = (action: string, details?: Record<string, unknown>): AuditInput => ({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action,
    target: { type: 'staff', id: staffId },
    ...(details ? { details } : {}),
    context,
  });
  const effects = (pin: string): Effects => ({
    audit: [event('pin.set', { generated: request.generate === true, sentBy: request.send ?? null, delivery: request.send ? 'queued' : null })],
    messages: request.send ? [pinMessage(tenant, staff, request.send, pin)] : [],
  });
  let pin: string;

  if (request.generate) {
    pin = await storeGeneratedPin(staff, tenant, effects);
  } else {
    assertAcceptablePin(request.pin, length);
    const hold = await reserveTypedPin(actor);
    try {
      await store(staff, request.pin, epoch, effects(request.pin), [hold]);
    } catch (error) {
      if (!(error instanceof PinUnavailableError)) throw error;
      await transactWrite(await effectSteps({ audit: [event('pin.conflict')] }));
      throw error;
    }
    pin = request.pin;
  }
  return request.generate && !request.send ? { pin } : {};
}

export async function removePin(actor: Actor, staffId: string, context: AuditContext): Promise<void> {
  const staff = await target(actor, staffId);
  const audit = await effectSteps({
    audit: [{ tenantId: actor.tenantId, actor: staffActor(actor), action: 'pin.removed', target: { type: 'staff', id: staffId }, context }],
  });
  await deletePin(staff, clock.now().toISOString(), audit);
}
