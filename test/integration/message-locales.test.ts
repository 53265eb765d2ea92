import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, makeTenantBody, type SignedInOwner, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * The language of a message: the staff member's own `locale` when they have
 * one, else the salon's. Through the HTTP API, read back from the local
 * outbox (GET /_local/outbox).
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

interface OutboxItem {
  kind: string;
  subject?: string;
  text: string;
  pin?: string;
  token?: string;
}

/** The newest message of `kind` sent to `to`, waiting a little for the stream worker. */
async function latest(to: string, kind: string, after = 0): Promise<OutboxItem> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
    const items = (body.items as OutboxItem[]).filter((item) => item.kind === kind);
    if (items.length > after) return items[0] as OutboxItem;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${kind} message to ${to}`);
}

const staffPath = (owner: SignedInOwner, staffId = '') => `/v1/tenants/${owner.tenantId}/staff${staffId ? `/${staffId}` : ''}`;
const invite = (owner: SignedInOwner, staffId: string) =>
  api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId, channel: 'email' } });
const sendPin = (owner: SignedInOwner, staffId: string) =>
  api.request('PUT', `${staffPath(owner, staffId)}/pin`, { token: owner.token, json: { generate: true, send: 'email' } });
const patchStaff = (owner: SignedInOwner, staffId: string, json: Record<string, unknown>) =>
  api.request('PATCH', staffPath(owner, staffId), { token: owner.token, json });

/** A German salon with a plain access level. */
async function germanSalon() {
  const owner = await makeSignedInOwner(api, { locale: 'de', name: 'Salon Sonnenschein' });
  const level = await makeAccessLevel(api, owner, { template: 'specialist' });
  return { owner, levelId: level.id };
}

describe('the staff member\'s locale wins over the salon\'s', () => {
  it('writes the invitation in the person\'s language, and in the salon\'s for everyone else', async () => {
    const { owner, levelId } = await germanSalon();
    const finn = await makeStaff(api, owner, { accessLevelId: levelId, locale: 'fi' });
    const other = await makeStaff(api, owner, { accessLevelId: levelId });
    expect((await invite(owner, finn.id)).status).toBe(201);
    expect((await invite(owner, other.id)).status).toBe(201);

    const finnish = await latest(finn.email, 'invitation');
    expect(finnish.subject).toBe('Kutsu tiimiin Salon Sonnenschein');
    expect(finnish.text).toContain('liittymään tiimiin Salon Sonnenschein');
    expect(finnish.token).toEqual(expect.any(String));
    const german = await latest(other.email, 'invitation');
    expect(german.subject).toBe('Einladung zu Salon Sonnenschein');
    expect(german.text).toContain('auf StaffGate eingeladen');
  });

  it('writes the PIN in the language set by PATCH, and in the salon\'s again once it is cleared', async () => {
    const { owner, levelId } = await germanSalon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId });

    const patched = await patchStaff(owner, eva.id, { locale: 'pl' });
    expect(patched.status).toBe(200);
    expect(patched.body.locale).toBe('pl');
    expect((await api.request('GET', staffPath(owner, eva.id), { token: owner.token })).body.locale).toBe('pl');
    expect((await sendPin(owner, eva.id)).status).toBe(204);
    const polish = await latest(eva.email, 'pin');
    expect(polish.text).toContain('Twój kod PIN: ');
    expect(polish.text).toContain('salonu Salon Sonnenschein');
    expect(polish.pin).toMatch(/^\d{6}$/);

    const cleared = await patchStaff(owner, eva.id, { locale: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.locale).toBeNull();
    expect((await sendPin(owner, eva.id)).status).toBe(204);
    const german = await latest(eva.email, 'pin', 1);
    expect(german.text).toContain('deine PIN: ');
    expect(german.pin).toMatch(/^\d{6}$/);
  });

  it('follows a salon locale changed by PATCH …/settings, and still lets the person\'s own win', async () => {
    const { owner, levelId } = await germanSalon();
    const settings = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { locale: 'fr' } });
    expect(settings.status).toBe(200);
    expect(settings.body.locale).toBe('fr');
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token })).body.locale).toBe('fr');

    const lea = await makeStaff(api, owner, { accessLevelId: levelId });
    const dane = await makeStaff(api, owner, { accessLevelId: levelId, locale: 'da' });
    await invite(owner, lea.id);
    await invite(owner, dane.id);
    expect((await latest(lea.email, 'invitation')).text).toContain('vous invite à rejoindre Salon Sonnenschein');
    expect((await latest(dane.email, 'invitation')).subject).toBe('Du er inviteret til Salon Sonnenschein');
  });

  it('writes a password reset in the language of the account\'s person in its first salon', async () => {
    const { owner } = await germanSalon();
    // The owner's own language: not a bounding field, so they may set it themselves.
    expect((await patchStaff(owner, owner.staffId, { locale: 'es' })).status).toBe(200);
    expect((await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } })).status).toBe(202);
    const reset = await latest(owner.email, 'password_reset');
    expect(reset.subject).toBe('Restablece tu contraseña de StaffGate');
    expect(reset.token).toEqual(expect.any(String));
  });

  it('shows locale null for a staff member without one, and the chosen one in lists', async () => {
    const { owner, levelId } = await germanSalon();
    const plain = await makeStaff(api, owner, { accessLevelId: levelId });
    const dutch = await makeStaff(api, owner, { accessLevelId: levelId, locale: 'nl' });
    expect((await api.request('GET', staffPath(owner, plain.id), { token: owner.token })).body.locale).toBeNull();
    const list = await api.request('GET', staffPath(owner), { token: owner.token });
    const byId = new Map((list.body.items as { id: string; locale: string | null }[]).map((item) => [item.id, item.locale]));
    expect(byId.get(dutch.id)).toBe('nl');
    expect(byId.get(plain.id)).toBeNull();
  });
});

describe('unknown locales are refused with 400', () => {
  it.each(['it', 'EN', 'de-DE', 'no', ''])('creating a staff member with locale %j', async (locale) => {
    const { owner, levelId } = await germanSalon();
    const response = await api.request('POST', staffPath(owner), {
      token: owner.token,
      json: { firstName: 'Eva', lastName: 'Lind', email: uniqueEmail('staff'), accessLevelId: levelId, locale },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('locale');
  });

  it('patching a staff member', async () => {
    const { owner, levelId } = await germanSalon();
    const eva = await makeStaff(api, owner, { accessLevelId: levelId });
    const response = await patchStaff(owner, eva.id, { locale: 'sv-SE' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect((await api.request('GET', staffPath(owner, eva.id), { token: owner.token })).body.locale).toBeNull();
  });

  it('creating a salon', async () => {
    const response = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ locale: 'it' }));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('changing the salon settings', async () => {
    const { owner } = await germanSalon();
    const response = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { locale: 'klingon' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect((await api.request('GET', `/v1/tenants/${owner.tenantId}`, { token: owner.token })).body.locale).toBe('de');
  });
});
