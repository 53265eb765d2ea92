import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AxeResults, RunOptions } from 'axe-core';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/**
 * Browser tests drive the system's Chromium (Debian's package) through
 * playwright-core, which never downloads a browser of its own: installs stay
 * offline and CI uses the same browser as a developer.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless=new',
  // The test runs as root in a container, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // A container's /dev/shm is often 64 MB, and Chromium's renderers crash when it fills.
  '--disable-dev-shm-usage',
  // Chromium itself calls nowhere: no updates, field trials, sync or extensions.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--mute-audio',
];

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 800 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/** One per test file (beforeAll/afterAll): starting Chromium costs far more than a page. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A context laid out as a phone (mobile layout: the page's meta viewport counts, touch) or a desktop window.
 * Its waits give up after 60 s, inside the test's 90 s, so a slow step fails with Playwright's call log.
 */
export async function newViewportContext(browser: Browser, viewport: ViewportName, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const phone = viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {};
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], ...phone, ...options });
  context.setDefaultTimeout(60_000);
  return context;
}

/** How wide the page's content is, in CSS pixels: wider than the viewport means a reader scrolls sideways. */
export async function contentWidth(page: Page): Promise<number> {
  // A string, not a function: the project's types have no DOM, and evaluate runs even with the page's JavaScript off.
  return Number(await page.evaluate('document.documentElement.scrollWidth'));
}

export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface AxeReport {
  /** Violations of impact serious or critical: what a test fails on. */
  serious: AxeProblem[];
  /** Every rule that found something to check (passed, violated or undecided), to show a check did run. */
  applied: string[];
}

/**
 * Runs axe-core on the page as it is, with the rules of the given tags (WCAG
 * 2.x A and AA by default). The page's context must have JavaScript on: axe
 * runs in the page on promises and timers, which a context without
 * JavaScript never fires (the run hangs).
 */
export async function runAxe(page: Page, tags: string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']): Promise<AxeReport> {
  // Every setContent or goto replaces the document, and axe with it.
  await page.addScriptTag({ path: AXE_SOURCE });
  const options: RunOptions = { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] };
  const results = await page.evaluate((runOptions) => (globalThis as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } }).axe.run(runOptions), options);
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  const applied = [...results.passes, ...results.violations, ...results.incomplete].map((result) => result.id);
  return { serious, applied: [...new Set(applied)].sort() };
}

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** A full-page screenshot as test-artifacts/screenshots/<name>-<viewport>.png, for a person (or CI's artifacts) to look at. */
export async function saveScreenshot(page: Page, name: string, viewport: ViewportName): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}-${viewport}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page's Content Security Policy violations as they happen (Chromium reports them on the console): a page must break none of its own rules. */
export function watchCsp(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(message.text());
  });
  return found;
}
