import { randomUUID } from 'node:crypto';
import type { TestApi } from './local-api.js';

/** A unique address per call, so tests never share accounts. */
export function uniqueEmail(label = 'owner'): string {
  return `${label}.${randomUUID().slice(0, 8)}@salon.example`;
}

export function uniquePhone(): string {
  return `+4670${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
}

export function makeTenantBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Salong Solsken',
    plan: 'paid',
    owner: { firstName: 'Anna', lastName: 'Berg', email: uniqueEmail() },
    ...overrides,
  };
}

export const OWNER_PASSWORD = 'correct horse battery staple';

export async function latestToken(api: TestApi, to: string): Promise<string> {
  const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  const token = body.items.find((item: { token?: string }) => item.token)?.token;
  if (!token) throw new Error(`no token sent to ${to}`);
  return token;
}

/** A tenant whose owner has accepted the invitation and is signed in. */
export async function makeSignedInOwner(api: TestApi, overrides: Record<string, unknown> = {}) {
  const body = makeTenantBody(overrides);
  const created = await api.operator('POST', '/v1/operator/tenants', body);
  if (created.status !== 201) throw new Error(`tenant not created: ${created.status} ${created.text}`);
  const email = (body.owner as { email: string }).email;
  const invitationToken = await latestToken(api, email);
  const accepted = await api.request('POST', '/v1/invitations/accept', { json: { token: invitationToken, password: OWNER_PASSWORD } });
  if (accepted.status !== 200) throw new Error(`invitation not accepted: ${accepted.status} ${accepted.text}`);
  return {
    tenantId: created.body.tenant.id as string,
    staffId: created.body.owner.staff.id as string,
    email,
    token: accepted.body.token as string,
    accountId: accepted.body.account.id as string,
  };
}

export type SignedInOwner = Awaited<ReturnType<typeof makeSignedInOwner>>;

/** An access level in the owner's salon; `grants` or a `template`. */
export async function makeAccessLevel(
  api: TestApi,
  owner: SignedInOwner,
  body: { name?: string; template?: string; grants?: Record<string, unknown>; remoteAccess?: boolean; webOnlySections?: string[] },
) {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/access-levels`, {
    token: owner.token,
    json: { name: `Level ${randomUUID().slice(0, 8)}`, ...body },
  });
  if (response.status !== 201) throw new Error(`access level not created: ${response.status} ${response.text}`);
  return response.body as { id: string; version: number; grants: Record<string, unknown> };
}

/** A staff member of the owner's salon (no login). */
export async function makeStaff(api: TestApi, owner: SignedInOwner, body: Record<string, unknown>) {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/staff`, {
    token: owner.token,
    json: { firstName: 'Eva', lastName: 'Lind', email: uniqueEmail('staff'), ...body },
  });
  if (response.status !== 201) throw new Error(`staff not created: ${response.status} ${response.text}`);
  return response.body as { id: string; email: string; version: number; accessLevelId: string };
}

/**
 * A staff member with a login, signed in: created by the owner, invited by
 * email, invitation accepted. `level` is an access-level id of the salon.
 */
export async function makeSignedInMember(api: TestApi, owner: SignedInOwner, level: string, staffBody: Record<string, unknown> = {}) {
  const staff = await makeStaff(api, owner, { accessLevelId: level, ...staffBody });
  const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, {
    token: owner.token,
    json: { staffId: staff.id, channel: 'email' },
  });
  if (invited.status !== 201) throw new Error(`invitation not sent: ${invited.status} ${invited.text}`);
  const token = await latestToken(api, staff.email);
  const accepted = await api.request('POST', '/v1/invitations/accept', { json: { token, password: OWNER_PASSWORD } });
  if (accepted.status !== 200) throw new Error(`invitation not accepted: ${accepted.status} ${accepted.text}`);
  return { staffId: staff.id, email: staff.email, token: accepted.body.token as string, accessLevelId: level, tenantId: owner.tenantId };
}
