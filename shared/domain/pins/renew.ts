import { type Channel, entities, type StaffItem } from '../../data/entities.js';
import { getStaff } from '../../data/repositories/staff.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { ConcurrentUpdateError } from '../../data/transaction.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { type AuditContext, staffActor } from '../audit/audit.js';
import { pinMessage, reserveAttempt, storeGeneratedPin } from './manage.js';
import { MAX_PIN_RENEWALS_PER_HOUR, PinsDisabledError } from './policy.js';

export class NoContactError extends ConflictError {
  constructor() {
    super('no_contact', 'You have no phone number or email address to send a new PIN to; ask a manager to add one, or to set your PIN.');
  }
}

/** Renewals that pass the budget together (a double tap) race on the staff item's version: a loser reads it again, at most this often. */
const WRITE_TRIES = MAX_PIN_RENEWALS_PER_HOUR + 1;

function contactOf(staff: StaffItem): Channel {
  if (staff.phone) return 'sms';
  if (staff.email) return 'email';
  throw new NoContactError();
}

async function currentStaff(actor: Actor): Promise<StaffItem> {
  const staff = await getStaff(actor.tenantId, actor.staffId);
  if (!staff || staff.status === 'archived') throw new NotFoundError();
  return staff;
}

/**
 * A staff member renews their own PIN, from a terminal or back-office
 * session: a new generated PIN goes to their own phone by SMS, else their
 * email — never into the answer, as a terminal's screen is not theirs
 * alone. It needs no `staff.pin.manage`: it changes only the caller's own
 * secret and tells it only to the caller's own contact. A slot of the
 * member's renewal budget is reserved before anything is generated or
 * written; the slot is kept, as the message is sent.
 */
export async function renewOwnPin(actor: Actor, context: AuditContext): Promise<void> {
  const [first, tenant] = await Promise.all([currentStaff(actor), getTenant(actor.tenantId)]);
  if (!tenant) throw new NotFoundError();
  if (!tenant.settings.pinsEnabled) throw new PinsDisabledError();
  contactOf(first);
  await reserveAttempt({
    key: entities.pinRenewalBudget.key({ tenantId: actor.tenantId, staffId: actor.staffId }),
    entity: entities.pinRenewalBudget.name,
    size: MAX_PIN_RENEWALS_PER_HOUR,
    windowMs: 3_600_000,
  });
  let staff = first;
  for (let attempt = 1; ; attempt += 1) {
    const channel = contactOf(staff);
    try {
      await storeGeneratedPin(staff, tenant, (pin) => ({
        audit: [
          {
            tenantId: actor.tenantId,
            actor: staffActor(actor),
            action: 'pin.set',
            target: { type: 'staff', id: staff.staffId },
            details: { generated: true, sentBy: channel, delivery: 'queued', method: 'renew' },
            context,
          },
        ],
        messages: [pinMessage(tenant, staff, channel, pin)],
      }));
      return;
    } catch (error) {
      if (attempt >= WRITE_TRIES || !(error instanceof VersionConflictError || error instanceof ConcurrentUpdateError)) throw error;
      staff = await currentStaff(actor);
    }
  }
}
