import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEMO_OWNER = {
  email: 'owner@demo-salon.example',
  password: 'velvet comb by the window',
};

/** The front desk's demo people: a stylist who unlocks the terminal, and the owner's PIN that approves what the stylist may not do alone. */
export const DEMO_STYLIST = { firstName: 'Sara', lastName: 'Stylist', pin: '582937' };
export const DEMO_OWNER_PIN = '604817';
/** Invited, not yet joined: the newcomer who opens the invitation from the outbox. */
export const DEMO_NEWCOMER = { firstName: 'Nora', lastName: 'Newcomer', email: 'newcomer@demo-salon.example' };

export interface DemoSalon {
  tenantId: string;
  ownerEmail: string;
  ownerPassword: string;
  /** Absent in a DATA_DIR seeded before the demo staff existed (they are added on the next start). */
  staff?: { stylistPin: string; ownerPin: string; newcomerEmail: string };
}

/** The stylist's rights at the desk: their own calendar and bookings; deleting a booking needs another person's PIN. */
interface SignedIn {
  token: string;
  memberships: { tenantId: string; staffId: string }[];
}

const STYLIST_GRANTS = {
  'calendar.view': { scope: 'own' },
  'appointments.view': true,
  'appointments.create': true,
  'appointments.edit': true,
  'appointments.delete': 'approval',
};

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<unknown> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Seeding failed: ${init.method ?? 'GET'} ${url} answered ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Creates the demo salon through the public API, as an operator and then its
 * owner would: create the tenant, read the invitation from the outbox, accept
 * it with a password. Done once per DATA_DIR (every start in memory mode).
 */
export async function seedDemoSalon(baseUrl: string, operatorToken: string, dataDir: string | undefined): Promise<DemoSalon> {
  const marker = dataDir ? join(resolve(dataDir), 'demo-salon.json') : undefined;
  if (marker && existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8')) as DemoSalon;
    if (kept.staff) return kept;
    const signedIn = (await call(`${baseUrl}/v1/auth/login`, { method: 'POST', json: { login: kept.ownerEmail, password: kept.ownerPassword } })) as SignedIn;
    const demo = { ...kept, staff: await seedDemoStaff(baseUrl, kept.tenantId, signedIn) };
    writeFileSync(marker, JSON.stringify(demo, null, 2));
    return demo;
  }

  const created = (await call(`${baseUrl}/v1/operator/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}` },
    json: {
      name: 'Demo Salon',
      plan: 'paid',
      locale: 'en',
      owner: { firstName: 'Olivia', lastName: 'Owner', email: DEMO_OWNER.email },
    },
  })) as { tenant: { id: string } };
  const outbox = (await call(`${baseUrl}/_local/outbox?to=${encodeURIComponent(DEMO_OWNER.email)}`)) as {
    items: { token?: string }[];
  };
  const token = outbox.items.find((item) => item.token)?.token;
  if (!token) throw new Error('Seeding failed: the owner invitation did not arrive in the outbox');
  const accepted = (await call(`${baseUrl}/v1/invitations/accept`, { method: 'POST', json: { token, password: DEMO_OWNER.password } })) as SignedIn;

  const demo: DemoSalon = {
    tenantId: created.tenant.id,
    ownerEmail: DEMO_OWNER.email,
    ownerPassword: DEMO_OWNER.password,
    staff: await seedDemoStaff(baseUrl, created.tenant.id, accepted),
  };
  if (marker && dataDir) {
    mkdirSync(resolve(dataDir), { recursive: true });
    writeFileSync(marker, JSON.stringify(demo, null, 2));
  }
  return demo;
}

/**
 * The demo salon's front desk, as its owner would set it up: a branch, the
 * stylist's level, the stylist with a known PIN, the owner's own PIN (for
 * approvals), and a pending invitation for a newcomer on the Owner level
 * (who may then register terminals and enrol two-factor).
 */
async function seedDemoStaff(baseUrl: string, tenantId: string, owner: SignedIn): Promise<NonNullable<DemoSalon['staff']>> {
  const asOwner = (path: string, method: string, json?: unknown) =>
    call(`${baseUrl}/v1/tenants/${tenantId}${path}`, { method, headers: { authorization: `Bearer ${owner.token}` }, json });
  await asOwner('/branches', 'POST', { name: 'Main Street' });
  const level = (await asOwner('/access-levels', 'POST', { name: 'Stylist', grants: STYLIST_GRANTS })) as { id: string };
  const stylist = (await asOwner('/staff', 'POST', { firstName: DEMO_STYLIST.firstName, lastName: DEMO_STYLIST.lastName, accessLevelId: level.id })) as {
    id: string;
  };
  await asOwner(`/staff/${stylist.id}/pin`, 'PUT', { pin: DEMO_STYLIST.pin });
  const ownerStaffId = owner.memberships.find((membership) => membership.tenantId === tenantId)?.staffId;
  if (!ownerStaffId) throw new Error('Seeding failed: the owner is not a member of the demo salon');
  const ownerStaff = (await asOwner(`/staff/${ownerStaffId}`, 'GET')) as { accessLevelId: string };
  await asOwner(`/staff/${ownerStaffId}/pin`, 'PUT', { pin: DEMO_OWNER_PIN });
  const newcomer = (await asOwner('/staff', 'POST', { ...DEMO_NEWCOMER, accessLevelId: ownerStaff.accessLevelId })) as { id: string };
  await asOwner('/invitations', 'POST', { staffId: newcomer.id, channel: 'email' });
  return { stylistPin: DEMO_STYLIST.pin, ownerPin: DEMO_OWNER_PIN, newcomerEmail: DEMO_NEWCOMER.email };
}
