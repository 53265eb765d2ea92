import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_LIST_WORDS as WORDS } from '../../components/src/staff-list/words.js';
import { makeAccessLevel, makeSignedInMember, makeSignedInOwner, makeStaff, type SignedInOwner, uniqueEmail, uniquePhone } from '../support/builders.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * <staffgate-staff-list> in Chromium against the local stack, hosted on the
 * API's origin (page.route) as a host app would: the served components
 * bundle and the host's own copy of the typed client with the session.
 */
let api: TestApi;
let browser: Browser;
let clientModule: string;
const contexts: BrowserContext[] = [];

const HOST_HTML = `<!doctype html>
<html lang="LANG">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Staff</title></head>
<body>
<main><h1>Salon back office</h1><staffgate-staff-list></staffgate-staff-list></main>
<script type="module" src="/_local/demo/staffgate-components.js"></script>
<script type="module">
  import { createStaffGateClient } from '/_test/client.js';
  const config = window.__listConfig;
  const list = document.querySelector('staffgate-staff-list');
  window.__changed = [];
  document.addEventListener('staffgate-changed', (event) => window.__changed.push(event.detail));
  list.words = config.words;
  list.client = createStaffGateClient({ baseUrl: location.origin, token: config.token, tenantId: config.tenantId });
  list.tenantId = config.tenantId;
</script>
</body>
</html>`;

const TAG = 'element';
const LIST = 'staffgate-staff-list';

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser();
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

interface Caller {
  tenantId: string;
  token: string;
}

async function openList(viewport: ViewportName, caller: Caller, options: { words?: Record<string, string>; lang?: string } = {}): Promise<Page> {
  const context = await newViewportContext(browser, viewport, { locale: options.lang === 'sv' ? 'sv-SE' : 'en-GB' });
  contexts.push(context);
  await context.addInitScript(
    (value) => {
      (globalThis as unknown as { __listConfig: unknown }).__listConfig = value;
    },
    { token: caller.token, tenantId: caller.tenantId, words: options.words ?? {} },
  );
  const page = await context.newPage();
  await page.route(`${api.url}/_test/host.html`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: HOST_HTML.replace('LANG', options.lang ?? 'en') }),
  );
  await page.route(`${api.url}/_test/client.js`, (route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: clientModule }));
  await page.goto(`${api.url}/_test/host.html`);
  await page.locator(`${LIST} tbody tr`).first().waitFor();
  return page;
}

/** A salon with two branches, a tag, a plain level, and Eva (tagged, Södermalm), Ola (Kungsholmen) and Mia (suspended) beside the owner. */
async function makeSalon(overrides: Record<string, unknown> = {}) {
  const owner = await makeSignedInOwner(api, overrides);
  const post = async (path: string, json: unknown) => {
    const response = await api.request('POST', `/v1/tenants/${owner.tenantId}${path}`, { token: owner.token, json });
    expect(response.status).toBe(201);
    return response.body;
  };
  const south = await post('/branches', { name: 'Södermalm' });
  const north = await post('/branches', { name: 'Kungsholmen' });
  await post('/tags', { name: TAG });
  const level = await makeAccessLevel(api, owner, { name: 'Stylist', grants: { 'clients.view': true, 'appointments.view': true, 'appointments.create': true } });
  const eva = await makeStaff(api, owner, { firstName: 'Eva', lastName: 'Lind', accessLevelId: level.id, tags: [TAG], branchIds: [south.id] });
  const ola = await makeStaff(api, owner, { firstName: 'Ola', lastName: 'Nord', accessLevelId: level.id, branchIds: [north.id], phone: uniquePhone() });
  const mia = await makeSignedInMember(api, owner, level.id, { firstName: 'Mia', lastName: 'Sund' });
  const suspended = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${mia.staffId}`, { token: owner.token, json: { status: 'suspended' } });
  expect(suspended.status).toBe(200);
  const terminal = await post('/terminals', { name: 'Front desk', branchId: south.id });
  return { owner, level, eva, ola, mia, south, north, terminalToken: terminal.token as string };
}

const rowNames = async (page: Page) => (await page.locator(`${LIST} tbody th[scope="row"]`).allInnerTexts()).map((text) => text.split('\n')[0]?.trim());
const getStaff = (owner: SignedInOwner, staffId: string) => api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
const manageButton = (page: Page, name: string) => page.locator(LIST).getByRole('button', { name: WORDS.manage(name) });
const dialog = (page: Page, id: 'manage' | 'confirm') => page.locator(`${LIST} dialog#${id}`);

/** The deepest focused element, through shadow roots. (Strings, not functions: the project's types have no DOM.) */
async function focused(page: Page): Promise<{ tag: string; id: string; text: string; label: string }> {
  return (await page.evaluate(`(() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
    return {
      tag: element ? element.tagName.toLowerCase() : '',
      id: (element && element.id) || '',
      text: ((element && element.textContent) || '').trim(),
      label: (element && element.getAttribute('aria-label')) || '',
    };
  })()`)) as { tag: string; id: string; text: string; label: string };
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `limit` presses. */
async function tabTo(page: Page, matches: (focus: Awaited<ReturnType<typeof focused>>) => boolean, key: 'Tab' | 'Shift+Tab' = 'Tab', limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(key);
    if (matches(await focused(page))) return;
  }
  throw new Error(`focus never reached the element; last: ${JSON.stringify(await focused(page))}`);
}

/** Everything the page and the element hold: the markup, the shadow tree's, and every field's current value. */
async function everythingShown(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const root = document.querySelector('${LIST}').shadowRoot;
      const values = [...root.querySelectorAll('input')].map((input) => input.value);
      return document.documentElement.outerHTML + root.innerHTML + values.join(' ');
    })()`),
  );
}

/** The messages sent to `to`, once there are any; a slow machine's delivery gets 45 s. */
async function outbox(to: string) {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const items = (await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`)).body.items as { channel: string; kind: string; text: string }[];
    if (items.length) return items;
    if (Date.now() > deadline) throw new Error(`nothing was sent to ${to} within 45 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the staff list', () => {
  it('lists the salon’s members but the archived, and narrows the list by tag, branch and status', async () => {
    const salon = await makeSalon();
    const page = await openList('desktop', salon.owner);

    expect((await rowNames(page)).sort()).toEqual(['Anna Berg', 'Eva Lind', 'Mia Sund', 'Ola Nord']);
    expect(await page.locator(`${LIST} thead th[scope="col"]`).allInnerTexts()).toEqual([WORDS.name, WORDS.status, WORDS.level, WORDS.tags, WORDS.pin, WORDS.actions]);

    await page.locator(`${LIST} #filter-tag`).selectOption(TAG);
    await expect.poll(() => rowNames(page)).toEqual(['Eva Lind']);
    await page.locator(`${LIST} #filter-tag`).selectOption('');
    // Members without branches work at every branch: only Eva (Södermalm alone) is not at Kungsholmen.
    await page.locator(`${LIST} #filter-branch`).selectOption(salon.north.id);
    await expect.poll(async () => (await rowNames(page)).sort()).toEqual(['Anna Berg', 'Mia Sund', 'Ola Nord']);
    await page.locator(`${LIST} #filter-branch`).selectOption('');
    await page.locator(`${LIST} #filter-status`).selectOption('suspended');
    await expect.poll(() => rowNames(page)).toEqual(['Mia Sund']);
    await page.locator(`${LIST} #filter-status`).selectOption('active');
    await expect.poll(async () => (await rowNames(page)).sort()).toEqual(['Anna Berg', 'Eva Lind', 'Ola Nord']);
  });

  it('invites a new person by email: they are listed as invited and the invitation is in the outbox', async () => {
    const salon = await makeSalon();
    const email = uniqueEmail('new');
    const page = await openList('desktop', salon.owner);

    await page.locator(`${LIST} #invite-firstName`).fill('Sara');
    await page.locator(`${LIST} #invite-lastName`).fill('Ek');
    await page.locator(`${LIST} #invite-email`).fill(email);
    await page.locator(`${LIST} #invite-accessLevelId`).selectOption(salon.level.id);
    await page.locator(LIST).getByRole('button', { name: WORDS.invite }).click();

    await page.locator(`${LIST} #news`, { hasText: WORDS.invited('Sara Ek', email) }).waitFor();
    const sent = await outbox(email);
    expect(sent.map((message) => [message.channel, message.kind])).toEqual([['email', 'invitation']]);
    await expect.poll(() => rowNames(page)).toContain('Sara Ek');
    await page.locator(`${LIST} ul.pending li`, { hasText: 'Sara Ek' }).waitFor();
    const changed = (await page.evaluate('window.__changed')) as { action: string }[];
    expect(changed.map((event) => event.action)).toEqual(['invited']);
  });

  it('invites a new person by SMS to their mobile number', async () => {
    const salon = await makeSalon();
    const phone = uniquePhone();
    const page = await openList('desktop', salon.owner);

    await page.locator(`${LIST} #invite-firstName`).fill('Leo');
    await page.locator(`${LIST} #invite-lastName`).fill('Ås');
    await page.locator(LIST).getByLabel(WORDS.channelSms).check();
    await page.locator(`${LIST} #invite-phone`).fill(phone);
    await page.locator(`${LIST} #invite-accessLevelId`).selectOption(salon.level.id);
    await page.locator(LIST).getByRole('button', { name: WORDS.invite }).click();

    await page.locator(`${LIST} #news`, { hasText: WORDS.invited('Leo Ås', phone) }).waitFor();
    const sent = await outbox(phone);
    expect(sent.map((message) => [message.channel, message.kind])).toEqual([['sms', 'invitation']]);
    await page.locator(`${LIST} ul.pending li`, { hasText: `${WORDS.sentBy}: ${WORDS.channelSms}` }).waitFor();
  });

  it('shows what the server refused beside the field, and the missing fields without asking it', async () => {
    const salon = await makeSalon();
    const page = await openList('desktop', salon.owner);

    await page.locator(LIST).getByRole('button', { name: WORDS.invite }).click();
    await page.locator(`${LIST} #invite-firstName-problem`, { hasText: WORDS.required }).waitFor();
    expect(await focused(page)).toMatchObject({ id: 'invite-firstName' });

    await page.locator(`${LIST} #invite-firstName`).fill('Sara');
    await page.locator(`${LIST} #invite-lastName`).fill('Ek');
    await page.locator(`${LIST} #invite-email`).fill('not an address@');
    await page.locator(`${LIST} #invite-accessLevelId`).selectOption(salon.level.id);
    await page.locator(LIST).getByRole('button', { name: WORDS.invite }).click();

    await page.locator(`${LIST} #invite-email-problem`).waitFor();
    expect(await page.locator(`${LIST} #invite-email`).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focused(page)).toMatchObject({ id: 'invite-email' });
    expect(await rowNames(page)).not.toContain('Sara Ek');
  });

  async function openListWithEvaInvited() {
    const salon = await makeSalon();
    const invited = await api.request('POST', `/v1/tenants/${salon.owner.tenantId}/invitations`, {
      token: salon.owner.token,
      json: { staffId: salon.eva.id, channel: 'email' },
    });
    expect(invited.status).toBe(201);
    return { salon, page: await openList('desktop', salon.owner) };
  }

  it('resends and revokes a pending invitation, revoking only after a yes', async () => {
    const { salon, page } = await openListWithEvaInvited();

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(`${LIST} #news`, { hasText: WORDS.resent('Eva Lind') }).waitFor();
    await page.locator(LIST).getByRole('button', { name: WORDS.revokeFor('Eva Lind') }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.revoke }).click();

    await page.locator(`${LIST} #news`, { hasText: WORDS.revoked('Eva Lind') }).waitFor();
    const listed = await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/invitations`, { token: salon.owner.token });
    expect(listed.body.items.filter((item: { status: string }) => item.status === 'pending')).toEqual([]);
    await page.getByText(WORDS.noPending).waitFor();
  });

  /** Holds the list's reads of pending invitations (the reload after a change) until released; counts the resends and revokes sent. */
  async function holdInvitationReads(page: Page) {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const sent = { resends: 0, revokes: 0 };
    await page.route(
      (url) => url.pathname.includes('/invitations'),
      async (route) => {
        const method = route.request().method();
        if (method === 'DELETE') sent.revokes += 1;
        if (method === 'POST' && route.request().url().endsWith('/resend')) sent.resends += 1;
        if (method === 'GET') await held;
        await route.continue();
      },
    );
    return { release, sent };
  }

  const isOpen = (page: Page, id: 'manage' | 'confirm') => dialog(page, id).evaluate((element) => (element as unknown as { open: boolean }).open);
  const pendingFor = async (salon: { owner: SignedInOwner }, staffId: string) =>
    (await api.request('GET', `/v1/tenants/${salon.owner.tenantId}/invitations`, { token: salon.owner.token })).body.items.filter(
      (item: { status: string; staffId: string }) => item.status === 'pending' && item.staffId === staffId,
    );

  it('does a yes pressed while another change runs once that change is done, on the invitation it left', async () => {
    const { salon, page } = await openListWithEvaInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.revokeFor('Eva Lind') }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.revoke }).click();
    await expect.poll(() => sent.resends).toBe(1);
    expect(await isOpen(page, 'confirm')).toBe(true);
    expect(sent.revokes).toBe(0);

    release();
    await page.locator(`${LIST} #news`, { hasText: WORDS.revoked('Eva Lind') }).waitFor();
    expect(sent.revokes).toBe(1);
    expect(await isOpen(page, 'confirm')).toBe(false);
    expect(await pendingFor(salon, salon.eva.id)).toEqual([]);
  });

  /** Eva (by email) and Ola (by SMS) invited, the list showing both. */
  async function openListWithTwoInvited() {
    const { salon, page } = await openListWithEvaInvited();
    const olaInvited = await api.request('POST', `/v1/tenants/${salon.owner.tenantId}/invitations`, {
      token: salon.owner.token,
      json: { staffId: salon.ola.id, channel: 'sms' },
    });
    expect(olaInvited.status).toBe(201);
    await page.reload();
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Ola Nord') }).waitFor();
    return { salon, page };
  }
  const changedEvents = async (page: Page) => (await page.evaluate('window.__changed')) as { action: string; staffId: string }[];

  it('carries out a second change pressed while the first runs, after it', async () => {
    const { salon, page } = await openListWithTwoInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Ola Nord') }).click();
    await expect.poll(() => sent.resends).toBe(1);
    release();

    await page.locator(`${LIST} #news`, { hasText: WORDS.resent('Ola Nord') }).waitFor();
    expect(sent.resends).toBe(2);
    const changed = (await page.evaluate('window.__changed')) as { action: string; staffId: string }[];
    expect(changed.map((event) => event.staffId)).toEqual([salon.eva.id, salon.ola.id]);
  });

  // In the tests below, Ola's resend is pressed last: changes run in the order pressed, so once it is done, whatever was asked before it is too.

  it('does a change pressed twice while it runs once', async () => {
    const { salon, page } = await openListWithTwoInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Ola Nord') }).click();
    release();

    await page.locator(`${LIST} #news`, { hasText: WORDS.resent('Ola Nord') }).waitFor();
    expect(sent.resends).toBe(2);
    expect((await changedEvents(page)).map((event) => event.staffId)).toEqual([salon.eva.id, salon.ola.id]);
  });

  it('withdraws a yes still waiting for its turn when Cancel is pressed, and changes nothing', async () => {
    const { salon, page } = await openListWithTwoInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.revokeFor('Eva Lind') }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.revoke }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.cancel }).click();
    expect(await isOpen(page, 'confirm')).toBe(false);
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Ola Nord') }).click();
    release();

    await page.locator(`${LIST} #news`, { hasText: WORDS.resent('Ola Nord') }).waitFor();
    expect(sent).toEqual({ resends: 2, revokes: 0 });
    expect(await pendingFor(salon, salon.eva.id)).toHaveLength(1);
  });

  it('does a yes pressed again after Cancel took back the first, once', async () => {
    const { salon, page } = await openListWithTwoInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    for (const answer of [WORDS.cancel, WORDS.revoke]) {
      await page.locator(LIST).getByRole('button', { name: WORDS.revokeFor('Eva Lind') }).click();
      await dialog(page, 'confirm').getByRole('button', { name: WORDS.revoke }).click();
      if (answer === WORDS.cancel) await dialog(page, 'confirm').getByRole('button', { name: WORDS.cancel }).click();
    }
    expect(await isOpen(page, 'confirm')).toBe(true);
    release();

    await page.locator(`${LIST} #news`, { hasText: WORDS.revoked('Eva Lind') }).waitFor();
    expect(sent.revokes).toBe(1);
    expect(await isOpen(page, 'confirm')).toBe(false);
    expect(await pendingFor(salon, salon.eva.id)).toEqual([]);
  });

  it('carries out a change pressed after a waiting yes was taken back', async () => {
    const { salon, page } = await openListWithTwoInvited();
    const { release, sent } = await holdInvitationReads(page);

    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Eva Lind') }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.revokeFor('Ola Nord') }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.revoke }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.cancel }).click();
    await page.locator(LIST).getByRole('button', { name: WORDS.resendFor('Ola Nord') }).click();
    release();

    await page.locator(`${LIST} #news`, { hasText: WORDS.resent('Ola Nord') }).waitFor();
    expect(sent).toEqual({ resends: 2, revokes: 0 });
    expect(await pendingFor(salon, salon.ola.id)).toHaveLength(1);
  });
});

describe('a member’s PIN', () => {
  it('sets a typed PIN: it unlocks the terminal, and the PIN is nowhere in the page afterwards', async () => {
    const salon = await makeSalon();
    const pin = '482913';
    const page = await openList('desktop', salon.owner);

    await manageButton(page, 'Eva Lind').click();
    await dialog(page, 'manage').locator('#manage-pin').fill(pin);
    await dialog(page, 'manage').getByRole('button', { name: WORDS.savePin }).click();
    await dialog(page, 'manage').getByText(WORDS.pinSaved('Eva Lind')).waitFor();

    expect((await getStaff(salon.owner, salon.eva.id)).body.hasPin).toBe(true);
    const unlock = await api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, json: { pin } });
    expect([unlock.status, unlock.body.staff?.id]).toEqual([200, salon.eva.id]);
    expect(await everythingShown(page)).not.toContain(pin);
    expect(await page.locator(`${LIST} #manage-pin`).getAttribute('type')).toBe('password');
  });

  it('says a PIN another member has cannot be used, beside the field, and keeps the member without one', async () => {
    const salon = await makeSalon();
    const taken = '592817';
    expect((await api.request('PUT', `/v1/tenants/${salon.owner.tenantId}/staff/${salon.ola.id}/pin`, { token: salon.owner.token, json: { pin: taken } })).status).toBe(204);
    const page = await openList('desktop', salon.owner);

    await manageButton(page, 'Eva Lind').click();
    await dialog(page, 'manage').locator('#manage-pin').fill(taken);
    await page.keyboard.press('Enter');

    await dialog(page, 'manage').locator('#manage-pin-problem', { hasText: WORDS.problemPinUnavailable }).waitFor();
    expect(await focused(page)).toMatchObject({ id: 'manage-pin' });
    expect((await getStaff(salon.owner, salon.eva.id)).body.hasPin).toBe(false);
    expect(await everythingShown(page)).not.toContain(taken);
  });

  it('makes a new PIN and sends it to the member, never showing it', async () => {
    const salon = await makeSalon();
    const page = await openList('desktop', salon.owner);

    await manageButton(page, 'Eva Lind').click();
    await dialog(page, 'manage').getByRole('button', { name: WORDS.generatePin('email') }).click();
    await dialog(page, 'manage').getByText(WORDS.pinSent('Eva Lind')).waitFor();

    const sent = (await outbox(salon.eva.email)).find((message) => message.kind === 'pin') as { pin?: string } | undefined;
    expect(sent?.pin).toMatch(/^\d{6}$/);
    expect(await everythingShown(page)).not.toContain(sent?.pin);
    expect((await getStaff(salon.owner, salon.eva.id)).body.hasPin).toBe(true);
  });
});

describe('suspending and archiving', () => {
  it('suspends, then archives, each only after a yes in the confirmation; Cancel and Escape change nothing', async () => {
    const salon = await makeSalon();
    const me = await makeSignedInMember(api, salon.owner, salon.level.id, { firstName: 'Kim', lastName: 'Berg' });
    const page = await openList('desktop', salon.owner);
    const name = 'Kim Berg';

    await manageButton(page, name).click();
    await dialog(page, 'manage').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'confirm').getByText(WORDS.confirmSuspend(name)).waitFor();
    expect(await focused(page)).toMatchObject({ text: WORDS.cancel });
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.cancel }).click();
    expect(await dialog(page, 'confirm').isVisible()).toBe(false);
    await expect.poll(() => focused(page)).toMatchObject({ text: WORDS.suspend });
    expect((await getStaff(salon.owner, me.staffId)).body.status).toBe('active');

    await dialog(page, 'manage').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'manage').getByText(WORDS.suspended(name)).waitFor();
    expect((await getStaff(salon.owner, me.staffId)).body.status).toBe('suspended');

    await dialog(page, 'manage').getByRole('button', { name: WORDS.archive }).click();
    await dialog(page, 'confirm').getByText(WORDS.confirmArchive(name)).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toMatchObject({ text: WORDS.archive });
    expect((await getStaff(salon.owner, me.staffId)).status).toBe(200);

    await dialog(page, 'manage').getByRole('button', { name: WORDS.archive }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.archive }).click();
    await page.locator(`${LIST} #news`, { hasText: WORDS.archived(name) }).waitFor();
    await expect.poll(() => dialog(page, 'manage').isVisible()).toBe(false);
    await expect.poll(() => focused(page)).toMatchObject({ id: 'news' });
    expect((await getStaff(salon.owner, me.staffId)).body).toMatchObject({ status: 'archived', firstName: '' });
    await expect.poll(() => rowNames(page)).not.toContain(name);
    const changed = (await page.evaluate('window.__changed')) as { action: string; staffId: string }[];
    expect(changed).toEqual([
      { action: 'suspended', staffId: me.staffId },
      { action: 'archived', staffId: me.staffId },
    ]);
  });

  it('keeps the dialog on a member the list’s filter no longer shows, as they now are', async () => {
    const salon = await makeSalon();
    const page = await openList('desktop', salon.owner);
    await page.locator(`${LIST} #filter-status`).selectOption('active');
    await expect.poll(() => rowNames(page)).not.toContain('Mia Sund');

    await manageButton(page, 'Eva Lind').click();
    await dialog(page, 'manage').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'manage').getByText(WORDS.suspended('Eva Lind')).waitFor();
    expect(await rowNames(page)).not.toContain('Eva Lind');

    await dialog(page, 'manage').getByRole('button', { name: WORDS.reactivate }).click();
    await dialog(page, 'manage').getByText(WORDS.reactivated('Eva Lind')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.status).toBe('active');
  });

  it('says in words that the last admin cannot be suspended, and changes nothing', async () => {
    const owner = await makeSignedInOwner(api);
    const coOwner = await makeAccessLevel(api, owner, { name: 'Co-owner', template: 'owner' });
    const second = await makeSignedInMember(api, owner, coOwner.id, { firstName: 'Per', lastName: 'Holm' });
    // An admin with an end date does not count: the owner is the salon's only lasting admin.
    expect((await api.request('PATCH', `/v1/tenants/${owner.tenantId}/staff/${second.staffId}`, { token: owner.token, json: { endsOn: '2099-12-31' } })).status).toBe(200);
    const page = await openList('desktop', second);

    await manageButton(page, 'Anna Berg').click();
    await dialog(page, 'manage').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.suspend }).click();

    await dialog(page, 'manage').getByRole('alert').filter({ hasText: WORDS.problemLastAdmin }).waitFor();
    expect((await getStaff(owner, owner.staffId)).body.status).toBe('active');
  });
});

describe('a member’s level at each branch', () => {
  const STYLIST_GRANTS = { 'clients.view': true, 'appointments.view': true, 'appointments.create': true };
  const managerLevel = (owner: SignedInOwner) => makeAccessLevel(api, owner, { name: 'Branch manager', grants: { ...STYLIST_GRANTS, 'sales.refund': true } });
  const branchSelect = (page: Page, branch: string) => dialog(page, 'manage').getByLabel(branch, { exact: true });

  /** Eva's dialog open, the manager level chosen at Södermalm and saved, that save (her first PATCH) held until released; `patches()` counts PATCHes sent. */
  async function savingEvaAsManager() {
    const salon = await makeSalon();
    const manager = await managerLevel(salon.owner);
    const page = await openList('desktop', salon.owner);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    await page.route(
      (url) => url.pathname.endsWith(`/staff/${salon.eva.id}`),
      async (route) => {
        if (route.request().method() === 'PATCH' && ++sent === 1) await held;
        await route.continue();
      },
    );
    const patches = () => sent;
    await manageButton(page, 'Eva Lind').click();
    await branchSelect(page, 'Södermalm').selectOption(manager.id);
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();
    await expect.poll(patches).toBe(1);
    return { salon, manager, page, release, patches };
  }

  it('gives a member another level at one of their branches, saved from the keyboard and shown by the API', async () => {
    const salon = await makeSalon();
    const manager = await managerLevel(salon.owner);
    const page = await openList('desktop', salon.owner);

    await manageButton(page, 'Eva Lind').click();
    // Eva works at Södermalm only: that is the one branch offered.
    expect(await dialog(page, 'manage').locator('#manage-branch-levels select').count()).toBe(1);
    expect(await branchSelect(page, 'Södermalm').inputValue()).toBe('');
    await branchSelect(page, 'Södermalm').focus();
    await branchSelect(page, 'Södermalm').selectOption(manager.id);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: WORDS.saveBranchLevels });
    await page.keyboard.press('Enter');

    await dialog(page, 'manage').getByText(WORDS.branchLevelsSaved('Eva Lind')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([{ branchId: salon.south.id, accessLevelId: manager.id }]);
    expect(await branchSelect(page, 'Södermalm').inputValue()).toBe(manager.id);
    expect(await focused(page)).toMatchObject({ text: WORDS.saveBranchLevels });
    const changed = (await page.evaluate('window.__changed')) as { action: string; staffId: string }[];
    expect(changed).toEqual([{ action: 'branch-levels', staffId: salon.eva.id }]);
  });

  it('clears a branch’s level back to the member’s main level', async () => {
    const salon = await makeSalon();
    const manager = await managerLevel(salon.owner);
    const given = await api.request('PATCH', `/v1/tenants/${salon.owner.tenantId}/staff/${salon.eva.id}`, {
      token: salon.owner.token,
      json: { branchLevels: [{ branchId: salon.south.id, accessLevelId: manager.id }] },
    });
    expect(given.status, given.text).toBe(200);
    const page = await openList('desktop', salon.owner);

    await manageButton(page, 'Eva Lind').click();
    expect(await branchSelect(page, 'Södermalm').inputValue()).toBe(manager.id);
    await branchSelect(page, 'Södermalm').selectOption({ label: WORDS.sameAsMainLevel('Stylist') });
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();

    await dialog(page, 'manage').getByText(WORDS.branchLevelsSaved('Eva Lind')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([]);
    expect(await branchSelect(page, 'Södermalm').inputValue()).toBe('');
  });

  it('reloads the member when someone else changed them meanwhile, and saves on the second try', async () => {
    const salon = await makeSalon();
    const manager = await managerLevel(salon.owner);
    const page = await openList('desktop', salon.owner);
    await manageButton(page, 'Eva Lind').click();
    const meanwhile = await api.request('PATCH', `/v1/tenants/${salon.owner.tenantId}/staff/${salon.eva.id}`, { token: salon.owner.token, json: { lastName: 'Lindqvist' } });
    expect(meanwhile.status, meanwhile.text).toBe(200);

    await branchSelect(page, 'Södermalm').selectOption(manager.id);
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();
    await dialog(page, 'manage').locator('#manage-branch-levels-problem', { hasText: WORDS.problemConflict }).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([]);
    await dialog(page, 'manage').getByRole('heading', { name: 'Eva Lindqvist' }).waitFor();
    expect(await branchSelect(page, 'Södermalm').inputValue()).toBe('');

    await branchSelect(page, 'Södermalm').selectOption(manager.id);
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();
    await dialog(page, 'manage').getByText(WORDS.branchLevelsSaved('Eva Lindqvist')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([{ branchId: salon.south.id, accessLevelId: manager.id }]);
  });

  it('sends a suspension confirmed while a save of levels runs with the version that save left', async () => {
    const { salon, manager, page, release, patches } = await savingEvaAsManager();
    await dialog(page, 'manage').getByRole('button', { name: WORDS.suspend }).click();
    await dialog(page, 'confirm').getByRole('button', { name: WORDS.suspend }).click();
    release();

    await dialog(page, 'manage').getByText(WORDS.suspended('Eva Lind')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body).toMatchObject({
      status: 'suspended',
      branchLevels: [{ branchId: salon.south.id, accessLevelId: manager.id }],
    });
  });

  it('saves other choices made while a first save runs, after it', async () => {
    const { salon, page, release, patches } = await savingEvaAsManager();
    await branchSelect(page, 'Södermalm').selectOption({ label: WORDS.sameAsMainLevel('Stylist') });
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();
    release();

    await expect.poll(patches).toBe(2);
    await dialog(page, 'manage').getByText(WORDS.branchLevelsSaved('Eva Lind')).waitFor();
    await expect.poll(async () => (await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([]);
  });

  it('says in words that a manager cannot give a level with rights they do not hold, and changes nothing', async () => {
    const salon = await makeSalon();
    const manager = await managerLevel(salon.owner);
    const limited = await makeAccessLevel(api, salon.owner, {
      name: 'Staff admin',
      grants: { ...STYLIST_GRANTS, 'staff.view': true, 'staff.manage': true, 'access.view': true, 'access.manage': true },
    });
    const admin = await makeSignedInMember(api, salon.owner, limited.id, { firstName: 'Siv', lastName: 'Ek' });
    const page = await openList('desktop', admin);

    await manageButton(page, 'Eva Lind').click();
    await branchSelect(page, 'Södermalm').selectOption(manager.id);
    await dialog(page, 'manage').getByRole('button', { name: WORDS.saveBranchLevels }).click();

    await dialog(page, 'manage').getByRole('alert').filter({ hasText: WORDS.problemBranchLevelEscalation }).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.branchLevels).toEqual([]);
    expect(await page.evaluate('window.__changed')).toEqual([]);
  });
});

describe('keyboard only', () => {
  it('invites, opens a member, sets a PIN and closes again without a pointer, focus returning to where it was', async () => {
    const salon = await makeSalon();
    const email = uniqueEmail('keys');
    const page = await openList('phone', salon.owner);

    await tabTo(page, (focus) => focus.id === 'filter-status');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await rowNames(page)).sort()).toEqual(['Anna Berg', 'Eva Lind', 'Ola Nord']);

    await tabTo(page, (focus) => focus.id === 'invite-firstName');
    await page.keyboard.type('Tove');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Lund');
    await tabTo(page, (focus) => focus.id === 'invite-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ id: 'invite-accessLevelId' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: WORDS.invite });
    await page.keyboard.press('Enter');
    await page.locator(`${LIST} #news`, { hasText: WORDS.invited('Tove Lund', email) }).waitFor();
    expect((await outbox(email)).map((message) => message.kind)).toEqual(['invitation']);

    await tabTo(page, (focus) => focus.label === WORDS.manage('Eva Lind'), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await dialog(page, 'manage').waitFor();
    await tabTo(page, (focus) => focus.id === 'manage-pin', 'Tab', 10);
    await page.keyboard.type('318264');
    await page.keyboard.press('Enter');
    await dialog(page, 'manage').getByText(WORDS.pinSaved('Eva Lind')).waitFor();
    expect((await getStaff(salon.owner, salon.eva.id)).body.hasPin).toBe(true);

    await page.keyboard.press('Escape');
    expect(await dialog(page, 'manage').isVisible()).toBe(false);
    await expect.poll(() => focused(page)).toMatchObject({ label: WORDS.manage('Eva Lind') });
  });
});

describe.each(['phone', 'desktop'] as const)('the staff list at %s width', (viewport) => {
  it('has no serious or critical axe violations, with the list, the manage dialog (levels at branches included) and a confirmation open, and does not scroll sideways', async () => {
    const salon = await makeSalon();
    await api.request('POST', `/v1/tenants/${salon.owner.tenantId}/invitations`, { token: salon.owner.token, json: { staffId: salon.eva.id, channel: 'email' } });
    const page = await openList(viewport, salon.owner);
    await page.locator(`${LIST} ul.pending li`).waitFor();

    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    const list = await runAxe(page);
    expect(list.serious).toEqual([]);
    expect(list.applied).toEqual(expect.arrayContaining(['color-contrast', 'label', 'th-has-data-cells']));
    await saveScreenshot(page, 'component-staff-list', viewport);

    await manageButton(page, 'Ola Nord').click();
    await dialog(page, 'manage').locator('#manage-pin').waitFor();
    await dialog(page, 'manage').locator('#manage-branch-levels select').first().waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, 'component-staff-list-manage', viewport);

    await dialog(page, 'manage').getByRole('button', { name: WORDS.archive }).click();
    await dialog(page, 'confirm').waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
  });
});

describe('the host’s words', () => {
  it('replaces the English words it is given, in Swedish here, and keeps the rest', async () => {
    const salon = await makeSalon();
    const swedish = { heading: 'Personal', inviteHeading: 'Bjud in någon', name: 'Namn', status: 'Status', invite: 'Skicka inbjudan' };
    const page = await openList('phone', salon.owner, { words: swedish, lang: 'sv' });

    await page.locator(LIST).getByRole('heading', { name: 'Personal' }).waitFor();
    await page.locator(LIST).getByRole('button', { name: 'Skicka inbjudan' }).waitFor();
    expect(await page.locator(`${LIST} thead th`).first().innerText()).toBe('Namn');
    await page.locator(LIST).getByText(WORDS.pendingHeading).waitFor();
    await saveScreenshot(page, 'component-staff-list-sv', 'phone');
  });
});
