import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookVerifier, type StaffGateEvent } from '@staffgate/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/support/local-api.js';
import { openSalon } from './salon.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

it('a host registers a webhook on the local service and its receiver verifies the signed events that arrive', async () => {
  const salon = await openSalon(api);
  const arrived: StaffGateEvent[] = [];
  let verify: ((body: string, headers: Record<string, string | string[] | undefined>) => StaffGateEvent) | undefined;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        arrived.push((verify as NonNullable<typeof verify>)(Buffer.concat(chunks).toString('utf8'), req.headers));
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/staffgate`;
    const { data: webhook, response } = await salon.owner.POST('/v1/tenants/{tenantId}/webhooks', {
      params: { path: { tenantId: salon.tenantId } },
      body: { url, types: ['staff.created'] },
    });
    expect(response.status).toBe(201);
    const verifier = createWebhookVerifier(webhook.secret);
    verify = (body, headers) => verifier.verify(body, headers);

    const { data: staff } = await salon.owner.POST('/v1/tenants/{tenantId}/staff', {
      params: { path: { tenantId: salon.tenantId } },
      body: { firstName: 'Eva', lastName: 'Lind', accessLevelId: salon.levelId },
    });
    for (let waited = 0; arrived.length === 0 && waited < 10_000; waited += 50) {
      await api.stack.drainEvents();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(arrived).toEqual([expect.objectContaining({ type: 'staff.created', tenantId: salon.tenantId, data: expect.objectContaining({ staffId: staff.id }) })]);
    const event = arrived[0] as StaffGateEvent;
    if (event.type === 'staff.created') expect(event.data.accessLevelId).toBe(salon.levelId);
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
