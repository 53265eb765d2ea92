import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * With PINs off (outside the EU only), the front desk still has an identity:
 * a desk session, in which the terminal acts with the salon's desk level
 * (settings.deskAccessLevelId), as Phorest describes for salons without PINs.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ residency: 'US', region: 'us-east-1' });
});
afterAll(async () => {
  await api.stop();
});

const DESK_GRANTS = {
  'appointments.view': true,
  'appointments.create': true,
  'calendar.view': { scope: 'own' },
  'appointments.delete': 'approval',
  'sales.refund': { limit: 100, above: 'approval' },
  'staff.view': true,
};

interface Desk {
  owner: SignedInOwner;
  branchId: string;
  terminal: { id: string; name: string; branchId: string; token: string };
  levelId: string;
}

const patchSettings = (owner: { tenantId: string; token: string }, json: Record<string, unknown>) =>
  api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json });
const startDesk = (terminalToken: string | undefined) =>
  api.request('POST', '/v1/terminal/desk-session', terminalToken === undefined ? {} : { token: terminalToken });
const authorize = (token: string, body: Record<string, unknown>) => api.request('POST', '/v1/authorize', { token, json: body });
const session = (token: string) => api.request('GET', '/v1/session', { token });

async function makeBranch(owner: SignedInOwner, name: string): Promise<string> {
  const response = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name } });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** A salon with a branch and a terminal, a desk level, PINs off and (unless told otherwise) that level chosen for the desk. */
async function makeDesk(options: { chooseLevel?: boolean; pinsOff?: boolean } = {}): Promise<Desk> {
  const owner = await makeSignedInOwner(api);
  const branchId = await makeBranch(owner, 'Downtown');
  const registered = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Front desk', branchId } });
  expect(registered.status).toBe(201);
  const levelId = (await makeAccessLevel(api, owner, { name: 'Desk', grants: DESK_GRANTS })).id;
  const settings = {
    ...(options.pinsOff === false ? {} : { pinsEnabled: false }),
    ...(options.chooseLevel === false ? {} : { deskAccessLevelId: levelId }),
  };
  if (Object.keys(settings).length > 0) expect((await patchSettings(owner, settings)).status).toBe(200);
  return { owner, branchId, terminal: registered.body, levelId };
}

async function deskToken(desk: Desk): Promise<string> {
  const response = await startDesk(desk.terminal.token);
  expect(response.status).toBe(201);
  return response.body.token;
}

async function expectEnded(token: string) {
  const response = await session(token);
  expect(response.status).toBe(401);
  expect(response.body.code).toBe('session_expired');
}

describe('POST /v1/terminal/desk-session', () => {
  it('opens a session in which the terminal acts with the desk level, named in the answer with its permissions', async () => {
    const desk = await makeDesk();

    const response = await startDesk(desk.terminal.token);

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      token: expect.any(String),
      idleTimeoutSeconds: 900,
      terminal: { id: desk.terminal.id, name: 'Front desk', branchId: desk.branchId },
      accessLevel: { id: desk.levelId, name: 'Desk' },
    });
    expect(response.body.permissions.map((permission: { key: string }) => permission.key)).toContain('appointments.create');
  });

  it('is described by GET /v1/session as a terminal session with no staff member and the terminal that acts', async () => {
    const desk = await makeDesk();

    const described = await session(await deskToken(desk));

    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({
      kind: 'terminal',
      platform: 'terminal',
      tenantId: desk.owner.tenantId,
      staff: null,
      account: null,
      terminal: { id: desk.terminal.id, name: 'Front desk', branchId: desk.branchId },
    });
  });

  it('answers 409 pins_enabled while the salon uses PINs: the front desk unlocks with a PIN', async () => {
    const desk = await makeDesk({ pinsOff: false });

    const response = await startDesk(desk.terminal.token);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('pins_enabled');
  });

  it('answers 409 no_desk_level when PINs are off but no desk level is chosen', async () => {
    const desk = await makeDesk({ chooseLevel: false });

    const response = await startDesk(desk.terminal.token);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('no_desk_level');
  });

  it('answers 401 without a terminal token, or with a wrong one, and audits nothing', async () => {
    const desk = await makeDesk();
    const [tenantId, terminalId] = desk.terminal.token.split('.');

    expect((await startDesk(undefined)).status).toBe(401);
    expect((await startDesk(`${tenantId}.${terminalId}.${'A'.repeat(43)}`)).status).toBe(401);
    const audit = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/audit?action=terminal.desk_session_started`, { token: desk.owner.token });
    expect(audit.body.items).toEqual([]);
  });

  it('is audited as terminal.desk_session_started by the terminal, without the token', async () => {
    const desk = await makeDesk();

    const token = await deskToken(desk);

    const audit = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/audit?action=terminal.desk_session_started`, { token: desk.owner.token });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actor: { type: 'terminal', id: desk.terminal.id },
      target: { type: 'terminal', id: desk.terminal.id },
      details: { accessLevelId: desk.levelId },
    });
    const secret = token.split('.')[2] as string;
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });

  it('ends the desk session before it on the same terminal: one desk session per terminal', async () => {
    const desk = await makeDesk();
    const first = await deskToken(desk);

    const second = await deskToken(desk);

    await expectEnded(first);
    expect((await session(second)).status).toBe(200);
  });

  it('leaves exactly one working session after 20 starts at once on one terminal, and no 5xx', async () => {
    const desk = await makeDesk();

    const responses = await Promise.all(Array.from({ length: 20 }, () => startDesk(desk.terminal.token)));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    const started = responses.filter((response) => response.status === 201).map((response) => response.body.token as string);
    expect(started.length).toBeGreaterThanOrEqual(1);
    const working = [];
    for (const token of started) if ((await session(token)).status === 200) working.push(token);
    expect(working).toHaveLength(1);
  });
});

describe('what a desk session may do', () => {
  it('checks rights with the desk level at its terminal\'s branch', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const answered = await authorize(token, {
      checks: [
        { permission: 'appointments.create' },
        { permission: 'clients.view' },
        { permission: 'appointments.create', resource: { branchId: desk.branchId } },
        { permission: 'sales.refund', resource: { amount: 50 } },
        { permission: 'sales.refund', resource: { amount: 500 } },
      ],
    });

    expect(answered.status).toBe(200);
    expect(answered.body.results.map((result: { allowed: boolean; reason: string }) => [result.allowed, result.reason])).toEqual([
      [true, 'granted'],
      [false, 'not_granted'],
      [true, 'granted'],
      [true, 'granted'],
      [false, 'approval_required'],
    ]);
  });

  it('holds nothing at another branch: the desk level is the terminal\'s branch\'s', async () => {
    const desk = await makeDesk();
    const elsewhere = await makeBranch(desk.owner, 'Uptown');
    const token = await deskToken(desk);

    const answered = await authorize(token, { permission: 'appointments.create', resource: { branchId: elsewhere } });

    expect(answered.body).toMatchObject({ allowed: false, reason: 'branch_not_allowed' });
  });

  it('is nobody\'s "own": a scope-own grant answers out_of_scope for every employee', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const answered = await authorize(token, { permission: 'calendar.view', resource: { employeeId: 'emp-1' } });

    expect(answered.body).toMatchObject({ allowed: false, reason: 'out_of_scope' });
  });

  it('knows no other salon: a check or an event naming another salon answers 404', async () => {
    const desk = await makeDesk();
    const other = await makeDesk();
    const token = await deskToken(desk);

    const checked = await authorize(token, { tenantId: other.owner.tenantId, permission: 'appointments.view' });
    const recorded = await api.request('POST', '/v1/audit', { token, json: { tenantId: other.owner.tenantId, action: 'appointment.moved' } });

    expect(checked.status).toBe(404);
    expect(recorded.status).toBe(404);
  });

  it('explains its answers with the desk level', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const answered = await authorize(token, { permission: 'appointments.view', explain: true });

    expect(answered.body.explain).toEqual({ levelId: desk.levelId, levelName: 'Desk', grant: true });
  });

  it('records host events attributed to the terminal', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const recorded = await api.request('POST', '/v1/audit', { token, json: { action: 'appointment.moved', target: { type: 'appointment', id: 'apt-1' } } });

    expect(recorded.status).toBe(201);
    const listed = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/audit?action=appointment.moved`, { token: desk.owner.token });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ actor: { type: 'terminal', id: desk.terminal.id }, terminalId: desk.terminal.id, source: 'host' });
  });

  it('answers 403 staff_session_required for anything that acts on the salon or needs a person', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);
    const { tenantId } = desk.owner;

    const answers = await Promise.all([
      api.request('GET', `/v1/tenants/${tenantId}/staff`, { token }),
      api.request('POST', `/v1/tenants/${tenantId}/staff`, { token, json: { firstName: 'Mia', lastName: 'Berg' } }),
      api.request('PATCH', `/v1/tenants/${tenantId}/settings`, { token, json: { pinsEnabled: true } }),
      api.request('POST', '/v1/access-snapshot', { token }),
      api.request('POST', '/v1/session/pin/renew', { token }),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('staff_session_required');
    }
    expect((await api.request('GET', `/v1/tenants/${tenantId}`, { token: desk.owner.token })).body.settings.pinsEnabled).toBe(false);
  });

  it('gets no approval (409 pins_disabled): approvals are given with a PIN', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const answered = await api.request('POST', '/v1/terminal/approve', { token, json: { pin: '123456', permission: 'sales.refund', resource: { amount: 500 } } });

    expect(answered.status).toBe(409);
    expect(answered.body.code).toBe('pins_disabled');
  });

  it('follows the desk level as the salon edits it', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);
    const level = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token });
    const edited = await api.request('PUT', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, {
      token: desk.owner.token,
      headers: { 'if-match': `"${level.body.version}"` },
      json: { name: 'Desk', grants: { ...DESK_GRANTS, 'clients.view': true } },
    });
    expect(edited.status).toBe(200);

    const answered = await authorize(token, { permission: 'clients.view' });

    expect(answered.body).toMatchObject({ allowed: true, reason: 'granted' });
  });
});

describe('how a desk session ends', () => {
  it('ends with the padlock', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    expect((await api.request('POST', '/v1/terminal/lock', { token })).status).toBe(204);

    await expectEnded(token);
  });

  it('ends when PINs are turned back on', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    expect((await patchSettings(desk.owner, { pinsEnabled: true })).status).toBe(200);

    await expectEnded(token);
  });

  it('ends when the salon clears its desk level', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    expect((await patchSettings(desk.owner, { deskAccessLevelId: null })).status).toBe(200);

    await expectEnded(token);
    expect((await startDesk(desk.terminal.token)).body.code).toBe('no_desk_level');
  });

  it('ends when the terminal is revoked', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    expect((await api.request('DELETE', `/v1/tenants/${desk.owner.tenantId}/terminals/${desk.terminal.id}`, { token: desk.owner.token })).status).toBe(204);

    await expectEnded(token);
    expect((await startDesk(desk.terminal.token)).status).toBe(401);
  });

  it('stays open when the terminal is renamed', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    const renamed = await api.request('PATCH', `/v1/tenants/${desk.owner.tenantId}/terminals/${desk.terminal.id}`, { token: desk.owner.token, json: { name: 'Reception' } });

    expect(renamed.status).toBe(200);
    expect((await session(token)).body.terminal.name).toBe('Reception');
  });

  it('stays ended when PINs are turned off again', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);

    await patchSettings(desk.owner, { pinsEnabled: true });
    await patchSettings(desk.owner, { pinsEnabled: false });

    await expectEnded(token);
    expect((await startDesk(desk.terminal.token)).status).toBe(201);
  });

  it('stays ended when a desk level is chosen again, and ends when the desk level changes', async () => {
    const desk = await makeDesk();
    const other = (await makeAccessLevel(api, desk.owner, { name: 'Desk 2', grants: DESK_GRANTS })).id;
    const first = await deskToken(desk);

    await patchSettings(desk.owner, { deskAccessLevelId: null });
    await patchSettings(desk.owner, { deskAccessLevelId: desk.levelId });
    const second = await deskToken(desk);
    await patchSettings(desk.owner, { deskAccessLevelId: other });

    await expectEnded(first);
    await expectEnded(second);
  });

  it('ends when the terminal moves to another branch', async () => {
    const desk = await makeDesk();
    const token = await deskToken(desk);
    const uptown = await makeBranch(desk.owner, 'Uptown');

    const moved = await api.request('PATCH', `/v1/tenants/${desk.owner.tenantId}/terminals/${desk.terminal.id}`, { token: desk.owner.token, json: { branchId: uptown } });

    expect(moved.status).toBe(200);
    await expectEnded(token);
  });

  it('never outlives PINs turned on at the moment it starts: 10 rounds of a start racing the switch', async () => {
    for (let round = 0; round < 10; round += 1) {
      const desk = await makeDesk();
      const [started] = await Promise.all([startDesk(desk.terminal.token), patchSettings(desk.owner, { pinsEnabled: true })]);
      if (started.status === 201) await expectEnded(started.body.token);
      else expect([401, 409]).toContain(started.status);
    }
  });
});

describe('settings.deskAccessLevelId', () => {
  it('is shown with the settings, null until chosen', async () => {
    const desk = await makeDesk({ chooseLevel: false });

    const before = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}`, { token: desk.owner.token });
    const chosen = await patchSettings(desk.owner, { deskAccessLevelId: desk.levelId });

    expect(before.body.settings.deskAccessLevelId).toBeNull();
    expect(chosen.status).toBe(200);
    expect(chosen.body.settings.deskAccessLevelId).toBe(desk.levelId);
  });

  it('is audited in settings.updated', async () => {
    const desk = await makeDesk({ chooseLevel: false });

    await patchSettings(desk.owner, { deskAccessLevelId: desk.levelId });

    const audit = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/audit?action=settings.updated`, { token: desk.owner.token });
    const changed = audit.body.items.find(
      (event: { changes?: { settings?: { after?: { deskAccessLevelId?: string } } } }) => event.changes?.settings?.after?.deskAccessLevelId === desk.levelId,
    );
    expect(changed).toBeDefined();
  });

  it('refuses a level of no salon of the caller with 400 and changes nothing', async () => {
    const desk = await makeDesk({ chooseLevel: false });
    const other = await makeDesk();

    const response = await patchSettings(desk.owner, { deskAccessLevelId: other.levelId });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('deskAccessLevelId');
    expect((await api.request('GET', `/v1/tenants/${desk.owner.tenantId}`, { token: desk.owner.token })).body.settings.deskAccessLevelId).toBeNull();
  });

  it('may only be a level whose every right the manager holds (403 escalation_denied)', async () => {
    const desk = await makeDesk({ chooseLevel: false });
    const manager = await makeAccessLevel(api, desk.owner, { grants: { 'settings.manage': true, 'appointments.view': true }, remoteAccess: true });
    const member = await makeSignedInMember(api, desk.owner, manager.id);

    const response = await patchSettings(member, { deskAccessLevelId: desk.levelId });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('cannot be put to work by someone who could not choose it: turning PINs off with a level chosen needs its rights (403)', async () => {
    const desk = await makeDesk({ pinsOff: false });
    const manager = await makeAccessLevel(api, desk.owner, { grants: { 'settings.manage': true }, remoteAccess: true });
    const member = await makeSignedInMember(api, desk.owner, manager.id);

    const response = await patchSettings(member, { pinsEnabled: false });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
    expect((await startDesk(desk.terminal.token)).body.code).toBe('pins_enabled');
  });

  it('cannot be widened by a manager limited to some branches: they edit no access level (403)', async () => {
    const desk = await makeDesk();
    const manager = await makeAccessLevel(api, desk.owner, {
      grants: { ...DESK_GRANTS, 'access.manage': true, 'access.view': true, 'clients.view': true },
      remoteAccess: true,
    });
    const member = await makeSignedInMember(api, desk.owner, manager.id, { branchIds: [desk.branchId] });
    const level = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token });

    const edited = await api.request('PUT', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, {
      token: member.token,
      headers: { 'if-match': `"${level.body.version}"` },
      json: { name: 'Desk', grants: { ...DESK_GRANTS, 'clients.view': true } },
    });

    expect(edited.status).toBe(403);
    expect(edited.body.code).toBe('escalation_denied');
    expect((await authorize(await deskToken(desk), { permission: 'clients.view' })).body.allowed).toBe(false);
  });

  it('is not for a manager limited to some branches: every branch\'s terminals act with it', async () => {
    const desk = await makeDesk({ chooseLevel: false });
    const manager = await makeAccessLevel(api, desk.owner, { grants: { ...DESK_GRANTS, 'settings.manage': true }, remoteAccess: true });
    const member = await makeSignedInMember(api, desk.owner, manager.id, { branchIds: [desk.branchId] });

    const response = await patchSettings(member, { deskAccessLevelId: desk.levelId });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('escalation_denied');
  });

  it('keeps its level from being deleted (409 in_use) until another is chosen', async () => {
    const desk = await makeDesk();
    const remove = () => api.request('DELETE', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token });

    const refused = await remove();
    await patchSettings(desk.owner, { deskAccessLevelId: null });
    const deleted = await remove();

    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('in_use');
    expect(deleted.status).toBe(204);
  });

  it('never names a deleted level: choosing it and deleting it at once, 10 rounds, at most one of the two wins', async () => {
    for (let round = 0; round < 10; round += 1) {
      const desk = await makeDesk({ chooseLevel: false });
      const [chosen, deleted] = await Promise.all([
        patchSettings(desk.owner, { deskAccessLevelId: desk.levelId }),
        api.request('DELETE', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token }),
      ]);
      expect([chosen.status, deleted.status].filter((status) => status < 300).length).toBeLessThanOrEqual(1);
      expect([chosen.status, deleted.status].filter((status) => status >= 500)).toEqual([]);
      const settings = (await api.request('GET', `/v1/tenants/${desk.owner.tenantId}`, { token: desk.owner.token })).body.settings;
      const level = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token });
      expect(settings.deskAccessLevelId).toBe(chosen.status === 200 ? desk.levelId : null);
      if (settings.deskAccessLevelId) expect(level.status).toBe(200);
    }
  });

  it('counts no holder for the desk: only staff members hold the desk level', async () => {
    const desk = await makeDesk();
    await makeStaff(api, desk.owner, { accessLevelId: desk.levelId });

    const holders = await api.request('GET', `/v1/tenants/${desk.owner.tenantId}/access-levels/${desk.levelId}`, { token: desk.owner.token });

    expect(holders.body.holders).toBe(1);
  });
});
