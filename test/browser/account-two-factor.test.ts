import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { SIGN_IN_WORDS } from '#shared/pages/words/sign-in.js';
import { TWO_FACTOR_WORDS } from '#shared/pages/words/two-factor.js';
import { makeSignedInOwner, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName, watchCsp } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { codeAt, toFreshStep } from '../support/totp.js';

/** The hosted two-factor page in Chromium against the local stack: sign in, turn two-factor login on (QR, key, recovery codes), and off. */
let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];
const en = { ...SIGN_IN_WORDS.en, ...TWO_FACTOR_WORDS.en };

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser();
});
afterEach(() => {
  clock.reset();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await api?.stop();
});

/** The authenticator's code as it is typed, a second into a fresh step. */
function freshCode(secret: string): string {
  toFreshStep();
  return codeAt(secret);
}
const login = (owner: SignedInOwner, totp?: string) =>
  api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, ...(totp ? { totp } : {}) } });

async function enrolThroughApi(owner: SignedInOwner) {
  const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
  const secret = started.body.secret as string;
  expect((await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code: codeAt(secret) } })).status).toBe(200);
  clock.advance(90_000);
  return secret;
}

/** A page of its own client address, whose CSP reports are collected; the clipboard is the page's to write and the test's to read. */
async function openPage(viewport: ViewportName, locale = 'en-GB', options: { forAxe?: boolean } = {}) {
  const context = await newViewportContext(browser, viewport, {
    locale,
    extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` },
    ...(options.forAxe ? { bypassCSP: true } : {}),
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations = watchCsp(page);
  await page.goto(`${api.url}/account/two-factor`);
  return { page, cspViolations };
}

/** Sign-in, keyboard only; `code` is called when the form asks for the second factor, so the code is read as it is typed. */
async function signIn(page: Page, owner: SignedInOwner, code?: () => string) {
  await page.locator('#login').focus();
  await page.keyboard.type(owner.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(OWNER_PASSWORD);
  await page.keyboard.press('Enter');
  if (code) {
    await page.locator('#second-factor:not([hidden])').waitFor();
    await page.keyboard.type(code());
    await page.keyboard.press('Enter');
  }
  await page.locator('#account:not([hidden])').waitFor();
}

const focused = (page: Page) => page.evaluate('document.activeElement.id');

/** Tab until the element is focused (at most `limit` presses), as a keyboard user moves on. */
async function tabTo(page: Page, id: string, limit = 6) {
  for (let presses = 0; presses < limit && (await focused(page)) !== id; presses += 1) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(id);
}

describe('the hosted two-factor page, keyboard only', () => {
  it('turns two-factor login on: password again, key from the page, a code, recovery codes copied and downloaded once', async () => {
    const owner = await makeSignedInOwner(api);
    const { page, cspViolations } = await openPage('desktop');

    await signIn(page, owner);
    expect(await focused(page)).toBe('state');
    expect(await page.locator('#state').innerText()).toBe(en.stateOff);
    await tabTo(page, 'step-up-password');
    await page.keyboard.type(OWNER_PASSWORD);
    await page.keyboard.press('Enter');

    await page.locator('#setup:not([hidden])').waitFor();
    expect(await focused(page)).toBe('setup-heading');
    expect(await page.locator('#qr svg[role="img"] path').count()).toBe(1);
    const secret = (await page.locator('#manual-key').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await tabTo(page, 'copy-key');
    await page.keyboard.press('Enter');
    await page.locator('#key-note', { hasText: en.copied }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await tabTo(page, 'confirm-code');
    await page.keyboard.type(codeAt(secret));
    await page.keyboard.press('Enter');

    await page.locator('#recovery:not([hidden])').waitFor();
    expect(await focused(page)).toBe('recovery-heading');
    const codes = await page.locator('#recovery-codes li').allInnerTexts();
    expect(codes).toHaveLength(10);
    expect(await page.locator('#manual-key').innerText()).toBe('');
    await tabTo(page, 'copy-codes');
    await page.keyboard.press('Enter');
    await page.locator('#codes-note', { hasText: en.copied }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(codes.join('\n'));
    await tabTo(page, 'download-codes');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    expect((await readFile((await download.path()) ?? '', 'utf8')).trim().split('\n')).toEqual(codes);
    await tabTo(page, 'saved');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(en.savedMissing).waitFor();
    await page.locator('#saved').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.locator('#disable:not([hidden])').waitFor();
    expect(await page.locator('#state').innerText()).toBe(en.stateOn);
    expect(await page.locator('#recovery-codes li').count()).toBe(0);
    expect(await page.locator('#download-codes').getAttribute('href')).toBeNull();
    expect((await login(owner)).body.code).toBe('totp_required');
    expect((await login(owner, codes[0])).status).toBe(200);
    expect(cspViolations).toEqual([]);
  });

  it('turns two-factor login off with the password and a code, and says what was wrong first', async () => {
    const owner = await makeSignedInOwner(api);
    const secret = await enrolThroughApi(owner);
    const { page } = await openPage('phone');

    await signIn(page, owner, () => freshCode(secret));
    expect(await page.locator('#state').innerText()).toBe(en.stateOn);
    expect(await page.locator('#enrol').isHidden()).toBe(true);
    await tabTo(page, 'disable-password');
    await page.keyboard.type('not my password');
    await page.keyboard.press('Tab');
    await page.keyboard.type(freshCode(secret));
    await page.keyboard.press('Enter');
    await page.getByText(en.wrongPassword).waitFor();

    await page.locator('#disable-password').focus();
    await page.keyboard.type(OWNER_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(freshCode(secret));
    await page.keyboard.press('Enter');

    await page.locator('#enrol:not([hidden])').waitFor();
    expect(await page.locator('#state').innerText()).toBe(en.stateOff);
    expect((await login(owner)).status).toBe(200);
  });

  it('signs out: the session ends and the sign-in form is back', async () => {
    const owner = await makeSignedInOwner(api);
    const { page } = await openPage('phone');
    const tokens: string[] = [];
    page.on('response', async (response) => {
      if (response.url().endsWith('/v1/auth/login') && response.status() === 200) tokens.push(((await response.json()) as { token: string }).token);
    });

    await signIn(page, owner);
    await tabTo(page, 'sign-out', 10);
    await page.keyboard.press('Enter');
    await page.getByText(en.signedOut).waitFor();

    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    await expect.poll(async () => (await api.request('GET', '/v1/me', { token: tokens[0] ?? '' })).status).toBe(401);
  });
});

describe('the hosted two-factor page and a session that ends', () => {
  it('shows nothing of an enrolment whose answer comes after signing out', async () => {
    const owner = await makeSignedInOwner(api);
    const { page } = await openPage('desktop');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    // The server has answered (the secret is made); the page gets the answer only after the person signed out.
    await page.route(
      (url) => url.pathname.endsWith('/v1/auth/totp'),
      async (route) => {
        const response = await route.fetch();
        answered = true;
        await held;
        await route.fulfill({ response });
      },
    );

    await signIn(page, owner);
    await page.locator('#step-up-password').fill(OWNER_PASSWORD);
    await page.locator('#step-up-password').press('Enter');
    await expect.poll(() => answered).toBe(true);
    await page.locator('#sign-out').click();
    await page.getByText(en.signedOut).waitFor();
    release();
    // The form's button comes back once the page has handled the answer.
    await expect.poll(() => page.locator('#enrol button[type="submit"]').isEnabled()).toBe(true);

    expect(await page.locator('#manual-key').textContent()).toBe('');
    expect(await page.locator('#qr svg').count()).toBe(0);
    expect(await page.locator('#step-up-password').inputValue()).toBe('');
  });
});

describe.each(['en-GB', 'de-DE'])('the hosted two-factor page in %s', (locale) => {
  const language = locale.slice(0, 2) as 'en' | 'de';

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('fits a %s screen at every step, has no serious accessibility problem, and is kept as screenshots', async (viewport) => {
    const owner = await makeSignedInOwner(api);
    const { page } = await openPage(viewport, locale, { forAxe: true });
    const check = async (step: string) => {
      expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
      expect((await runAxe(page)).serious).toEqual([]);
      await saveScreenshot(page, `account-two-factor-${step}-${language}`, viewport);
    };

    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await page.locator('h1').innerText()).toBe(TWO_FACTOR_WORDS[language].twoFactorTitle);
    await check('sign-in');
    await signIn(page, owner);
    await check('off');
    await page.locator('#step-up-password').fill(OWNER_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#setup:not([hidden])').waitFor();
    await check('setup');
    const secret = (await page.locator('#manual-key').innerText()).replace(/\s+/g, '');
    await page.locator('#confirm-code').fill(codeAt(secret));
    await page.keyboard.press('Enter');
    await page.locator('#recovery:not([hidden])').waitFor();
    await check('recovery-codes');
  });
});
