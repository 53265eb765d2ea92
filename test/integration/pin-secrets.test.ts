import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner, uniquePhone } from '../support/builders.js';
import { type ApiResponse, startTestApi, type TestApi } from '../support/local-api.js';
import { captureLogs } from '../support/log-capture.js';
import { allItems } from '../support/table.js';

let logs: ReturnType<typeof captureLogs>;
let api: TestApi;

beforeAll(async () => {
  logs = captureLogs();
  api = await startTestApi();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.stop();
});

/**
 * A PIN as it would appear in clear: not part of a longer run of letters,
 * digits or dashes (so a timestamp, a phone number or a random id — a UUID's
 * four-digit group included — that happens to contain the same digits is not
 * mistaken for it).
 */
const inClear = (pin: string) => new RegExp(`(?<![0-9A-Za-z-])${pin}(?![0-9A-Za-z-])`);

function expectNoPins(what: string, text: string, pins: Iterable<string>) {
  for (const pin of pins) {
    if (inClear(pin).test(text)) throw new Error(`PIN ${pin} found in ${what}: …${text.slice(Math.max(0, text.search(inClear(pin)) - 120), text.search(inClear(pin)) + 40)}…`);
  }
}

async function auditText(owner: SignedInOwner): Promise<{ text: string; actions: string[] }> {
  let text = '';
  const actions: string[] = [];
  let cursor: string | null = null;
  do {
    const response: ApiResponse = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    text += response.text;
    actions.push(...response.body.items.map((event: { action: string }) => event.action));
    cursor = response.body.nextCursor;
  } while (cursor);
  return { text, actions };
}

async function outboxPin(to: string): Promise<string> {
  const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  const pin = body.items.find((item: { kind: string; pin?: string }) => item.kind === 'pin')?.pin;
  if (!pin) throw new Error(`no PIN sent to ${to}`);
  return pin;
}

describe('PINs never leak', () => {
  // Some forty requests and three table scans in one story: on a DynamoDB Local shared with a whole test run that exceeds the default 30 s.
  it('are in no log line, audit event or stored item after the PIN flows; only the outbox carries the PINs that were sent', async () => {
    const typed = '482913';
    const approverPin = '739184';
    const sentTyped = '591726';
    const wrong = ['915372', '264819'];
    const fourDigit = '5817';
    const pins = new Set<string>([typed, approverPin, sentTyped, ...wrong]);
    const sent: { to: string; pin: string }[] = [];

    const owner = await makeSignedInOwner(api);
    const t = owner.tenantId;
    const as = { token: owner.token };
    const branch = await api.request('POST', `/v1/tenants/${t}/branches`, { ...as, json: { name: 'Södermalm' } });
    const terminal = await api.request('POST', `/v1/tenants/${t}/terminals`, { ...as, json: { name: 'Desk', branchId: branch.body.id } });
    const requesterLevel = await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'clients.view': true, 'appointments.delete': 'approval' } });
    const approverLevel = await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'clients.view': true, 'appointments.delete': true } });
    const olaPhone = uniquePhone();
    const eva = await makeStaff(api, owner, { accessLevelId: requesterLevel.id });
    const maja = await makeStaff(api, owner, { firstName: 'Maja', accessLevelId: approverLevel.id });
    const ola = await makeStaff(api, owner, { firstName: 'Ola', accessLevelId: requesterLevel.id, phone: olaPhone });
    const kim = await makeStaff(api, owner, { firstName: 'Kim', accessLevelId: requesterLevel.id });
    const pin = (staffId: string, json: unknown) => api.request('PUT', `/v1/tenants/${t}/staff/${staffId}/pin`, { ...as, json });
    const unlock = (value: string) => api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: value } });

    // Typed, typed and sent, generated and returned, generated and sent by SMS and by email, a conflict, a refused PIN.
    expect((await pin(eva.id, { pin: typed })).status).toBe(204);
    expect((await pin(maja.id, { pin: approverPin })).status).toBe(204);
    expect((await pin(ola.id, { pin: sentTyped, send: 'sms' })).status).toBe(204);
    sent.push({ to: olaPhone, pin: sentTyped });
    const generated = await pin(kim.id, { generate: true });
    expect(generated.status).toBe(200);
    pins.add(generated.body.pin);
    expect((await pin(ola.id, { generate: true, send: 'sms' })).status).toBe(204);
    const olasPin = await outboxPin(olaPhone);
    pins.add(olasPin);
    sent.push({ to: olaPhone, pin: olasPin });
    expect((await pin(kim.id, { generate: true, send: 'email' })).status).toBe(204);
    const kimsPin = await outboxPin(kim.email);
    pins.add(kimsPin);
    sent.push({ to: kim.email, pin: kimsPin });
    expect((await pin(kim.id, { pin: typed })).status).toBe(409);
    expect((await pin(kim.id, { pin: '1234567' })).status).toBe(400);

    // Unlock right and wrong, approve right and wrong, lock.
    const session = await unlock(typed);
    expect(session.status).toBe(200);
    for (const value of wrong) expect((await unlock(value)).status).toBe(401);
    const approve = (value: string) =>
      api.request('POST', '/v1/terminal/approve', { token: session.body.token, json: { pin: value, permission: 'appointments.delete' } });
    const approved = await approve(approverPin);
    expect(approved.status).toBe(200);
    expect((await approve(wrong[0] as string)).status).toBe(401);
    const authorized = await api.request('POST', '/v1/authorize', {
      token: session.body.token,
      json: { permission: 'appointments.delete', approvalToken: approved.body.approvalToken },
    });
    expect(authorized.body).toEqual({ allowed: true, reason: 'approved' });
    expect((await api.request('POST', '/v1/terminal/lock', { token: session.body.token })).status).toBe(204);

    // While the 6-digit PINs are in use, the table holds their keyed MAC digests only: nothing confirms a PIN without the key.
    const inUse = (await allItems()).filter((item) => String(item.pk).includes(t));
    expect(inUse.filter((item) => String(item.sk).startsWith('PIN#'))).toHaveLength(4);
    expect(JSON.stringify(inUse)).not.toMatch(/\$argon2/);
    expect(inUse.filter((item) => item.pin !== undefined).every((item) => !('verifier' in (item.pin as object)))).toBe(true);
    expectNoPins('the table', JSON.stringify(inUse), pins);

    // Switch to 4-digit PINs and set one.
    const switched = await api.request('PATCH', `/v1/tenants/${t}/settings`, { ...as, json: { pinLength: 4 } });
    expect(switched.status).toBe(200);
    expect(switched.body.retiredPins).toBe(4);
    expect((await pin(eva.id, { pin: fourDigit })).status).toBe(204);
    pins.add(fourDigit);
    expect((await unlock(fourDigit)).status).toBe(200);
    expect((await unlock(typed)).status).toBe(401);
    expect((await api.request('DELETE', `/v1/tenants/${t}/staff/${eva.id}/pin`, as)).status).toBe(204);
    await api.stack.drainMessages();

    const logged = logs.text();
    expect(logged).toContain('"kind":"pin"');
    expectNoPins('the logs', logged, pins);

    const audit = await auditText(owner);
    expect(audit.actions).toEqual(
      expect.arrayContaining(['pin.set', 'pin.conflict', 'pin.failed', 'terminal.unlocked', 'approval.granted', 'settings.updated', 'pin.removed']),
    );
    expectNoPins('the audit trail', audit.text, pins);

    expectNoPins('the table', JSON.stringify(await allItems()), pins);

    for (const { to, pin: value } of sent) {
      const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
      expect(body.items.some((item: { kind: string; pin?: string; text: string }) => item.kind === 'pin' && item.pin === value && item.text.includes(value))).toBe(
        true,
      );
    }
  }, 120_000);

  it('sends an SMS PIN to SNS as a transactional message carrying the PIN only in its text', async () => {
    const { smsPublisher, useSmsPublisher } = await import('#shared/clients/sns.js');
    const original = smsPublisher();
    const published: PublishCommandInput[] = [];
    useSmsPublisher({ publish: async (input) => void published.push(input) });
    try {
      const owner = await makeSignedInOwner(api);
      const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
      const phone = uniquePhone();
      const eva = await makeStaff(api, owner, { accessLevelId: level.id, phone });

      const response = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${eva.id}/pin`, {
        token: owner.token,
        json: { pin: '591726', send: 'sms' },
      });
      expect(response.status).toBe(204);
      await api.stack.drainMessages();

      expect(published).toEqual([
        {
          PhoneNumber: phone,
          Message: 'Hi Eva, your PIN: 591726 for the front desk at Salong Solsken. Keep it to yourself and press the padlock when you leave the terminal. Not expecting this? Tell the salon.',
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'StaffGate.Kind': { DataType: 'String', StringValue: 'pin' },
          },
        },
      ]);
      expectNoPins('the logs', logs.text(), ['591726']);
    } finally {
      useSmsPublisher(original);
    }
  });
});
