import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import {
  makeAccessLevel,
  makeSignedInMember,
  makeSignedInOwner,
  makeStaff,
  makeTenantBody,
  OWNER_PASSWORD,
  type SignedInOwner,
  uniqueEmail,
} from '../support/builders.js';
import { type ApiResponse, startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

/**
 * `Idempotency-Key` (api.md v1.1, shared/http/idempotency.ts): on the routes
 * that create or send, a repeat with the same key and body within 24 h
 * returns the first answer and changes nothing; the same key with another
 * body is refused; keys belong to the caller and the route.
 */

let api: TestApi;
let salon: { owner: SignedInOwner; levelId: string; branchId: string };

beforeAll(async () => {
  api = await startTestApi();
  const owner = await makeSignedInOwner(api);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  expect(branch.status).toBe(201);
  salon = { owner, levelId, branchId: branch.body.id };
}, 60_000);
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

const newKey = () => `key-${randomUUID()}`;
const withKey = (key: string) => ({ 'idempotency-key': key });
const tenantPath = (owner: { tenantId: string }, path = '') => `/v1/tenants/${owner.tenantId}${path}`;

function postStaff(owner: { tenantId: string; token: string }, key: string | undefined, body: Record<string, unknown>) {
  return api.request('POST', tenantPath(owner, '/staff'), { token: owner.token, json: body, ...(key === undefined ? {} : { headers: withKey(key) }) });
}

const staffBody = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Eva',
  lastName: 'Lind',
  email: uniqueEmail('staff'),
  accessLevelId: salon.levelId,
  ...overrides,
});

/** The first answer, again: same status, same body, same type, marked as a replay. */
function expectReplayOf(replay: ApiResponse, first: ApiResponse) {
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.status).toBe(first.status);
  expect(replay.text).toBe(first.text);
  expect(replay.headers.get('content-type')).toBe(first.headers.get('content-type'));
}

function expectProblem(response: ApiResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
}

/** The salon's items of one kind (audit events live in their shard partitions, `TENANT#<t>#AUDIT#<n>`). */
async function itemsOf(tenantId: string, entity: string) {
  return (await allItems()).filter((item) => String(item.pk).startsWith(`TENANT#${tenantId}`) && item.entity === entity);
}

async function auditActions(tenantId: string, targetId?: string): Promise<string[]> {
  const events = await itemsOf(tenantId, 'auditEvent');
  return events.filter((event) => !targetId || (event.target as { id?: string } | undefined)?.id === targetId).map((event) => String(event.action));
}

async function staffWithEmail(tenantId: string, email: string) {
  return (await itemsOf(tenantId, 'staff')).filter((staff) => staff.email === email);
}

async function signIn(email: string): Promise<string> {
  const login = await api.request('POST', '/v1/auth/login', { json: { login: email, password: OWNER_PASSWORD } });
  expect(login.status).toBe(200);
  return login.body.token;
}

/** A creating route, sent twice with one key: what it creates, counted. */
interface ReplayCase {
  route: string;
  /** A fresh subject; `send` is then called twice with the same key. */
  prepare(): Promise<{ send(key: string): Promise<ApiResponse>; created(): Promise<number>; status: number }>;
}

const replayCases: ReplayCase[] = [
  {
    route: 'POST /v1/operator/tenants',
    prepare: async () => {
      const body = makeTenantBody({ name: `Salong ${randomUUID().slice(0, 8)}` });
      return {
        status: 201,
        send: (key) => api.request('POST', '/v1/operator/tenants', { token: TEST_OPERATOR_TOKEN, json: body, headers: withKey(key) }),
        created: async () => (await allItems()).filter((item) => item.entity === 'tenant' && item.name === body.name).length,
      };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/branches',
    prepare: async () => {
      const name = `Branch ${randomUUID().slice(0, 8)}`;
      return {
        status: 201,
        send: (key) => api.request('POST', tenantPath(salon.owner, '/branches'), { token: salon.owner.token, json: { name }, headers: withKey(key) }),
        created: async () => (await itemsOf(salon.owner.tenantId, 'branch')).filter((branch) => branch.name === name).length,
      };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/staff',
    prepare: async () => {
      const body = staffBody();
      return { status: 201, send: (key) => postStaff(salon.owner, key, body), created: async () => (await staffWithEmail(salon.owner.tenantId, body.email)).length };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/access-levels',
    prepare: async () => {
      const name = `Level ${randomUUID().slice(0, 8)}`;
      return {
        status: 201,
        send: (key) =>
          api.request('POST', tenantPath(salon.owner, '/access-levels'), { token: salon.owner.token, json: { name, template: 'reception' }, headers: withKey(key) }),
        created: async () => (await itemsOf(salon.owner.tenantId, 'accessLevel')).filter((level) => level.name === name).length,
      };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/terminals',
    prepare: async () => {
      const name = `Desk ${randomUUID().slice(0, 8)}`;
      return {
        status: 201,
        send: (key) =>
          api.request('POST', tenantPath(salon.owner, '/terminals'), { token: salon.owner.token, json: { name, branchId: salon.branchId }, headers: withKey(key) }),
        created: async () => (await itemsOf(salon.owner.tenantId, 'terminal')).filter((terminal) => terminal.name === name).length,
      };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/invitations (one message sent)',
    prepare: async () => {
      const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
      return {
        status: 201,
        send: (key) =>
          api.request('POST', tenantPath(salon.owner, '/invitations'), { token: salon.owner.token, json: { staffId: staff.id, channel: 'email' }, headers: withKey(key) }),
        created: async () => {
          const sent = (await api.request('GET', `/_local/outbox?to=${encodeURIComponent(staff.email)}`)).body.items.length as number;
          const invitations = (await itemsOf(salon.owner.tenantId, 'invitation')).filter((invitation) => invitation.staffId === staff.id).length;
          expect(sent).toBe(invitations);
          return invitations;
        },
      };
    },
  },
  {
    route: 'POST /v1/tenants/{t}/invitations/{i}/resend',
    prepare: async () => {
      const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
      const invited = await api.request('POST', tenantPath(salon.owner, '/invitations'), { token: salon.owner.token, json: { staffId: staff.id, channel: 'email' } });
      expect(invited.status).toBe(201);
      return {
        status: 201,
        send: (key) => api.request('POST', tenantPath(salon.owner, `/invitations/${invited.body.id}/resend`), { token: salon.owner.token, headers: withKey(key) }),
        // The new invitations besides the first one.
        created: async () => (await itemsOf(salon.owner.tenantId, 'invitation')).filter((invitation) => invitation.staffId === staff.id).length - 1,
      };
    },
  },
  {
    route: 'PUT /v1/tenants/{t}/staff/{s}/pin {generate:true}',
    prepare: async () => {
      const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
      return {
        status: 200,
        send: (key) =>
          api.request('PUT', tenantPath(salon.owner, `/staff/${staff.id}/pin`), { token: salon.owner.token, json: { generate: true }, headers: withKey(key) }),
        created: async () => (await auditActions(salon.owner.tenantId, staff.id)).filter((action) => action === 'pin.set').length,
      };
    },
  },
];

describe('Idempotency-Key (api.md v1.1)', () => {
  it.each(replayCases.map((c) => [c.route, c] as const))(
    '%s: a repeat with the same key and body answers the first answer (Idempotent-Replayed: true) and creates nothing',
    async (_route, replayCase) => {
      const { send, created, status } = await replayCase.prepare();
      const key = newKey();
      const first = await send(key);
      expect(first.status).toBe(status);
      const again = await send(key);
      const third = await send(key);
      expectReplayOf(again, first);
      expectReplayOf(third, first);
      await api.stack.drainMessages();
      expect(await created()).toBe(1);
    },
  );

  it('the same key with another body: 422 idempotency_key_reused, and nothing is created', async () => {
    const key = newKey();
    const body = staffBody();
    const first = await postStaff(salon.owner, key, body);
    expect(first.status).toBe(201);
    const other = staffBody();
    const reused = await postStaff(salon.owner, key, other);
    expectProblem(reused, 422, 'idempotency_key_reused');
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(await staffWithEmail(salon.owner.tenantId, other.email)).toEqual([]);
    // The key still holds its first answer.
    expectReplayOf(await postStaff(salon.owner, key, body), first);
  });

  it('the same body is the same request however it is written: other whitespace or its members in another order are replayed, not refused as reused', async () => {
    const key = newKey();
    const body = staffBody({ tags: ['colour', 'cut'] });
    const send = (text: string) =>
      api.request('POST', tenantPath(salon.owner, '/staff'), { token: salon.owner.token, body: text, headers: { ...withKey(key), 'content-type': 'application/json' } });
    const first = await send(JSON.stringify(body));
    expect(first.status).toBe(201);
    expectReplayOf(await send(JSON.stringify(body, null, 2)), first);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body));
    expectReplayOf(await send(JSON.stringify(reordered)), first);
    // An array's order is part of the body.
    expectProblem(await send(JSON.stringify({ ...body, tags: ['cut', 'colour'] })), 422, 'idempotency_key_reused');
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(1);
  });

  it('a key is 1 to 128 visible ASCII characters: 128 is accepted; 129, a space or an empty key answer 400 naming the header, and create nothing', async () => {
    const accepted = await postStaff(salon.owner, 'k'.repeat(128), staffBody());
    expect(accepted.status).toBe(201);
    for (const key of ['k'.repeat(129), 'two words', '']) {
      const body = staffBody();
      const refused = await postStaff(salon.owner, key, body);
      expectProblem(refused, 400, 'validation_failed');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'header.idempotency-key' })]);
      expect(await staffWithEmail(salon.owner.tenantId, body.email)).toEqual([]);
    }
  });

  it('keys belong to the caller: another account of the same salon sending the same key and body gets its own result', async () => {
    const manager = await makeAccessLevel(api, salon.owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true } });
    const member = await makeSignedInMember(api, salon.owner, manager.id);
    const key = newKey();
    const body = staffBody();
    const mine = await postStaff(salon.owner, key, body);
    const theirs = await postStaff(member, key, body);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(2);
    // Each caller's repeat replays their own answer.
    expectReplayOf(await postStaff(member, key, body), theirs);
    expectReplayOf(await postStaff(salon.owner, key, body), mine);
  });

  it('at the salon\'s terminals, keys belong to the staff member: two colleagues sending the same key and body each get their own result', async () => {
    const manager = await makeAccessLevel(api, salon.owner, { grants: { 'clients.view': true, 'staff.view': true, 'staff.manage': true } });
    /** A colleague signed in at a front-desk terminal of the salon (a desk each: one person at a terminal at a time). */
    const signedIn = async () => {
      const terminal = await api.request('POST', tenantPath(salon.owner, '/terminals'), {
        token: salon.owner.token,
        json: { name: `Desk ${randomUUID().slice(0, 8)}`, branchId: salon.branchId },
      });
      expect(terminal.status).toBe(201);
      const staff = await makeStaff(api, salon.owner, { accessLevelId: manager.id });
      const pin = await api.request('PUT', tenantPath(salon.owner, `/staff/${staff.id}/pin`), { token: salon.owner.token, json: { generate: true } });
      const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
      expect(unlocked.status).toBe(200);
      return { tenantId: salon.owner.tenantId, token: unlocked.body.token as string, staffId: staff.id };
    };
    const [eva, ola] = [await signedIn(), await signedIn()];
    const key = newKey();
    const body = staffBody();
    const byEva = await postStaff(eva, key, body);
    const byOla = await postStaff(ola, key, body);
    expect(byEva.status).toBe(201);
    expect(byOla.status).toBe(201);
    expect(byOla.headers.get('idempotent-replayed')).toBeNull();
    expect(byOla.body.id).not.toBe(byEva.body.id);
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(2);
    // Each repeat replays the sender's own answer.
    expectReplayOf(await postStaff(ola, key, body), byOla);
    expectReplayOf(await postStaff(eva, key, body), byEva);
  });

  it('and to the route: the same key and body on another path is another request', async () => {
    const [eva, ola] = [await makeStaff(api, salon.owner, { accessLevelId: salon.levelId }), await makeStaff(api, salon.owner, { accessLevelId: salon.levelId })];
    const key = newKey();
    const setPin = (staffId: string) =>
      api.request('PUT', tenantPath(salon.owner, `/staff/${staffId}/pin`), { token: salon.owner.token, json: { generate: true }, headers: withKey(key) });
    const forEva = await setPin(eva.id);
    const forOla = await setPin(ola.id);
    expect(forEva.status).toBe(200);
    expect(forOla.status).toBe(200);
    expect(forOla.headers.get('idempotent-replayed')).toBeNull();
    expect(forOla.body.pin).not.toBe(forEva.body.pin);
  });

  it('keys belong to the account, not the session: the same key from a new session of the same account is replayed', async () => {
    const key = newKey();
    const body = staffBody();
    const first = await postStaff(salon.owner, key, body);
    expect(first.status).toBe(201);
    const token = await signIn(salon.owner.email);
    expectReplayOf(await postStaff({ ...salon.owner, token }, key, body), first);
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(1);
  });

  it('20 parallel requests with the same key create exactly one staff member; the others get the first answer replayed or 409 idempotency_key_in_use with Retry-After (3 rounds)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const key = newKey();
      const body = staffBody();
      const answers = await Promise.all(Array.from({ length: 20 }, () => postStaff(salon.owner, key, body)));
      const fresh = answers.filter((answer) => answer.status === 201 && answer.headers.get('idempotent-replayed') === null);
      expect(fresh).toHaveLength(1);
      const first = fresh[0] as ApiResponse;
      for (const answer of answers) {
        if (answer === first) continue;
        if (answer.status === 409) {
          // Never "idempotency_key_committed" here: the request that committed is still keeping its answer.
          expectProblem(answer, 409, 'idempotency_key_in_use');
          expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        } else {
          expectReplayOf(answer, first);
        }
      }
      expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(1);
      expect((await auditActions(salon.owner.tenantId, first.body.id)).filter((action) => action === 'staff.created')).toHaveLength(1);
      // Once the first is done, every repeat is its replay.
      expectReplayOf(await postStaff(salon.owner, key, body), first);
    }
  });

  it('a repeat arriving after the change committed but before its answer is kept gets 409 idempotency_key_in_use (not "carried out, answer lost"), then the replay', async () => {
    const { secretBox } = await import('#shared/clients/secret-box.js');
    const box = secretBox();
    const seal = box.seal.bind(box);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first request's answer is sealed (to be kept) only when the test says so.
    Object.defineProperty(box, 'seal', {
      configurable: true,
      value: async (plaintext: string, context: string) => {
        if (context.startsWith('request:')) await held;
        return seal(plaintext, context);
      },
    });
    const key = newKey();
    const body = staffBody();
    try {
      const firstAnswer = postStaff(salon.owner, key, body);
      for (let i = 0; (await staffWithEmail(salon.owner.tenantId, body.email)).length === 0; i += 1) {
        if (i > 100) throw new Error('the first request never committed');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const duplicate = await postStaff(salon.owner, key, body);
      expectProblem(duplicate, 409, 'idempotency_key_in_use');
      expect(duplicate.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      release();
      const first = await firstAnswer;
      expect(first.status).toBe(201);
      expectReplayOf(await postStaff(salon.owner, key, body), first);
    } finally {
      release();
      delete (box as unknown as Record<string, unknown>).seal;
    }
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(1);
  });

  it('a 4xx refused before anything committed frees the key: the same key and body, sent again once the cause is gone, is carried out (402 plan_required, then 201 after an upgrade)', async () => {
    const owner = await makeSignedInOwner(api, { plan: 'trial' });
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const key = newKey();
    const invite = () => api.request('POST', tenantPath(owner, '/invitations'), { token: owner.token, json: { staffId: staff.id, channel: 'email' }, headers: withKey(key) });

    const refused = await invite();
    expectProblem(refused, 402, 'plan_required');
    // Not a first answer to replay: the same request again is refused afresh (still a trial salon).
    const refusedAgain = await invite();
    expectProblem(refusedAgain, 402, 'plan_required');
    expect(refusedAgain.headers.get('idempotent-replayed')).toBeNull();

    expect((await api.operator('PATCH', `/v1/operator/tenants/${owner.tenantId}`, { plan: 'paid' })).status).toBe(200);
    const sent = await invite();
    expect(sent.status).toBe(201);
    expect(sent.headers.get('idempotent-replayed')).toBeNull();
    expectReplayOf(await invite(), sent);
    expect((await itemsOf(owner.tenantId, 'invitation')).filter((invitation) => invitation.staffId === staff.id)).toHaveLength(1);
  });

  it('a 4xx refused before anything committed frees the key: the same key with a corrected body is carried out, not refused as reused (400 unknown_access_level, then 201)', async () => {
    const key = newKey();
    const wrong = staffBody({ accessLevelId: 'lvl_01nosuchlevel000000000000' });
    const refused = await postStaff(salon.owner, key, wrong);
    expectProblem(refused, 400, 'unknown_access_level');
    const corrected = { ...wrong, accessLevelId: salon.levelId };
    const created = await postStaff(salon.owner, key, corrected);
    expect(created.status).toBe(201);
    expect(created.headers.get('idempotent-replayed')).toBeNull();
    // From now on the key holds that answer: the first (refused) body is another request.
    expectReplayOf(await postStaff(salon.owner, key, corrected), created);
    expectProblem(await postStaff(salon.owner, key, wrong), 422, 'idempotency_key_reused');
    expect(await staffWithEmail(salon.owner.tenantId, wrong.email)).toHaveLength(1);
  });

  it('a refusal recorded with its own committed change is the first answer: a taken typed PIN (409 pin_unavailable, audited, one typed-PIN attempt spent) is replayed, not tried again', async () => {
    const [eva, ola] = [await makeStaff(api, salon.owner, { accessLevelId: salon.levelId }), await makeStaff(api, salon.owner, { accessLevelId: salon.levelId })];
    const typed = '731946';
    const setPin = (staffId: string, headers: Record<string, string> = {}) =>
      api.request('PUT', tenantPath(salon.owner, `/staff/${staffId}/pin`), { token: salon.owner.token, json: { pin: typed }, headers });
    expect((await setPin(eva.id)).status).toBe(204);
    const budget = async () =>
      (await itemsOf(salon.owner.tenantId, 'pinConflictBudget')).find((item) => String(item.sk).endsWith(salon.owner.staffId)) as Record<string, unknown>;
    const slotsTaken = async () => Object.keys((await budget()) ?? {}).filter((name) => /^s\d+$/.test(name)).length;
    const spentBefore = await slotsTaken();

    const key = newKey();
    const taken = await setPin(ola.id, withKey(key));
    expectProblem(taken, 409, 'pin_unavailable');
    const replay = await setPin(ola.id, withKey(key));
    expectReplayOf(replay, taken);
    expect((await auditActions(salon.owner.tenantId, ola.id)).filter((action) => action === 'pin.conflict')).toHaveLength(1);
    expect(await slotsTaken()).toBe(spentBefore + 1);
  });

  it('a generated PIN and a terminal token are replayed identical to the first answer, and neither is ever stored in clear', async () => {
    const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
    const pinKey = newKey();
    const generate = () =>
      api.request('PUT', tenantPath(salon.owner, `/staff/${staff.id}/pin`), { token: salon.owner.token, json: { generate: true }, headers: withKey(pinKey) });
    const pinAnswer = await generate();
    expect(pinAnswer.body).toEqual({ pin: expect.stringMatching(/^\d{6}$/) });
    const pinReplay = await generate();
    expectReplayOf(pinReplay, pinAnswer);
    expect(pinReplay.body.pin).toBe(pinAnswer.body.pin);

    const terminalKey = newKey();
    const register = () =>
      api.request('POST', tenantPath(salon.owner, '/terminals'), {
        token: salon.owner.token,
        json: { name: 'Back desk', branchId: salon.branchId },
        headers: withKey(terminalKey),
      });
    const terminal = await register();
    expect(terminal.status).toBe(201);
    const terminalReplay = await register();
    expectReplayOf(terminalReplay, terminal);
    expect(terminalReplay.body.token).toBe(terminal.body.token);
    // The replayed token is the device's: it unlocks with the PIN replayed alongside.
    const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminalReplay.body.token, json: { pin: pinReplay.body.pin } });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.staff.id).toBe(staff.id);
    await api.request('POST', '/v1/terminal/lock', { token: unlocked.body.token });

    const items = await allItems();
    const table = JSON.stringify(items);
    // A PIN as it would appear in clear: not part of a longer run of letters, digits or dashes (a timestamp, an id).
    expect(table).not.toMatch(new RegExp(`(?<![0-9A-Za-z-])${pinAnswer.body.pin}(?![0-9A-Za-z-])`));
    const secret = (terminal.body.token as string).split('.')[2] as string;
    expect(table).not.toContain(secret);
    // The kept answers are sealed (AES-GCM locally, KMS deployed).
    const records = items.filter((item) => item.entity === 'idempotencyRecord' && item.pk === `ACCOUNT#${salon.owner.accountId}`);
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const record of records.filter((item) => item.status === 'completed')) expect(String(record.response)).toMatch(/^(local|kms):/);
  });

  it('a replay whose kept answer cannot be opened (KMS failing) answers 503 service_unavailable, and replays once KMS answers again', async () => {
    const { secretBox } = await import('#shared/clients/secret-box.js');
    const box = secretBox();
    const key = newKey();
    const body = staffBody();
    const first = await postStaff(salon.owner, key, body);
    expect(first.status).toBe(201);
    Object.defineProperty(box, 'open', {
      configurable: true,
      value: async () => {
        throw Object.assign(new Error('KMS is failing'), { name: 'KMSInternalException' });
      },
    });
    try {
      const unavailable = await postStaff(salon.owner, key, body);
      expectProblem(unavailable, 503, 'service_unavailable');
      expect(unavailable.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    } finally {
      delete (box as unknown as Record<string, unknown>).open;
    }
    expectReplayOf(await postStaff(salon.owner, key, body), first);
    expect(await staffWithEmail(salon.owner.tenantId, body.email)).toHaveLength(1);
  });

  it('a key is kept 24 hours: at 23 h 50 min the repeat is still replayed; after 24 h the key is free, for the same body or another', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const key = newKey();
    const body = staffBody({ accessLevelId: level.id });
    const first = await postStaff(owner, key, body);
    expect(first.status).toBe(201);

    // 10 minutes short of the window: room for the real time the sign-in (argon2) and the requests take on a busy machine.
    clock.advance(24 * 3_600_000 - 10 * 60_000);
    // Sessions end long before a key does: sign in again (the key belongs to the account).
    let token = await signIn(owner.email);
    expectReplayOf(await postStaff({ ...owner, token }, key, body), first);
    expectProblem(await postStaff({ ...owner, token }, key, staffBody({ accessLevelId: level.id })), 422, 'idempotency_key_reused');

    // 24 h 1 min after the first answer.
    clock.advance(11 * 60_000);
    token = await signIn(owner.email);
    const again = await postStaff({ ...owner, token }, key, body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.id).not.toBe(first.body.id);
    expect(await staffWithEmail(owner.tenantId, body.email)).toHaveLength(2);
    // A new window began: its first answer is the one replayed now, and another body is refused again.
    expectReplayOf(await postStaff({ ...owner, token }, key, body), again);

    clock.advance(24 * 3_600_000 + 60_000);
    token = await signIn(owner.email);
    const other = staffBody({ accessLevelId: level.id });
    const reused = await postStaff({ ...owner, token }, key, other);
    expect(reused.status).toBe(201);
    expect(await staffWithEmail(owner.tenantId, other.email)).toHaveLength(1);
  });
});
