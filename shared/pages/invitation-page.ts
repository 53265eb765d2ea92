import type { Locale } from '../data/entities.js';
import { escapeHtml, type PageContext, pageDocument } from './html.js';
import { PAGE_WORDS } from './strings.js';
import { INVITATION_WORDS, type InvitationScriptWords, type InvitationWords } from './words/invitation.js';

const WORDS: Record<Locale, InvitationWords> = INVITATION_WORDS;

/** The page's words for its script: its own and the pages' common ones. */
function invitationScriptWords(locale: Locale): InvitationScriptWords {
  const { tooShort, tooLong, weakPassword, passwordOk, tryAgain, working, tooManyTries, loginMissing } = PAGE_WORDS[locale];
  return { ...WORDS[locale], tooShort, tooLong, weakPassword, passwordOk, tryAgain, working, tooManyTries, loginMissing };
}

/**
 * Accept an invitation (docs/account-pages.md): the salon's invitation as
 * the lookup tells it, then a new login with a password or the person's
 * existing login (with its second factor when it has one). The script
 * (pages/src/invitation.ts) fills in the invitation and shows one form at a
 * time; the token stays in the fragment and the request bodies.
 */
export function invitationPage(locale: Locale, context: PageContext): string {
  const w = WORDS[locale];
  const common = PAGE_WORDS[locale];
  const e = escapeHtml;
  const main = [
    `<h1>${e(w.invitationTitle)}</h1>`,
    '<p id="status" role="status" tabindex="-1" hidden></p>',
    `<p id="invited" aria-live="polite">${e(w.checking)}</p>`,
    '<p id="valid" class="hint" hidden></p>',
    `<button type="button" id="retry" class="secondary" hidden>${e(w.retryButton)}</button>`,
    '<form id="create" novalidate hidden>',
    `<h2>${e(w.createHeading)}</h2>`,
    `<p class="hint">${e(w.createIntro)}</p>`,
    `<label for="new-password">${e(w.newPasswordLabel)}</label>`,
    '<input id="new-password" name="new-password" type="password" autocomplete="new-password" required minlength="8" maxlength="128" aria-describedby="new-password-hint new-password-problem">',
    `<p id="new-password-hint" class="hint">${e(common.passwordHint)}</p>`,
    '<p id="new-password-problem" class="problem" aria-live="polite"></p>',
    `<button type="submit">${e(w.createButton)}</button>`,
    `<button type="button" id="to-attach" class="secondary">${e(w.useExisting)}</button>`,
    '</form>',
    '<form id="attach" novalidate hidden>',
    `<h2>${e(w.attachHeading)}</h2>`,
    `<p class="hint">${e(w.attachIntro)}</p>`,
    `<label for="login">${e(common.loginLabel)}</label>`,
    '<input id="login" name="login" type="text" inputmode="email" autocomplete="username" required maxlength="254">',
    `<label for="password">${e(w.passwordLabel)}</label>`,
    '<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">',
    '<div id="code-field" class="field" hidden>',
    `<label for="code">${e(w.codeLabel)}</label>`,
    '<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" maxlength="16" aria-describedby="code-hint code-problem">',
    `<p id="code-hint" class="hint">${e(w.codeHint)}</p>`,
    '<p id="code-problem" class="problem" aria-live="polite"></p>',
    '</div>',
    `<button type="submit">${e(w.attachButton)}</button>`,
    `<button type="button" id="to-create" class="secondary">${e(w.createInstead)}</button>`,
    '</form>',
    `<button type="button" id="continue" hidden>${e(w.continueButton)}</button>`,
  ].join('\n');
  return pageDocument(locale, 'invitation', context, w.invitationTitle, main, invitationScriptWords(locale));
}
