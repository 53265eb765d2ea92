import { z } from 'zod';
import { type AccountPage, ASSETS, type AssetName, PAGE_SECURITY_HEADERS, pageLocale, renderAccountPage } from '#shared/pages/render.js';
import { config } from '#shared/config.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import type { ListSource } from '#shared/domain/auth/password-rules.js';

/** The lists the password rules check against (password-rules.ts `ListSource`), for the pages to check as the server does. */
const PasswordLists = z
  .strictObject({
    passwords: z.array(z.string()),
    diceware: z.array(z.string()),
    adjacencyGraphs: z.record(z.string(), z.record(z.string(), z.array(z.string().nullable()))),
  })
  .meta({ id: 'PasswordLists' });

async function passwordListSource(): Promise<ListSource> {
  const { dictionary, adjacencyGraphs } = await import('@zxcvbn-ts/language-common');
  return { passwords: dictionary.passwords, diceware: dictionary.diceware, adjacencyGraphs };
}

/** A person's address bar, not a program's request: any `lang` is read (the first, if several), and one we do not have is English. */
const pageQuery = z.object({
  lang: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((lang) => (Array.isArray(lang) ? lang[0] : lang))
    .describe("The page's language (en, sv, ru, de, fr, es, nl, pl, fi, nb, da); else the browser's, else English."),
});

function asset(name: AssetName) {
  const { type, body } = ASSETS[name];
  return defineOperation({
    responses: { 200: z.string().describe(`The account pages' ${type === 'text/css' ? 'stylesheet' : 'script'}.`) },
    responseType: type,
    // Bundled with the function, so a deployment changes it: browsers keep it five minutes.
    handle: async () => ({ status: 200, body, headers: { 'Cache-Control': 'public, max-age=300' } }),
  });
}

/** A page that needs nothing from the address but its language. */
function page(name: AccountPage, description: string) {
  return defineOperation({
    query: pageQuery,
    responses: { 200: z.string().describe(description) },
    responseType: 'text/html',
    handle: async ({ query, request }) => ({
      status: 200,
      body: renderAccountPage(name, pageLocale(query.lang, request.headers['accept-language']), { appUrl: config().appBaseUrl }),
      headers: { ...PAGE_SECURITY_HEADERS },
    }),
  });
}

/** The hosted account pages (docs/account-pages.md): HTML, their script and stylesheet. No table, no secret, no session. */
export const handler = createApiHandler('pages', {
  passwordResetPage: defineOperation({
    query: pageQuery,
    responses: { 200: z.string().describe('HTML: ask for a reset link, or (opened from a link, `#<token>`) choose the new password.') },
    responseType: 'text/html',
    handle: async ({ query, request }) => ({
      status: 200,
      body: renderAccountPage('reset', pageLocale(query.lang, request.headers['accept-language']), { appUrl: config().appBaseUrl }),
      headers: { ...PAGE_SECURITY_HEADERS },
    }),
  }),
  signInPage: page('sign-in', 'HTML: sign in with a password (and a code when two-factor login is on), then on to the host app with the session in the fragment.'),
  twoFactorPage: page('two-factor', 'HTML: sign in, then turn two-factor login on (QR code, key, recovery codes) or off.'),
  invitationPage: page('invitation', 'HTML: accept an invitation (opened from its link, `#<token>`) with a new login or an existing one, then on to the host app.'),
  accountScript: asset('account.js'),
  accountStyles: asset('account.css'),
  passwordLists: defineOperation({
    responses: { 200: PasswordLists },
    // The lists change only with the package's version, which a deployment pins.
    handle: async () => ({ status: 200, body: await passwordListSource(), headers: { 'Cache-Control': 'public, max-age=3600' } }),
  }),
});
