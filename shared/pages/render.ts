import { type Locale, LOCALES } from '../data/entities.js';
import { ACCOUNT_SCRIPT } from './generated/account-script.js';
import { SCRIPT_WORD_KEYS } from './script-words.js';
import { PAGE_WORDS } from './strings.js';
import { ACCOUNT_STYLES } from './styles.js';
import { escapeHtml, type PageContext, pageDocument } from './html.js';
import { signInPage } from './sign-in-page.js';
import { twoFactorPage } from './two-factor-page.js';
import { invitationPage } from './invitation-page.js';

/** The hosted pages (per region, on the API's own origin: see docs/account-pages.md). */
export const ACCOUNT_PAGES = ['reset', 'sign-in', 'two-factor', 'invitation'] as const;
export type AccountPage = (typeof ACCOUNT_PAGES)[number];

/**
 * Only the page's own script and stylesheet, requests to its own origin (the
 * API), nothing inline, nothing third-party, and no framing. A window of
 * another origin that opened a page keeps no handle on it (COOP), so it
 * cannot swap the link's token under a person who has read the page.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export const ASSETS = {
  'account.js': { type: 'text/javascript', body: ACCOUNT_SCRIPT },
  'account.css': { type: 'text/css', body: ACCOUNT_STYLES },
} as const;
export type AssetName = keyof typeof ASSETS;

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/**
 * The page's language: `lang` if the address names one we have, else the
 * browser's first language we have
 * (Accept-Language, by its q values; `nn`/`no` read as Norwegian bokmål),
 * else English.
 */
export function pageLocale(lang: string | undefined, acceptLanguage: string | undefined): Locale {
  if (lang && isLocale(lang)) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { language: tag.toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of ranked) {
    const candidate = language === 'no' || language === 'nn' ? 'nb' : language;
    if (isLocale(candidate)) return candidate;
  }
  return 'en';
}

/**
 * Reset a password: the request form, or (when the link's fragment holds a
 * token, which the script reads) the new-password form. Both are in the
 * page; the script shows one.
 */
function passwordResetPage(locale: Locale, context: PageContext): string {
  const w = PAGE_WORDS[locale];
  const main = [
    `<h1>${escapeHtml(w.resetTitle)}</h1>`,
    '<p id="status" role="status" tabindex="-1" hidden></p>',
    '<form id="request" novalidate>',
    `<h2 class="hint">${escapeHtml(w.requestHeading)}</h2>`,
    `<p>${escapeHtml(w.requestIntro)}</p>`,
    `<label for="login">${escapeHtml(w.loginLabel)}</label>`,
    '<input id="login" name="login" type="text" inputmode="email" autocomplete="username" required maxlength="254">',
    `<button type="submit">${escapeHtml(w.requestButton)}</button>`,
    '</form>',
    '<form id="confirm" novalidate hidden>',
    `<h2 class="hint">${escapeHtml(w.confirmHeading)}</h2>`,
    `<label for="new-password">${escapeHtml(w.passwordLabel)}</label>`,
    '<input id="new-password" name="new-password" type="password" autocomplete="new-password" required minlength="8" maxlength="128" aria-describedby="new-password-hint new-password-problem">',
    `<p id="new-password-hint" class="hint">${escapeHtml(w.passwordHint)}</p>`,
    '<p id="new-password-problem" class="problem" aria-live="polite"></p>',
    `<button type="submit">${escapeHtml(w.confirmButton)}</button>`,
    '</form>',
  ].join('\n');
  return pageDocument(locale, 'reset', context, w.resetTitle, main, Object.fromEntries(SCRIPT_WORD_KEYS.map((key) => [key, w[key]])));
}

export type { PageContext } from './html.js';

export function renderAccountPage(page: AccountPage, locale: Locale, context: PageContext): string {
  switch (page) {
    case 'reset':
      return passwordResetPage(locale, context);
    case 'sign-in':
      return signInPage(locale, context);
    case 'two-factor':
      return twoFactorPage(locale, context);
    case 'invitation':
      return invitationPage(locale, context);
  }
}
