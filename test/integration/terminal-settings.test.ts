import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { countDynamoRequests } from '#local/dynamo-requests.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { itemsOfPartition } from '../support/table.js';

/**
 * Issue 12: the terminal list's `lastSeenAt` and `signedIn`, PATCH of a
 * terminal (rename, move to another branch) and PATCH of a branch (rename).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});
afterEach(() => {
  clock.reset();
});

const MINUTE = 60_000;

interface Terminal {
  id: string;
  name: string;
  branchId: string;
  token: string;
}

interface Salon {
  owner: SignedInOwner;
  branchId: string;
  terminal: Terminal;
  levelId: string;
}

async function makeBranch(owner: SignedInOwner, name: string): Promise<string> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function registerTerminal(owner: SignedInOwner, branchId: string, name = 'Front desk'): Promise<Terminal> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name, branchId } });
  expect(response.status).toBe(201);
  return response.body;
}

async function makeSalon(): Promise<Salon> {
  const owner = await makeSignedInOwner(api);
  const branchId = await makeBranch(owner, 'Södermalm');
  const terminal = await registerTerminal(owner, branchId);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'clients.view': true } })).id;
  return { owner, branchId, terminal, levelId };
}

async function staffWithPin(salon: Salon, body: Record<string, unknown> = {}): Promise<{ id: string; pin: string }> {
  const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId, ...body });
  const response = await api.request('PUT', `/v1/tenants/${salon.owner.tenantId}/staff/${staff.id}/pin`, { token: salon.owner.token, json: { generate: true } });
  expect(response.status).toBe(200);
  return { id: staff.id, pin: response.body.pin };
}

const unlock = (terminal: Terminal, pin: string) => api.request('POST', '/v1/terminal/unlock', { token: terminal.token, json: { pin } });

async function unlocked(terminal: Terminal, pin: string): Promise<string> {
  const response = await unlock(terminal, pin);
  expect(response.status, response.text).toBe(200);
  return response.body.token;
}

const session = (token: string) => api.request('GET', '/v1/session', { token });
const authorize = (token: string) => api.request('POST', '/v1/authorize', { token, json: { permission: 'clients.view' } });

async function listed(salon: Salon, terminalId = salon.terminal.id) {
  const response = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/terminals`, { token: salon.owner.token });
  expect(response.status, response.text).toBe(200);
  return response.body.items.find((item: { id: string }) => item.id === terminalId);
}

const patchTerminal = (salon: Salon, json: unknown, options: { token?: string; terminalId?: string; headers?: Record<string, string> } = {}) =>
  api.request('PATCH', `/v1/tenants/${salon.owner.tenantId}/terminals/${options.terminalId ?? salon.terminal.id}`, {
    token: options.token ?? salon.owner.token,
    json,
    ...(options.headers ? { headers: options.headers } : {}),
  });

async function auditOf(owner: SignedInOwner, action: string) {
  const response = await api.request('GET', `/v1/tenants/${owner.tenantId}/audit?action=${action}&limit=50`, { token: owner.token });
  expect(response.status).toBe(200);
  return response.body.items as { action: string; target: { type: string; id: string }; changes: Record<string, { before: unknown; after: unknown }> | null }[];
}

async function expectSessionEnded(token: string) {
  const response = await session(token);
  expect(response.status).toBe(401);
  expect(response.body.code).toBe('session_expired');
}

const terminalSessions = async (salon: Salon) =>
  (await itemsOfPartition(`TENANT#${salon.owner.tenantId}`)).filter((item) => item.entity === 'terminalSession' && item.terminalId === salon.terminal.id);

describe('GET /v1/tenants/{t}/terminals: lastSeenAt and signedIn', () => {
  it('shows a terminal nobody has used with lastSeenAt and signedIn null', async () => {
    const salon = await makeSalon();
    expect(await listed(salon)).toEqual({
      id: salon.terminal.id,
      name: 'Front desk',
      branchId: salon.branchId,
      version: 1,
      createdAt: expect.any(String),
      lastSeenAt: null,
      signedIn: null,
    });
  });

  it('names who unlocked it, since when, and when its token was last used', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const before = clock.nowMs();
    await unlocked(salon.terminal, eva.pin);

    const terminal = await listed(salon);
    expect(terminal.signedIn).toEqual({ staffId: eva.id, displayName: 'Eva L.', since: expect.any(String) });
    expect(Date.parse(terminal.signedIn.since)).toBeGreaterThanOrEqual(before - 1000);
    expect(terminal.lastSeenAt).toBe(terminal.signedIn.since);
  });

  it("follows the session's requests: lastSeenAt moves with the authorizer's touch", async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const token = await unlocked(salon.terminal, eva.pin);
    const since = (await listed(salon)).lastSeenAt as string;

    clock.advance(5 * MINUTE);
    expect((await authorize(token)).status).toBe(200);

    const terminal = await listed(salon);
    expect(Date.parse(terminal.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(since) + 5 * MINUTE);
    expect(terminal.signedIn).toMatchObject({ staffId: eva.id, since });
  });

  it('shows nobody signed in after the padlock, and keeps the padlock as the last use', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const token = await unlocked(salon.terminal, eva.pin);

    clock.advance(3 * MINUTE);
    const lockedFrom = clock.nowMs();
    expect((await api.request('POST', '/v1/terminal/lock', { token })).status).toBe(204);
    const lockedBy = clock.nowMs();

    const terminal = await listed(salon);
    expect(terminal.signedIn).toBeNull();
    // The padlock's own time (the server's, within the request however slow), not the unlock's 3 minutes before.
    expect(Date.parse(terminal.lastSeenAt)).toBeGreaterThanOrEqual(lockedFrom);
    expect(Date.parse(terminal.lastSeenAt)).toBeLessThanOrEqual(lockedBy);
  });

  it('shows nobody signed in once the session has ended by auto-logout, or the staff member is suspended', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const second = await registerTerminal(salon.owner, salon.branchId, 'Second desk');
    await unlocked(salon.terminal, eva.pin);
    const unlockedAt = (await listed(salon)).lastSeenAt;

    clock.advance(16 * MINUTE);
    const idle = await listed(salon);
    expect(idle.signedIn).toBeNull();
    expect(idle.lastSeenAt).toBe(unlockedAt);

    await unlocked(second, eva.pin);
    expect((await listed(salon, second.id)).signedIn).toMatchObject({ staffId: eva.id });
    const suspended = await api.request('PATCH', `/v1/tenants/${salon.owner.tenantId}/staff/${eva.id}`, { token: salon.owner.token, json: { status: 'suspended' } });
    expect(suspended.status).toBe(200);
    expect((await listed(salon, second.id)).signedIn).toBeNull();
  });

  it("shows the person of each terminal: a later unlock replaces the earlier one's name", async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const ola = await staffWithPin(salon, { firstName: 'Ola', lastName: 'Nord' });
    await unlocked(salon.terminal, eva.pin);
    await unlocked(salon.terminal, ola.pin);
    expect((await listed(salon)).signedIn).toMatchObject({ staffId: ola.id, displayName: 'Ola N.' });
  });

  it('reads the terminals, the PIN budget item and (when someone is signed in) one batch of sessions and staff: no scan', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    await unlocked(salon.terminal, eva.pin);
    await listed(salon);
    const requests = await countDynamoRequests();
    try {
      await listed(salon);
      const commands = requests.commands;
      expect(commands).not.toContain('Scan');
      // The authorizer's and the actor's reads come first; the list itself adds these three.
      expect(commands.slice(-3).sort()).toEqual(['BatchGetItem', 'GetItem', 'Query']);
    } finally {
      requests.stop();
    }
  });

  it('adds no DynamoDB request to the unlock (still three) or to the padlock', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    await api.request('POST', '/v1/terminal/lock', { token: await unlocked(salon.terminal, eva.pin) });
    const requests = await countDynamoRequests();
    try {
      const token = await unlocked(salon.terminal, eva.pin);
      expect(requests.commands).toEqual(['UpdateItem', 'BatchGetItem', 'TransactWriteItems']);
      requests.reset();
      expect((await api.request('POST', '/v1/terminal/lock', { token })).status).toBe(204);
      expect(requests.commands.filter((command) => command !== 'BatchGetItem')).toEqual(['DeleteItem', 'UpdateItem']);
    } finally {
      requests.stop();
    }
  });
});

describe('PATCH /v1/tenants/{t}/terminals/{id}', () => {
  it('renames a terminal: 200 with the new version, audited, the person at it stays signed in', async () => {
    const salon = await makeSalon();
    const eva = await staffWithPin(salon);
    const token = await unlocked(salon.terminal, eva.pin);

    const response = await patchTerminal(salon, { name: 'Reception iPad' });

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ id: salon.terminal.id, name: 'Reception iPad', branchId: salon.branchId, version: 2, createdAt: expect.any(String) });
    expect((await session(token)).status).toBe(200);
    expect(await listed(salon)).toMatchObject({ name: 'Reception iPad', version: 2, signedIn: { staffId: eva.id } });
    const [event] = await auditOf(salon.owner, 'terminal.updated');
    expect(event).toMatchObject({ target: { type: 'terminal', id: salon.terminal.id }, changes: { name: { before: 'Front desk', after: 'Reception iPad' } } });
    expect(event?.changes).not.toHaveProperty('branchId');
  });

  it("moves a terminal to another branch: the sessions opened on it end in the same write, nobody is signed in, and the next unlock is at the new branch", async () => {
    const salon = await makeSalon();
    const kungsholmen = await makeBranch(salon.owner, 'Kungsholmen');
    const eva = await staffWithPin(salon);
    const onlyOld = await staffWithPin(salon, { firstName: 'Ola', lastName: 'Nord', branchIds: [salon.branchId] });
    const token = await unlocked(salon.terminal, eva.pin);

    const response = await patchTerminal(salon, { branchId: kungsholmen });

    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ branchId: kungsholmen, version: 2 });
    await expectSessionEnded(token);
    expect(await terminalSessions(salon)).toEqual([]);
    const terminal = await listed(salon);
    expect(terminal).toMatchObject({ branchId: kungsholmen, signedIn: null });
    expect(terminal.lastSeenAt).toEqual(expect.any(String));
    const [event] = await auditOf(salon.owner, 'terminal.updated');
    expect(event?.changes).toEqual({ branchId: { before: salon.branchId, after: kungsholmen } });

    // A staff member of the old branch only no longer unlocks it; others do, at the new branch.
    expect((await unlock(salon.terminal, onlyOld.pin)).status).toBe(401);
    await unlocked(salon.terminal, eva.pin);
    expect((await terminalSessions(salon)).map((item) => item.branchId)).toEqual([kungsholmen]);
    expect((await listed(salon)).signedIn).toMatchObject({ staffId: eva.id });
  });

  it('moves a terminal with nobody signed in, and back', async () => {
    const salon = await makeSalon();
    const other = await makeBranch(salon.owner, 'Vasastan');
    expect((await patchTerminal(salon, { branchId: other })).status).toBe(200);
    const back = await patchTerminal(salon, { branchId: salon.branchId, name: 'Desk 1' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ branchId: salon.branchId, name: 'Desk 1', version: 3 });
    const eva = await staffWithPin(salon);
    await unlocked(salon.terminal, eva.pin);
  });

  it('opens no session at the old branch for an unlock that read the terminal before the move committed (409, then a retry works)', async () => {
    const salon = await makeSalon();
    const other = await makeBranch(salon.owner, 'Vasastan');
    const eva = await staffWithPin(salon);
    // Hold the unlock's session write (after its read of the terminal) until the move has committed.
    const { dynamo } = await import('#shared/clients/dynamodb.js');
    const name = `holdUnlock${Math.random().toString(36).slice(2)}`;
    let reached!: () => void;
    let release!: () => void;
    const atWrite = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (!held && context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes('terminalSession')) {
          held = true;
          reached();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const pending = unlock(salon.terminal, eva.pin);
      await atWrite;
      const moved = await patchTerminal(salon, { branchId: other });
      expect(moved.status, moved.text).toBe(200);
      release();
      const late = await pending;
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('concurrent_update');
    } finally {
      release();
      dynamo.middlewareStack.remove(name);
    }
    expect(await terminalSessions(salon)).toEqual([]);
    await unlocked(salon.terminal, eva.pin);
    expect((await terminalSessions(salon)).map((item) => item.branchId)).toEqual([other]);
  });

  it('ends the session of an unlock that committed while the move was being prepared (the move retries)', async () => {
    const salon = await makeSalon();
    const other = await makeBranch(salon.owner, 'Vasastan');
    const eva = await staffWithPin(salon);
    // Hold the move's transaction until an unlock has committed: its pointer check fails, and the move re-reads.
    const { dynamo } = await import('#shared/clients/dynamodb.js');
    const name = `holdMove${Math.random().toString(36).slice(2)}`;
    let reached!: () => void;
    let release!: () => void;
    const atWrite = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (!held && context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes('terminal.updated')) {
          held = true;
          reached();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    let token: string;
    try {
      const pending = patchTerminal(salon, { branchId: other });
      await atWrite;
      token = await unlocked(salon.terminal, eva.pin);
      release();
      const moved = await pending;
      expect(moved.status, moved.text).toBe(200);
    } finally {
      release();
      dynamo.middlewareStack.remove(name);
    }
    await expectSessionEnded(token);
    expect(await terminalSessions(salon)).toEqual([]);
    expect((await listed(salon)).signedIn).toBeNull();
  });

  it('refuses a branch the salon does not have with 400 unknown_branch, and changes nothing', async () => {
    const salon = await makeSalon();
    const stranger = await makeSignedInOwner(api);
    const theirs = await makeBranch(stranger, 'Elsewhere');
    const eva = await staffWithPin(salon);
    const token = await unlocked(salon.terminal, eva.pin);

    for (const branchId of ['brn_01nosuchbranch', theirs]) {
      const response = await patchTerminal(salon, { name: 'Renamed', branchId });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('unknown_branch');
    }
    expect((await session(token)).status).toBe(200);
    expect(await listed(salon)).toMatchObject({ name: 'Front desk', branchId: salon.branchId, version: 1, signedIn: { staffId: eva.id } });
    expect(await auditOf(salon.owner, 'terminal.updated')).toEqual([]);
  });

  it('refuses bad input with 400 validation_failed and changes nothing', async () => {
    const salon = await makeSalon();
    for (const body of [{ name: '' }, { name: 'x'.repeat(200) }, { name: 'Desk\nTwo' }, { branchId: 42 }, { name: 'Desk', token: 'x' }, []]) {
      const response = await patchTerminal(salon, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('validation_failed');
    }
    const garbage = await patchTerminal(salon, { name: 'Desk' }, { headers: { 'if-match': 'soon' } });
    expect(garbage.status).toBe(400);
    expect(await listed(salon)).toMatchObject({ name: 'Front desk', version: 1 });
  });

  it('honours If-Match: 412 version_conflict on a stale version, 200 on the current one', async () => {
    const salon = await makeSalon();
    expect((await patchTerminal(salon, { name: 'One' }, { headers: { 'if-match': '1' } })).status).toBe(200);
    const stale = await patchTerminal(salon, { name: 'Two' }, { headers: { 'if-match': '1' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_conflict');
    expect((await patchTerminal(salon, { name: 'Two' }, { headers: { 'if-match': '"2"' } })).status).toBe(200);
    expect(await listed(salon)).toMatchObject({ name: 'Two', version: 3 });
  });

  it("answers 404 for an unknown terminal or another salon's", async () => {
    const salon = await makeSalon();
    const stranger = await makeSalon();
    expect((await patchTerminal(salon, { name: 'X' }, { terminalId: 'trm_01nosuchterminal' })).status).toBe(404);
    const theirs = await patchTerminal(salon, { name: 'X' }, { terminalId: stranger.terminal.id });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    expect((await listed(stranger)).name).toBe('Front desk');
  });

  it('answers 404 for a revoked terminal', async () => {
    const salon = await makeSalon();
    expect((await api.request('DELETE', `/v1/tenants/${salon.owner.tenantId}/terminals/${salon.terminal.id}`, { token: salon.owner.token })).status).toBe(204);
    expect((await patchTerminal(salon, { name: 'X' })).status).toBe(404);
  });

  it('needs settings.manage (403 not_permitted)', async () => {
    const salon = await makeSalon();
    const member = await makeSignedInMember(api, salon.owner, (await makeAccessLevel(api, salon.owner, { grants: { 'staff.view': true } })).id);
    const response = await patchTerminal(salon, { name: 'Mine' }, { token: member.token });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    const list = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/terminals`, { token: member.token });
    expect(list.status).toBe(403);
  });
});

describe('PATCH /v1/tenants/{t}/branches/{id}', () => {
  const patchBranch = (owner: { tenantId: string; token: string }, branchId: string, json: unknown) =>
    api.request('PATCH', `/v1/tenants/${owner.tenantId}/branches/${branchId}`, { token: owner.token, json });
  const branches = async (owner: SignedInOwner) =>
    (await api.request('GET', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token })).body.items as { id: string; name: string }[];

  it('renames a branch: 200 with the branch, audited with the name before and after', async () => {
    const owner = await makeSignedInOwner(api);
    const branchId = await makeBranch(owner, 'Södermalm');

    const response = await patchBranch(owner, branchId, { name: '  Södermalm Nord ' });

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ id: branchId, name: 'Södermalm Nord', createdAt: expect.any(String) });
    expect(await branches(owner)).toEqual([expect.objectContaining({ id: branchId, name: 'Södermalm Nord' })]);
    const [event] = await auditOf(owner, 'branch.updated');
    expect(event).toMatchObject({ target: { type: 'branch', id: branchId }, changes: { name: { before: 'Södermalm', after: 'Södermalm Nord' } } });
  });

  it("answers 404 for an unknown branch or another salon's", async () => {
    const owner = await makeSignedInOwner(api);
    const stranger = await makeSignedInOwner(api);
    const theirs = await makeBranch(stranger, 'Elsewhere');
    for (const branchId of ['brn_01nosuchbranch', theirs]) {
      const response = await patchBranch(owner, branchId, { name: 'Mine now' });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
    expect(await branches(stranger)).toEqual([expect.objectContaining({ name: 'Elsewhere' })]);
  });

  it('refuses bad input with 400 validation_failed and changes nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const branchId = await makeBranch(owner, 'Södermalm');
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'a\u202Eb' }, { name: 'x'.repeat(500) }, { name: 'Ok', id: 'brn_x' }]) {
      const response = await patchBranch(owner, branchId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
    expect(await branches(owner)).toEqual([expect.objectContaining({ name: 'Södermalm' })]);
    expect(await auditOf(owner, 'branch.updated')).toEqual([]);
  });

  it('needs settings.manage (403 not_permitted)', async () => {
    const owner = await makeSignedInOwner(api);
    const branchId = await makeBranch(owner, 'Södermalm');
    const member = await makeSignedInMember(api, owner, (await makeAccessLevel(api, owner, { grants: { 'staff.view': true } })).id);
    const response = await patchBranch({ tenantId: owner.tenantId, token: member.token }, branchId, { name: 'Mine' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('not_permitted');
    expect(await branches(owner)).toEqual([expect.objectContaining({ name: 'Södermalm' })]);
  });
});
