/**
 * The salon's tags as a managed list (Sitoo): listed with how many members
 * carry each, created, renamed and deleted. A rename or delete changes every
 * member who carries the tag, each member in a write of its own, conditional
 * on the version read (a concurrent edit of the member is never
 * overwritten: it is read again and the change re-applied) and audited in
 * the same transaction. The work goes a page of members at a time within a
 * time budget; when the budget runs out first, the answer says so (202) and
 * the same call again carries on where it stopped. A call that fails half-way
 * is finished the same way.
 */
import { performance } from 'node:perf_hooks';
import { clock } from '../../clock.js';
import type { StaffAttributes, StaffItem, TagAttributes } from '../../data/entities.js';
import { tagKey } from '../../data/entities.js';
import { getStaff, listStaff, writeStaff } from '../../data/repositories/staff.js';
import {
  countMembersWithTag,
  countTagsOnStaff,
  createTag as createTagItem,
  deleteTagItem,
  getTagItems,
  listTagItems,
  putRenamedTag,
  respellTag,
  tagInUseStep,
} from '../../data/repositories/tags.js';
import { ConcurrentUpdateError, type Step } from '../../data/transaction.js';
import { NotFoundError, VersionConflictError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { EscalationDeniedError, managesSomeBranches } from '../access/escalation.js';
import { type AuditContext, type AuditInput, diff, staffActor } from '../audit/audit.js';
import { mapBounded } from '../bounded-map.js';
import { effectSteps } from '../effects.js';

/** Members changed per page; each page is read, then written with bounded concurrency. */
const PAGE_SIZE = 100;
const CONCURRENCY = 8;
/** Well inside the function's 10 s limit: what is left after it waits for the next call. */
const WORK_BUDGET_MS = 6_000;
/** A member edited concurrently is read again and the change re-applied at most this many times. */
const MEMBER_ATTEMPTS = 3;

export interface TagChange {
  name: string;
  membersUpdated: number;
  /** False: the time budget ran out (or a member kept changing under us) first; the same call again finishes the job. */
  complete: boolean;
}

/**
 * Tags a member is given: those on the list take the list's spelling; new
 * ones join the list, in the staff write's own transaction, which also puts
 * back on the list a tag deleted or renamed away meanwhile (a tag members
 * carry is always listed). Tags the member already carried pass as they are.
 */
export async function resolveMemberTags(tenantId: string, previous: readonly string[], wanted: readonly string[]): Promise<{ tags: string[]; steps: Step[] }> {
  const carried = new Set(previous);
  const added = wanted.filter((name) => !carried.has(name));
  if (added.length === 0) return { tags: [...new Set(wanted)], steps: [] };
  const listed = await getTagItems(tenantId, added);
  const now = clock.now().toISOString();
  const steps = new Map<string, Step>();
  const tags = wanted.map((name) => {
    if (carried.has(name)) return name;
    const key = tagKey(name);
    const item = listed.get(key);
    const spelling = item?.name ?? name;
    if (!steps.has(key)) steps.set(key, tagInUseStep(tenantId, spelling, now));
    return spelling;
  });
  return { tags: [...new Set(tags)], steps: [...steps.values()] };
}

/** Each name as the list spells it (as given when unlisted): members carry the list's spelling, and filters match exactly. */
export async function listedSpellings(tenantId: string, names: readonly string[]): Promise<string[]> {
  const listed = await getTagItems(tenantId, names);
  return [...new Set(names.map((name) => listed.get(tagKey(name))?.name ?? name))];
}

/** The listed tags and those members carry without them being listed (given before the list existed), by name. */
export async function listTags(tenantId: string) {
  const [items, counts] = await Promise.all([listTagItems(tenantId), countTagsOnStaff(tenantId)]);
  const tags = new Map(items.map((item) => [tagKey(item.name), { name: item.name, members: 0 }]));
  for (const [key, count] of counts) tags.set(key, { name: tags.get(key)?.name ?? count.name, members: count.members });
  return { items: [...tags.values()].sort((a, b) => a.name.localeCompare(b.name)), nextCursor: null };
}

const tagEvent = (actor: Actor, action: string, name: string, context: AuditContext, details?: Record<string, unknown>): AuditInput => ({
  tenantId: actor.tenantId,
  actor: staffActor(actor),
  action,
  target: { type: 'tag', id: tagKey(name) },
  details: { name, ...details },
  context,
});

export async function createTag(actor: Actor, name: string, context: AuditContext) {
  const now = clock.now().toISOString();
  const tag: TagAttributes = { tenantId: actor.tenantId, name, createdAt: now, updatedAt: now };
  await createTagItem(tag, await effectSteps({ audit: [tagEvent(actor, 'staff.tag_created', name, context)] }));
  return { name, members: await countMembersWithTag(actor.tenantId, name) };
}

/**
 * Renames a tag on the list and on every member who carries it. Renaming
 * onto another tag's name is 409 name_taken (tags are not merged); a change
 * of case alone keeps the tag. Renaming the salon's word for something is
 * not an act on a member's rights, so it needs staff.manage and no more,
 * but it is an act on the whole salon: not for someone limited to branches.
 */
/** A change to every member who carries a tag reaches members of every branch. */
function assertSalonWide(actor: Actor): void {
  if (managesSomeBranches(actor)) {
    throw new EscalationDeniedError('You work only in some branches; renaming or deleting a tag changes members of every branch. Ask someone who works in all of them.');
  }
}

export async function renameTag(actor: Actor, from: string, to: string, context: AuditContext): Promise<TagChange> {
  assertSalonWide(actor);
  const { tenantId } = actor;
  const listed = await getTagItems(tenantId, [from, to]);
  const old = listed.get(tagKey(from));
  const spelling = old?.name ?? from;
  const respelled = tagKey(from) === tagKey(to);
  const resumed = !respelled && listed.get(tagKey(to))?.renamedFrom === tagKey(from);
  if (!old && !resumed && (await countMembersWithTag(tenantId, spelling)) === 0) throw new NotFoundError();
  const event = () => effectSteps({ audit: [tagEvent(actor, 'staff.tag_renamed', to, context, { from: spelling })] });
  const now = clock.now().toISOString();
  if (respelled && old) {
    if (old.name !== to) await respellTag(tenantId, to, now, await event());
  } else {
    // Listed under its new name before any member carries it, so members' writes find it (resolveMemberTags).
    await putRenamedTag({ tenantId, name: to, renamedFrom: tagKey(from), createdAt: now, updatedAt: now });
  }
  const progress = await changeMembers(actor, spelling, (tags) => tags.map((tag) => (tag === spelling ? to : tag)), context);
  if (progress.complete && !respelled && old) await dropFromList(tenantId, spelling, await event());
  return { name: to, ...progress };
}

/** Deletes a tag from the list and from every member who carries it (salon-wide, as a rename). */
export async function deleteTag(actor: Actor, name: string, context: AuditContext): Promise<TagChange> {
  assertSalonWide(actor);
  const { tenantId } = actor;
  const old = (await getTagItems(tenantId, [name])).get(tagKey(name));
  const spelling = old?.name ?? name;
  if (!old && (await countMembersWithTag(tenantId, spelling)) === 0) throw new NotFoundError();
  const progress = await changeMembers(actor, spelling, (tags) => tags.filter((tag) => tag !== spelling), context);
  if (progress.complete && old) {
    await dropFromList(tenantId, spelling, await effectSteps({ audit: [tagEvent(actor, 'staff.tag_deleted', spelling, context)] }));
  }
  return { name: spelling, ...progress };
}

/** Another call may have finished the job first: then the tag is gone already, and so is its event. */
async function dropFromList(tenantId: string, name: string, audit: Step[]): Promise<void> {
  try {
    await deleteTagItem(tenantId, name, audit);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

/**
 * Applies `change` to the tags of every member who carries `tag`, a page at
 * a time (found by the staff list's own tag filter), until none is left or
 * the time budget is spent.
 */
async function changeMembers(actor: Actor, tag: string, change: (tags: string[]) => string[], context: AuditContext): Promise<Omit<TagChange, 'name'>> {
  const deadline = performance.now() + WORK_BUDGET_MS;
  let membersUpdated = 0;
  let stuck = false;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listStaff(actor.tenantId, { tags: [tag] }, PAGE_SIZE, cursor);
    const results = await mapBounded(page.items, CONCURRENCY, (member) => changeMember(actor, member, change, context));
    membersUpdated += results.filter((result) => result === 'updated').length;
    stuck ||= results.includes('stuck');
    cursor = page.next;
  } while (cursor && performance.now() < deadline);
  return { membersUpdated, complete: !cursor && !stuck };
}

type MemberResult = 'updated' | 'unchanged' | 'stuck';

async function changeMember(actor: Actor, first: StaffItem, change: (tags: string[]) => string[], context: AuditContext): Promise<MemberResult> {
  let member: StaffItem | undefined = first;
  for (let attempt = 0; attempt < MEMBER_ATTEMPTS; attempt += 1) {
    if (!member || member.status === 'archived') return 'unchanged';
    const wanted = change(member.tags);
    if (wanted.length === member.tags.length && wanted.every((tag, index) => tag === member?.tags[index])) return 'unchanged';
    const { tags, steps } = await resolveMemberTags(actor.tenantId, member.tags, wanted);
    const next: StaffAttributes = { ...member, tags, version: member.version + 1, updatedAt: clock.now().toISOString() };
    const audit = await effectSteps({
      audit: [
        {
          tenantId: actor.tenantId,
          actor: staffActor(actor),
          action: 'staff.updated',
          target: { type: 'staff', id: member.staffId },
          changes: diff(member, next, ['tags'], ['tags']),
          context,
        },
      ],
    });
    try {
      // Level and status stay: no holder counts move, so no admin levels are needed.
      await writeStaff(member, next, new Set(), [...audit, ...steps]);
      return 'updated';
    } catch (error) {
      if (!(error instanceof VersionConflictError || error instanceof ConcurrentUpdateError)) throw error;
      member = await getStaff(actor.tenantId, member.staffId);
    }
  }
  return 'stuck';
}
