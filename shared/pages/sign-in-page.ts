import type { Locale } from '../data/entities.js';
import { escapeHtml, type PageContext, pageDocument } from './html.js';
import { PAGE_WORDS } from './strings.js';
import { SIGN_IN_WORDS, type SignInScriptWords, type SignInWords } from './words/sign-in.js';

const WORDS: Record<Locale, SignInWords> = SIGN_IN_WORDS;

/** The sign-in step's words for its script: its own and the pages' common ones. */
export function signInScriptWords(locale: Locale): SignInScriptWords {
  const { tryAgain, working, tooManyTries, loginMissing } = PAGE_WORDS[locale];
  return { ...WORDS[locale], tryAgain, working, tooManyTries, loginMissing };
}

/**
 * The sign-in step (this page's, and the two-factor page's first): login
 * and password, then a code when the account has two-factor login on. The
 * script (pages/src/sign-in.ts) shows one form at a time.
 */
export function signInForms(locale: Locale): string[] {
  const w = WORDS[locale];
  const e = escapeHtml;
  return [
    '<form id="sign-in" novalidate>',
    `<label for="login">${e(PAGE_WORDS[locale].loginLabel)}</label>`,
    '<input id="login" name="login" type="text" inputmode="email" autocomplete="username" required maxlength="254">',
    `<label for="password">${e(w.passwordLabel)}</label>`,
    '<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">',
    `<button type="submit">${e(w.signInButton)}</button>`,
    `<p class="hint"><a href="reset">${e(w.forgotPassword)}</a></p>`,
    '</form>',
    '<form id="second-factor" novalidate hidden>',
    `<h2>${e(w.codeHeading)}</h2>`,
    `<label for="code">${e(w.codeLabel)}</label>`,
    '<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" required maxlength="16" aria-describedby="code-hint">',
    `<p id="code-hint" class="hint">${e(w.codeHint)}</p>`,
    `<button type="submit">${e(w.codeButton)}</button>`,
    '</form>',
  ];
}

/**
 * Sign in (for hosts that prefer a hosted login): the sign-in step, then,
 * for a person in several salons, which one; the script hands the session
 * on to the host app (docs/account-pages.md, "Sign in").
 */
export function signInPage(locale: Locale, context: PageContext): string {
  const w = WORDS[locale];
  const main = [
    `<h1>${escapeHtml(w.signInTitle)}</h1>`,
    '<p id="status" role="status" tabindex="-1" hidden></p>',
    `<p id="intro">${escapeHtml(w.signInIntro)}</p>`,
    ...signInForms(locale),
    '<form id="salon" novalidate hidden>',
    `<fieldset><legend>${escapeHtml(w.salonHeading)}</legend><div id="salons" class="choices"></div></fieldset>`,
    `<button type="submit">${escapeHtml(w.salonButton)}</button>`,
    '</form>',
  ].join('\n');
  return pageDocument(locale, 'sign-in', context, w.signInTitle, main, signInScriptWords(locale));
}
