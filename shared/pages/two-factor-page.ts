import type { Locale } from '../data/entities.js';
import { escapeHtml, type PageContext, pageDocument } from './html.js';
import { signInForms, signInScriptWords } from './sign-in-page.js';
import { TWO_FACTOR_WORDS, type TwoFactorWords } from './words/two-factor.js';

const WORDS: Record<Locale, TwoFactorWords> = TWO_FACTOR_WORDS;

/**
 * Two-factor login: the person signs in here first, then turns it on
 * (password step-up, QR code and key, a code, recovery codes shown once) or
 * off (password and a code). The script (pages/src/two-factor.ts) shows one
 * step at a time and keeps the session in memory only.
 */
export function twoFactorPage(locale: Locale, context: PageContext): string {
  const w = WORDS[locale];
  const e = escapeHtml;
  const main = [
    `<h1>${e(w.twoFactorTitle)}</h1>`,
    '<p id="status" role="status" tabindex="-1" hidden></p>',
    `<p id="intro">${e(w.twoFactorIntro)}</p>`,
    ...signInForms(locale),
    '<section id="account" hidden>',
    '<p id="state" class="state" tabindex="-1"></p>',
    '<form id="enrol" novalidate hidden>',
    `<h2>${e(w.enrolHeading)}</h2>`,
    `<p>${e(w.enrolIntro)}</p>`,
    `<label for="step-up-password">${e(w.stepUpLabel)}</label>`,
    '<input id="step-up-password" type="password" autocomplete="current-password" required maxlength="1024">',
    `<button type="submit">${e(w.enrolButton)}</button>`,
    '</form>',
    '<form id="setup" novalidate hidden>',
    `<h2 id="setup-heading" tabindex="-1">${e(w.scanHeading)}</h2>`,
    `<p>${e(w.scanIntro)}</p>`,
    '<div id="qr" class="qr"></div>',
    `<p class="key-line"><span class="key-label">${e(w.keyLabel)}</span> <code id="manual-key" class="key"></code></p>`,
    `<button type="button" id="copy-key" class="secondary">${e(w.copyKey)}</button>`,
    '<p id="key-note" class="hint" aria-live="polite"></p>',
    `<label for="confirm-code">${e(w.confirmLabel)}</label>`,
    '<input id="confirm-code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="6">',
    `<button type="submit">${e(w.turnOnButton)}</button>`,
    '</form>',
    '<form id="recovery" novalidate hidden>',
    `<h2 id="recovery-heading" tabindex="-1">${e(w.recoveryHeading)}</h2>`,
    `<p>${e(w.recoveryIntro)}</p>`,
    '<ul id="recovery-codes" class="codes"></ul>',
    `<button type="button" id="copy-codes" class="secondary">${e(w.copyCodes)}</button>`,
    `<a id="download-codes" class="button secondary" download="recovery-codes.txt">${e(w.downloadCodes)}</a>`,
    '<p id="codes-note" class="hint" aria-live="polite"></p>',
    `<label class="check"><input id="saved" type="checkbox"> ${e(w.savedLabel)}</label>`,
    `<button type="submit">${e(w.savedButton)}</button>`,
    '</form>',
    '<form id="disable" novalidate hidden>',
    `<h2>${e(w.disableHeading)}</h2>`,
    `<p>${e(w.disableIntro)}</p>`,
    `<label for="disable-password">${e(w.stepUpLabel)}</label>`,
    '<input id="disable-password" type="password" autocomplete="current-password" required maxlength="1024">',
    `<label for="disable-code">${e(w.disableCodeLabel)}</label>`,
    '<input id="disable-code" type="text" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" required maxlength="16">',
    `<button type="submit">${e(w.disableButton)}</button>`,
    '</form>',
    `<button type="button" id="sign-out" class="secondary">${e(w.signOut)}</button>`,
    '</section>',
  ].join('\n');
  return pageDocument(locale, 'two-factor', context, w.twoFactorTitle, main, { ...signInScriptWords(locale), ...w });
}
