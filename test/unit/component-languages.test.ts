import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseLanguage, COMPONENT_LANGUAGES } from '../../components/src/language.js';
import { PIN_PAD_WORDS, PIN_PAD_WORDS_BY_LANGUAGE } from '../../components/src/pin-pad-words.js';
import { LOCALES } from '#shared/data/entities.js';

const language = fc.constantFrom(...COMPONENT_LANGUAGES);
const region = fc.stringMatching(/^[A-Za-z]{2}$|^[0-9]{3}$/);
const spokenByNoComponent = fc.stringMatching(/^[a-z]{2,3}$/).filter((tag) => !(COMPONENT_LANGUAGES as readonly string[]).includes(tag) && !['no', 'nn'].includes(tag));

describe('the components’ language', () => {
  it('is one of the languages the messages and hosted pages have', () => {
    expect([...COMPONENT_LANGUAGES].sort()).toEqual([...LOCALES].sort());
  });

  it('is the language of a tag with any region, in any case', () => {
    fc.assert(
      fc.property(language, region, fc.boolean(), (chosen, area, upper) => {
        const tag = `${chosen}-${area}`;
        expect(chooseLanguage([upper ? tag.toUpperCase() : tag])).toBe(chosen);
      }),
    );
  });

  it('skips tags the components do not speak and takes the first they do', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(spokenByNoComponent, fc.constant(''), fc.constant(null), fc.constant(undefined))), language, language, (skipped, first, second) => {
        expect(chooseLanguage([...skipped, first, second])).toBe(first);
      }),
    );
  });

  it('is English when no tag is one the components speak', () => {
    fc.assert(
      fc.property(fc.array(spokenByNoComponent), (tags) => {
        expect(chooseLanguage(tags)).toBe('en');
      }),
    );
  });

  it('reads Norwegian written as no or nn as Bokmål, as the messages do', () => {
    expect(chooseLanguage(['no-NO'])).toBe('nb');
    expect(chooseLanguage(['nn'])).toBe('nb');
  });
});

describe('the PIN pad’s words', () => {
  const others = COMPONENT_LANGUAGES.filter((code) => code !== 'en');
  const fixedWords = Object.keys(PIN_PAD_WORDS).filter((key) => typeof PIN_PAD_WORDS[key as keyof typeof PIN_PAD_WORDS] === 'string') as (keyof typeof PIN_PAD_WORDS)[];

  it.each(others)('are translated into %s, not left in English', (code) => {
    for (const key of fixedWords) expect(PIN_PAD_WORDS_BY_LANGUAGE[code][key], key).not.toBe(PIN_PAD_WORDS[key]);
  });

  it('say the time, the name, the permission and the count they are given, in every language', () => {
    fc.assert(
      fc.property(language, fc.integer({ min: 0, max: 6 }), fc.stringMatching(/^[0-9]{1,2}:[0-5][0-9]$/), fc.string({ minLength: 1 }), (code, count, time, text) => {
        const words = PIN_PAD_WORDS_BY_LANGUAGE[code];
        expect(words.digitsEntered(count)).toContain(String(count));
        for (const said of [words.lockedOut(time), words.tooManyAttempts(time), words.locksIn(time), words.idleWarning(time)]) expect(said).toContain(time);
        for (const said of [words.signedInAs(text), words.approvalFor(text), words.approvedBy(text)]) expect(said).toContain(text);
      }),
    );
  });
});
