import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock } from '#shared/clock.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { type ApiResponse, startTestApi, type TestApi } from '../support/local-api.js';
import { captureLogs } from '../support/log-capture.js';
import { allItems } from '../support/table.js';

let logs: ReturnType<typeof captureLogs>;
let api: TestApi;
beforeAll(async () => {
  logs = captureLogs();
  // Its parallel fetches, unlocks or acceptances come in bursts.
  api = await startTestApi();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

const CODE = /^[ABCDEFGHJKMNPQRSTVWXYZ2-9]{8}$/;

interface Pairing {
  pairingId: string;
  code: string;
  expiresAt: string;
}

interface Salon {
  owner: SignedInOwner;
  branchId: string;
}

async function makeSalon(): Promise<Salon> {
  const owner = await makeSignedInOwner(api);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  expect(branch.status).toBe(201);
  return { owner, branchId: branch.body.id };
}

async function startPairing(): Promise<Pairing> {
  const response = await api.request('POST', '/v1/terminal/pairing');
  expect(response.status).toBe(201);
  return response.body;
}

const pair = (salon: Salon, code: string, options: { token?: string; branchId?: string; headers?: Record<string, string> } = {}) =>
  api.request('POST', `/v1/tenants/${salon.owner.tenantId}/terminals/pair`, {
    token: options.token ?? salon.owner.token,
    json: { code, name: 'Front desk', branchId: options.branchId ?? salon.branchId },
    ...(options.headers ? { headers: options.headers } : {}),
  });

const fetchToken = (pairing: Pairing, code = pairing.code) => api.request('POST', `/v1/terminal/pairing/${pairing.pairingId}/token`, { json: { code } });

/** A code of the same shape as `code` that is certainly not it. */
const otherCode = (code: string) => (code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`);

async function terminalIds(salon: Salon): Promise<string[]> {
  const listed = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/terminals`, { token: salon.owner.token });
  expect(listed.status).toBe(200);
  return listed.body.items.map((terminal: { id: string }) => terminal.id);
}

async function auditText(owner: SignedInOwner): Promise<string> {
  const response: ApiResponse = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?limit=100`, { token: owner.token });
  expect(response.status).toBe(200);
  return response.text;
}

describe('POST /v1/terminal/pairing', () => {
  it('gives a device a pairing id and an 8-character code from an unambiguous alphabet, valid 10 minutes', async () => {
    const before = Date.now();
    const pairing = await startPairing();
    expect(pairing.pairingId).toMatch(/^prg_[0-9a-z]+$/);
    expect(pairing.code).toMatch(CODE);
    const expiresMs = Date.parse(pairing.expiresAt);
    expect(expiresMs).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(expiresMs).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
  });

  it('gives every device its own code', async () => {
    const pairings = await Promise.all(Array.from({ length: 20 }, () => startPairing()));
    expect(new Set(pairings.map((pairing) => pairing.code)).size).toBe(20);
    expect(new Set(pairings.map((pairing) => pairing.pairingId)).size).toBe(20);
  });
});

describe('pairing a device', () => {
  it('registers the terminal for the manager, hands its token to the device once, and the token unlocks with a staff PIN', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();

    const waiting = await fetchToken(pairing);
    expect(waiting.status).toBe(202);
    expect(waiting.body).toEqual({ status: 'waiting' });
    expect(waiting.headers.get('retry-after')).toBe('5');

    // Typed as a person might: lower case, with a dash and a space.
    const typed = `${pairing.code.slice(0, 4).toLowerCase()}-${pairing.code.slice(4)} `;
    const paired = await pair(salon, typed);
    expect(paired.status).toBe(201);
    expect(paired.body).toEqual({ id: expect.stringMatching(/^trm_/), name: 'Front desk', branchId: salon.branchId, version: 1, createdAt: expect.any(String) });
    expect(await terminalIds(salon)).toEqual([paired.body.id]);

    const fetched = await fetchToken(pairing);
    expect(fetched.status).toBe(200);
    const token = fetched.body.token as string;
    expect(token.startsWith(`${salon.owner.tenantId}.${paired.body.id}.`)).toBe(true);

    const level = await makeAccessLevel(api, salon.owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, salon.owner, { accessLevelId: level.id });
    const generated = await api.request('PUT', `/v1/tenants/${salon.owner.tenantId}/staff/${staff.id}/pin`, { token: salon.owner.token, json: { generate: true } });
    expect(generated.status).toBe(200);
    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token, json: { pin: generated.body.pin } });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.staff.id).toBe(staff.id);
  });

  it('records the pairing as the terminal.registered event register writes, with no token or code in it', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    const paired = await pair(salon, pairing.code);
    const token = (await fetchToken(pairing)).body.token as string;
    const events = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/audit?action=terminal.registered`, { token: salon.owner.token });
    expect(events.body.items).toEqual([
      expect.objectContaining({ action: 'terminal.registered', target: { type: 'terminal', id: paired.body.id }, details: { name: 'Front desk', branchId: salon.branchId } }),
    ]);
    const trail = await auditText(salon.owner);
    expect(trail).not.toContain(token.split('.')[2]);
    expect(trail).not.toContain(pairing.code);
  });

  it('never writes the device token in the clear: not to the logs, and the pairing keeps it only sealed until the fetch removes it', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    await pair(salon, pairing.code);
    const pairingItems = async () => (await allItems()).filter((item) => item.entity === 'terminalPairing' && item.pairingId === pairing.pairingId);
    const [stored] = await pairingItems();
    expect(stored).toMatchObject({ status: 'paired', sealedToken: expect.stringMatching(/^local:/) });
    const token = (await fetchToken(pairing)).body.token as string;
    const secret = token.split('.')[2] as string;
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(pairing.code);
    const [fetched] = await pairingItems();
    expect(fetched?.status).toBe('fetched');
    expect(fetched).not.toHaveProperty('sealedToken');
    expect(logs.text()).not.toContain(secret);
  });

  it('answers 202 while no manager has paired the device', async () => {
    const pairing = await startPairing();
    for (let poll = 0; poll < 3; poll += 1) expect((await fetchToken(pairing)).status).toBe(202);
  });

  it('answers 404 pairing_not_found to a second fetch of the token', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    await pair(salon, pairing.code);
    expect((await fetchToken(pairing)).status).toBe(200);
    const again = await fetchToken(pairing);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('pairing_not_found');
  });

  it('gives the token to exactly one of 20 parallel fetches; the others answer 404', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    await pair(salon, pairing.code);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetchToken(pairing)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array<number>(19).fill(404)]);
  });

  it('answers the device 404 when the code does not go with the pairing id', async () => {
    const [mine, theirs] = [await startPairing(), await startPairing()];
    for (const code of [theirs.code, otherCode(mine.code)]) {
      const response = await fetchToken(mine, code);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('pairing_not_found');
    }
  });

  it('answers 404 to the device and to the manager once the 10 minutes are over', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    clock.advance(10 * 60_000 + 1000);
    const fetched = await fetchToken(pairing);
    expect(fetched.status).toBe(404);
    expect(fetched.body.code).toBe('pairing_not_found');
    const paired = await pair(salon, pairing.code);
    expect(paired.status).toBe(404);
    expect(paired.body.code).toBe('pairing_not_found');
    expect(await terminalIds(salon)).toEqual([]);
  });

  it('lets only one of two salons pair the same device', async () => {
    const [first, second] = [await makeSalon(), await makeSalon()];
    const pairing = await startPairing();
    const answers = await Promise.all([pair(first, pairing.code), pair(second, pairing.code)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 404]);
    expect([...(await terminalIds(first)), ...(await terminalIds(second))]).toHaveLength(1);
  });
});

describe('POST /v1/tenants/{t}/terminals/pair', () => {
  it('spends one of the salon’s 10 typed codes an hour on a wrong code, then refuses even the right one with 429', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await pair(salon, otherCode(pairing.code));
      expect(wrong.status).toBe(404);
      expect(wrong.body.code).toBe('pairing_not_found');
    }
    const refused = await pair(salon, pairing.code);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetchToken(pairing)).status).toBe(202);
  });

  it('gives a right code’s attempt back: a salon pairs more than 10 devices in an hour', async () => {
    const salon = await makeSalon();
    for (let device = 0; device < 11; device += 1) expect((await pair(salon, (await startPairing()).code)).status).toBe(201);
  });

  it('answers 403 not_permitted to a member without settings.manage, and leaves the device waiting', async () => {
    const salon = await makeSalon();
    const member = await makeSignedInMember(api, salon.owner, (await makeAccessLevel(api, salon.owner, { grants: { 'staff.view': true } })).id);
    const pairing = await startPairing();
    const response = await pair(salon, pairing.code, { token: member.token });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expect((await fetchToken(pairing)).status).toBe(202);
  });

  it('answers 400 unknown_branch for a branch the salon does not have, registers nothing and leaves the device waiting', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    const response = await pair(salon, pairing.code, { branchId: 'brn_01nosuchbranch' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('unknown_branch');
    expect(await terminalIds(salon)).toEqual([]);
    expect((await fetchToken(pairing)).status).toBe(202);
  });

  it('answers 400 validation_failed to a code with characters no code has', async () => {
    const salon = await makeSalon();
    const response = await pair(salon, 'ABCD_EFGH');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('is idempotent: the same Idempotency-Key pairs once and answers the same terminal again', async () => {
    const salon = await makeSalon();
    const pairing = await startPairing();
    const headers = { 'idempotency-key': `pair-${pairing.pairingId}` };
    const first = await pair(salon, pairing.code, { headers });
    const second = await pair(salon, pairing.code, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await terminalIds(salon)).toEqual([first.body.id]);
    expect((await fetchToken(pairing)).status).toBe(200);
  });
});
