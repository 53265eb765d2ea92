import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_WORDS } from '#shared/pages/strings.js';
import { makeSignedInOwner } from '../support/builders.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName, watchCsp } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** The hosted reset page in Chromium against the local stack: a person asks for a link, opens it, and chooses a new password, keyboard only. */
const NEW_PASSWORD = 'violet tractor under midnight rain';

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

/** A page whose CSP reports are collected: the page must break none of its own rules. */
async function openPage(viewport: ViewportName, locale = 'en-GB', options: { forAxe?: boolean } = {}): Promise<{ page: Page; cspViolations: string[] }> {
  // axe injects its own script, which the page's CSP rightly refuses: only a page checked by axe lets it in.
  const context = await newViewportContext(browser, viewport, { locale, ...(options.forAxe ? { bypassCSP: true } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations = watchCsp(page);
  return { page, cspViolations };
}

async function resetLinkFor(login: string): Promise<string> {
  for (let tries = 0; tries < 100; tries += 1) {
    const sent = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(login)}`);
    const text = (sent.body.items as { kind: string; text: string }[]).find((message) => message.kind === 'password_reset')?.text;
    const link = text?.match(/https?:\/\/\S+#\S+/)?.[0].replace(/\.$/, '');
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no reset link sent to ${login}`);
}

const visibleText = (page: Page, selector: string) => page.locator(selector).innerText();

describe('the hosted reset page, keyboard only', () => {
  it('asks for a link, then sets the new password from it, and the new password signs in', async () => {
    const owner = await makeSignedInOwner(api);
    const words = PAGE_WORDS.en;
    const { page, cspViolations } = await openPage('phone');

    await page.goto(`${api.url}/account/reset`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('login');
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Enter');
    await page.getByText(words.requestDone).waitFor();

    const link = await resetLinkFor(owner.email);
    await page.goto(link);
    await page.locator('#confirm:not([hidden])').waitFor();
    // The token left the address bar (and the history) as the page loaded.
    expect(page.url()).toBe(`${api.url}/account/reset?lang=en`);
    expect(await page.evaluate('document.activeElement.id')).toBe('new-password');
    await page.keyboard.type('short');
    await page.locator('#new-password-problem', { hasText: words.tooShort }).waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator('#status').isHidden()).toBe(true);
    await page.fill('#new-password', '');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText(words.confirmDone).waitFor();
    expect(await page.inputValue('#new-password')).toBe('');

    const login = await api.request('POST', '/v1/auth/login', { json: { login: owner.email, password: NEW_PASSWORD } });
    expect(login.status).toBe(200);
    expect(cspViolations).toEqual([]);
  });

  it('says a used link has expired and offers to send a new one', async () => {
    const owner = await makeSignedInOwner(api);
    await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } });
    const link = await resetLinkFor(owner.email);
    const token = decodeURIComponent(new URL(link).hash.slice(1));
    expect((await api.request('POST', '/v1/auth/password-reset/confirm', { json: { token, newPassword: NEW_PASSWORD } })).status).toBe(204);
    const { page } = await openPage('desktop');

    await page.goto(link);
    await page.locator('#confirm:not([hidden])').waitFor();
    await page.keyboard.type('another fine evening walk');
    await page.keyboard.press('Enter');
    await page.locator('#request:not([hidden])').waitFor();

    await page.getByText(PAGE_WORDS.en.linkExpired).waitFor();
    // Focus on the news, which a screen reader then reads; the request form is next by Tab.
    expect(await page.evaluate('document.activeElement.id')).toBe('status');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('login');
  });

  it('checks the password as it is typed with the server’s own rules, and refuses a weak one without sending it', async () => {
    const owner = await makeSignedInOwner(api);
    await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } });
    const { page } = await openPage('phone');

    await page.goto(await resetLinkFor(owner.email));
    await page.locator('#confirm:not([hidden])').waitFor();
    await page.keyboard.type('password123');
    await page.getByText(PAGE_WORDS.en.weakPassword).waitFor();
    expect(await page.locator('#new-password').getAttribute('aria-invalid')).toBe('true');
    const confirms: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/auth/password-reset/confirm')) confirms.push(request.url());
    });
    await page.keyboard.press('Enter');

    expect(await page.locator('#confirm').isVisible()).toBe(true);
    await page.fill('#new-password', '');
    await page.keyboard.type(NEW_PASSWORD);
    await page.getByText(PAGE_WORDS.en.passwordOk).waitFor();
    expect(await page.locator('#new-password').getAttribute('aria-invalid')).toBe('false');
    // The weak one's Enter sent nothing, however late a request would have left: the strong one is the only confirm.
    await page.keyboard.press('Enter');
    await page.getByText(PAGE_WORDS.en.confirmDone).waitFor();
    expect(confirms).toHaveLength(1);
  });
});

describe('the hosted reset page and what only the server knows', () => {
  it('shows the server’s refusal of a password built from the person’s email address as a problem of the field', async () => {
    const owner = await makeSignedInOwner(api);
    await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } });
    const { page } = await openPage('phone');

    await page.goto(await resetLinkFor(owner.email));
    await page.locator('#confirm:not([hidden])').waitFor();
    await page.keyboard.type(owner.email);
    await page.getByText(PAGE_WORDS.en.passwordOk).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#new-password-problem', { hasText: PAGE_WORDS.en.weakPassword }).waitFor();

    expect(await page.locator('#new-password-problem').getAttribute('data-tone')).toBe('error');
    expect(await page.locator('#new-password').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('the hosted reset page when a request cannot go ahead', () => {
  it('asks for the login instead of sending an empty one', async () => {
    const { page } = await openPage('phone');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(request.url());
    });

    await page.goto(`${api.url}/account/reset`);
    await page.locator('#login').focus();
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: PAGE_WORDS.en.loginMissing }).waitFor();

    expect(await page.locator('#login').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);
  });

  it('says how long to wait when the gateway throttles the request, from its Retry-After', async () => {
    const { page } = await openPage('phone', 'de-DE');
    // API Gateway's per-route throttle answers before any function runs; the local server has none to trip.
    await page.route(`${api.url}/v1/auth/password-reset`, (route) =>
      route.fulfill({ status: 429, headers: { 'retry-after': '90', 'content-type': 'application/problem+json' }, body: JSON.stringify({ status: 429, code: 'rate_limited' }) }),
    );

    await page.goto(`${api.url}/account/reset`);
    await page.fill('#login', 'someone@example.com');
    await page.keyboard.press('Enter');

    await page.locator('#status', { hasText: PAGE_WORDS.de.tooManyTries.replace('{wait}', '2 Min.') }).waitFor();
  });
});

describe('the hosted reset page and a second link', () => {
  it('keeps the link opened last when the answer for the one before comes after it', async () => {
    const first = await makeSignedInOwner(api);
    const second = await makeSignedInOwner(api);
    for (const owner of [first, second]) await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } });
    const [firstLink, secondLink] = [await resetLinkFor(first.email), await resetLinkFor(second.email)];
    const { page } = await openPage('desktop');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    // The first link's new password is set on the server; the page gets that answer only after the second link opened.
    await page.route(
      (url) => url.pathname.endsWith('/v1/auth/password-reset/confirm'),
      async (route) => {
        const response = await route.fetch();
        if (!answered) {
          answered = true;
          await held;
        }
        await route.fulfill({ response });
      },
    );

    await page.goto(firstLink);
    await page.locator('#confirm:not([hidden])').waitFor();
    await page.fill('#new-password', NEW_PASSWORD);
    await page.locator('#new-password').press('Enter');
    await expect.poll(() => answered).toBe(true);
    await page.evaluate(`location.hash = ${JSON.stringify(new URL(secondLink).hash)}`);
    release();
    // The form's button comes back once the page has handled the answer.
    await expect.poll(() => page.locator('#confirm button[type="submit"]').isEnabled()).toBe(true);

    expect(await page.locator('#confirm').isVisible()).toBe(true);
    await page.fill('#new-password', `${NEW_PASSWORD} again`);
    await page.locator('#new-password').press('Enter');
    await page.getByText(PAGE_WORDS.en.confirmDone).waitFor();
    const login = await api.request('POST', '/v1/auth/login', { json: { login: second.email, password: `${NEW_PASSWORD} again` } });
    expect(login.status).toBe(200);
  });
});

describe.each(['en-GB', 'sv-SE'])('the hosted reset page in %s', (locale) => {
  const language = locale.slice(0, 2) as 'en' | 'sv';

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('fits a %s screen, has no serious accessibility problem, and is kept as a screenshot', async (viewport) => {
    const { page } = await openPage(viewport, locale, { forAxe: true });

    await page.goto(`${api.url}/account/reset`);
    await page.locator('#login').waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await visibleText(page, 'h1')).toBe(PAGE_WORDS[language].resetTitle);
    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    const axe = await runAxe(page);
    expect(axe.serious).toEqual([]);
    expect(axe.applied).toContain('label');
    await saveScreenshot(page, `account-reset-request-${language}`, viewport);

    await page.goto(`${api.url}/account/reset#acc_0.rst_0.x`);
    await page.locator('#new-password').waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    await saveScreenshot(page, `account-reset-confirm-${language}`, viewport);
  });
});
