import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSalon, seedDemoSalon } from '../../local/seed.js';
import { launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName } from '../support/browser.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';

/** Local mode's demo host app (/_local/demo/) on the seeded demo salon, as a newcomer to StaffGate clicks through it. */
let api: TestApi;
let browser: Browser;
let demo: DemoSalon;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  api = await startTestApi();
  demo = await seedDemoSalon(api.url, TEST_OPERATOR_TOKEN, undefined);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await api?.stop();
});

/** A page whose CSP reports and script errors are collected: the page must break none of its own rules. */
async function openDemo(viewport: ViewportName, options: { forAxe?: boolean; fragment?: string } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await newViewportContext(browser, viewport, options.forAxe ? { bypassCSP: true } : {});
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${api.url}/_local/demo/${options.fragment ?? ''}`);
  await page.waitForFunction("customElements.get('staffgate-pin-pad') !== undefined");
  return { page, problems };
}

async function signInWithForm(page: Page) {
  await page.getByLabel('Email or phone').fill(demo.ownerEmail);
  await page.getByLabel('Password').fill(demo.ownerPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in to salon').waitFor();
}

const pad = (page: Page) => page.locator('staffgate-pin-pad');

describe('the demo host app', () => {
  it('signs the owner in, registers this browser as a terminal, unlocks it with the demo stylist’s PIN, and gets the owner’s approval', async () => {
    const { page, problems } = await openDemo('desktop');

    await signInWithForm(page);
    await page.getByRole('button', { name: 'Register this browser as a terminal' }).click();
    await page.getByText('This browser is the terminal “Front desk”').waitFor();
    for (const digit of demo.staff?.stylistPin ?? '') await pad(page).getByRole('button', { name: digit, exact: true }).click();
    await pad(page).getByRole('button', { name: 'Unlock' }).click();

    await pad(page).getByText('Signed in: Sara S.').waitFor();
    await page.getByText('Sara S. unlocked the terminal.').waitFor();
    await page.getByRole('button', { name: 'Delete an appointment (needs approval)' }).click();
    await pad(page).getByRole('heading', { name: "Another person's PIN" }).waitFor();
    for (const digit of demo.staff?.ownerPin ?? '') await pad(page).getByRole('button', { name: digit, exact: true }).click();
    await pad(page).getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved by Olivia O.; the host may now delete the appointment once.').waitFor();
    expect(problems).toEqual([]);
  });

  it('signs in through the hosted sign-in page, which hands back to it with the state it started with, and clears the fragment', async () => {
    const { page, problems } = await openDemo('phone');

    await page.getByRole('link', { name: 'Hosted sign-in' }).first().click();
    await page.waitForURL(/\/account\/sign-in\?state=[A-Za-z0-9_-]{32}$/);
    await page.locator('#login').fill(demo.ownerEmail);
    await page.locator('#password').fill(demo.ownerPassword);
    await page.keyboard.press('Enter');

    await page.getByText(`Signed in to salon ${demo.tenantId}.`).waitFor();
    expect(page.url()).toBe(`${api.url}/_local/demo/`);
    expect(problems).toEqual([]);
  });

  it('refuses a hand-off it did not start (another site sending it a session of its own) and changes nothing', async () => {
    const login = await api.request('POST', '/v1/auth/login', { json: { login: demo.ownerEmail, password: demo.ownerPassword } });
    const forged = `#session=${encodeURIComponent(login.body.token)}&tenant=${demo.tenantId}&state=not-the-one-this-tab-made`;

    const { page, problems } = await openDemo('phone', { fragment: forged });

    await page.getByText('A sign-in this page did not start was refused').waitFor();
    expect(await page.getByText('Signed in to salon').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(page.url()).toBe(`${api.url}/_local/demo/`);
    expect(problems).toEqual([]);
  });

  it('keeps the terminal in the browser until it is forgotten, which revokes it', async () => {
    const { page } = await openDemo('desktop');
    await signInWithForm(page);
    await page.getByRole('button', { name: 'Register this browser as a terminal' }).click();
    await page.getByText('This browser is the terminal').waitFor();
    const stored = JSON.parse(String(await page.evaluate("localStorage.getItem('staffgate-demo.terminal')"))) as { token: string };

    await page.reload();
    await page.getByText('This browser is the terminal').waitFor();
    await page.getByRole('button', { name: 'Forget this terminal' }).click();

    await page.getByText('This browser is no longer a terminal.').waitFor();
    expect(await pad(page).isHidden()).toBe(true);
    await expect
      .poll(async () => (await api.request('POST', '/v1/terminal/unlock', { token: stored.token, json: { pin: demo.staff?.stylistPin } })).status)
      .toBe(401);
  });

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('has no serious accessibility problem on a %s screen and is kept as a screenshot', async (viewport) => {
    const { page } = await openDemo(viewport, { forAxe: true });
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, 'demo-host-signed-out', viewport);

    await signInWithForm(page);
    await page.getByRole('button', { name: 'Register this browser as a terminal' }).click();
    await pad(page).getByRole('button', { name: 'Unlock' }).waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, 'demo-host', viewport);
  });
});
