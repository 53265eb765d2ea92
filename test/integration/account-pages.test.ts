import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '#shared/data/entities.js';
import { PAGE_WORDS } from '#shared/pages/strings.js';
import { makeSignedInOwner } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

/** The hosted account pages, served by the API's own origin (the browser flows are in test/browser/account-reset.test.ts). */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const page = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

describe('GET /account/reset', () => {
  it('answers HTML with a CSP that allows only its own script, stylesheet and API, nothing inline, no framing', async () => {
    const response = await page('/account/reset');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain('<script src="assets/account.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)|\son[a-z]+=|style="/);
  });

  it.each(['/account/reset', '/account/invitation', '/account/sign-in', '/account/two-factor'])('%s leaves a window of another origin that opened it no handle on it (COOP)', async (path) => {
    const response = await page(path);

    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('speaks the browser’s first language it has (Accept-Language), else English', async () => {
    const swedish = await (await page('/account/reset', { 'accept-language': 'fr-CA;q=0.2, sv-SE, en;q=0.8' })).text();
    const unknown = await (await page('/account/reset', { 'accept-language': 'ja, zh;q=0.9' })).text();

    expect(swedish).toContain('<html lang="sv"');
    expect(swedish).toContain(PAGE_WORDS.sv.requestButton);
    expect(unknown).toContain('<html lang="en"');
  });

  it('speaks the language the address names (?lang=), before the browser’s', async () => {
    const html = await (await page('/account/reset?lang=ru', { 'accept-language': 'sv' })).text();

    expect(html).toContain('<html lang="ru"');
  });

  it('shows the page, never a problem, for a lang it does not have, a long one, or several', async () => {
    for (const query of ['lang=xx', `lang=${'a'.repeat(500)}`, 'lang=sv&lang=en', 'lang=%3Cscript%3E']) {
      const response = await page(`/account/reset?${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text()).not.toContain('<script>');
    }
  });

  it.each(LOCALES)('has every word of the page in %s', (locale) => {
    for (const [key, text] of Object.entries(PAGE_WORDS[locale])) expect(text, `${locale}.${key}`).toMatch(/\S/);
    expect(Object.keys(PAGE_WORDS[locale]).sort()).toEqual(Object.keys(PAGE_WORDS.en).sort());
  });
});

describe('the pages’ assets', () => {
  it('serves the script as JavaScript and the stylesheet as CSS, cacheable for five minutes', async () => {
    const script = await page('/account/assets/account.js');
    const styles = await page('/account/assets/account.css');

    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await script.text()).toContain('v1/auth/password-reset');
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the lists the password rules check against, the server’s own, for the page to check as it types', async () => {
    const { dictionary } = await import('@zxcvbn-ts/language-common');

    const response = await page('/account/assets/password-lists.json');

    expect(response.status).toBe(200);
    const lists = (await response.json()) as { passwords: string[]; diceware: string[]; adjacencyGraphs: Record<string, unknown> };
    expect(lists.passwords).toEqual(dictionary.passwords);
    expect(lists.diceware).toHaveLength(dictionary.diceware.length);
    expect(Object.keys(lists.adjacencyGraphs)).toContain('qwerty');
  });
});

describe('the reset link in the message', () => {
  it('leads to the hosted page with the token in the fragment, which browsers never send to a server', async () => {
    const owner = await makeSignedInOwner(api);
    expect((await api.request('POST', '/v1/auth/password-reset', { json: { login: owner.email } })).status).toBe(202);

    let link: string | undefined;
    for (let tries = 0; tries < 50 && !link; tries += 1) {
      const sent = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(owner.email)}`);
      link = (sent.body.items as { kind: string; text: string }[]).find((message) => message.kind === 'password_reset')?.text.match(/https?:\/\/\S+#\S+/)?.[0].replace(/\.$/, '');
      if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(link).toMatch(new RegExp(`^${api.url}/account/reset\\?lang=en#acc_[0-9a-z]+\\.rst_[0-9a-z]+\\.[A-Za-z0-9_-]+$`));
  });
});
