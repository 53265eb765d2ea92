import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '#shared/data/entities.js';
import { EMAIL_WORDS } from '#shared/messages/email-words.js';
import { renderEmail } from '#shared/messages/email-html.js';
import type { OutgoingMessage } from '#shared/messages/message.js';
import { formatExpiry } from '#shared/messages/templates.js';
import { contentWidth, launchBrowser, newViewportContext, runAxe, saveScreenshot, VIEWPORTS, type ViewportName } from '../support/browser.js';

const APP = 'https://app.staffgate.example';
const KINDS = ['invitation', 'pin', 'password_reset'] as const;
// Latin with diacritics, Cyrillic, and the longest compound words (German) at phone width.
const LOCALES_SHOWN: Locale[] = ['en', 'sv', 'ru', 'de'];
const EXPIRES = '2026-12-03T13:00:00.000Z';

function build(kind: (typeof KINDS)[number], locale: Locale): OutgoingMessage {
  const common = { channel: 'email', to: 'anna@salon.example', locale } as const;
  if (kind === 'invitation') {
    const token = 'ten_01hx5k3.inv_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH';
    return { ...common, kind, tenantName: 'Salong Blå', firstName: 'Anna', inviterName: 'Maria Berg', token, expiresAt: EXPIRES, timeZone: 'Europe/Stockholm' };
  }
  if (kind === 'pin') return { ...common, kind, tenantName: 'Salong Blå', firstName: 'Anna', pin: '482913' };
  return { ...common, kind, token: 'acc_01hx5k3.rst_01hx5k4.Q2h-vN_8xY3kZ0aBcDeFgH', expiresAt: EXPIRES };
}

/** The one link a text part carries (invitations and resets), without the sentence's full stop after it. */
function textLink(text: string): string {
  const links = text.match(/https:\/\/\S+?(?=[.,)]?(?:\s|$))/g) ?? [];
  expect(links).toHaveLength(1);
  return links[0] ?? '';
}

/** What the text part tells its reader, each of which the HTML must show too. */
function keyFacts(message: OutgoingMessage, text: string): string[] {
  if (message.kind === 'invitation') {
    return [message.firstName, message.tenantName, message.inviterName ?? '', textLink(text), formatExpiry(message.expiresAt, message.locale, message.timeZone)];
  }
  if (message.kind === 'pin') return [message.firstName, message.tenantName, message.pin];
  return [textLink(text), formatExpiry(message.expiresAt, message.locale)];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

let browser: Browser;
const pages = {} as Record<ViewportName, Page>;
/** A phone page with JavaScript on, for axe's own code only: the email has no script of its own (test/unit/email-html.test.ts). */
let axePage: Page;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    // Mail clients run no script in an email: neither does the page here.
    const context = await newViewportContext(browser, viewport, { javaScriptEnabled: false, offline: true });
    contexts.push(context);
    pages[viewport] = await context.newPage();
  }
  const axeContext = await newViewportContext(browser, 'phone', { offline: true });
  contexts.push(axeContext);
  axePage = await axeContext.newPage();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe.each(KINDS)('the %s email in a browser', (kind) => {
  describe.each(LOCALES_SHOWN)('in %s', (locale) => {
    const message = build(kind, locale);
    const email = renderEmail(message, APP);

    it('fits a phone’s width, shows the text part’s facts, its button or PIN, and has no serious accessibility problem', async () => {
      const page = pages.phone;
      await page.setContent(email.html);

      expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS.phone.width);

      const seen = collapse(await page.locator('body').innerText());
      for (const fact of keyFacts(message, email.text)) {
        expect(email.text).toContain(fact);
        expect(seen).toContain(collapse(fact));
      }

      if (message.kind === 'pin') {
        await expect(page.getByText(message.pin, { exact: true }).isVisible()).resolves.toBe(true);
        expect(await page.getByRole('link').count()).toBe(0);
      } else {
        const words = EMAIL_WORDS[locale];
        const button = page.getByRole('link', { name: message.kind === 'invitation' ? words.invitationButton : words.resetButton, exact: true });
        expect(await button.isVisible()).toBe(true);
        expect(await button.getAttribute('href')).toBe(textLink(email.text));
        const box = await button.boundingBox();
        // WCAG 2.5.5's 44 × 44 CSS pixels, a thumb's target.
        expect(box?.height).toBeGreaterThanOrEqual(44);
        expect(box?.width).toBeGreaterThanOrEqual(44);
        expect((box?.x ?? -1) + (box?.width ?? Infinity)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
      }

      await axePage.setContent(email.html);
      const axe = await runAxe(axePage);
      expect(axe.serious).toEqual([]);
      expect(axe.applied).toEqual(expect.arrayContaining(['color-contrast', 'document-title', 'html-has-lang', 'html-lang-valid']));
      if (message.kind !== 'pin') expect(axe.applied).toContain('link-name');

      await saveScreenshot(page, `email-${kind}-${locale}`, 'phone');
    });

    it('lays out at desktop width without scrolling sideways', async () => {
      const page = pages.desktop;
      await page.setContent(email.html);
      expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS.desktop.width);
      await saveScreenshot(page, `email-${kind}-${locale}`, 'desktop');
    });
  });
});
