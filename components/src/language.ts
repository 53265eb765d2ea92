/**
 * The languages the components speak built in: the languages of StaffGate's
 * messages and hosted pages, so a stylist reads the terminal in the language
 * of their PIN message.
 */
export const COMPONENT_LANGUAGES = ['en', 'sv', 'ru', 'de', 'fr', 'es', 'nl', 'pl', 'fi', 'nb', 'da'] as const;
export type ComponentLanguage = (typeof COMPONENT_LANGUAGES)[number];

const isComponentLanguage = (tag: string): tag is ComponentLanguage => (COMPONENT_LANGUAGES as readonly string[]).includes(tag);

/**
 * The first of the language tags (BCP 47: `sv-SE`, `de`, `nb-NO`…) the
 * components speak, in order of preference; English when none. Norwegian
 * written as `no` or `nn` reads Bokmål, as the messages do.
 */
export function chooseLanguage(tags: readonly (string | null | undefined)[]): ComponentLanguage {
  for (const tag of tags) {
    const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    const language = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (isComponentLanguage(language)) return language;
  }
  return 'en';
}
