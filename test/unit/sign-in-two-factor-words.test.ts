import { describe, expect, it } from 'vitest';
import { LOCALES } from '#shared/data/entities.js';
import { renderAccountPage } from '#shared/pages/render.js';
import { SIGN_IN_WORDS } from '#shared/pages/words/sign-in.js';
import { TWO_FACTOR_WORDS } from '#shared/pages/words/two-factor.js';

const context = { appUrl: 'https://app.example.com/staffgate/' };

/** The words the script reads from the page's JSON data block. */
function scriptWords(html: string): Record<string, string> {
  const block = html.match(/<script type="application\/json" id="words">(.*?)<\/script>/s)?.[1] ?? '{}';
  return JSON.parse(block) as Record<string, string>;
}

describe.each([
  ['sign-in', SIGN_IN_WORDS],
  ['two-factor', TWO_FACTOR_WORDS],
] as const)('the %s page’s words', (page, words) => {
  it.each(LOCALES)('are all there in %s, none empty, and handed to the script', (locale) => {
    const own: Record<string, string> = words[locale];
    expect(Object.keys(own).sort()).toEqual(Object.keys(words.en).sort());
    for (const [key, text] of Object.entries(own)) expect(text, `${locale}.${key}`).toMatch(/\S/);
    const handed = scriptWords(renderAccountPage(page, locale, context));
    for (const key of Object.keys(own)) expect(handed[key], key).toBe(own[key]);
    expect(handed.tooManyTries).toContain('{wait}');
  });

  it('are translated: no language but English shows the English title and buttons', () => {
    const english = Object.values(words.en).filter((text) => text.length > 12);
    for (const locale of LOCALES.filter((locale) => locale !== 'en')) {
      const same = Object.values(words[locale]).filter((text) => english.includes(text));
      expect(same, locale).toEqual([]);
    }
  });
});

describe('the pages’ hand-off', () => {
  it('names the deployment’s app as the one place the page hands on to, whatever the page', () => {
    for (const page of ['sign-in', 'two-factor'] as const) {
      expect(renderAccountPage(page, 'en', context)).toContain(`data-app-url="${context.appUrl}"`);
    }
  });
});
