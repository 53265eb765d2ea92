import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEMO_OWNER = {
  email: 'owner@demo-salon.example',
  password: 'velvet comb by the window',
};

export interface DemoSalon {
  tenantId: string;
  ownerEmail: string;
  ownerPassword: string;
}

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
  if (marker && existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as DemoSalon;

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
  await call(`${baseUrl}/v1/invitations/accept`, { method: 'POST', json: { token, password: DEMO_OWNER.password } });

  const demo: DemoSalon = { tenantId: created.tenant.id, ownerEmail: DEMO_OWNER.email, ownerPassword: DEMO_OWNER.password };
  if (marker && dataDir) {
    mkdirSync(resolve(dataDir), { recursive: true });
    writeFileSync(marker, JSON.stringify(demo, null, 2));
  }
  return demo;
}
