/**
 * The words the pages' script shows (results, problems), which the page
 * hands it in a JSON data block. Imports nothing: the browser script
 * (pages/src/account.ts) type-checks against it.
 */
export const SCRIPT_WORD_KEYS = ['requestDone', 'confirmDone', 'tooShort', 'tooLong', 'weakPassword', 'passwordOk', 'linkExpired', 'tryAgain', 'working', 'tooManyTries', 'loginMissing'] as const;
export type ScriptWords = Record<(typeof SCRIPT_WORD_KEYS)[number], string>;
