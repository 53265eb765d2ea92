import type { Locale } from '../data/entities.js';
import type { AccountPage } from './render.js';

/** What every page is rendered with besides its language. */
export interface PageContext {
  /**
   * The host app (the deployment's `appBaseUrl`): the one place a page hands
   * a person on to, so no address in a link or a request can send them
   * elsewhere (no open redirect).
   */
  appUrl: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);

/** Words for the page's script, in a JSON data block (never executed; `<` escaped so no text can close the element). */
function wordsBlock(words: Record<string, string>): string {
  return `<script type="application/json" id="words">${JSON.stringify(words).replace(/</g, '\\u003c')}</script>`;
}

/**
 * A whole page: its language, its one stylesheet and script (the CSP allows
 * no other), its words for the script, and where it hands on to.
 */
export function pageDocument(locale: Locale, page: AccountPage, context: PageContext, title: string, main: string, words: Record<string, string>): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="stylesheet" href="assets/account.css">',
    '</head>',
    `<body data-page="${page}" data-app-url="${escapeHtml(context.appUrl)}">`,
    `<main>${main}</main>`,
    wordsBlock(words),
    '<script src="assets/account.js" defer></script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
