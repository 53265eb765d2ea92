import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import { PAGE_WORDS } from '#shared/pages/strings.js';
import { INVITATION_WORDS } from '#shared/pages/words/invitation.js';
import { makeAccessLevel, makeSignedInOwner, makeStaff, OWNER_PASSWORD, type SignedInOwner } from '../support/builders.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName, watchCsp } from '../support/browser.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * The hosted invitation page in Chromium against the local stack: a person
 * opens the link from the outbox, sees the salon's invitation, and accepts it
 * with a new login or the one they have, keyboard only, then goes on to the
 * host app with no token in any address.
 */
const NEW_PASSWORD = 'violet tractor under midnight rain';
const en = { ...PAGE_WORDS.en, ...INVITATION_WORDS.en };

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
afterEach(() => {
  clock.reset();
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

/** The link of the invitation the outbox holds for `to`, as the message carries it. */
async function invitationLinkFor(to: string): Promise<string> {
  for (let tries = 0; tries < 100; tries += 1) {
    const sent = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
    const text = (sent.body.items as { kind: string; text: string }[]).find((message) => message.kind === 'invitation')?.text;
    const link = text?.match(/https?:\/\/\S+#[\w.-]+/)?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no invitation sent to ${to}`);
}

/** A new staff member of the owner's salon, invited by email. */
async function invite(owner: SignedInOwner) {
  const level = await makeAccessLevel(api, owner, { template: 'reception' });
  const staff = await makeStaff(api, owner, { firstName: 'Lina', accessLevelId: level.id });
  const invited = await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: staff.id, channel: 'email' } });
  expect(invited.status).toBe(201);
  return { staffId: staff.id, email: staff.email, link: await invitationLinkFor(staff.email) };
}

const focused = (page: Page) => page.evaluate('document.activeElement.id');

describe('the hosted invitation page, keyboard only', () => {
  it('accepts with a new login: the salon and the expiry shown, the password checked as typed, then on to the host app', async () => {
    const owner = await makeSignedInOwner(api);
    const { email, link } = await invite(owner);
    const { page, cspViolations } = await openPage('phone');

    // An email's link opens the page in the message's language.
    expect(link).toBe(`${api.url}/account/invitation?lang=en#${new URL(link).hash.slice(1)}`);
    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();
    // The token left the address bar (and the history) as the page loaded.
    expect(page.url()).toBe(`${api.url}/account/invitation?lang=en`);
    // The owner sent it: the page names them as the invitation message did.
    expect(await page.locator('#invited').innerText()).toBe(en.invitedBy.replace('{name}', 'Lina').replace('{inviter}', 'Anna Berg').replace('{salon}', 'Salong Solsken'));
    expect(await page.locator('#valid').innerText()).toMatch(/^The invitation is valid until .*\d{4}/);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('new-password');
    await page.keyboard.type('short');
    await page.locator('#new-password-problem', { hasText: en.tooShort }).waitFor();
    await page.fill('#new-password', '');
    await page.keyboard.type(NEW_PASSWORD);
    await page.locator('#new-password-problem', { hasText: en.passwordOk }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(en.accepted.replace('{salon}', 'Salong Solsken')).waitFor();
    expect(await focused(page)).toBe('status');
    expect(await page.locator('#create').isHidden()).toBe(true);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('continue');
    await page.keyboard.press('Enter');
    // The host app (the deployment's appBaseUrl: local mode's demo host page), with no token in its address.
    await page.waitForURL(`${api.url}/_local/demo/`);

    const signIn = await api.request('POST', '/v1/auth/login', { json: { login: email, password: NEW_PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.memberships.map((membership: { tenantId: string }) => membership.tenantId)).toEqual([owner.tenantId]);
    expect(cspViolations).toEqual([]);
  });

  it('attaches an existing login with two-factor on, asking for the code only when the login needs one', async () => {
    const owner = await makeSignedInOwner(api);
    const elsewhere = await makeSignedInOwner(api, { name: 'Studio Nord' });
    const started = await api.request('POST', '/v1/auth/totp', { token: elsewhere.token, json: { password: OWNER_PASSWORD } });
    const secret = started.body.secret as string;
    const codeNow = () => hotp(base32Decode(secret), stepAt(clock.nowMs()));
    expect((await api.request('POST', '/v1/auth/totp/confirm', { token: elsewhere.token, json: { code: codeNow() } })).status).toBe(200);
    // Past the confirmation code's step and its drift window, so the page's code is fresh.
    clock.advance(90_000);
    const { staffId, link } = await invite(owner);
    const { page, cspViolations } = await openPage('desktop');

    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('to-attach');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('login');
    expect(await page.locator('#code').isHidden()).toBe(true);
    await page.keyboard.type(elsewhere.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: en.wrongCredentials }).waitFor();

    await page.locator('#password').focus();
    await page.keyboard.type(OWNER_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#code-problem', { hasText: en.codeNeeded }).waitFor();
    expect(await focused(page)).toBe('code');
    await page.keyboard.type(codeNow());
    await page.keyboard.press('Enter');
    await page.getByText(en.accepted.replace('{salon}', 'Salong Solsken')).waitFor();
    expect(await page.locator('#continue').isVisible()).toBe(true);

    const member = await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token });
    expect(member.body.status).toBe('active');
    expect(cspViolations).toEqual([]);
  });

  it('shows the server’s refusal of a password built from the person’s own address on the field', async () => {
    const owner = await makeSignedInOwner(api);
    const { email, link } = await invite(owner);
    const { page } = await openPage('phone');

    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();
    await page.locator('#new-password').focus();
    await page.keyboard.type(email);
    await page.locator('#new-password-problem', { hasText: en.passwordOk }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#new-password-problem', { hasText: en.weakPassword }).waitFor();

    expect(await page.locator('#new-password').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('new-password');
  });
});

describe('the hosted invitation page when the invitation cannot be accepted', () => {
  it('shows the invitation of the link opened last, when an earlier link’s answer comes after it', async () => {
    const owner = await makeSignedInOwner(api);
    const first = await invite(owner);
    const level = await makeAccessLevel(api, owner, { template: 'reception' });
    const maja = await makeStaff(api, owner, { firstName: 'Maja', accessLevelId: level.id });
    expect((await api.request('POST', `/v1/tenants/${owner.tenantId}/invitations`, { token: owner.token, json: { staffId: maja.id, channel: 'email' } })).status).toBe(201);
    const second = await invitationLinkFor(maja.email);
    const { page } = await openPage('desktop');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let lookups = 0;
    await page.route(
      (url) => url.pathname.endsWith('/v1/invitations/lookup'),
      async (route) => {
        const response = await route.fetch();
        if ((lookups += 1) === 1) await held;
        await route.fulfill({ response });
      },
    );

    await page.goto(first.link);
    await expect.poll(() => lookups).toBe(1);
    // The second link opened in the same tab: only the fragment changes.
    await page.evaluate(`location.hash = ${JSON.stringify(new URL(second).hash)}`);
    await page.locator('#invited', { hasText: 'Maja' }).waitFor();
    await page.evaluate(`(() => {
      const invited = document.getElementById('invited');
      window.__shown = [];
      new MutationObserver(() => window.__shown.push(invited.textContent)).observe(invited, { childList: true, characterData: true, subtree: true });
    })()`);
    const delivered = page.waitForEvent('requestfinished', (request) => request.url().endsWith('/v1/invitations/lookup'));
    release();
    await delivered;
    // The second link once more: its answer comes after the first's, which the page has handled by then.
    await page.evaluate(`location.hash = ${JSON.stringify(new URL(second).hash)}`);
    await expect.poll(() => lookups).toBe(3);
    await expect.poll(async () => ((await page.evaluate('window.__shown')) as string[]).filter((text) => text.includes('Maja'))).toHaveLength(1);

    expect(((await page.evaluate('window.__shown')) as string[]).filter((text) => text.includes('Lina'))).toEqual([]);
    expect(await page.locator('#create').isVisible()).toBe(true);
  });

  it('says an invitation already used can no longer be used, and offers no form', async () => {
    const owner = await makeSignedInOwner(api);
    const { link } = await invite(owner);
    const token = new URL(link).hash.slice(1);
    expect((await api.request('POST', '/v1/invitations/accept', { json: { token, password: NEW_PASSWORD } })).status).toBe(200);
    const { page } = await openPage('phone');

    await page.goto(link);
    await page.locator('#status', { hasText: en.notFound }).waitFor();

    expect(await focused(page)).toBe('status');
    expect(await page.locator('form:not([hidden])').count()).toBe(0);
    expect(page.url()).toBe(`${api.url}/account/invitation?lang=en`);
  });

  it('says an expired invitation can no longer be used', async () => {
    const owner = await makeSignedInOwner(api);
    const { link } = await invite(owner);
    clock.advance(7 * 86_400_000 + 1000);
    const { page } = await openPage('phone');

    await page.goto(link);
    await page.locator('#status', { hasText: en.notFound }).waitFor();
  });

  it('says the page opens from the invitation’s link when there is no token', async () => {
    const { page } = await openPage('phone');

    await page.goto(`${api.url}/account/invitation`);
    await page.locator('#status', { hasText: en.noToken }).waitFor();
  });

  it('says how long to wait when the API throttles, from its Retry-After, and looks the invitation up again on request', async () => {
    const owner = await makeSignedInOwner(api);
    const { link } = await invite(owner);
    const { page } = await openPage('phone', 'de-DE');
    const smsLink = link.replace(/\?lang=\w+/, '');
    let throttled = true;
    await page.route(`${api.url}/v1/invitations/lookup`, (route) =>
      throttled
        ? route.fulfill({ status: 429, headers: { 'retry-after': '90', 'content-type': 'application/problem+json' }, body: JSON.stringify({ status: 429, code: 'rate_limited' }) })
        : route.continue(),
    );

    await page.goto(smsLink);
    await page.locator('#status', { hasText: PAGE_WORDS.de.tooManyTries.replace('{wait}', '2 Min.') }).waitFor();
    throttled = false;
    await page.locator('#retry').focus();
    await page.keyboard.press('Enter');
    await page.locator('#create:not([hidden])').waitFor();
  });

  it('says StaffGate could not be reached when the network fails', async () => {
    const owner = await makeSignedInOwner(api);
    const { link } = await invite(owner);
    const { page } = await openPage('phone');
    await page.route(`${api.url}/v1/invitations/lookup`, (route) => route.abort('internetdisconnected'));

    await page.goto(link);
    await page.locator('#status', { hasText: en.offline }).waitFor();
    expect(await page.locator('#retry').isVisible()).toBe(true);
  });
});

describe('the hosted invitation page’s language', () => {
  it('opens in the email’s language, which its link names, whatever the browser’s', async () => {
    const { link } = await invite(await makeSignedInOwner(api));
    const { page } = await openPage('phone', 'sv-SE');

    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe(INVITATION_WORDS.en.invitationTitle);
  });
});

describe.each(['en-GB', 'sv-SE'])('the hosted invitation page in %s', (locale) => {
  const language = locale.slice(0, 2) as 'en' | 'sv';
  let link: string;
  beforeAll(async () => {
    // As an SMS's link, which names no language: the page speaks the browser's.
    link = (await invite(await makeSignedInOwner(api))).link.replace(/\?lang=\w+/, '');
  });

  it.each(Object.keys(VIEWPORTS) as ViewportName[])('fits a %s screen, has no serious accessibility problem, and is kept as a screenshot', async (viewport) => {
    const { page } = await openPage(viewport, locale, { forAxe: true });

    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await page.locator('h1').innerText()).toBe(INVITATION_WORDS[language].invitationTitle);
    expect(await page.locator('#invited').innerText()).toContain('Salong Solsken');
    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    const axe = await runAxe(page);
    expect(axe.serious).toEqual([]);
    expect(axe.applied).toContain('label');
    await saveScreenshot(page, `account-invitation-create-${language}`, viewport);

    await page.locator('#to-attach').click();
    await page.locator('#attach:not([hidden])').waitFor();
    expect((await runAxe(page)).serious).toEqual([]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width);
    await saveScreenshot(page, `account-invitation-attach-${language}`, viewport);
  });
});
