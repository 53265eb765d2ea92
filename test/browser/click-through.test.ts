import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import { PAGE_WORDS } from '#shared/pages/strings.js';
import { INVITATION_WORDS } from '#shared/pages/words/invitation.js';
import { TWO_FACTOR_WORDS } from '#shared/pages/words/two-factor.js';
import { DEMO_NEWCOMER, DEMO_STYLIST, type DemoSalon, seedDemoSalon } from '../../local/seed.js';
import { launchBrowser, newViewportContext, saveScreenshot } from '../support/browser.js';
import { startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';

/**
 * The newcomer's click-through of README.md ("Click-through in a browser:
 * the demo host app") in one browser tab against the demo salon seeded as
 * `npm start` seeds it: accept the invitation from the outbox, sign in and be
 * handed to the demo host app, enrol two-factor, sign in with a code,
 * register this browser as a terminal, unlock the PIN pad with the
 * stylist's PIN and lock it. Each step builds on the one before.
 */
const NEWCOMER_PASSWORD = 'violet tractor under midnight rain';
const invitationWords = { ...PAGE_WORDS.en, ...INVITATION_WORDS.en };
const twoFactorWords = TWO_FACTOR_WORDS.en;

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let demo: DemoSalon;
/** CSP reports and script errors of every page the tab shows: the flow must cause none. */
const problems: string[] = [];
/** The authenticator app of the newcomer: the key read from the page, and the last time step whose code was used. */
const authenticator = { secret: '', usedStep: -1 };

beforeAll(async () => {
  api = await startTestApi();
  demo = await seedDemoSalon(api.url, TEST_OPERATOR_TOKEN, undefined);
  browser = await launchBrowser();
  // A client address of its own, so the login budget per address is this file's.
  context = await newViewportContext(browser, 'desktop', { extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await api?.stop();
});
afterEach(() => {
  expect(problems).toEqual([]);
});

const focused = () => page.evaluate('document.activeElement.id');
const screenshot = (step: string) => saveScreenshot(page, `click-through-${step}`, 'desktop');
const pad = () => page.locator('staffgate-pin-pad');

/** Tab until the element is focused (at most `limit` presses), as a keyboard user moves on. */
async function tabTo(id: string, limit = 8) {
  for (let presses = 0; presses < limit && (await focused()) !== id; presses += 1) await page.keyboard.press('Tab');
  expect(await focused()).toBe(id);
}

/** The authenticator's code now, or the next window's when this window's code was used already (each code works once). */
function nextCode(): string {
  const step = Math.max(stepAt(clock.nowMs()), authenticator.usedStep + 1);
  authenticator.usedStep = step;
  return hotp(base32Decode(authenticator.secret), step);
}

/** Sign-in on a hosted page's form, keyboard only: login, password, and the code when the form asks for one. */
async function signIn(code?: () => string) {
  await page.locator('#login').focus();
  await page.keyboard.type(DEMO_NEWCOMER.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(NEWCOMER_PASSWORD);
  await page.keyboard.press('Enter');
  if (code) {
    await page.locator('#second-factor:not([hidden])').waitFor();
    expect(await focused()).toBe('code');
    await page.keyboard.type(code());
    await page.keyboard.press('Enter');
  }
}

/** From the demo host app to the hosted sign-in, as its "Hosted sign-in" link starts it: with a fresh `state` the hand-off must bring back. */
async function hostedSignInFromDemo() {
  if (page.url() !== `${api.url}/_local/demo/`) await page.goto(`${api.url}/_local/demo/`);
  await page.getByRole('navigation').getByRole('link', { name: 'Hosted sign-in' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/account\/sign-in\?state=[\w-]+$/);
  await page.locator('#login').waitFor();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('login');
}

/** The demo host app after a hosted sign-in's hand-off: signed in to the demo salon, the fragment gone from the address. */
async function handedToDemo() {
  await page.getByText(`Signed in to salon ${demo.tenantId}.`).waitFor();
  expect(page.url()).toBe(`${api.url}/_local/demo/`);
  expect(await page.locator('#hand-off-status').innerText()).toBe('');
  const kept = JSON.parse(String(await page.evaluate("sessionStorage.getItem('staffgate-demo.session')"))) as { token: string; tenantId: string };
  expect(kept.tenantId).toBe(demo.tenantId);
  return kept.token;
}

/** The invitation's link as the outbox shows it to the newcomer (the email goes out from the table's stream, so it may take a moment). */
async function invitationLinkFromOutbox(): Promise<string> {
  // A deadline, not a count of tries: on a loaded machine each look at the outbox is slow too.
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    await page.goto(`${api.url}/_local/outbox?to=${encodeURIComponent(DEMO_NEWCOMER.email)}`);
    const outbox = JSON.parse(await page.locator('body').innerText()) as { items: { kind: string; text: string }[] };
    const link = outbox.items.find((message) => message.kind === 'invitation')?.text.match(/https?:\/\/\S+#[\w.-]+/)?.[0];
    if (link) return link;
    await page.waitForTimeout(200);
  }
  throw new Error(`no invitation in the outbox for ${DEMO_NEWCOMER.email}`);
}

describe('a newcomer’s click-through on the demo salon', () => {
  it('1. accepts the invitation from the outbox with a new password and continues to the demo host app', async () => {
    const link = await invitationLinkFromOutbox();
    expect(link.startsWith(`${api.url}/account/invitation?lang=en#`)).toBe(true);

    await page.goto(link);
    await page.locator('#create:not([hidden])').waitFor();
    expect(page.url()).toBe(`${api.url}/account/invitation?lang=en`);
    expect(await page.locator('#invited').innerText()).toBe(
      invitationWords.invitedBy.replace('{name}', DEMO_NEWCOMER.firstName).replace('{inviter}', 'Olivia Owner').replace('{salon}', 'Demo Salon'),
    );
    await screenshot('1-invitation');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('new-password');
    await page.keyboard.type(NEWCOMER_PASSWORD);
    await page.locator('#new-password-problem', { hasText: invitationWords.passwordOk }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(invitationWords.accepted.replace('{salon}', 'Demo Salon')).waitFor();
    await screenshot('1-invitation-accepted');
    await tabTo('continue');
    await page.keyboard.press('Enter');

    await page.waitForURL(`${api.url}/_local/demo/`);
    await page.getByText('Sign in as the owner to register this browser as a terminal.').waitFor();
  });

  it('2. chooses the hosted sign-in on the demo host app, signs in, and is handed back signed in', async () => {
    await hostedSignInFromDemo();
    await signIn();

    const token = await handedToDemo();
    expect((await api.request('GET', '/v1/me', { token })).body.account.email).toBe(DEMO_NEWCOMER.email);
    await page.getByRole('button', { name: 'Register this browser as a terminal' }).waitFor();
    await screenshot('2-demo-signed-in');
  });

  it('3. enrols two-factor login: password again, the key from the page, a code, recovery codes kept', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Two-factor authentication' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.url}/account/two-factor`);
    await signIn();
    await page.locator('#account:not([hidden])').waitFor();
    expect(await page.locator('#state').innerText()).toBe(twoFactorWords.stateOff);
    await tabTo('step-up-password');
    await page.keyboard.type(NEWCOMER_PASSWORD);
    await page.keyboard.press('Enter');

    await page.locator('#setup:not([hidden])').waitFor();
    expect(await page.locator('#qr svg[role="img"]').count()).toBe(1);
    authenticator.secret = (await page.locator('#manual-key').innerText()).replace(/\s+/g, '');
    expect(authenticator.secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot('3-two-factor-setup');
    await tabTo('confirm-code');
    await page.keyboard.type(nextCode());
    await page.keyboard.press('Enter');

    await page.locator('#recovery:not([hidden])').waitFor();
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await screenshot('3-two-factor-recovery-codes');
    await tabTo('saved', 12);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.locator('#disable:not([hidden])').waitFor();
    expect(await page.locator('#state').innerText()).toBe(twoFactorWords.stateOn);
    await screenshot('3-two-factor-on');
  });

  it('4. signs in again through the hosted sign-in, now with the authenticator code, and is back on the demo host app', async () => {
    await hostedSignInFromDemo();
    await signIn(nextCode);

    await handedToDemo();
    await screenshot('4-demo-signed-in-with-code');
  });

  it('5. registers this browser as a terminal on the demo host app', async () => {
    await page.locator('#terminal-name-input').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.getByText('This browser is the terminal “Front desk”').waitFor();
    await pad().getByRole('button', { name: 'Unlock' }).waitFor();
    await screenshot('5-terminal-registered');
  });

  it('6. unlocks the PIN pad with the stylist’s PIN, shows who is signed in, and locks with the padlock', async () => {
    await page.locator('#forget-terminal').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_STYLIST.pin);
    await page.keyboard.press('Enter');

    await pad().getByText('Signed in: Sara S.').waitFor();
    await page.getByText('Sara S. unlocked the terminal.').waitFor();
    await screenshot('6-pin-pad-unlocked');
    await pad().getByRole('button', { name: 'Lock' }).focus();
    await page.keyboard.press('Enter');

    await pad().getByRole('button', { name: 'Unlock' }).waitFor();
    await page.getByText('Sara S.\'s session ended (padlock).').waitFor();
    await screenshot('6-pin-pad-locked');
  });
});
