/**
 * One action on up to 500 staff members (api.md v1.1, bulk). Each member
 * goes through the single operation's own domain call — the same rules
 * (escalation, last admin, self-bounding fields), the same conditional
 * write and the same audit event — so a bulk action can do nothing one
 * request could not. One member's refusal is that member's result, with the
 * problem code the single operation would answer; the others go on.
 */
import { clock } from '../../clock.js';
import type { Channel } from '../../data/entities.js';
import { tagKey } from '../../data/entities.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import { UnknownAccessLevelError } from '../../data/repositories/holdings.js';
import { getStaff } from '../../data/repositories/staff.js';
import { AppError, NotFoundError, ValidationError, VersionConflictError } from '../../errors.js';
import { logger } from '../../logger.js';
import { type Actor, NotPermittedError } from '../access/actor.js';
import type { AuditContext } from '../audit/audit.js';
import { mapBounded } from '../bounded-map.js';
import { evaluate } from '../permissions/compiled.js';
import { setPin } from '../pins/manage.js';
import { NoContactError } from '../pins/renew.js';
import { assertMayAssignLevels, updateStaff } from './manage.js';

export const MAX_BULK_STAFF = 500;
/** What a staff member carries at most (the staff routes' own limit). */
export const MAX_MEMBER_TAGS = 20;
/** Members worked on at once: a salon's staff share one partition, whose write capacity the batch must not take whole. */
const CONCURRENCY = 8;
/** A member edited between our read and our write is read again this many times at most. */
const MEMBER_ATTEMPTS = 3;

export type BulkRequest =
  | { action: 'tag' | 'untag'; staffIds: string[]; tag: string }
  | { action: 'set_level'; staffIds: string[]; accessLevelId: string }
  | { action: 'renew_pins' | 'suspend'; staffIds: string[] };

export interface BulkResult {
  staffId: string;
  ok: boolean;
  code?: string;
}

/**
 * Runs `request` on each staff member, a few at a time, and answers one
 * result per id in the order sent. A right the action needs beyond
 * staff.manage (access.manage to assign levels, staff.pin.manage for PINs)
 * and an unknown level are refused for the whole request, before any
 * member is touched. `fatal` tells the errors that must end the whole
 * request (a failing dependency: 503) from those that are one member's
 * (a bug there is logged and answered as `internal_error`).
 */
export async function runBulk(actor: Actor, request: BulkRequest, context: AuditContext, fatal: (error: unknown) => boolean): Promise<{ results: BulkResult[] }> {
  const work = await prepare(actor, request, context);
  const results = await mapBounded(request.staffIds, CONCURRENCY, async (staffId): Promise<BulkResult> => {
    try {
      await work(staffId);
      return { staffId, ok: true };
    } catch (error) {
      if (error instanceof AppError) return { staffId, ok: false, code: error.code };
      if (fatal(error)) throw error;
      logger.error('Bulk action failed for one staff member', { action: request.action, staffId, error: error instanceof Error ? error.name : typeof error });
      return { staffId, ok: false, code: 'internal_error' };
    }
  });
  return { results };
}

async function prepare(actor: Actor, request: BulkRequest, context: AuditContext): Promise<(staffId: string) => Promise<void>> {
  switch (request.action) {
    case 'tag': {
      const key = tagKey(request.tag);
      return (staffId) => changeTags(actor, staffId, (tags) => (tags.some((tag) => tagKey(tag) === key) ? tags : [...tags, request.tag]), context);
    }
    case 'untag': {
      const key = tagKey(request.tag);
      return (staffId) => changeTags(actor, staffId, (tags) => tags.filter((tag) => tagKey(tag) !== key), context);
    }
    case 'set_level': {
      assertMayAssignLevels(actor);
      if (!(await getAccessLevel(actor.tenantId, request.accessLevelId))) throw new UnknownAccessLevelError();
      return async (staffId) => {
        await updateStaff(actor, staffId, { accessLevelId: request.accessLevelId }, undefined, context);
      };
    }
    case 'suspend':
      return async (staffId) => {
        await updateStaff(actor, staffId, { status: 'suspended' }, undefined, context);
      };
    case 'renew_pins': {
      if (!evaluate(actor.level.compiled, 'staff.pin.manage', actor.subject, undefined, clock.nowMs()).allowed) throw new NotPermittedError('staff.pin.manage');
      return (staffId) => renewPin(actor, staffId, context);
    }
  }
}

/** The member's tags as `change` makes them, written on the version read (read again if someone else wrote first). */
async function changeTags(actor: Actor, staffId: string, change: (tags: string[]) => string[], context: AuditContext): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const member = await getStaff(actor.tenantId, staffId);
    if (!member || member.status === 'archived') throw new NotFoundError();
    const tags = change(member.tags);
    if (tags.length > MAX_MEMBER_TAGS) throw new ValidationError([{ path: 'tag', message: `A staff member carries at most ${MAX_MEMBER_TAGS} tags.` }]);
    try {
      await updateStaff(actor, staffId, { tags }, member.version, context);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt === MEMBER_ATTEMPTS) throw error;
    }
  }
}

/** A new generated PIN, sent to the member's phone (SMS), else their email; never answered. */
async function renewPin(actor: Actor, staffId: string, context: AuditContext): Promise<void> {
  const member = await getStaff(actor.tenantId, staffId);
  if (!member || member.status === 'archived') throw new NotFoundError();
  const send: Channel | undefined = member.phone ? 'sms' : member.email ? 'email' : undefined;
  if (!send) throw new NoContactError();
  await setPin(actor, staffId, { generate: true, send }, context);
}
