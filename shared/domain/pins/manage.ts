import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { pinMac } from '../../clients/pin-mac.js';
import { clock } from '../../clock.js';
import type { Channel, StaffItem } from '../../data/entities.js';
import { entities } from '../../data/entities.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import { incrementCounter, readCounter } from '../../data/repositories/counters.js';
import { deletePin, PinUnavailableError, writePin } from '../../data/repositories/pins.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { BadRequestError, NotFoundError, TooManyRequestsError } from '../../errors.js';
import { enqueueMessage } from '../../messages/queue.js';
import type { Actor } from '../access/actor.js';
import { assertCovers } from '../access-levels/manage.js';
import { ARGON2_OPTIONS } from '../auth/passwords.js';
import { type AuditContext, recordAudit, staffActor } from '../audit/audit.js';
import { assertAcceptablePin, pinProblem } from './policy.js';

/** Typed PINs that collide reveal a colleague's PIN: at most this many per acting staff member and hour. */
export const MAX_PIN_CONFLICTS_PER_HOUR = 5;
const GENERATE_ATTEMPTS = 50;

/** The PIN index key of a PIN: MAC(key, tenantId ‖ pin). */
export async function pinDigest(tenantId: string, pin: string): Promise<{ digest: string; keyVersion: string }> {
  const mac = pinMac();
  return { digest: await mac.mac(`${tenantId}\u0000${pin}`), keyVersion: mac.keyVersion };
}

export function hashPin(pin: string): Promise<string> {
  return argon2.hash(pin, ARGON2_OPTIONS);
}

export async function verifyPin(verifier: string, pin: string): Promise<boolean> {
  try {
    return await argon2.verify(verifier, pin);
  } catch {
    return false;
  }
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
  const level = await getAccessLevel(actor.tenantId, staff.accessLevelId);
  if (level) assertCovers(actor, level.grants);
  return staff;
}

async function store(staff: StaffItem, pin: string, epoch: number): Promise<void> {
  const now = clock.now().toISOString();
  const { digest, keyVersion } = await pinDigest(staff.tenantId, pin);
  await writePin(staff, { digest, verifier: await hashPin(pin), keyVersion, epoch, setAt: now }, now);
}

/**
 * Sets a staff member's PIN, typed by a manager or (the default we
 * recommend) generated. The PIN exists in clear only in the message that
 * sends it, or in the one response that returns a generated PIN unsent.
 */
export async function setPin(actor: Actor, staffId: string, request: PinRequest, context: AuditContext): Promise<{ pin?: string }> {
  const [staff, tenant] = await Promise.all([target(actor, staffId), getTenant(actor.tenantId)]);
  if (!tenant) throw new NotFoundError();
  if (request.send === 'sms' && !staff.phone) throw new BadRequestError('no_phone', 'The staff member has no phone number.');
  if (request.send === 'email' && !staff.email) throw new BadRequestError('no_email', 'The staff member has no email address.');
  const length = tenant.settings.pinLength;
  const epoch = tenant.pinEpoch ?? 0;
  let pin: string;

  if (request.generate) {
    let stored: string | undefined;
    for (let attempt = 0; attempt < GENERATE_ATTEMPTS && !stored; attempt += 1) {
      const candidate = randomPin(length);
      if (pinProblem(candidate, length)) continue;
      try {
        await store(staff, candidate, epoch);
        stored = candidate;
      } catch (error) {
        if (!(error instanceof PinUnavailableError)) throw error;
      }
    }
    if (!stored) throw new Error('could not generate a free PIN');
    pin = stored;
  } else {
    assertAcceptablePin(request.pin, length);
    const hour = Math.floor(clock.nowSeconds() / 3600);
    const conflictsKey = entities.pinConflicts.key({ tenantId: actor.tenantId, staffId: actor.staffId, hour });
    if ((await readCounter(conflictsKey)) >= MAX_PIN_CONFLICTS_PER_HOUR) {
      throw new TooManyRequestsError((hour + 1) * 3600 - clock.nowSeconds());
    }
    try {
      await store(staff, request.pin, epoch);
    } catch (error) {
      if (!(error instanceof PinUnavailableError)) throw error;
      await incrementCounter(conflictsKey, (hour + 2) * 3600);
      await recordAudit({ tenantId: actor.tenantId, actor: staffActor(actor), action: 'pin.conflict', target: { type: 'staff', id: staffId }, context });
      throw error;
    }
    pin = request.pin;
  }

  if (request.send) {
    await enqueueMessage({
      kind: 'pin',
      channel: request.send,
      to: (request.send === 'sms' ? staff.phone : staff.email) as string,
      locale: tenant.locale,
      tenantName: tenant.name,
      firstName: staff.firstName,
      pin,
    });
  }
  await recordAudit({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action: 'pin.set',
    target: { type: 'staff', id: staffId },
    details: { generated: request.generate === true, sentBy: request.send ?? null },
    context,
  });
  return request.generate && !request.send ? { pin } : {};
}

export async function removePin(actor: Actor, staffId: string, context: AuditContext): Promise<void> {
  const staff = await target(actor, staffId);
  await deletePin(staff, clock.now().toISOString());
  await recordAudit({ tenantId: actor.tenantId, actor: staffActor(actor), action: 'pin.removed', target: { type: 'staff', id: staffId }, context });
}
