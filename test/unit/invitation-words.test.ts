import { describe, expect, it } from 'vitest';
import { LOCALES } from '#shared/data/entities.js';
import { INVITATION_WORDS } from '#shared/pages/words/invitation.js';

/** The invitation page's words: every one in every language, with the places the script fills in. */
describe.each(LOCALES)('the invitation page in %s', (locale) => {
  const words = INVITATION_WORDS[locale];

  it('has every word, none empty', () => {
    expect(Object.keys(words).sort()).toEqual(Object.keys(INVITATION_WORDS.en).sort());
    for (const [key, text] of Object.entries(words)) expect(text, key).toMatch(/\S/);
  });

  it('names the salon and the person, the expiry, and the salon welcoming them', () => {
    expect(words.invited).toContain('{salon}');
    expect(words.invited).toContain('{name}');
    for (const place of ['{name}', '{inviter}', '{salon}']) expect(words.invitedBy).toContain(place);
    expect(words.validUntil).toContain('{date}');
    expect(words.accepted).toContain('{salon}');
  });
});
