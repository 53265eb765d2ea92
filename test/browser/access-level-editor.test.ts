import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LEVEL_EDITOR_WORDS as WORDS } from '../../components/src/access-level-editor/words.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { launchBrowser, newViewportContext, runAxe, saveScreenshot, type ViewportName } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * <staffgate-access-level-editor> in Chromium against the local stack,
 * hosted on the API's origin (page.route) as a host app would: the served
 * components bundle, a typed client with the member's session, and the
 * salon's employees for the staff picker.
 */
let api: TestApi;
let browser: Browser;
let clientModule: string;
const contexts: BrowserContext[] = [];

const HOST_HTML = `<!doctype html>
<html lang="LANG">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Access levels</title></head>
<body>
<main><h1>Salon back office</h1><staffgate-access-level-editor></staffgate-access-level-editor></main>
<script type="module" src="/_local/demo/staffgate-components.js"></script>
<script type="module">
  import { createStaffGateClient } from '/_test/client.js';
  const config = window.__editorConfig;
  const editor = document.querySelector('staffgate-access-level-editor');
  window.__saved = [];
  editor.addEventListener('staffgate-saved', (event) => window.__saved.push(event.detail));
  editor.staffOptions = config.staffOptions;
  editor.levelId = config.levelId;
  editor.words = config.words;
  editor.client = createStaffGateClient({ baseUrl: location.origin, token: config.token, tenantId: config.tenantId });
  editor.tenantId = config.tenantId;
</script>
</body>
</html>`;

interface HostConfig {
  token: string;
  tenantId: string;
  levelId?: string;
  staffOptions?: { id: string; name: string }[];
  words?: Record<string, string>;
  lang?: string;
}

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser();
  // The host app's own copy of the typed client, as a host would bundle it.
  const built = await build({
    entryPoints: [fileURLToPath(new URL('../../client/src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
  });
  clientModule = built.outputFiles[0]?.text ?? '';
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await api?.stop();
});

async function openEditor(viewport: ViewportName, config: HostConfig): Promise<Page> {
  const context = await newViewportContext(browser, viewport, { locale: config.lang === 'sv' ? 'sv-SE' : 'en-GB' });
  contexts.push(context);
  await context.addInitScript((value) => {
    (globalThis as unknown as { __editorConfig: unknown }).__editorConfig = value;
  }, { staffOptions: [], levelId: '', words: {}, ...config });
  const page = await context.newPage();
  await page.route(`${api.url}/_test/host.html`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: HOST_HTML.replace('LANG', config.lang ?? 'en') }),
  );
  await page.route(`${api.url}/_test/client.js`, (route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: clientModule }));
  await page.goto(`${api.url}/_test/host.html`);
  await page.locator('staffgate-access-level-editor #name').waitFor();
  return page;
}

const levelPath = (owner: { tenantId: string }, id: string) => `/v1/tenants/${owner.tenantId}/access-levels/${id}`;
const getLevel = async (owner: SignedInOwner, id: string) => (await api.request('GET', levelPath(owner, id), { token: owner.token })).body;
const byId = (page: Page, id: string) => page.locator(`staffgate-access-level-editor [id="${id}"]`);

const levelButton = (page: Page, name: string) => page.locator('staffgate-access-level-editor nav button', { hasText: name });

/** The element that has the keyboard's focus, looking through shadow roots. */
const focusedId = async (page: Page): Promise<string> =>
  String(
    await page.evaluate(`(() => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
      return active ? active.id : '';
    })()`),
  );

/** Presses Tab until the element with this id has focus: the way a keyboard user gets there. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let presses = 0; presses < 300; presses += 1) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

async function ownerLevelId(owner: SignedInOwner): Promise<string> {
  const me = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${owner.staffId}`, { token: owner.token });
  return me.body.accessLevelId as string;
}

/**
 * Holds the page's first save (PUT or POST of a level) until released, as a slow network would,
 * so a test can act while it runs; later saves go through.
 */
async function holdFirstSave(page: Page): Promise<{ arrived: Promise<void>; release: () => void }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let holding = true;
  await page.route(
    (url) => url.pathname.includes('/access-levels'),
    async (route) => {
      if (holding && ['PUT', 'POST'].includes(route.request().method())) {
        holding = false;
        arrive();
        await held;
      }
      await route.continue();
    },
  );
  return { arrived, release };
}

const submit = (page: Page) => page.locator('staffgate-access-level-editor button[type="submit"]');

/** A level open with its delete confirmation shown, and a save of a change to it sent and held until `save.release()`. */
async function askingToDeleteDuringASave() {
  const owner = await makeSignedInOwner(api);
  const level = await makeAccessLevel(api, owner, { name: 'Temporary', grants: { 'clients.view': true } });
  const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });
  const save = await holdFirstSave(page);
  await page.locator('staffgate-access-level-editor button', { hasText: WORDS.delete }).click();
  await byId(page, 'section-stock').click();
  await submit(page).click();
  await save.arrived;
  return { owner, level, page, save };
}
const okMessage = (page: Page) => page.locator('staffgate-access-level-editor .message.ok');

describe('the access-level editor', () => {
  it('shows the catalog and the chosen level, and its tri-state section box shows mixed, fills and empties the section', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Front desk', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });

    expect(await byId(page, 'name').inputValue()).toBe('Front desk');
    const clients = byId(page, 'section-clients');
    expect(await clients.getAttribute('aria-checked')).toBe('mixed');
    expect(await byId(page, 'section-sales').getAttribute('aria-checked')).toBe('false');

    await tabTo(page, 'section-clients');
    await page.keyboard.press('Space');
    expect(await clients.getAttribute('aria-checked')).toBe('true');
    await byId(page, 'show-clients').click();
    const boxes = page.locator('staffgate-access-level-editor #rights-clients input[type="checkbox"]');
    expect(await boxes.count()).toBeGreaterThan(1);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);

    await clients.click();
    expect(await clients.getAttribute('aria-checked')).toBe('false');
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);

    await byId(page, 'grant-clients.view').check();
    expect(await clients.getAttribute('aria-checked')).toBe('mixed');
  });

  it('grants a permission for a chosen employee, keyboard only, and saves it with If-Match as the API then returns it', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'calendar.view': true } });
    const eva = await makeStaff(api, owner, { firstName: 'Eva', lastName: 'Lind', accessLevelId: level.id });
    const page = await openEditor('phone', {
      token: owner.token,
      tenantId: owner.tenantId,
      levelId: level.id,
      staffOptions: [{ id: eva.id, name: 'Eva Lind' }],
    });

    await tabTo(page, 'show-calendar');
    await page.keyboard.press('Enter');
    await tabTo(page, 'mode-calendar.view');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await byId(page, 'mode-calendar.view').inputValue()).toBe('staff');
    await tabTo(page, `employee-calendar.view-${eva.id}`);
    await page.keyboard.press('Space');
    await tabTo(page, 'name');
    await page.keyboard.press('Enter');
    await page.locator('staffgate-access-level-editor .message.ok', { hasText: WORDS.saved }).waitFor();

    const stored = await getLevel(owner, level.id);
    expect(stored.grants['calendar.view']).toEqual({ scope: 'staff', employeeIds: [eva.id] });
    expect(stored.version).toBe(level.version + 1);
    const saved = (await page.evaluate('window.__saved')) as { level: { id: string; version: number }; created: boolean }[];
    expect(saved).toEqual([expect.objectContaining({ created: false, level: expect.objectContaining({ id: level.id, version: stored.version }) })]);
  });

  it('shows what a grant needs next to it and sends nothing until it is given', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Trainee', grants: { 'calendar.view': true, 'calendar.history': { days: 7 } } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });

    await byId(page, 'show-calendar').click();
    await byId(page, 'mode-calendar.view').selectOption('staff');
    await byId(page, 'days-calendar.history').fill('');
    await page.locator('staffgate-access-level-editor button[type="submit"]').click();

    await byId(page, 'grant-calendar.view-problem').waitFor();
    expect(await byId(page, 'grant-calendar.view-problem').innerText()).toBe(WORDS.needsEmployees);
    expect(await byId(page, 'grant-calendar.history-problem').innerText()).toBe(WORDS.needsDays);
    expect(await byId(page, 'days-calendar.history').getAttribute('aria-describedby')).toBe('grant-calendar.history-problem');
    expect((await getLevel(owner, level.id)).version).toBe(level.version);
  });

  it('creates a level from a template and the API holds the template’s grants', async () => {
    const owner = await makeSignedInOwner(api);
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId });

    await page.locator('staffgate-access-level-editor nav button', { hasText: WORDS.newLevel }).click();
    await byId(page, 'name').fill('Weekend reception');
    await byId(page, 'template').selectOption('reception');
    await page.locator('staffgate-access-level-editor button', { hasText: WORDS.applyTemplate }).click();
    await page.locator('staffgate-access-level-editor button[type="submit"]', { hasText: WORDS.create }).click();
    await page.locator('staffgate-access-level-editor .message.ok', { hasText: WORDS.saved }).waitFor();

    const list = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token });
    const created = (list.body.items as { name: string; grants: Record<string, unknown> }[]).find((item) => item.name === 'Weekend reception');
    expect(created?.grants['appointments.delete']).toBe('approval');
    expect(created?.grants['calendar.history']).toEqual({ days: 30 });
    expect(await page.locator('staffgate-access-level-editor nav button[aria-current="true"]').innerText()).toBe('Weekend reception');
  });

  it('says in words that a manager cannot grant rights they do not hold, and the level stays as it was', async () => {
    const owner = await makeSignedInOwner(api);
    const managerLevel = await makeAccessLevel(api, owner, {
      name: 'Limited manager',
      remoteAccess: true,
      grants: { 'access.view': true, 'access.manage': true, 'staff.view': true, 'clients.view': true },
    });
    const stylist = await makeAccessLevel(api, owner, { name: 'Junior', grants: { 'clients.view': true } });
    const manager = await makeSignedInMember(api, owner, managerLevel.id);
    const page = await openEditor('desktop', { token: manager.token, tenantId: owner.tenantId, levelId: stylist.id });

    await byId(page, 'section-sales').click();
    await page.locator('staffgate-access-level-editor button[type="submit"]').click();
    const message = page.locator('staffgate-access-level-editor #message[role="alert"]');
    await message.waitFor();
    expect(await message.innerText()).toContain(WORDS.escalationDenied);
    expect((await getLevel(owner, stylist.id)).grants).toEqual({ 'clients.view': true });
  });

  it('says in words that the last admin’s level cannot lose the admin rights', async () => {
    const owner = await makeSignedInOwner(api);
    const levelId = await ownerLevelId(owner);
    const before = await getLevel(owner, levelId);
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId });

    await byId(page, 'section-access').click();
    expect(await byId(page, 'section-access').getAttribute('aria-checked')).toBe('false');
    await page.locator('staffgate-access-level-editor button[type="submit"]').click();
    const message = page.locator('staffgate-access-level-editor #message[role="alert"]');
    await message.waitFor();
    expect(await message.innerText()).toBe(WORDS.lastAdmin);
    expect((await getLevel(owner, levelId)).version).toBe(before.version);
  });

  it('refuses to overwrite a level someone changed meanwhile, and Reload shows their version', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Colourist', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });

    const behind = await api.request('PUT', levelPath(owner, level.id), {
      token: owner.token,
      headers: { 'If-Match': String(level.version) },
      json: { name: 'Senior colourist', grants: { 'clients.view': true, 'clients.notes.view': true } },
    });
    expect(behind.status).toBe(200);

    await byId(page, 'section-stock').click();
    await page.locator('staffgate-access-level-editor button[type="submit"]').click();
    await page.locator('staffgate-access-level-editor #message', { hasText: WORDS.conflict }).waitFor();
    expect(await focusedId(page)).toBe('reload');
    expect((await getLevel(owner, level.id)).grants).toEqual({ 'clients.view': true, 'clients.notes.view': true });

    await page.keyboard.press('Enter');
    await page.locator('staffgate-access-level-editor #message').waitFor({ state: 'detached' });
    expect(await byId(page, 'name').inputValue()).toBe('Senior colourist');
    expect(await byId(page, 'section-stock').getAttribute('aria-checked')).toBe('false');
    await byId(page, 'show-clients').click();
    expect(await byId(page, 'grant-clients.notes.view').isChecked()).toBe(true);

    await page.locator('staffgate-access-level-editor button[type="submit"]').click();
    await page.locator('staffgate-access-level-editor .message.ok', { hasText: WORDS.saved }).waitFor();
    expect((await getLevel(owner, level.id)).version).toBe(behind.body.version + 1);
  });

  it('deletes a level after confirmation', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Temporary', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });

    await page.locator('staffgate-access-level-editor button', { hasText: WORDS.delete }).click();
    expect(await focusedId(page)).toBe('cancel-delete');
    await byId(page, 'confirm-delete').click();
    await page.locator('staffgate-access-level-editor .message.ok', { hasText: WORDS.deleted }).waitFor();
    expect((await api.request('GET', levelPath(owner, level.id), { token: owner.token })).status).toBe(404);
  });

  it('deletes a level whose Yes was pressed while a save ran, with the version that save made', async () => {
    const { owner, level, page, save } = await askingToDeleteDuringASave();
    await byId(page, 'confirm-delete').click();
    save.release();

    await expect.poll(() => page.locator('staffgate-access-level-editor #message').innerText()).toBe(WORDS.deleted);
    expect((await api.request('GET', levelPath(owner, level.id), { token: owner.token })).status).toBe(404);
  });

  it('withdraws a Yes to delete pressed while a save ran when Cancel follows before the save ends', async () => {
    const { owner, level, page, save } = await askingToDeleteDuringASave();
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(request.url());
    });
    await byId(page, 'confirm-delete').click();
    await byId(page, 'cancel-delete').click();
    save.release();

    await expect.poll(() => page.locator('staffgate-access-level-editor #message').innerText()).toBe(WORDS.saved);
    // A level picked now opens after anything asked for before it: a Yes carried out would have deleted by then.
    await levelButton(page, WORDS.newLevel).click();
    await expect.poll(() => page.locator('staffgate-access-level-editor #form-title').innerText()).toBe(WORDS.newLevel);
    expect(deletes).toEqual([]);
    expect((await api.request('GET', levelPath(owner, level.id), { token: owner.token })).status).toBe(200);
  });

  it('deletes only the level shown when Yes was pressed twice', async () => {
    const owner = await makeSignedInOwner(api);
    const first = await makeAccessLevel(api, owner, { name: 'Aaa first', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: first.id });
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(new URL(request.url()).pathname);
    });

    await page.locator('staffgate-access-level-editor button', { hasText: WORDS.delete }).click();
    await byId(page, 'confirm-delete').dblclick();
    await expect.poll(() => page.locator('staffgate-access-level-editor #message').innerText()).toBe(WORDS.deleted);
    await levelButton(page, WORDS.newLevel).click();
    await expect.poll(() => page.locator('staffgate-access-level-editor #form-title').innerText()).toBe(WORDS.newLevel);

    expect(deletes).toEqual([levelPath(owner, first.id)]);
    const left = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token });
    expect(left.body.items.length).toBeGreaterThan(0);
  });

  it('keeps a change made while a save runs, says it is not saved yet, and the next save stores it', async () => {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { name: 'Colourist', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: level.id });
    const save = await holdFirstSave(page);

    await byId(page, 'section-stock').click();
    await submit(page).click();
    await save.arrived;
    await byId(page, 'name').fill('Senior colourist');
    save.release();

    await okMessage(page).waitFor();
    expect(await okMessage(page).innerText()).toBe(WORDS.savedEditsPending);
    expect(await byId(page, 'name').inputValue()).toBe('Senior colourist');
    expect(await page.evaluate(`document.querySelector('staffgate-access-level-editor').hasUnsavedChanges`)).toBe(true);
    const first = await getLevel(owner, level.id);
    expect([first.name, first.version]).toEqual(['Colourist', level.version + 1]);
    expect(Object.keys(first.grants).some((key) => key.startsWith('stock.'))).toBe(true);

    await submit(page).click();
    await expect.poll(() => okMessage(page).innerText()).toBe(WORDS.saved);
    const second = await getLevel(owner, level.id);
    expect([second.name, second.version]).toEqual(['Senior colourist', level.version + 2]);
  });

  it('keeps a change made while a new level is created, and the next save updates the created level', async () => {
    const owner = await makeSignedInOwner(api);
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId });
    const save = await holdFirstSave(page);

    await levelButton(page, WORDS.newLevel).click();
    await byId(page, 'name').fill('Weekend reception');
    await submit(page).click();
    await save.arrived;
    await byId(page, 'section-stock').click();
    save.release();

    await okMessage(page).waitFor();
    expect(await okMessage(page).innerText()).toBe(WORDS.savedEditsPending);
    expect(await byId(page, 'section-stock').getAttribute('aria-checked')).toBe('true');
    expect(await page.locator('staffgate-access-level-editor nav button[aria-current="true"]').innerText()).toBe('Weekend reception');

    await submit(page).click();
    await expect.poll(() => okMessage(page).innerText()).toBe(WORDS.saved);
    const list = await api.request('GET', `/v1/tenants/${owner.tenantId}/access-levels`, { token: owner.token });
    const named = (list.body.items as { name: string; version: number; grants: Record<string, unknown> }[]).filter((item) => item.name === 'Weekend reception');
    expect(named).toHaveLength(1);
    expect(Object.keys(named[0]?.grants ?? {}).some((key) => key.startsWith('stock.'))).toBe(true);
  });

  it('opens a level picked while a save runs once the save is done', async () => {
    const owner = await makeSignedInOwner(api);
    const colourist = await makeAccessLevel(api, owner, { name: 'Colourist', grants: { 'clients.view': true } });
    await makeAccessLevel(api, owner, { name: 'Reception', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: colourist.id });
    const save = await holdFirstSave(page);

    await byId(page, 'section-stock').click();
    await submit(page).click();
    await save.arrived;
    await levelButton(page, 'Reception').click();
    expect(await byId(page, 'name').inputValue()).toBe('Colourist');
    save.release();

    await expect.poll(() => byId(page, 'name').inputValue()).toBe('Reception');
    expect(await byId(page, 'leave-text').count()).toBe(0);
    expect((await getLevel(owner, colourist.id)).version).toBe(colourist.version + 1);
  });

  it('opens another level at once when nothing changed, a change undone included', async () => {
    const owner = await makeSignedInOwner(api);
    const colourist = await makeAccessLevel(api, owner, { name: 'Colourist', grants: { 'clients.view': true } });
    await makeAccessLevel(api, owner, { name: 'Reception', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: colourist.id });

    await byId(page, 'section-stock').click();
    await byId(page, 'section-stock').click();
    await levelButton(page, 'Reception').click();

    await expect.poll(() => byId(page, 'name').inputValue()).toBe('Reception');
    expect(await byId(page, 'leave-text').count()).toBe(0);
  });

  it('asks before leaving unsaved changes for another level: Keep editing keeps them, Leave without saving opens it and saves nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const colourist = await makeAccessLevel(api, owner, { name: 'Colourist', grants: { 'clients.view': true } });
    await makeAccessLevel(api, owner, { name: 'Reception', grants: { 'clients.view': true } });
    const page = await openEditor('desktop', { token: owner.token, tenantId: owner.tenantId, levelId: colourist.id });

    const unsaved = () => page.evaluate(`document.querySelector('staffgate-access-level-editor').hasUnsavedChanges`);
    expect(await unsaved()).toBe(false);
    await byId(page, 'section-stock').click();
    expect(await unsaved()).toBe(true);
    await levelButton(page, 'Reception').click();
    await page.locator('staffgate-access-level-editor #leave-text', { hasText: WORDS.unsavedChanges('Colourist') }).waitFor();
    expect(await focusedId(page)).toBe('keep-editing');
    await saveScreenshot(page, 'access-level-editor-unsaved', 'desktop');
    await page.keyboard.press('Enter');
    await byId(page, 'leave-text').waitFor({ state: 'detached' });
    expect(await focusedId(page)).toBe('name');
    expect(await byId(page, 'name').inputValue()).toBe('Colourist');
    expect(await byId(page, 'section-stock').getAttribute('aria-checked')).toBe('true');

    await levelButton(page, WORDS.newLevel).click();
    await byId(page, 'leave-unsaved').click();
    await expect.poll(() => page.locator('staffgate-access-level-editor #form-title').innerText()).toBe(WORDS.newLevel);
    expect(await byId(page, 'name').inputValue()).toBe('');
    expect(await unsaved()).toBe(false);
    expect((await getLevel(owner, colourist.id)).grants).toEqual({ 'clients.view': true });
  });

  it('shows a host’s own words (Swedish) instead of the English ones', async () => {
    const owner = await makeSignedInOwner(api);
    const page = await openEditor('phone', { token: owner.token, tenantId: owner.tenantId, lang: 'sv', words: { name: 'Namn', save: 'Spara', remoteAccess: 'Fjärråtkomst' } });

    expect(await page.locator('staffgate-access-level-editor label[for="name"]').innerText()).toBe('Namn');
    expect(await page.locator('staffgate-access-level-editor button[type="submit"]').innerText()).toBe('Spara');
    expect(await page.locator('staffgate-access-level-editor label[for="remote"]').innerText()).toBe('Fjärråtkomst');
  });

  for (const viewport of ['phone', 'desktop'] as const) {
    it(`passes axe with no serious or critical violations at ${viewport} width, grant forms open`, async () => {
      const owner = await makeSignedInOwner(api);
      const eva = await makeStaff(api, owner, { firstName: 'Eva', lastName: 'Lind', accessLevelId: await ownerLevelId(owner) });
      const level = await makeAccessLevel(api, owner, {
        name: 'Senior stylist',
        grants: {
          'calendar.view': { scope: 'staff', employeeIds: [eva.id] },
          'calendar.history': { days: 30 },
          'clients.view': true,
          'sales.view': true,
          'sales.refund': { limit: 100, above: 'approval' },
        },
      });
      const page = await openEditor(viewport, { token: owner.token, tenantId: owner.tenantId, levelId: level.id, staffOptions: [{ id: eva.id, name: 'Eva Lind' }] });
      await byId(page, 'show-calendar').click();
      await byId(page, 'show-sales').click();
      expect(await byId(page, 'above-sales.refund').isChecked()).toBe(true);

      const report = await runAxe(page);
      expect(report.serious).toEqual([]);
      expect(report.applied).toContain('label');
      await saveScreenshot(page, 'access-level-editor', viewport);
    });
  }
});
