import type { Schemas, StaffGateClient } from '@staffgate/client';

export type Staff = Schemas['Staff'];
export type Invitation = Schemas['InvitationListItem'];
export type Channel = 'email' | 'sms';
export type StatusFilter = '' | Staff['status'];

export interface StaffFilter {
  tag: string;
  branchId: string;
  status: StatusFilter;
}

/** What the filters and the invite form offer, read once per salon. */
export interface Choices {
  tags: string[];
  branches: { id: string; name: string }[];
  levels: { id: string; name: string }[];
  pinLength: number;
}

const PAGE_SIZE = 50;

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) list.push(item);
  return list;
}

/**
 * Access levels need `access.view`, which a manager who only invites may
 * lack: then the list still works and the invite form offers no levels.
 */
async function levelsOrNone(client: StaffGateClient, tenantId: string): Promise<Choices['levels']> {
  try {
    const levels = await all(client.paginate('/v1/tenants/{tenantId}/access-levels', { params: { path: { tenantId }, query: { limit: 200 } } }));
    return levels.map(({ id, name }) => ({ id, name }));
  } catch {
    return [];
  }
}

export async function loadChoices(client: StaffGateClient, tenantId: string): Promise<Choices> {
  const path = { tenantId };
  const [tags, branches, levels, tenant] = await Promise.all([
    client.GET('/v1/tenants/{tenantId}/tags', { params: { path } }),
    all(client.paginate('/v1/tenants/{tenantId}/branches', { params: { path, query: { limit: 200 } } })),
    levelsOrNone(client, tenantId),
    client.GET('/v1/tenants/{tenantId}', { params: { path } }),
  ]);
  return {
    tags: tags.data.items.map((tag) => tag.name),
    branches: branches.map(({ id, name }) => ({ id, name })),
    levels,
    pinLength: tenant.data.settings.pinLength,
  };
}

/**
 * The filtered staff list, a page at a time on demand: the client's
 * `paginate` follows the cursors, and one item is read ahead so the element
 * knows whether to offer "Show more" without asking for an empty page.
 */
export class StaffPages {
  private readonly items: AsyncGenerator<Staff, void, undefined>;
  private ahead: IteratorResult<Staff, void> | undefined;

  constructor(client: StaffGateClient, tenantId: string, filter: StaffFilter) {
    const query = {
      limit: PAGE_SIZE,
      ...(filter.tag ? { tag: filter.tag } : {}),
      ...(filter.branchId ? { branchId: filter.branchId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    this.items = client.paginate('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId }, query } });
  }

  /** The next page's members, and whether more follow. */
  async next(): Promise<{ members: Staff[]; more: boolean }> {
    const members: Staff[] = [];
    let result = this.ahead ?? (await this.items.next());
    while (!result.done && members.length < PAGE_SIZE) {
      members.push(result.value);
      result = await this.items.next();
    }
    this.ahead = result;
    return { members, more: !result.done };
  }
}

export async function pendingInvitations(client: StaffGateClient, tenantId: string): Promise<Invitation[]> {
  const items = await all(client.paginate('/v1/tenants/{tenantId}/invitations', { params: { path: { tenantId }, query: { limit: 200 } } }));
  return items.filter((invitation) => invitation.status === 'pending');
}

export async function getStaff(client: StaffGateClient, tenantId: string, staffId: string): Promise<Staff> {
  return (await client.GET('/v1/tenants/{tenantId}/staff/{staffId}', { params: { path: { tenantId, staffId } } })).data;
}

export interface NewMember {
  firstName: string;
  lastName: string;
  channel: Channel;
  email: string;
  phone: string;
  accessLevelId: string;
}

export async function addMember(client: StaffGateClient, tenantId: string, member: NewMember): Promise<Staff> {
  const contact = member.channel === 'email' ? { email: member.email } : { phone: member.phone };
  const body = { firstName: member.firstName, lastName: member.lastName, accessLevelId: member.accessLevelId, ...contact };
  return (await client.POST('/v1/tenants/{tenantId}/staff', { params: { path: { tenantId } }, body })).data;
}

export async function invite(client: StaffGateClient, tenantId: string, staffId: string, channel: Channel): Promise<void> {
  await client.POST('/v1/tenants/{tenantId}/invitations', { params: { path: { tenantId } }, body: { staffId, channel } });
}

/** Sends a new invitation in place of the old one, which the server revokes: the new one's id. */
export async function resendInvitation(client: StaffGateClient, tenantId: string, invitationId: string): Promise<string> {
  return (await client.POST('/v1/tenants/{tenantId}/invitations/{invitationId}/resend', { params: { path: { tenantId, invitationId } } })).data.id;
}

export async function revokeInvitation(client: StaffGateClient, tenantId: string, invitationId: string): Promise<void> {
  await client.DELETE('/v1/tenants/{tenantId}/invitations/{invitationId}', { params: { path: { tenantId, invitationId } } });
}

export async function setPin(client: StaffGateClient, tenantId: string, staffId: string, pin: string): Promise<void> {
  await client.PUT('/v1/tenants/{tenantId}/staff/{staffId}/pin', { params: { path: { tenantId, staffId } }, body: { pin } });
}

/**
 * Generated and sent to the member: the answer carries no PIN (the contract
 * returns one only for `generate` without `send`, which this element never
 * asks for, so no PIN ever reaches the manager's screen).
 */
export async function sendNewPin(client: StaffGateClient, tenantId: string, staffId: string, send: Channel): Promise<void> {
  await client.PUT('/v1/tenants/{tenantId}/staff/{staffId}/pin', { params: { path: { tenantId, staffId } }, body: { generate: true, send } });
}

export async function removePin(client: StaffGateClient, tenantId: string, staffId: string): Promise<void> {
  await client.DELETE('/v1/tenants/{tenantId}/staff/{staffId}/pin', { params: { path: { tenantId, staffId } } });
}

/** Suspends or reactivates the member as read (If-Match): a change made meanwhile answers 412. */
export async function setStatus(client: StaffGateClient, tenantId: string, staff: Staff, status: 'active' | 'suspended'): Promise<Staff> {
  const params = { path: { tenantId, staffId: staff.id }, header: { 'If-Match': String(staff.version) } };
  return (await client.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', { params, body: { status } })).data;
}

export type BranchLevel = Staff['branchLevels'][number];

/** Replaces the member's branch levels as read (If-Match); `[]` leaves the main level everywhere. */
export async function setBranchLevels(client: StaffGateClient, tenantId: string, staff: Staff, branchLevels: BranchLevel[]): Promise<void> {
  const params = { path: { tenantId, staffId: staff.id }, header: { 'If-Match': String(staff.version) } };
  await client.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', { params, body: { branchLevels } });
}

export async function archive(client: StaffGateClient, tenantId: string, staff: Staff): Promise<void> {
  const params = { path: { tenantId, staffId: staff.id }, header: { 'If-Match': String(staff.version) } };
  await client.DELETE('/v1/tenants/{tenantId}/staff/{staffId}', { params });
}

export const displayName = (staff: Pick<Staff, 'firstName' | 'lastName'>): string => `${staff.firstName} ${staff.lastName}`.trim();
