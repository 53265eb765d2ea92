import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCESS_SNAPSHOT_TYP, accessSnapshotDecider } from '#shared/access-snapshot/decide.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import { Deployment } from './support/deployment.js';
import { type CloudAssembly, synthesizeCloudAssembly } from './support/synth.js';

/**
 * The cloud assembly `cdk synth` emits, run offline with every role's policy enforced
 * (test/deployed/support/*): flows through the emulated API Gateway, for each stack.
 * STAFFGATE_CDK_OUT=<dir> tests an existing cdk.out instead of synthesizing one.
 */
let assembly: CloudAssembly;
beforeAll(() => {
  assembly = synthesizeCloudAssembly();
}, 300_000);
afterAll(() => assembly?.remove());

const PASSWORD = 'correct horse battery staple';
const email = (label: string) => `${label}.${randomUUID().slice(0, 8)}@salon.example`;
const phone = () => `+4670${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
const codeAt = (secret: string, stepOffset = 0) => hotp(base32Decode(secret), stepAt(Date.now()) + stepOffset);

/** Invitation accept: the one line to change when the route moves (routes.ts: POST /v1/invitations/accept, token in the body). */
const accept = (d: Deployment, token: string, password = PASSWORD) => d.request('POST', '/v1/invitations/accept', { json: { token, password } });

for (const [index, residency] of [
  [0, 'EU'],
  [1, 'US'],
] as const) {
  describe(`deployed stack ${index + 1} (${residency})`, () => {
    let d: Deployment;
    let owner: { tenantId: string; token: string; email: string };

    beforeAll(async () => {
      const stack = assembly.stacks.find((s) => s.residency === residency);
      if (!stack) throw new Error(`no ${residency} stack in the assembly`);
      d = await Deployment.start(stack, assembly.outdir, inject('dynamoEndpoint'));
      for (const note of d.notes) console.log(`[${stack.stackName}] ${note}`);
    }, 60_000);
    afterAll(async () => {
      await d?.stop();
    });

    const ok = <R extends { status: number; text: string }>(response: R, status: number): R => {
      expect(response.status, response.text).toBe(status);
      return response;
    };
    const T = () => `/v1/tenants/${owner.tenantId}`;
    const as = (token: string) => ({ token });

    it('README walk-through: operator creates a salon, the owner accepts the emailed invitation and logs in', async () => {
      expect((await d.operator('GET', '/health')).status).toBe(200);
      // Unsigned operator request: the template's MISSING_AUTHENTICATION_TOKEN response.
      const unsigned = await d.request('POST', '/v1/operator/tenants', { json: {} });
      expect(unsigned.headers.get('x-amzn-errortype')).toBe('MISSING_AUTHENTICATION_TOKEN');
      const ownerEmail = email('owner');
      const created = ok(await d.operator('POST', '/v1/operator/tenants', { name: 'Salong Solsken', plan: 'paid', owner: { firstName: 'Anna', lastName: 'Berg', email: ownerEmail } }), 201);
      expect(created.body.tenant.residency).toBe(residency);
      const accepted = ok(await accept(d, await d.latestToken(ownerEmail)), 200);
      const login = ok(await d.request('POST', '/v1/auth/login', { json: { login: ownerEmail, password: PASSWORD } }), 200);
      owner = { tenantId: created.body.tenant.id, token: login.body.token, email: ownerEmail };
      expect(accepted.body.token).toEqual(expect.any(String));
      ok(await d.request('GET', '/v1/me', as(owner.token)), 200);
      ok(await d.request('GET', T(), as(owner.token)), 200);
      // The mobile app: the authorizer carries the session's platform, and the owner level grants mobile.app.
      const mobile = ok(await d.request('POST', '/v1/auth/login', { json: { login: ownerEmail, password: PASSWORD, platform: 'mobile' } }), 200);
      expect(ok(await d.request('GET', '/v1/session', { ...as(mobile.body.token), headers: { 'x-tenant-id': owner.tenantId } }), 200).body.platform).toBe('mobile');
      ok(await d.request('GET', T(), as(mobile.body.token)), 200);
      // Without a token the authorizer is not called: UNAUTHORIZED gateway response.
      expect((await d.request('GET', T())).status).toBe(401);
      expect((await d.request('GET', T(), as('not-a-session'))).status).toBe(401);
      // Unknown path: the {proxy+} fallback, answered by the platform function.
      expect((await d.request('GET', '/v1/nothing/here')).status).toBe(404);
    });

    it('access levels, invitations by email and SMS, and POST /v1/authorize (single and batch)', async () => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: 'Stylist', grants: { 'appointments.view': true, 'clients.view': true, 'appointments.delete': 'approval' } } }), 201);
      ok(await d.request('GET', `${T()}/access-levels`, as(owner.token)), 200);
      ok(await d.request('GET', '/v1/permissions'), 200);
      const staffEmail = email('staff');
      const staff = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Eva', lastName: 'Lind', email: staffEmail, accessLevelId: level.body.id } }), 201);
      ok(await d.request('POST', `${T()}/invitations`, { ...as(owner.token), json: { staffId: staff.body.id, channel: 'email' } }), 201);
      const member = ok(await accept(d, await d.latestToken(staffEmail)), 200);
      const authorize = (json: unknown) => d.request('POST', '/v1/authorize', { token: member.body.token, json, headers: { 'x-tenant-id': owner.tenantId } });
      expect(ok(await authorize({ permission: 'clients.view' }), 200).body).toEqual({ allowed: true, reason: 'granted' });
      const batch = ok(await authorize({ checks: [{ permission: 'clients.view' }, { permission: 'appointments.delete' }] }), 200);
      expect(batch.body.results.map((r: { allowed: boolean }) => r.allowed)).toEqual([true, false]);
      expect(ok(await authorize({ permission: 'appointments.delete', explain: true }), 200).body.explain).toEqual({ levelId: level.body.id, levelName: 'Stylist', grant: 'approval' });
      const holders = ok(await d.request('GET', `${T()}/permissions/appointments.delete/holders`, as(owner.token)), 200);
      expect(holders.body.items.map((holder: { staffId: string }) => holder.staffId)).toContain(staff.body.id);

      const smsPhone = phone();
      const smsStaff = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Sam', lastName: 'Ek', phone: smsPhone, accessLevelId: level.body.id } }), 201);
      ok(await d.request('POST', `${T()}/invitations`, { ...as(owner.token), json: { staffId: smsStaff.body.id, channel: 'sms' } }), 201);
      ok(await accept(d, await d.latestToken(smsPhone)), 200);
      expect((await d.sent(smsPhone))[0]?.channel).toBe('sms');
    });

    it('PINs by SMS and by email, terminal unlock, approve (one-time approval token), lock', async () => {
      const branch = ok(await d.request('POST', `${T()}/branches`, { ...as(owner.token), json: { name: 'Södermalm' } }), 201);
      const terminal = ok(await d.request('POST', `${T()}/terminals`, { ...as(owner.token), json: { name: 'Front desk', branchId: branch.body.id } }), 201);
      const requesterLevel = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: 'Junior', grants: { 'appointments.view': true, 'appointments.delete': 'approval', 'appointments.create': true } } }), 201);
      const managerLevel = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: 'Manager', grants: { 'appointments.view': true, 'appointments.delete': true } } }), 201);
      const requesterPhone = phone();
      const requester = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Eva', lastName: 'Lind', phone: requesterPhone, accessLevelId: requesterLevel.body.id } }), 201);
      const managerEmail = email('manager');
      const manager = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Maja', lastName: 'Berg', email: managerEmail, accessLevelId: managerLevel.body.id } }), 201);
      ok(await d.request('PUT', `${T()}/staff/${requester.body.id}/pin`, { ...as(owner.token), json: { generate: true, send: 'sms' } }), 204);
      ok(await d.request('PUT', `${T()}/staff/${manager.body.id}/pin`, { ...as(owner.token), json: { generate: true, send: 'email' } }), 204);
      const requesterPin = await d.latestPin(requesterPhone);
      const managerPin = await d.latestPin(managerEmail);

      const unlocked = ok(await d.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: requesterPin } }), 200);
      const session = unlocked.body.token as string;
      const authorize = (json: unknown) => d.request('POST', '/v1/authorize', { token: session, json });
      expect(ok(await authorize({ permission: 'appointments.delete' }), 200).body.allowed).toBe(false);
      const approved = ok(await d.request('POST', '/v1/terminal/approve', { token: session, json: { pin: managerPin, permission: 'appointments.delete' } }), 200);
      const withApproval = await authorize({ permission: 'appointments.delete', approvalToken: approved.body.approvalToken });
      expect(withApproval.status, withApproval.text).toBe(200);
      expect(withApproval.body).toEqual({ allowed: true, reason: 'approved' });
      expect(ok(await authorize({ permission: 'appointments.delete', approvalToken: approved.body.approvalToken }), 200).body.allowed).toBe(false);
      ok(await d.request('POST', '/v1/terminal/lock', { token: session }), 204);
      expect((await d.request('POST', '/v1/terminal/lock', { token: session })).status).toBe(401);
    });

    it('hosted account pages: GET /account/reset answers HTML under a strict CSP, its script and stylesheet load, and the reset link leads there with the token in the fragment', async () => {
      const page = ok(await d.request('GET', '/account/reset', { headers: { 'accept-language': 'sv' } }), 200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.text).toContain('<html lang="sv"');
      expect(ok(await d.request('GET', '/account/assets/account.js'), 200).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(ok(await d.request('GET', '/account/assets/account.css'), 200).headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(ok(await d.request('GET', '/account/assets/password-lists.json'), 200).body.passwords.length).toBeGreaterThan(1000);
      ok(await d.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } }), 202);
      const sent = (await d.sent(owner.email)).filter((message) => message.kind === 'password_reset');
      expect(sent[0]?.text).toMatch(/\/account\/reset\?lang=[a-z]{2}#acc_[0-9a-z]+\.rst_/);
    });

    it('hosted account pages: GET /account/sign-in and /account/two-factor answer HTML in the asked language under the strict CSP, naming the deployment’s app as the one hand-off', async () => {
      for (const [path, page] of [['/account/sign-in', 'sign-in'], ['/account/two-factor', 'two-factor']] as const) {
        const answer = ok(await d.request('GET', `${path}?lang=fi`), 200);
        expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(answer.headers.get('content-security-policy')).toContain("img-src 'self'");
        expect(answer.text).toContain('<html lang="fi"');
        expect(answer.text).toContain(`data-page="${page}"`);
        expect(answer.text).toMatch(/data-app-url="https?:\/\/[^"]+"/);
      }
    });

    it('hosted account pages: GET /account/invitation answers HTML in the asked language under the strict CSP, and the owner’s invitation link leads there with the token in the fragment', async () => {
      const answer = ok(await d.request('GET', '/account/invitation?lang=de'), 200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(answer.text).toContain('<html lang="de"');
      expect(answer.text).toContain('data-page="invitation"');
      const sent = (await d.sent(owner.email)).filter((message) => message.kind === 'invitation');
      expect(sent[0]?.text).toMatch(/\/account\/invitation\?lang=[a-z]{2}#ten_[0-9a-z]+\.inv_/);
    });

    it('password reset, TOTP enrol / login / disable', async () => {
      ok(await d.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } }), 202);
      const resetToken = (await d.sent(owner.email)).find((m) => m.kind === 'password_reset')?.token;
      expect(resetToken).toEqual(expect.any(String));
      const newPassword = 'a brand new passphrase';
      ok(await d.request('POST', '/v1/auth/password-reset/confirm', { json: { token: resetToken, newPassword } }), 204);
      const login = ok(await d.request('POST', '/v1/auth/login', { json: { login: owner.email, password: newPassword } }), 200);
      const token = login.body.token as string;
      const started = ok(await d.request('POST', '/v1/auth/totp', { token, json: { password: newPassword } }), 200);
      const secret = started.body.secret as string;
      const confirmed = ok(await d.request('POST', '/v1/auth/totp/confirm', { token, json: { code: codeAt(secret) } }), 200);
      expect((await d.request('POST', '/v1/auth/login', { json: { login: owner.email, password: newPassword } })).status).toBe(401);
      const mfa = ok(await d.request('POST', '/v1/auth/login', { json: { login: owner.email, password: newPassword, totp: confirmed.body.recoveryCodes[0] } }), 200);
      ok(await d.request('DELETE', '/v1/auth/totp', { token: mfa.body.token, json: { password: newPassword, code: codeAt(secret, 1) } }), 204);
      owner.token = mfa.body.token;
    });

    it('staff archive and the audit list', async () => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: 'Temp', grants: { 'clients.view': true } } }), 201);
      const staff = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Ola', lastName: 'Nord', email: email('ola'), accessLevelId: level.body.id } }), 201);
      ok(await d.request('DELETE', `${T()}/staff/${staff.body.id}`, as(owner.token)), 204);
      const audit = ok(await d.request('GET', `${T()}/audit`, as(owner.token)), 200);
      expect(audit.body.items.length).toBeGreaterThan(0);
    });

    it('staff CSV: GET …/staff/export answers text/csv, POST …/staff/import (text/csv) dry-runs, then creates and updates, and a JSON body is 415', async () => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `Csv ${randomUUID().slice(0, 8)}`, grants: { 'clients.view': true } } }), 201);
      const externalId = `CSV-${randomUUID().slice(0, 8)}`;
      const file = `firstName,lastName,accessLevelId,externalId\r\nCsv,Person,${level.body.id},${externalId}\r\n`;
      const importCsv = (query: string, body: string) =>
        d.request('POST', `${T()}/staff/import${query}`, { ...as(owner.token), headers: { 'content-type': 'text/csv' }, body });
      expect(ok(await importCsv('?dryRun=true', file), 200).body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      expect(ok(await importCsv('', file), 200).body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      expect(ok(await importCsv('', file.replace('Person', 'Persson')), 200).body).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
      const exported = ok(await d.request('GET', `${T()}/staff/export`, as(owner.token)), 200);
      expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(exported.text.split('\r\n')[0]).toMatch(/^staffId,firstName,lastName,/);
      expect(exported.text).toContain(`,Csv,Persson,`);
      expect(ok(await importCsv('', exported.text), 200).body).toMatchObject({ created: 0, updated: 0, errors: [] });
      const json = await d.request('POST', `${T()}/staff/import`, { ...as(owner.token), json: { firstName: 'X' } });
      expect(json.status).toBe(415);
    });

    it('staff import job: POST …/staff/imports answers 202, the import worker (queue → staff-import) writes the rows, GET …/staff/imports/{id} reports succeeded', async () => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `Job ${randomUUID().slice(0, 8)}`, grants: { 'clients.view': true } } }), 201);
      const tag = randomUUID().slice(0, 8);
      const file = `firstName,lastName,accessLevelId,externalId\r\nJob,One,${level.body.id},JOB-${tag}-1\r\nJob,Two,${level.body.id},JOB-${tag}-2\r\n`;
      const started = ok(await d.request('POST', `${T()}/staff/imports?partial=false`, { ...as(owner.token), headers: { 'content-type': 'text/csv' }, body: file }), 202);
      expect(started.body).toMatchObject({ status: 'queued', rows: 2, remaining: 2 });
      expect(started.headers.get('location')).toBe(`${T()}/staff/imports/${started.body.id}`);
      let job = started.body;
      // The first slice's message is delayed (it is sent before the job commits): poll the queue until the worker has run.
      for (const until = Date.now() + 30_000; job.status !== 'succeeded' && job.status !== 'failed' && Date.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await d.settle();
        job = ok(await d.request('GET', `${T()}/staff/imports/${started.body.id}`, as(owner.token)), 200).body;
      }
      expect(job).toMatchObject({ status: 'succeeded', created: 2, updated: 0, remaining: 0, errors: [] });
      const listed = ok(await d.request('GET', `${T()}/staff?externalId=JOB-${tag}-2`, as(owner.token)), 200);
      expect(listed.body.items).toHaveLength(1);
      expect((await d.request('GET', `${T()}/staff/imports/imp_nosuchimport`, as(owner.token))).status).toBe(404);
    });

    /** A staff member of a level of their own (clients.view), with the given contact fields. */
    const newStaff = async (label: string, contact: { email?: string; phone?: string } = {}) => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `${label} ${randomUUID().slice(0, 8)}`, grants: { 'clients.view': true } } }), 201);
      const staff = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: label, lastName: 'Lind', ...contact, accessLevelId: level.body.id } }), 201);
      return staff.body.id as string;
    };
    /** A terminal of a new branch, and a staff member whose PIN is generated and returned once (200 {pin}). */
    const frontDesk = async (label: string) => {
      const branch = ok(await d.request('POST', `${T()}/branches`, { ...as(owner.token), json: { name: label } }), 201);
      const terminal = ok(await d.request('POST', `${T()}/terminals`, { ...as(owner.token), json: { name: `${label} desk`, branchId: branch.body.id } }), 201);
      const staffId = await newStaff(label);
      const generated = ok(await d.request('PUT', `${T()}/staff/${staffId}/pin`, { ...as(owner.token), json: { generate: true } }), 200);
      return { terminal: { id: terminal.body.id as string, token: terminal.body.token as string }, staffId, pin: generated.body.pin as string };
    };
    const unlock = (terminalToken: string, pin: string) => d.request('POST', '/v1/terminal/unlock', { token: terminalToken, json: { pin } });

    it('operator owner recovery: a new Owner-level member is invited by email, accepts, and administers the salon', async () => {
      const rescuedEmail = email('rescued');
      const recovered = ok(await d.operator('POST', `/v1/operator/tenants/${owner.tenantId}/owner-recovery`, { owner: { firstName: 'Rita', lastName: 'Rescue', email: rescuedEmail } }), 201);
      expect(recovered.body.staff.status).toBe('invited');
      expect(recovered.body.invitation).toMatchObject({ staffId: recovered.body.staff.id, channel: 'email' });
      const accepted = ok(await accept(d, await d.latestToken(rescuedEmail)), 200);
      ok(await d.request('GET', `${T()}/access-levels`, as(accepted.body.token)), 200);
      const staff = ok(await d.request('GET', `${T()}/staff/${recovered.body.staff.id}`, as(owner.token)), 200);
      expect(staff.body.status).toBe('active');
    });

    it('operator plan change: a trial salon cannot invite staff (402 plan_required) until the operator moves it to paid', async () => {
      const trialOwnerEmail = email('trial');
      const created = ok(await d.operator('POST', '/v1/operator/tenants', { name: 'Salong Prov', plan: 'trial', owner: { firstName: 'Tove', lastName: 'Prov', email: trialOwnerEmail } }), 201);
      const tenantId = created.body.tenant.id as string;
      const trialOwner = ok(await accept(d, await d.latestToken(trialOwnerEmail)), 200).body.token as string;
      const staff = ok(await d.request('POST', `/v1/tenants/${tenantId}/staff`, { ...as(trialOwner), json: { firstName: 'Nils', lastName: 'Ny', email: email('nils'), accessLevelId: created.body.owner.staff.accessLevelId } }), 201);
      const invite = () => d.request('POST', `/v1/tenants/${tenantId}/invitations`, { ...as(trialOwner), json: { staffId: staff.body.id, channel: 'email' } });
      expect(ok(await invite(), 402).body.code).toBe('plan_required');
      const changed = ok(await d.operator('PATCH', `/v1/operator/tenants/${tenantId}`, { plan: 'paid' }), 200);
      expect(changed.body).toMatchObject({ id: tenantId, plan: 'paid', version: 2 });
      expect(ok(await d.request('GET', `/v1/tenants/${tenantId}`, as(trialOwner)), 200).body.plan).toBe('paid');
      ok(await invite(), 201);
    });

    it("sessions: an account lists its sessions and ends another one by id; the owner revokes a member's sessions", async () => {
      const memberEmail = email('member');
      const staffId = await newStaff('Lisa', { email: memberEmail });
      ok(await d.request('POST', `${T()}/invitations`, { ...as(owner.token), json: { staffId, channel: 'email' } }), 201);
      const first = ok(await accept(d, await d.latestToken(memberEmail)), 200).body.token as string;
      const second = ok(await d.request('POST', '/v1/auth/login', { json: { login: memberEmail, password: PASSWORD } }), 200).body.token as string;
      const listed = ok(await d.request('GET', '/v1/auth/sessions', as(second)), 200);
      expect(listed.body.items).toHaveLength(2);
      const others = listed.body.items.filter((s: { current: boolean }) => !s.current);
      expect(others).toHaveLength(1);
      ok(await d.request('DELETE', `/v1/auth/sessions/${others[0].id}`, as(second)), 204);
      expect((await d.request('GET', '/v1/me', as(first))).status).toBe(401);
      ok(await d.request('GET', T(), as(second)), 200);
      ok(await d.request('POST', `${T()}/staff/${staffId}/sessions/revoke`, as(owner.token)), 204);
      expect((await d.request('GET', T(), as(second))).status).toBe(401);
    });

    it('invitation resend (the old link stops working) and revoke (the new one too)', async () => {
      const inviteeEmail = email('invitee');
      const staffId = await newStaff('Ida', { email: inviteeEmail });
      const invited = ok(await d.request('POST', `${T()}/invitations`, { ...as(owner.token), json: { staffId, channel: 'email' } }), 201);
      const firstToken = await d.latestToken(inviteeEmail);
      const resent = ok(await d.request('POST', `${T()}/invitations/${invited.body.id}/resend`, as(owner.token)), 201);
      expect(resent.body).toMatchObject({ staffId, status: 'pending' });
      expect(resent.body.id).not.toBe(invited.body.id);
      const secondToken = await d.latestToken(inviteeEmail);
      expect(secondToken).not.toBe(firstToken);
      expect(ok(await d.request('POST', '/v1/invitations/lookup', { json: { token: firstToken } }), 404).body.code).toBe('invitation_not_found');
      ok(await d.request('DELETE', `${T()}/invitations/${resent.body.id}`, as(owner.token)), 204);
      const listed = ok(await d.request('GET', `${T()}/invitations`, as(owner.token)), 200);
      expect(listed.body.items.find((i: { id: string }) => i.id === resent.body.id)?.status).toBe('revoked');
      expect(ok(await accept(d, secondToken), 404).body.code).toBe('invitation_not_found');
    });

    it('PIN removal: 204, the staff member has no PIN, and the removed PIN no longer unlocks', async () => {
      const desk = await frontDesk('Kungsholmen');
      const before = ok(await unlock(desk.terminal.token, desk.pin), 200);
      expect(before.body.staff.id).toBe(desk.staffId);
      ok(await d.request('POST', '/v1/terminal/lock', { token: before.body.token }), 204);
      ok(await d.request('DELETE', `${T()}/staff/${desk.staffId}/pin`, as(owner.token)), 204);
      expect(ok(await d.request('GET', `${T()}/staff/${desk.staffId}`, as(owner.token)), 200).body.hasPin).toBe(false);
      expect(ok(await unlock(desk.terminal.token, desk.pin), 401).body.code).toBe('invalid_pin');
    });

    it('own PIN renewal: from a terminal session a new PIN goes to the member by SMS and unlocks, the old one no longer does (pinSetAt moves); the owner renews from the back office', async () => {
      const branch = ok(await d.request('POST', `${T()}/branches`, { ...as(owner.token), json: { name: 'Gamla stan' } }), 201);
      const terminal = ok(await d.request('POST', `${T()}/terminals`, { ...as(owner.token), json: { name: 'Gamla stan desk', branchId: branch.body.id } }), 201);
      const memberPhone = phone();
      const staffId = await newStaff('Lina', { phone: memberPhone });
      const first = ok(await d.request('PUT', `${T()}/staff/${staffId}/pin`, { ...as(owner.token), json: { generate: true } }), 200).body.pin as string;
      const before = ok(await d.request('GET', `${T()}/staff/${staffId}`, as(owner.token)), 200).body.pinSetAt as string;
      const session = ok(await unlock(terminal.body.token, first), 200);
      expect(session.body).not.toHaveProperty('pinRenewalDue');

      expect(ok(await d.request('POST', '/v1/session/pin/renew', as(session.body.token)), 204).text).toBe('');

      const renewed = await d.latestPin(memberPhone);
      expect(renewed).not.toBe(first);
      expect(ok(await unlock(terminal.body.token, first), 401).body.code).toBe('invalid_pin');
      const again = ok(await unlock(terminal.body.token, renewed), 200);
      expect(again.body.staff.id).toBe(staffId);
      expect(ok(await d.request('GET', `${T()}/staff/${staffId}`, as(owner.token)), 200).body.pinSetAt >= before).toBe(true);
      ok(await d.request('POST', '/v1/terminal/lock', { token: again.body.token }), 204);
      // The owner's own renewal from the back office, the salon named by X-Tenant-Id.
      ok(await d.request('POST', '/v1/session/pin/renew', { ...as(owner.token), headers: { 'x-tenant-id': owner.tenantId } }), 204);
      expect(await d.latestPin(owner.email)).toMatch(/^\d{6}$/);
    });

    it('PIN lockout: wrong PINs lock the terminal (423), the owner clears it for that terminal, and the right PIN unlocks again', async () => {
      const desk = await frontDesk('Vasastan');
      // One digit repeated: a PIN the policy never gives anyone, so certainly wrong.
      const statuses = [];
      for (const wrong of ['111111', '222222', '333333', '444444', '555555']) statuses.push((await unlock(desk.terminal.token, wrong)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 423]);
      const locked = ok(await unlock(desk.terminal.token, desk.pin), 423);
      expect(locked.body.code).toBe('terminal_locked');
      ok(await d.request('POST', `${T()}/pin-lockouts/clear`, { ...as(owner.token), json: { terminalId: desk.terminal.id } }), 204);
      const unlocked = ok(await unlock(desk.terminal.token, desk.pin), 200);
      expect(unlocked.body.staff.id).toBe(desk.staffId);
      ok(await d.request('POST', '/v1/terminal/lock', { token: unlocked.body.token }), 204);
    });

    it('host audit events: POST /v1/audit records an event that GET …/audit then lists', async () => {
      const target = { type: 'appointment', id: `apt-${randomUUID().slice(0, 8)}` };
      const recorded = ok(await d.request('POST', '/v1/audit', { ...as(owner.token), headers: { 'x-tenant-id': owner.tenantId }, json: { action: 'appointment.moved', target, details: { from: '10:00', to: '11:30' } } }), 201);
      expect(recorded.body.id).toEqual(expect.any(String));
      const listed = ok(await d.request('GET', `${T()}/audit?source=host&targetType=appointment&targetId=${target.id}`, as(owner.token)), 200);
      expect(listed.body.items).toEqual([expect.objectContaining({ id: recorded.body.id, source: 'host', action: 'appointment.moved', target })]);
    });

    it('desk sessions: with PINs off (outside the EU) the terminal opens its own session with the desk level, checks and records events as the terminal, and the session ends when PINs come back', async () => {
      const desk = await frontDesk('Gamla stan');
      if (residency === 'EU') {
        expect(ok(await d.request('PATCH', `${T()}/settings`, { ...as(owner.token), json: { pinsEnabled: false } }), 409).body.code).toBe('pins_required');
        expect(ok(await d.request('POST', '/v1/terminal/desk-session', as(desk.terminal.token)), 409).body.code).toBe('pins_enabled');
        return;
      }
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `Desk ${randomUUID().slice(0, 8)}`, grants: { 'appointments.view': true, 'appointments.create': true } } }), 201);
      ok(await d.request('PATCH', `${T()}/settings`, { ...as(owner.token), json: { pinsEnabled: false, deskAccessLevelId: level.body.id } }), 200);
      try {
        const started = ok(await d.request('POST', '/v1/terminal/desk-session', as(desk.terminal.token)), 201);
        const token = started.body.token as string;
        expect(ok(await d.request('GET', '/v1/session', as(token)), 200).body).toMatchObject({ staff: null, terminal: { id: desk.terminal.id } });
        expect(ok(await d.request('POST', '/v1/authorize', { ...as(token), json: { permission: 'appointments.create' } }), 200).body.allowed).toBe(true);
        ok(await d.request('POST', '/v1/audit', { ...as(token), json: { action: 'appointment.booked' } }), 201);
        const listed = ok(await d.request('GET', `${T()}/audit?action=appointment.booked`, as(owner.token)), 200);
        expect(listed.body.items[0].actor).toEqual({ type: 'terminal', id: desk.terminal.id });
        expect(ok(await d.request('GET', `${T()}/staff`, as(token)), 403).body.code).toBe('staff_session_required');
        ok(await d.request('PATCH', `${T()}/settings`, { ...as(owner.token), json: { pinsEnabled: true } }), 200);
        expect(ok(await d.request('GET', '/v1/session', as(token)), 401).body.code).toBe('session_expired');
      } finally {
        ok(await d.request('PATCH', `${T()}/settings`, { ...as(owner.token), json: { pinsEnabled: true, deskAccessLevelId: null } }), 200);
      }
    });

    it('terminal revoke: 204, its token no longer unlocks and the session opened on it ends', async () => {
      const desk = await frontDesk('Östermalm');
      const session = ok(await unlock(desk.terminal.token, desk.pin), 200).body.token as string;
      ok(await d.request('GET', '/v1/session', as(session)), 200);
      ok(await d.request('DELETE', `${T()}/terminals/${desk.terminal.id}`, as(owner.token)), 204);
      expect((await unlock(desk.terminal.token, desk.pin)).status).toBe(401);
      expect(ok(await d.request('GET', '/v1/session', as(session)), 401).body.code).toBe('session_expired');
      const listed = ok(await d.request('GET', `${T()}/terminals`, as(owner.token)), 200);
      expect(listed.body.items.map((t: { id: string }) => t.id)).not.toContain(desk.terminal.id);
    });

    it('terminal pairing: the device starts (201 code), polls (202), the owner pairs it by code (201), the device fetches its token once (200, then 404) and unlocks with it', async () => {
      const desk = await frontDesk('Skanstull');
      const started = ok(await d.request('POST', '/v1/terminal/pairing'), 201);
      const poll = () => d.request('POST', `/v1/terminal/pairing/${started.body.pairingId}/token`, { json: { code: started.body.code } });
      ok(await poll(), 202);
      const listed = ok(await d.request('GET', `${T()}/terminals`, as(owner.token)), 200);
      const branchId = listed.body.items.find((t: { id: string }) => t.id === desk.terminal.id).branchId as string;
      const paired = ok(await d.request('POST', `${T()}/terminals/pair`, { ...as(owner.token), json: { code: started.body.code.toLowerCase(), name: 'Skanstull iPad', branchId } }), 201);
      expect(paired.body).not.toHaveProperty('token');
      const token = ok(await poll(), 200).body.token as string;
      expect(ok(await poll(), 404).body.code).toBe('pairing_not_found');
      const unlocked = ok(await unlock(token, desk.pin), 200);
      expect(unlocked.body.staff.id).toBe(desk.staffId);
      ok(await d.request('POST', '/v1/terminal/lock', { token: unlocked.body.token }), 204);
    });

    it('terminal and branch settings: the list names who is signed in, PATCH renames and moves a terminal (ending its session), PATCH renames a branch, staff found by external id', async () => {
      const desk = await frontDesk('Hornstull');
      const listed = async () => ok(await d.request('GET', `${T()}/terminals`, as(owner.token)), 200).body.items.find((t: { id: string }) => t.id === desk.terminal.id);
      expect(await listed()).toMatchObject({ lastSeenAt: null, signedIn: null, version: 1 });
      const session = ok(await unlock(desk.terminal.token, desk.pin), 200).body.token as string;
      expect((await listed()).signedIn).toMatchObject({ staffId: desk.staffId });
      const renamed = ok(await d.request('PATCH', `${T()}/terminals/${desk.terminal.id}`, { ...as(owner.token), headers: { 'if-match': '1' }, json: { name: 'Hornstull iPad' } }), 200);
      expect(renamed.body).toMatchObject({ name: 'Hornstull iPad', version: 2 });
      const branch = ok(await d.request('POST', `${T()}/branches`, { ...as(owner.token), json: { name: 'Liljeholmen' } }), 201);
      ok(await d.request('PATCH', `${T()}/terminals/${desk.terminal.id}`, { ...as(owner.token), json: { branchId: branch.body.id } }), 200);
      expect(ok(await d.request('GET', '/v1/session', as(session)), 401).body.code).toBe('session_expired');
      expect(await listed()).toMatchObject({ branchId: branch.body.id, signedIn: null, lastSeenAt: expect.any(String) });
      expect(ok(await d.request('PATCH', `${T()}/branches/${branch.body.id}`, { ...as(owner.token), json: { name: 'Liljeholmen Torg' } }), 200).body.name).toBe('Liljeholmen Torg');
      expect((await d.request('PATCH', `${T()}/branches/brn_01nosuchbranch`, { ...as(owner.token), json: { name: 'X' } })).status).toBe(404);
      expect(ok(await d.request('DELETE', `${T()}/branches/${branch.body.id}`, as(owner.token)), 409).body.code).toBe('in_use');
      const empty = ok(await d.request('POST', `${T()}/branches`, { ...as(owner.token), json: { name: 'Closing down' } }), 201);
      ok(await d.request('DELETE', `${T()}/branches/${empty.body.id}`, as(owner.token)), 204);
      const externalId = `EXT-${randomUUID().slice(0, 8)}`;
      ok(await d.request('PATCH', `${T()}/staff/${desk.staffId}`, { ...as(owner.token), json: { externalId } }), 200);
      const found = ok(await d.request('GET', `${T()}/staff?externalId=${externalId}`, as(owner.token)), 200);
      expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([desk.staffId]);
    });

    it('tags and bulk actions: the tag list with member counts, ?tag=a&tag=b, rename and delete across members, bulk tag / renew_pins (sent, never answered) / suspend', async () => {
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `Tagged ${randomUUID().slice(0, 6)}`, grants: { 'clients.view': true } } }), 201);
      const smsPhone = phone();
      const staffJson = (firstName: string, extra: Record<string, unknown>) => ({ ...as(owner.token), json: { firstName, lastName: 'Ek', accessLevelId: level.body.id, ...extra } });
      const a = ok(await d.request('POST', `${T()}/staff`, staffJson('Tia', { phone: smsPhone, tags: ['Night'] })), 201).body.id as string;
      const b = ok(await d.request('POST', `${T()}/staff`, staffJson('Ulf', { email: email('tagged') })), 201).body.id as string;
      expect(ok(await d.request('POST', `${T()}/tags`, { ...as(owner.token), json: { name: 'Colourist' } }), 201).body).toEqual({ name: 'Colourist', members: 0 });
      expect(ok(await d.request('POST', `${T()}/tags`, { ...as(owner.token), json: { name: 'colourist' } }), 409).body.code).toBe('name_taken');
      const bulk = (json: unknown) => d.request('POST', `${T()}/staff/bulk`, { ...as(owner.token), json });
      expect(ok(await bulk({ action: 'tag', staffIds: [a, b], tag: 'colourist' }), 200).body.results).toEqual([{ staffId: a, ok: true }, { staffId: b, ok: true }]);
      const both = ok(await d.request('GET', `${T()}/staff?tag=Night&tag=Colourist`, as(owner.token)), 200);
      expect(both.body.items.map((s: { id: string }) => s.id)).toEqual([a]);
      const listed = ok(await d.request('GET', `${T()}/tags`, as(owner.token)), 200).body.items;
      expect(listed).toEqual(expect.arrayContaining([{ name: 'Colourist', members: 2 }, { name: 'Night', members: 1 }]));
      expect(ok(await d.request('PATCH', `${T()}/tags/Night`, { ...as(owner.token), json: { name: 'Late shift' } }), 200).body).toEqual({ name: 'Late shift', membersUpdated: 1, complete: true });
      ok(await d.request('DELETE', `${T()}/tags/colourist`, as(owner.token)), 204);
      expect(ok(await d.request('GET', `${T()}/staff/${a}`, as(owner.token)), 200).body.tags).toEqual(['Late shift']);
      const renewed = ok(await bulk({ action: 'renew_pins', staffIds: [a] }), 200);
      expect(renewed.body.results).toEqual([{ staffId: a, ok: true }]);
      expect(renewed.text).not.toContain(await d.latestPin(smsPhone));
      expect(ok(await bulk({ action: 'suspend', staffIds: [b, 'stf_01nosuchstaff'] }), 200).body.results).toEqual([
        { staffId: b, ok: true },
        { staffId: 'stf_01nosuchstaff', ok: false, code: 'not_found' },
      ]);
    });

    it('the decisions API (HTTP API): POST /v1/authorize with the session checked in the function, answers as the REST API', async () => {
      expect(d.decisions.routeKeys().sort()).toEqual(['$default', 'POST /v1/authorize']);
      const level = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: `Decider ${randomUUID().slice(0, 6)}`, grants: { 'clients.view': true } } }), 201);
      const staffEmail = email('decider');
      const staff = ok(await d.request('POST', `${T()}/staff`, { ...as(owner.token), json: { firstName: 'Dan', lastName: 'Ek', email: staffEmail, accessLevelId: level.body.id } }), 201);
      ok(await d.request('POST', `${T()}/invitations`, { ...as(owner.token), json: { staffId: staff.body.id, channel: 'email' } }), 201);
      const member = ok(await accept(d, await d.latestToken(staffEmail)), 200);
      const both = async (json: unknown, token: string | null = member.body.token) => {
        const options = { ...(token ? { token } : {}), json, headers: { 'x-tenant-id': owner.tenantId } };
        return [await d.request('POST', '/v1/authorize', options), await d.request('POST', '/v1/authorize', { ...options, api: 'decisions' })] as const;
      };

      const [restSingle, single] = await both({ permission: 'clients.view' });
      expect(ok(single, 200).body).toEqual({ allowed: true, reason: 'granted' });
      expect(single.body).toEqual(restSingle.body);
      const [restBatch, batch] = await both({ checks: [{ permission: 'clients.view' }, { permission: 'staff.manage' }] });
      expect(ok(batch, 200).body).toEqual(restBatch.body);
      for (const token of [null, 'not-a-session', `${member.body.token}x`]) {
        const [, refused] = await both({ permission: 'clients.view' }, token);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
      }
      ok(await d.request('POST', '/v1/auth/logout', { token: member.body.token }), 204);
      expect((await both({ permission: 'clients.view' }))[1].status).toBe(401);
      const elsewhere = await d.request('GET', '/v1/tenants', { api: 'decisions', token: owner.token });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.headers.get('content-type')).toContain('application/problem+json');
    });

    it('access snapshots: back-office and terminal snapshots signed with the KMS-wrapped key ring, verified against GET /.well-known/jwks.json', async () => {
      const jwks = ok(await d.request('GET', '/.well-known/jwks.json'), 200);
      // The current period's key and the next one's, made on first need.
      expect(jwks.body.keys).toHaveLength(2);
      for (const key of jwks.body.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      const verify = async (snapshot: string) =>
        (await jwtVerify(snapshot, createLocalJWKSet(jwks.body), { algorithms: ['ES256'], typ: ACCESS_SNAPSHOT_TYP })).payload;

      const fromHeader = ok(await d.request('POST', '/v1/access-snapshot', { ...as(owner.token), headers: { 'x-tenant-id': owner.tenantId } }), 200);
      const fromBody = ok(await d.request('POST', '/v1/access-snapshot', { ...as(owner.token), json: { tenantId: owner.tenantId } }), 200);
      const backOffice = await verify(fromHeader.body.snapshot);
      expect(backOffice).toMatchObject({ tenantId: owner.tenantId, session: { kind: 'backoffice' } });
      expect((await verify(fromBody.body.snapshot)).tenantId).toBe(owner.tenantId);
      // A second request in the same warm instance signs with the same key.
      expect(fromBody.body.snapshot.split('.')[0]).toBe(fromHeader.body.snapshot.split('.')[0]);

      const desk = await frontDesk('Gamla stan');
      const session = ok(await unlock(desk.terminal.token, desk.pin), 200).body.token as string;
      const terminal = await verify(ok(await d.request('POST', '/v1/access-snapshot', { token: session }), 200).body.snapshot);
      expect(terminal).toMatchObject({ staffId: desk.staffId, session: { kind: 'terminal', terminalId: desk.terminal.id } });
      const checks = [{ permission: 'clients.view' }, { permission: 'staff.manage' }, { permission: 'clients.teleport' }];
      const answered = ok(await d.request('POST', '/v1/authorize', { token: session, json: { checks } }), 200);
      const decider = accessSnapshotDecider(terminal);
      expect(checks.map((check) => decider.can(check.permission, undefined, Date.now()))).toEqual(answered.body.results);

      expect((await d.request('POST', '/v1/access-snapshot', { headers: { 'x-tenant-id': owner.tenantId } })).status).toBe(401);
      ok(await d.request('POST', '/v1/terminal/lock', { token: session }), 204);
    });

    it('a level per branch: the terminal of that branch unlocks with it, checks name their branch, the snapshot is format 2, holders by branch', async () => {
      const desk = await frontDesk('Kungsholmen');
      const elsewhere = await frontDesk('Östermalm');
      const manager = ok(await d.request('POST', `${T()}/access-levels`, { ...as(owner.token), json: { name: 'Branch manager', grants: { 'clients.view': true, 'sales.refund': true } } }), 201);
      const terminals = ok(await d.request('GET', `${T()}/terminals?limit=100`, as(owner.token)), 200).body.items as { id: string; branchId: string }[];
      const branchOf = (terminalId: string) => terminals.find((terminal) => terminal.id === terminalId)?.branchId as string;
      const branchId = branchOf(desk.terminal.id);
      const patched = ok(await d.request('PATCH', `${T()}/staff/${desk.staffId}`, { ...as(owner.token), json: { branchLevels: [{ branchId, accessLevelId: manager.body.id }] } }), 200);
      expect(patched.body.branchLevels).toEqual([{ branchId, accessLevelId: manager.body.id }]);

      const session = ok(await unlock(desk.terminal.token, desk.pin), 200).body.token as string;
      const authorize = (json: unknown) => d.request('POST', '/v1/authorize', { token: session, json });
      expect(ok(await authorize({ permission: 'sales.refund' }), 200).body.allowed).toBe(true);
      expect(ok(await authorize({ permission: 'sales.refund', resource: { branchId: branchOf(elsewhere.terminal.id) } }), 200).body.allowed).toBe(false);
      const snapshot = ok(await d.request('POST', '/v1/access-snapshot', { token: session }), 200).body.snapshot as string;
      const jwks = ok(await d.request('GET', '/.well-known/jwks.json'), 200);
      const claims = (await jwtVerify(snapshot, createLocalJWKSet(jwks.body), { algorithms: ['ES256'], typ: ACCESS_SNAPSHOT_TYP })).payload;
      expect(claims).toMatchObject({ v: 2, levels: [{ branchId: null }, { branchId, accessLevelId: manager.body.id }] });
      expect(accessSnapshotDecider(claims).can('sales.refund', undefined, Date.now()).allowed).toBe(true);
      const holders = ok(await d.request('GET', `${T()}/permissions/sales.refund/holders?branchId=${branchId}`, as(owner.token)), 200);
      expect(holders.body.items.find((holder: { staffId: string }) => holder.staffId === desk.staffId)).toMatchObject({ levelBranchId: branchId });
      ok(await d.request('POST', '/v1/terminal/lock', { token: session }), 204);
    });

    it('change events and webhooks: a change is put on the staffgate-<region> bus, a webhook gets a signed delivery attempt, every webhook route answers', async () => {
      const hooks = `${T()}/webhooks`;
      const created = ok(await d.request('POST', hooks, { ...as(owner.token), json: { url: 'https://hooks.salon-app.example/staffgate', types: ['staff.created', 'staff.archived'] } }), 201);
      const hook = created.body.id as string;
      expect(created.body.secret).toMatch(/^whsec_/);
      expect(ok(await d.request('GET', hooks, as(owner.token)), 200).body.items.map((item: { id: string }) => item.id)).toContain(hook);
      ok(await d.request('GET', `${hooks}/${hook}`, as(owner.token)), 200);
      ok(await d.request('PATCH', `${hooks}/${hook}`, { ...as(owner.token), json: { types: ['staff.created'] } }), 200);
      ok(await d.request('POST', `${hooks}/${hook}/rotate-secret`, as(owner.token)), 200);
      ok(await d.request('POST', `${hooks}/${hook}/test`, as(owner.token)), 202);
      expect(ok(await d.request('POST', hooks, { ...as(owner.token), json: { url: 'https://169.254.169.254/latest', types: ['staff.created'] } }), 400).body.code).toBe('validation_failed');

      const staffId = await newStaff('Evented');
      await d.settle();
      const onBus = d.standIn.busEvents.map((event) => ({ ...event, detail: JSON.parse(event.detail) }));
      expect(onBus).toContainEqual({
        busName: `staffgate-${d.stack.region}`,
        source: 'staffgate',
        detailType: 'staff.created',
        detail: expect.objectContaining({ type: 'staff.created', tenantId: owner.tenantId, data: expect.objectContaining({ staffId }) }),
      });
      // The test event goes to the webhook only, never on the bus.
      expect(onBus.some((event) => event.detailType === 'webhook.test')).toBe(false);
      // Offline the receiver's name does not resolve: each delivery made its first attempt (secret opened, attempt claimed and recorded).
      const deliveries = ok(await d.request('GET', `${hooks}/${hook}/deliveries`, as(owner.token)), 200).body.items as { type: string; attempts: number; status: string; error: string }[];
      expect(deliveries.map((delivery) => delivery.type).sort()).toEqual(['staff.created', 'webhook.test']);
      for (const delivery of deliveries) expect(delivery).toMatchObject({ attempts: 1, status: 'pending', error: 'connection_failed' });
      ok(await d.request('DELETE', `${hooks}/${hook}`, as(owner.token)), 204);
    });

    it('made no AWS call its role does not allow, and lost no message', async () => {
      await d.settle();
      // What each role actually used (grant review): function → action on table/index → partition-key prefixes.
      const used = new Map<string, Set<string>>();
      for (const check of d.standIn.checks) {
        const prefixes = [...new Set([check.keys['dynamodb:LeadingKeys'] ?? []].flat().map((k) => `${k.split('#')[0]}#`))].sort().join(',');
        const where = check.resource.includes('/index/') ? `index/${check.resource.split('/index/')[1]}` : check.service;
        const entry = `${check.action} ${where}${prefixes ? ` [${prefixes}]` : ''}`;
        const name = check.caller.replace(`${d.stack.stackName}-`, '');
        used.set(name, (used.get(name) ?? new Set()).add(entry));
      }
      console.log(`[${d.stack.stackName}] AWS calls by role:\n${[...used].map(([name, entries]) => `  ${name}: ${[...entries].sort().join('; ')}`).join('\n')}`);
      expect(d.standIn.unsupported).toEqual([]);
      expect(d.deadLetters).toEqual([]);
      expect(d.streamFailures).toEqual([]);
      expect(d.denials.map((x) => `${x.caller} ${x.action} ${x.resource} ${JSON.stringify(x.keys)} (${x.reason})`)).toEqual([]);
    });
  });
}
