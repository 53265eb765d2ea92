import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeStaff, type SignedInOwner } from '../support/builders.js';
import { launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { COMPONENT_LANGUAGES } from '../../components/src/language.js';

/** <staffgate-pin-pad> in Chromium against the local stack, hosted on the API's origin like a host app would. */
let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await api?.stop();
});

const hostHtml = (lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Front desk</title>
<script type="module" src="/_local/demo/staffgate-components.js"></script></head>
<body><main><h1>Front desk</h1><staffgate-pin-pad></staffgate-pin-pad></main></body></html>`;

/** The desk's rights: deleting a booking needs a colleague's approval. */
const FRONT_DESK = { 'appointments.view': true, 'appointments.create': true, 'appointments.delete': 'approval' };

interface Desk {
  owner: SignedInOwner;
  terminalToken: string;
  pin: string;
  approverPin: string;
}

async function generatePin(owner: SignedInOwner, staffId: string): Promise<string> {
  const response = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staffId}/pin`, { token: owner.token, json: { generate: true } });
  expect(response.status).toBe(200);
  return response.body.pin;
}

/** A salon of its own (so lockouts never spill between tests): one terminal, Eva at the desk and Maja who may approve. */
async function makeDesk(): Promise<Desk> {
  const owner = await makeSignedInOwner(api);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, { token: owner.token, json: { name: 'Front desk', branchId: branch.body.id } });
  expect(terminal.status).toBe(201);
  const deskLevel = await makeAccessLevel(api, owner, { grants: FRONT_DESK });
  const managerLevel = await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'appointments.delete': true } });
  const eva = await makeStaff(api, owner, { firstName: 'Eva', lastName: 'Lind', accessLevelId: deskLevel.id });
  const maja = await makeStaff(api, owner, { firstName: 'Maja', lastName: 'Berg', accessLevelId: managerLevel.id });
  return { owner, terminalToken: terminal.body.token, pin: await generatePin(owner, eva.id), approverPin: await generatePin(owner, maja.id) };
}

/** A PIN of the salon's length that neither Eva nor Maja has. */
function wrongPin(desk: Desk): string {
  return ['482913', '739184', '915372'].find((pin) => pin !== desk.pin && pin !== desk.approverPin) as string;
}

interface Opened {
  page: Page;
  /** What the pad told the host: every staffgate-* event, in order. */
  events(): Promise<{ type: string; detail: any }[]>;
}

/**
 * The pad on a page of the API's origin, with the terminal's token set and
 * its events recorded. `clock`: a fake clock, installed before the page
 * loads, that the test moves on.
 */
async function openPad(
  desk: Desk,
  options: { viewport?: ViewportName; clock?: boolean; forAxe?: boolean; shuffled?: boolean; words?: Record<string, string>; lang?: string; browserLocale?: string } = {},
): Promise<Opened> {
  const context = await newViewportContext(browser, options.viewport ?? 'desktop', {
    ...(options.forAxe ? { bypassCSP: true } : {}),
    ...(options.browserLocale ? { locale: options.browserLocale } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.route(`${api.url}/_test/host.html`, (route) => route.fulfill({ contentType: 'text/html', body: hostHtml(options.lang ?? 'en') }));
  if (options.clock) await page.clock.install();
  await page.goto(`${api.url}/_test/host.html`);
  await page.waitForFunction("customElements.get('staffgate-pin-pad') !== undefined");
  // Paused, so the page's time moves only when the test moves it: however slow the machine, a countdown shows what the test expects.
  if (options.clock) await page.clock.pauseAt(Number(await page.evaluate('Date.now()')) + 1_000);
  // Strings, not functions: the project's types have no DOM.
  await page.evaluate(`(() => {
    const pad = document.querySelector('staffgate-pin-pad');
    window.padEvents = [];
    for (const type of ['staffgate-unlock', 'staffgate-lock', 'staffgate-approval']) pad.addEventListener(type, (event) => window.padEvents.push({ type, detail: event.detail }));
    pad.apiUrl = ${JSON.stringify(api.url)};
    pad.terminalToken = ${JSON.stringify(desk.terminalToken)};
    pad.shuffled = ${options.shuffled ? 'true' : 'false'};
    ${options.words ? `pad.words = ${JSON.stringify(options.words)};` : ''}
  })()`);
  return { page, events: async () => (await page.evaluate('window.padEvents')) as { type: string; detail: any }[] };
}

const pad = (page: Page) => page.locator('staffgate-pin-pad');

async function clickPin(page: Page, pin: string) {
  for (const digit of pin) await pad(page).getByRole('button', { name: digit, exact: true }).click();
}

async function unlockByClicks(page: Page, pin: string) {
  await clickPin(page, pin);
  await pad(page).getByRole('button', { name: 'Unlock' }).click();
}

/** The host asks for an approval; the promise waits in window.approval. */
async function askApproval(page: Page) {
  await page.evaluate("window.approval = document.querySelector('staffgate-pin-pad').requestApproval({ permission: 'appointments.delete' }); undefined");
}

async function sessionStatus(token: string): Promise<number> {
  return (await api.request('GET', '/v1/session', { token })).status;
}

/** Minutes and seconds left in the pad's countdown text ("… in 4:59 …"), as seconds. */
async function secondsShown(page: Page, selector: string): Promise<number> {
  const text = await pad(page).locator(selector).innerText();
  const [, minutes, seconds] = /(\d+):(\d\d)/.exec(text) ?? [];
  if (minutes === undefined || seconds === undefined) throw new Error(`no time in "${text}"`);
  return Number(minutes) * 60 + Number(seconds);
}

describe('<staffgate-pin-pad> unlocking', () => {
  it('unlocks with the PIN clicked on its keys, shows who is signed in and tells the host the session without the PIN', async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk);

    await unlockByClicks(page, desk.pin);

    await pad(page).getByText('Signed in: Eva L.').waitFor();
    const [unlocked] = await events();
    expect(unlocked?.type).toBe('staffgate-unlock');
    expect(unlocked?.detail).toMatchObject({ staff: { displayName: 'Eva L.' }, idleTimeoutSeconds: 900, token: expect.any(String), expiresAt: expect.any(String) });
    expect(await sessionStatus(unlocked?.detail.token)).toBe(200);
    expect(JSON.stringify(await events())).not.toContain(desk.pin);
    const markup = String(await page.evaluate("(() => { const element = document.querySelector('staffgate-pin-pad'); return element.outerHTML + element.shadowRoot.innerHTML; })()"));
    expect(markup).not.toContain(desk.pin);
  });

  it('unlocks with the keyboard only: Tab to the pad, type the digits, Backspace mends a slip, Enter sends', async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk);

    await page.keyboard.press('Tab');
    await page.keyboard.type(desk.pin.slice(0, 3));
    await page.keyboard.type('9');
    await page.keyboard.press('Backspace');
    expect(await pad(page).locator('.dot.filled').count()).toBe(3);
    await page.keyboard.type(desk.pin.slice(3));
    await page.keyboard.press('Enter');

    await pad(page).getByText('Signed in: Eva L.').waitFor();
    expect((await events()).map((event) => event.type)).toEqual(['staffgate-unlock']);
  });

  it('says a wrong PIN is wrong, clears the dots and stays locked', async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk);

    await unlockByClicks(page, wrongPin(desk));

    await pad(page).getByText('Wrong PIN. Try again.').waitFor();
    expect(await pad(page).locator('.dot.filled').count()).toBe(0);
    expect(await events()).toEqual([]);
  });

  it('still unlocks with a shuffled layout, which differs from the phone layout', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { shuffled: true });

    const layouts = new Set<string>();
    for (let tries = 0; tries < 3; tries += 1) {
      layouts.add((await pad(page).locator('button.digit').allInnerTexts()).join(''));
      await page.evaluate(`(() => {
        const element = document.querySelector('staffgate-pin-pad');
        element.shuffled = false;
        return element.updateComplete.then(() => { element.shuffled = true; return element.updateComplete; });
      })()`);
    }
    expect([...layouts].some((layout) => layout !== '1234567890')).toBe(true);
    await unlockByClicks(page, desk.pin);

    await pad(page).getByText('Signed in: Eva L.').waitFor();
  });

  it('shows the lockout after too many wrong PINs with the time left, counting down with the clock, then takes PINs again', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { clock: true });
    const lockout = pad(page).getByText(/Too many wrong PINs/);

    for (let attempt = 0; attempt < 5 && !(await lockout.isVisible()); attempt += 1) {
      await unlockByClicks(page, wrongPin(desk));
      await pad(page).getByText(/Wrong PIN|Too many wrong PINs/).waitFor();
    }

    await lockout.waitFor();
    const first = await secondsShown(page, '.message');
    expect(first).toBeGreaterThan(60);
    expect(await pad(page).getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
    await page.clock.fastForward(60_000);
    await expect.poll(() => secondsShown(page, '.message')).toBeLessThanOrEqual(first - 59);
    await page.clock.fastForward(first * 1000);
    await lockout.waitFor({ state: 'hidden' });
    expect(await pad(page).getByRole('button', { name: '5', exact: true }).isEnabled()).toBe(true);
  });
});

describe('<staffgate-pin-pad> signed in', () => {
  it('warns before the auto-logout, starts again on activity, then locks after idleTimeoutSeconds and ends the session on the server', async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk, { clock: true });
    await unlockByClicks(page, desk.pin);
    await pad(page).getByText('Signed in: Eva L.').waitFor();
    const token = (await events())[0]?.detail.token as string;
    expect(await secondsShown(page, '.countdown')).toBeGreaterThanOrEqual(899);

    await page.clock.fastForward(880_000);
    const warning = pad(page).getByRole('alert');
    await warning.getByText(/Still there\? This terminal locks in 0:(1|2)\d/).waitFor();
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(await secondsShown(page, '.countdown')).toBeGreaterThanOrEqual(899);

    await page.clock.fastForward(880_000);
    await warning.waitFor();
    await page.clock.fastForward(25_000);

    await pad(page).getByRole('button', { name: 'Unlock' }).waitFor();
    expect((await events()).at(-1)).toMatchObject({ type: 'staffgate-lock', detail: { reason: 'idle', staff: { displayName: 'Eva L.' } } });
    await expect.poll(() => sessionStatus(token)).toBe(401);
  });

  it('locks on the padlock and ends the session on the server', async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk);
    await unlockByClicks(page, desk.pin);
    await pad(page).getByText('Signed in: Eva L.').waitFor();
    const token = (await events())[0]?.detail.token as string;

    await pad(page).getByRole('button', { name: 'Lock' }).click();

    await pad(page).getByRole('button', { name: 'Unlock' }).waitFor();
    expect((await events()).at(-1)).toMatchObject({ type: 'staffgate-lock', detail: { reason: 'padlock' } });
    await expect.poll(() => sessionStatus(token)).toBe(401);
  });

  it("asks for another person's PIN and resolves with an approval token the API accepts once", async () => {
    const desk = await makeDesk();
    const { page, events } = await openPad(desk);
    await unlockByClicks(page, desk.pin);
    await pad(page).getByText('Signed in: Eva L.').waitFor();
    const token = (await events())[0]?.detail.token as string;
    expect((await api.request('POST', '/v1/authorize', { token, json: { permission: 'appointments.delete' } })).body.allowed).toBe(false);

    await askApproval(page);
    await pad(page).getByRole('heading', { name: "Another person's PIN" }).waitFor();
    await page.keyboard.type(wrongPin(desk));
    await page.keyboard.press('Enter');
    await pad(page).getByText('Wrong PIN. Try again.').waitFor();
    await page.keyboard.type(desk.approverPin);
    await page.keyboard.press('Enter');
    const approval = (await page.evaluate('window.approval')) as { approvalToken: string; approver: { displayName: string } };

    expect(approval.approver.displayName).toBe('Maja B.');
    await pad(page).getByText('Approved by Maja B.').waitFor();
    expect((await events()).at(-1)).toMatchObject({ type: 'staffgate-approval', detail: { approvalToken: approval.approvalToken, permission: 'appointments.delete' } });
    expect(JSON.stringify(await events())).not.toContain(desk.approverPin);
    const authorized = await api.request('POST', '/v1/authorize', { token, json: { permission: 'appointments.delete', approvalToken: approval.approvalToken } });
    expect(authorized.body).toEqual({ allowed: true, reason: 'approved' });
  });

  it('resolves an approval request with null when it is cancelled', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk);
    await unlockByClicks(page, desk.pin);
    await pad(page).getByText('Signed in: Eva L.').waitFor();

    await askApproval(page);
    await pad(page).getByRole('button', { name: 'Cancel' }).click();

    expect(await page.evaluate('window.approval')).toBeNull();
    expect(await pad(page).getByRole('heading', { name: "Another person's PIN" }).count()).toBe(0);
  });
});

describe('<staffgate-pin-pad> in the host’s words and on screens', () => {
  it('shows the words a host gives instead of the English ones', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { words: { title: 'Ange din PIN-kod', unlock: 'Lås upp', wrongPin: 'Fel PIN-kod. Försök igen.' } });

    await pad(page).getByRole('heading', { name: 'Ange din PIN-kod' }).waitFor();
    await clickPin(page, wrongPin(desk));
    await pad(page).getByRole('button', { name: 'Lås upp' }).click();
    await pad(page).getByText('Fel PIN-kod. Försök igen.').waitFor();
  });

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('has keys of at least 64 px, no serious accessibility problem on a %s screen, and is kept as a screenshot', async (viewport) => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { viewport, forAxe: true });
    await pad(page).getByRole('button', { name: '1', exact: true }).waitFor();

    for (const key of await pad(page).locator('.keys button').all()) {
      const box = await key.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(64);
      expect(box?.height).toBeGreaterThanOrEqual(64);
    }
    await clickPin(page, desk.pin.slice(0, 3));
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, 'pin-pad', viewport);

    await clickPin(page, desk.pin.slice(3));
    await pad(page).getByRole('button', { name: 'Unlock' }).click();
    await pad(page).getByText('Signed in: Eva L.').waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, 'pin-pad-signed-in', viewport);
  });
});

/** The texts in the pad that run out of their box in each language (the pad's own `lang` set to it), at the pad's present state. */
async function overflowingTexts(page: Page): Promise<Record<string, string[]>> {
  return (await page.evaluate(`(async () => {
    const pad = document.querySelector('staffgate-pin-pad');
    const found = {};
    for (const code of ${JSON.stringify(COMPONENT_LANGUAGES)}) {
      pad.setAttribute('lang', code);
      pad.requestUpdate();
      await pad.updateComplete;
      const over = [...pad.shadowRoot.querySelectorAll('button, h2, p')].filter((element) => element.scrollWidth > element.clientWidth + 1);
      if (over.length > 0) found[code] = over.map((element) => element.textContent.trim());
    }
    pad.removeAttribute('lang');
    pad.requestUpdate();
    await pad.updateComplete;
    return found;
  })()`)) as Record<string, string[]>;
}

describe('<staffgate-pin-pad> in the salon’s language', () => {
  it('speaks the host page’s language: Swedish on a page in sv-SE', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { lang: 'sv-SE' });

    await pad(page).getByRole('heading', { name: 'Ange din PIN-kod' }).waitFor();
    await clickPin(page, wrongPin(desk));
    await pad(page).getByRole('button', { name: 'Lås upp' }).click();
    await pad(page).getByText('Fel PIN-kod. Försök igen.').waitFor();
    await clickPin(page, desk.pin);
    await pad(page).getByRole('button', { name: 'Lås upp' }).click();
    await pad(page).getByText('Inloggad: Eva L.').waitFor();
  });

  it('speaks the browser’s language when the page names none', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { lang: '', browserLocale: 'de-DE' });

    await pad(page).getByRole('heading', { name: 'Gib deine PIN ein' }).waitFor();
  });

  it('speaks English when neither the page nor the browser names a language it has', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { lang: 'ja', browserLocale: 'ja-JP' });

    await pad(page).getByRole('heading', { name: 'Enter your PIN' }).waitFor();
  });

  it('lets the host’s words replace single words of the built-in language', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { lang: 'fi', words: { title: 'Näppäile koodisi' } });

    await pad(page).getByRole('heading', { name: 'Näppäile koodisi' }).waitFor();
    await pad(page).getByRole('button', { name: 'Avaa' }).waitFor();
  });

  it('fits every language’s words on a phone: entering a PIN, signed in, warned, and asking for an approval', async () => {
    const desk = await makeDesk();
    const { page } = await openPad(desk, { viewport: 'phone', clock: true });
    await pad(page).getByRole('button', { name: '1', exact: true }).waitFor();
    expect(await overflowingTexts(page)).toEqual({});

    await unlockByClicks(page, desk.pin);
    await pad(page).getByText('Signed in: Eva L.').waitFor();
    expect(await overflowingTexts(page)).toEqual({});

    await page.clock.fastForward(880_000);
    await pad(page).getByRole('alert').waitFor();
    expect(await overflowingTexts(page)).toEqual({});
    await pad(page).getByRole('button', { name: 'Stay signed in' }).click();

    await askApproval(page);
    await pad(page).getByRole('heading', { name: "Another person's PIN" }).waitFor();
    expect(await overflowingTexts(page)).toEqual({});
  });
});
