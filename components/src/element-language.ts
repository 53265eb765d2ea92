import { chooseLanguage, type ComponentLanguage } from './language.js';

/**
 * The language an element should speak: the `lang` of the element or its
 * nearest ancestor (the host page's `<html lang>`, usually; the document's
 * when the element sits in another's shadow root), then the browser's
 * languages.
 */
export function languageOf(element: Element): ComponentLanguage {
  return chooseLanguage([
    element.closest('[lang]')?.getAttribute('lang'),
    element.ownerDocument.documentElement.getAttribute('lang'),
    ...(globalThis.navigator?.languages ?? []),
  ]);
}
