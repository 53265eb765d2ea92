import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { PAGE_WORDS } from '#shared/pages/strings.js';
import { SIGN_IN_WORDS } from '#shared/pages/words/sign-in.js';
import { latestToken, makeSignedInOwner, makeTenantBody, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName, watchCsp } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { codeAt } from '../support/totp.js';

/** The hosted sign-in page in Chromium against the local stack: password, then a code when needed, then on to the host app with the session. */
let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];
const en = { ...PAGE_WORDS.en, ...SIGN_IN_WORDS.en };

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


/** Two-factor login on, through the API; the clock then moves past the confirmation code's step. */
async function enrol(owner: SignedInOwner) {
  const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
  const secret = started.body.secret as string;
  const confirmed = await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code: codeAt(secret) } });
  expect(confirmed.status).toBe(200);
  clock.advance(90_000);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/**
 * A page whose CSP reports are collected, from a client address of its own
 * (the login budget per address stays the test's), whose hand-off to the
 * host app is caught: `handedOff` resolves with the address it went to.
 */
async function openPage(viewport: ViewportName, locale = 'en-GB', options: { forAxe?: boolean; query?: string } = {}) {
  const context = await newViewportContext(browser, viewport, {
    locale,
    extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` },
    ...(options.forAxe ? { bypassCSP: true } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations = watchCsp(page);
  await page.goto(`${api.url}/account/sign-in${options.query ?? ''}`);
  const appUrl = new URL((await page.locator('body').getAttribute('data-app-url')) ?? '', page.url()).href;
  const handedOff = new Promise<URL>((resolve) => {
    void page.route(
      (url) => url.href.startsWith(appUrl),
      (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Host app</title>' }),
    );
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith(appUrl)) resolve(new URL(frame.url()));
    });
  });
  return { page, cspViolations, appUrl, handedOff };
}

async function typeCredentials(page: Page, login: string, password: string) {
  await page.locator('#login').focus();
  await page.keyboard.type(login);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/** The hand-off's fragment, and the session in it checked against the API. */
async function handedSession(handedOff: Promise<URL>, appUrl: string) {
  const landed = await handedOff;
  expect(`${landed.origin}${landed.pathname}`).toBe(appUrl);
  expect(landed.search).toBe('');
  const fragment = new URLSearchParams(landed.hash.slice(1));
  const me = await api.request('GET', '/v1/me', { token: fragment.get('session') ?? '' });
  expect(me.status).toBe(200);
  return { fragment, me: me.body };
}

describe('the hosted sign-in page and the host’s state', () => {
  it('hands the host’s state back unread, so the host can refuse a hand-off it never started', async () => {
    const owner = await makeSignedInOwner(api);
    const state = 'Zm9yZ2VyeS1wcm9vZi1zdGF0ZQ_-';
    const { page, appUrl, handedOff } = await openPage('desktop', 'en-GB', { query: `?state=${state}` });

    await typeCredentials(page, owner.email, OWNER_PASSWORD);

    const { fragment } = await handedSession(handedOff, appUrl);
    expect(fragment.get('state')).toBe(state);
  });

  it('hands on no state that is not one (too short, or characters that need escaping)', async () => {
    const owner = await makeSignedInOwner(api);
    const { page, appUrl, handedOff } = await openPage('desktop', 'en-GB', { query: '?state=%3Cb%3Eshort' });

    await typeCredentials(page, owner.email, OWNER_PASSWORD);

    const { fragment } = await handedSession(handedOff, appUrl);
    expect(fragment.has('state')).toBe(false);
  });
});

describe('the hosted sign-in page, keyboard only', () => {
  it('signs in with a password and hands the session and the salon to the host app in the fragment', async () => {
    const owner = await makeSignedInOwner(api);
    const { page, cspViolations, appUrl, handedOff } = await openPage('phone');

    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('login');
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('password');
    await page.keyboard.type(OWNER_PASSWORD);
    await page.keyboard.press('Enter');

    const { fragment, me } = await handedSession(handedOff, appUrl);
    expect(fragment.get('tenant')).toBe(owner.tenantId);
    expect(me.account.email).toBe(owner.email);
    expect(cspViolations).toEqual([]);
  });

  it('asks for the authenticator code when two-factor login is on, refuses a wrong one, and signs in with the right one', async () => {
    const owner = await makeSignedInOwner(api);
    const { secret } = await enrol(owner);
    const { page, appUrl, handedOff } = await openPage('desktop');

    await typeCredentials(page, owner.email, OWNER_PASSWORD);
    await page.locator('#second-factor:not([hidden])').waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('code');
    expect(await page.inputValue('#password')).toBe('');
    await page.keyboard.type('000000');
    await page.keyboard.press('Enter');
    await page.getByText(en.wrongCode).waitFor();
    await page.locator('#code').focus();
    await page.keyboard.type(codeAt(secret));
    await page.keyboard.press('Enter');

    const { fragment } = await handedSession(handedOff, appUrl);
    expect(fragment.get('tenant')).toBe(owner.tenantId);
  });

  it('signs in with a recovery code instead, once', async () => {
    const owner = await makeSignedInOwner(api);
    const { recoveryCodes } = await enrol(owner);
    const { page, appUrl, handedOff } = await openPage('phone');

    await typeCredentials(page, owner.email, OWNER_PASSWORD);
    await page.locator('#second-factor:not([hidden])').waitFor();
    await page.keyboard.type(recoveryCodes[0] ?? '');
    await page.keyboard.press('Enter');

    await handedSession(handedOff, appUrl);
    const again = await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: OWNER_PASSWORD, totp: recoveryCodes[0] } });
    expect(again.body.code).toBe('totp_required');
  });

  it('says a wrong password is wrong, without saying which part, and clears it', async () => {
    const owner = await makeSignedInOwner(api);
    const { page } = await openPage('phone');

    await typeCredentials(page, owner.email, 'not the password at all');
    await page.getByText(en.wrongCredentials).waitFor();

    expect(await page.evaluate('document.activeElement.id')).toBe('status');
    expect(await page.locator('#status').getAttribute('data-tone')).toBe('error');
    expect(await page.inputValue('#password')).toBe('');
    expect(await page.inputValue('#login')).toBe(owner.email);
  });

  it('says how long to wait once the login’s attempts are spent (429 with Retry-After)', async () => {
    const owner = await makeSignedInOwner(api);
    for (let tries = 0; tries < 10; tries += 1) {
      await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: `wrong ${tries}` } });
    }
    const { page } = await openPage('desktop');

    await typeCredentials(page, owner.email, OWNER_PASSWORD);

    const said = page.locator('#status', { hasText: /Too many attempts\. Please try again in \d+ min/ });
    await said.waitFor();
  });

  it('asks a person in several salons which one, and hands that one on', async () => {
    const owner = await makeSignedInOwner(api);
    const second = await api.operator('POST', '/v1/operator/tenants', makeTenantBody({ name: 'Frisör Norr', owner: { firstName: 'Anna', lastName: 'Berg', email: owner.email } }));
    expect(second.status).toBe(201);
    const accepted = await api.request('POST', '/v1/invitations/accept', { json: { token: await latestToken(api, owner.email), login: owner.email, password: OWNER_PASSWORD } });
    expect(accepted.status).toBe(200);
    const { page, appUrl, handedOff } = await openPage('phone');

    await typeCredentials(page, owner.email, OWNER_PASSWORD);
    await page.locator('#salon:not([hidden])').waitFor();
    expect(await page.locator('#salons label').allInnerTexts()).toEqual(expect.arrayContaining(['Salong Solsken', 'Frisör Norr']));
    await page.getByLabel('Frisör Norr').check();
    await page.keyboard.press('Enter');

    const { fragment } = await handedSession(handedOff, appUrl);
    expect(fragment.get('tenant')).toBe(second.body.tenant.id);
  });
});

describe.each(['en-GB', 'fr-FR'])('the hosted sign-in page in %s', (locale) => {
  const language = locale.slice(0, 2) as 'en' | 'fr';

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('fits a %s screen, has no serious accessibility problem, and is kept as a screenshot', async (viewport) => {
    const owner = await makeSignedInOwner(api);
    await enrol(owner);
    const { page } = await openPage(viewport, locale, { forAxe: true });

    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await page.locator('h1').innerText()).toBe(SIGN_IN_WORDS[language].signInTitle);
    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    const axe = await runAxe(page);
    expect(axe.serious).toEqual([]);
    expect(axe.applied).toContain('label');
    await saveScreenshot(page, `account-sign-in-${language}`, viewport);

    await typeCredentials(page, owner.email, OWNER_PASSWORD);
    await page.locator('#second-factor:not([hidden])').waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, `account-sign-in-code-${language}`, viewport);
  });
});
