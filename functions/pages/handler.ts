import { z } from 'zod';
import { ASSETS, type AssetName, PAGE_SECURITY_HEADERS, pageLocale, renderAccountPage } from '#shared/pages/render.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';

const pageQuery = z.object({ lang: z.string().max(16).optional().describe("The page's language (en, sv, ru, de, fr, es, nl, pl, fi, nb, da); else the browser's, else English.") });

function asset(name: AssetName) {
  const { type, body } = ASSETS[name];
  return defineOperation({
    responses: { 200: z.string().describe(`The account pages' ${type === 'text/css' ? 'stylesheet' : 'script'}.`) },
    responseType: type,
    // Bundled with the function, so a deployment changes it: browsers keep it five minutes.
    handle: async () => ({ status: 200, body, headers: { 'Cache-Control': 'public, max-age=300' } }),
  });
}

/** The hosted account pages (docs/account-pages.md): HTML, their script and stylesheet. No table, no secret, no session. */
export const handler = createApiHandler('pages', {
  passwordResetPage: defineOperation({
    query: pageQuery,
    responses: { 200: z.string().describe('HTML: ask for a reset link, or (a link’s `#token=…`) choose the new password.') },
    responseType: 'text/html',
    handle: async ({ query, request }) => ({
      status: 200,
      body: renderAccountPage('reset', pageLocale(query.lang, request.headers['accept-language'])),
      headers: { ...PAGE_SECURITY_HEADERS },
    }),
  }),
  accountScript: asset('account.js'),
  accountStyles: asset('account.css'),
});
