/**
 * The password rules (NIST SP 800-63B, ASVS 5), pure and dependency-free so
 * that the hosted pages' script runs the very same checks in the browser
 * as the server does (live feedback); the lists come from the caller
 * (`listsFrom`): the server imports them, the page fetches them.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is refused: one rule each, named in the 400's detail. */
export type PasswordWeakness =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'common_with_affix'
  | 'word'
  | 'word_with_affix'
  | 'repeated_character'
  | 'repeated_pattern'
  | 'sequence'
  | 'keyboard'
  | 'date_or_number'
  | 'salon_name'
  | 'email'
  | 'name'
  | 'phone';

const REASONS: Record<Exclude<PasswordWeakness, 'too_short' | 'too_long'>, string> = {
  common: 'is a common password',
  common_with_affix: 'is a common password with only digits or symbols added',
  word: 'is a single common word',
  word_with_affix: 'is a common word with only digits or symbols added',
  repeated_character: 'repeats one character',
  repeated_pattern: 'repeats a short pattern like abcabc',
  sequence: 'is a sequence like abcd or 4321',
  keyboard: 'is a keyboard pattern like qwerty',
  date_or_number: 'is only a date, a year or a short number',
  salon_name: "is built from the salon's name",
  email: 'is built from your email address',
  name: 'is built from your name',
  phone: 'is built from your phone number',
};

export function weaknessDetail(weakness: PasswordWeakness): string {
  if (weakness === 'too_short') return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (weakness === 'too_long') return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return `This password ${REASONS[weakness]}; choose another (a few unrelated words make a strong one).`;
}

/**
 * Who chooses the password, so that it is not built from what an attacker
 * of this salon knows first: the salon's name, the person's email address,
 * phone number and name. Every field is optional; pass what the caller has.
 */
export interface PasswordContext {
  salonNames?: readonly (string | undefined)[] | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  personNames?: readonly (string | undefined)[] | undefined;
}

type Adjacency = Map<string, Set<string>>;

export interface Lists {
  /** zxcvbn-ts' common passwords (lowercase): Xato's 10-million-password breach corpus, those seen more than 10 times. */
  common: Set<string>;
  /** zxcvbn-ts' diceware list: the EFF large wordlist, 7,776 common English words. */
  words: Set<string>;
  /**
   * Which keys neighbour which, per keyboard layout: qwerty, qwertz, azerty,
   * dvorak. Not the numeric keypads: there every digit neighbours half the
   * others, so random numbers would read as walks (the popular keypad
   * patterns, 147258369 and the like, are in the common list).
   */
  layouts: Adjacency[];
}

/** What @zxcvbn-ts/language-common provides: its password and diceware lists and keyboard graphs. */
export interface ListSource {
  passwords: readonly string[];
  diceware: readonly string[];
  adjacencyGraphs: Record<string, Record<string, readonly (string | null)[]>>;
}

/** The lists as the checks use them; the numeric keypads left out (see `Lists.layouts`). */
export function listsFrom(source: ListSource): Lists {
  return {
    common: new Set(source.passwords.map((word) => word.toLowerCase())),
    words: new Set(source.diceware.map((word) => word.toLowerCase())),
    layouts: Object.entries(source.adjacencyGraphs)
      .filter(([layout]) => !layout.startsWith('keypad'))
      .map(([, graph]) => adjacencyOf(graph)),
  };
}

function adjacencyOf(graph: Record<string, readonly (string | null)[]>): Adjacency {
  const adjacency: Adjacency = new Map();
  for (const [key, neighbours] of Object.entries(graph)) {
    const near = adjacency.get(key.toLowerCase()) ?? new Set<string>();
    for (const neighbour of neighbours) for (const char of neighbour ?? '') near.add(char.toLowerCase());
    adjacency.set(key.toLowerCase(), near);
  }
  return adjacency;
}

// ---- characters ----

const ALNUM = 1;
const DIGIT = 2;
/** What may pad a word without making it stronger: digits, punctuation, spaces and the ASCII symbols. */
const AFFIX = 4;
/** The same, less the digits. */
const PUNCTUATION = 8;

interface CharInfo {
  /** Lowercase without accents, one code point for one code point (so positions stay put). */
  folded: string;
  kind: number;
}

function classify(char: string): CharInfo {
  const lower = char.toLowerCase();
  const bare = [...lower.normalize('NFKD').replace(/\p{M}/gu, '')];
  const folded = bare.length === 1 ? (bare[0] as string) : [...lower].length === 1 ? lower : char;
  const kind =
    (/^[\p{L}\p{N}]$/u.test(folded) ? ALNUM : 0) |
    (/^[0-9]$/.test(folded) ? DIGIT : 0) |
    (/^(?:[\p{Nd}\p{P}\s]|[$+<=>^`|~])$/u.test(folded) ? AFFIX : 0) |
    (/^(?:[\p{P}\s]|[$+<=>^`|~])$/u.test(folded) ? PUNCTUATION : 0);
  return { folded, kind };
}

/** ASCII from a table; other characters described once and remembered (up to a bound, as they come from requests). */
const ASCII_INFO = Array.from({ length: 128 }, (_, code) => classify(String.fromCharCode(code)));
const OTHER_INFO = new Map<string, CharInfo>();

function infoOf(char: string): CharInfo {
  const code = char.charCodeAt(0);
  if (code < 128 && char.length === 1) return ASCII_INFO[code] as CharInfo;
  let info = OTHER_INFO.get(char);
  if (!info) {
    info = classify(char);
    if (OTHER_INFO.size < 10_000) OTHER_INFO.set(char, info);
  }
  return info;
}

const fold = (char: string) => infoOf(char).folded;
const is = (kind: number, char: string) => (infoOf(char).kind & kind) !== 0;

/** Common substitutions, one map per reading of the ambiguous "1". */
const LEET: readonly Readonly<Record<string, string>>[] = [
  { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '6': 'g', '9': 'g', '1': 'i', '!': 'i', '|': 'l', '0': 'o', $: 's', '5': 's', '7': 't', '+': 't' },
  { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '6': 'g', '9': 'g', '1': 'l', '!': 'i', '|': 'l', '0': 'o', $: 's', '5': 's', '7': 't', '+': 't' },
];
const LEETABLE = new Set(Object.keys(LEET[0] as object));

/** The password as typed, and read back from look-alikes (once per reading of "1"), when it has any. */
function readingsOf(chars: readonly string[]): (readonly string[])[] {
  const readings: (readonly string[])[] = [chars];
  if (!chars.some((char) => LEETABLE.has(char))) return readings;
  readings.push(chars.map((char) => (LEET[0] as Record<string, string>)[char] ?? char));
  if (chars.includes('1')) readings.push(chars.map((char) => (LEET[1] as Record<string, string>)[char] ?? char));
  return readings;
}

// ---- patterns ----

/** The shortest p with chars[i] = chars[i - p] for every i ≥ p (a repeat of its first p, possibly cut short). */
function smallestPeriod(chars: readonly string[]): number {
  const border = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i += 1) {
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1] as number;
    if (chars[i] === chars[k]) k += 1;
    border[i] = k;
  }
  return chars.length - (border[chars.length - 1] ?? 0);
}

const SEQUENCE_ALPHABETS = ['abcdefghijklmnopqrstuvwxyz', '0123456789'];

/** abcd, 4321, xyzab, 7890: each character one step from the last, all the same way. */
function isSequence(chars: readonly string[]): boolean {
  if (chars.length < 3) return false;
  return SEQUENCE_ALPHABETS.some((alphabet) => {
    const places = chars.map((char) => alphabet.indexOf(char));
    if (places.some((place) => place < 0)) return false;
    const size = alphabet.length;
    const step = ((places[1] as number) - (places[0] as number) + size) % size;
    if (step !== 1 && step !== size - 1) return false;
    return places.every((place, i) => i === 0 || (place - (places[i - 1] as number) + size) % size === step);
  });
}

/** Made wholly of runs of at least `minRun` neighbouring keys on one layout: qwerty, zxcvbn, 1qaz2wsx, asdf;lkj. */
function isKeyboardWalk(chars: readonly string[], layouts: readonly Adjacency[], minRun = 4): boolean {
  if (chars.length < minRun) return false;
  return layouts.some((adjacency) => {
    let run = 1;
    for (let i = 1; i < chars.length; i += 1) {
      if (adjacency.get(chars[i - 1] as string)?.has(chars[i] as string)) run += 1;
      else if (run < minRun) return false;
      else run = 1;
    }
    return run >= minRun;
  });
}

/** A year, alone or with a day or month beside it: 2024, 202401, 12024. */
const YEARISH = /^(?:(?:19|20)\d\d\d{0,2}|\d{1,2}(?:19|20)\d\d)$/;

function isDate(digits: string): boolean {
  const part = (from: number, length: number) => Number(digits.slice(from, from + length));
  const plausible = (day: number, month: number, year?: number) =>
    day >= 1 && day <= 31 && month >= 1 && month <= 12 && (year === undefined || (year >= 1900 && year <= 2099));
  if (digits.length === 6) return plausible(part(0, 2), part(2, 2)) || plausible(part(2, 2), part(0, 2)) || plausible(part(4, 2), part(2, 2));
  if (digits.length === 8) {
    return (
      plausible(part(0, 2), part(2, 2), part(4, 4)) || plausible(part(2, 2), part(0, 2), part(4, 4)) || plausible(part(6, 2), part(4, 2), part(0, 4))
    );
  }
  return false;
}

/** A number soon guessed: a few digits, a year, a date, a repeat, a run, or a common password. */
function isGuessableNumber(digits: string, common: Set<string>, freeDigits: number): boolean {
  if (digits.length <= freeDigits || YEARISH.test(digits) || isDate(digits) || common.has(digits)) return true;
  const chars = [...digits];
  const period = smallestPeriod(chars);
  return isSequence(chars) || (period <= 4 && chars.length >= 2 * period);
}

/**
 * Digits and punctuation around a word that add little to guess, as people
 * pad: after it "1", "2024!", "123!?", "!!!!", "!@#$"; before it "1", "!",
 * "2024". Random padding ("$@6-") is not trivial: it is what makes a
 * generated password strong.
 */
function isTrivialAffix(chars: readonly string[], lists: Lists, side: 'prefix' | 'suffix'): boolean {
  if (chars.length === 0) return true;
  const digits = chars.filter((char) => is(DIGIT, char)).join('');
  const rest = chars.filter((char) => !is(DIGIT, char));
  const free = side === 'suffix' ? 2 : 1;
  return (
    isGuessableNumber(digits, lists.common, 2 * free) &&
    (rest.length <= free || rest.every((char) => char === rest[0]) || isKeyboardWalk(rest, lists.layouts, 3))
  );
}

// ---- context ----

type ContextSource = 'salon_name' | 'email' | 'phone' | 'name';
const SOURCE_ORDER: readonly ContextSource[] = ['salon_name', 'name', 'email', 'phone'];

interface ContextToken {
  text: string;
  source: ContextSource;
}

const alnumFold = (text: string) => [...text].map(fold).filter((char) => is(ALNUM, char)).join('');
const NOT_A_DOMAIN_NAME = new Set(['www', 'mail', 'email', 'com', 'net', 'org']);

function contextTokens(context: PasswordContext): ContextToken[] {
  const tokens: ContextToken[] = [];
  const add = (source: ContextSource, text: string, minLength = 3) => {
    if (text.length >= minLength && !tokens.some((token) => token.text === text && token.source === source)) tokens.push({ text, source });
  };
  for (const salon of context.salonNames ?? []) {
    if (!salon) continue;
    add('salon_name', alnumFold(salon));
    for (const word of salon.split(/[^\p{L}\p{N}]+/u)) add('salon_name', alnumFold(word), 4);
  }
  const at = context.email?.lastIndexOf('@') ?? -1;
  if (context.email && at > 0) {
    const local = context.email.slice(0, at);
    add('email', alnumFold(local));
    for (const piece of local.split(/[^\p{L}]+/u)) add('email', alnumFold(piece));
    for (const label of context.email.slice(at + 1).split('.').slice(0, -1)) {
      if (NOT_A_DOMAIN_NAME.has(label.toLowerCase())) continue;
      add('email', alnumFold(label));
      for (const piece of label.split('-')) add('email', alnumFold(piece));
    }
  }
  for (const name of context.personNames ?? []) {
    if (!name) continue;
    add('name', alnumFold(name));
    for (const piece of name.split(/[^\p{L}]+/u)) add('name', alnumFold(piece));
  }
  const digits = context.phone?.replace(/\D/g, '') ?? '';
  if (digits.length >= 6) {
    add('phone', digits);
    // The number as written at home: its last 7+ digits, bare or after a trunk 0.
    for (let length = 7; length < digits.length; length += 1) {
      add('phone', digits.slice(-length));
      add('phone', `0${digits.slice(-length)}`);
    }
  }
  return tokens;
}

/**
 * Refuses a password that is one of the context's words plus only digits and
 * punctuation, or whose characters are mostly covered by them (separators
 * ignored, leet read back): "Solsken2024!", "anna.berg", "demo-salon-owner".
 */
function contextWeakness(chars: readonly string[], tokens: readonly ContextToken[]): ContextSource | undefined {
  if (tokens.length === 0) return undefined;
  // One bit per source on each position a token covers.
  const covered = new Uint8Array(chars.length);
  for (const reading of readingsOf(chars)) {
    covered.fill(0);
    let joined = '';
    const positionOf: number[] = [];
    reading.forEach((char, position) => {
      if (!is(ALNUM, char)) return;
      joined += char;
      for (let unit = 0; unit < char.length; unit += 1) positionOf.push(position);
    });
    for (const token of tokens) {
      const bit = 1 << SOURCE_ORDER.indexOf(token.source);
      for (let at = joined.indexOf(token.text); at >= 0; at = joined.indexOf(token.text, at + 1)) {
        for (let unit = at; unit < at + token.text.length; unit += 1) {
          const position = positionOf[unit] as number;
          covered[position] = (covered[position] as number) | bit;
        }
      }
    }
    let total = 0;
    let onlyPadding = true;
    for (let position = 0; position < chars.length; position += 1) {
      if (covered[position]) total += 1;
      else if (!is(AFFIX, chars[position] as string)) onlyPadding = false;
    }
    if (total === 0 || (!onlyPadding && total * 2 <= chars.length)) continue;
    // Named after the source that covers most; on a tie, the first of SOURCE_ORDER ("anna.berg": your name).
    let best: ContextSource | undefined;
    let most = 0;
    SOURCE_ORDER.forEach((source, index) => {
      let size = 0;
      for (const bits of covered) if (bits & (1 << index)) size += 1;
      if (size > most) [best, most] = [source, size];
    });
    return best;
  }
  return undefined;
}

// ---- the assessment ----

interface Candidate {
  chars: string[];
  /** Nothing was cut off, or what was is trivial padding ("2024!"). */
  trivialAffixes: boolean;
  hasAffix: boolean;
  /** Given back look-alike characters from its padding: tested for words only, not for patterns. */
  regrown: boolean;
}

/**
 * The readings of a password to test patterns and words on: the whole; the
 * whole less punctuation at its ends; its core less the digits and
 * punctuation at its ends (and with up to two look-alike characters at each
 * end given back, so "@dmin1" reads "admin").
 */
function candidatesOf(chars: string[], lists: Lists): { candidates: Candidate[]; coreless: boolean } {
  const candidates: Candidate[] = [{ chars, trivialAffixes: true, hasAffix: false, regrown: false }];
  const trivial = { prefix: new Map<number, boolean>(), suffix: new Map<number, boolean>() };
  const isTrivial = (side: 'prefix' | 'suffix', at: number) => {
    let known = trivial[side].get(at);
    if (known === undefined) {
      known = isTrivialAffix(side === 'prefix' ? chars.slice(0, at) : chars.slice(at), lists, side);
      trivial[side].set(at, known);
    }
    return known;
  };
  const cut = (start: number, end: number, regrown = false) => {
    candidates.push({
      chars: chars.slice(start, end),
      trivialAffixes: isTrivial('prefix', start) && isTrivial('suffix', end),
      hasAffix: start > 0 || end < chars.length,
      regrown,
    });
  };
  let start = 0;
  let end = chars.length;
  while (start < end && is(PUNCTUATION, chars[start] as string)) start += 1;
  while (end > start && is(PUNCTUATION, chars[end - 1] as string)) end -= 1;
  if (end > start && (start > 0 || end < chars.length)) cut(start, end);

  start = 0;
  end = chars.length;
  while (start < end && is(AFFIX, chars[start] as string)) start += 1;
  while (end > start && is(AFFIX, chars[end - 1] as string)) end -= 1;
  if (start === end) return { candidates, coreless: true };
  for (let left = 0; left <= 2 && left <= start; left += 1) {
    if (left > 0 && !LEETABLE.has(chars[start - left] as string)) break;
    for (let right = 0; right <= 2 && end + right <= chars.length; right += 1) {
      if (right > 0 && !LEETABLE.has(chars[end + right - 1] as string)) break;
      if (start - left > 0 || end + right < chars.length) cut(start - left, end + right, left + right > 0);
    }
  }
  return { candidates, coreless: false };
}

function assess(chars: string[], lists: Lists, tokens: readonly ContextToken[]): PasswordWeakness | undefined {
  if (lists.common.has(chars.join(''))) return 'common';

  const fromContext = contextWeakness(chars, tokens);
  if (fromContext) return fromContext;

  const { candidates, coreless } = candidatesOf(chars, lists);
  const padded = candidates.filter((candidate) => candidate.trivialAffixes);
  const readings = padded
    .filter((candidate) => !candidate.regrown)
    .flatMap((candidate) => readingsOf(candidate.chars).map((text) => ({ text, period: smallestPeriod(text) })));
  const some = (test: (reading: { text: readonly string[]; period: number }) => boolean) => readings.some(test);

  if (some(({ text, period }) => text.length >= 4 && period === 1)) return 'repeated_character';
  if (some(({ text, period }) => text.length >= 4 && period < PASSWORD_MIN_LENGTH && text.length >= 2 * period)) return 'repeated_pattern';
  if (some(({ text }) => text.length >= 4 && isSequence(text))) return 'sequence';
  if (some(({ text }) => isKeyboardWalk(text, lists.layouts))) return 'keyboard';

  // A long piece said twice is only as strong as the piece.
  const period = smallestPeriod(chars);
  if (period < chars.length && chars.length >= 2 * period) {
    const unit = assess(chars.slice(0, period), lists, tokens);
    if (unit) return unit;
  }

  if (coreless && isTrivialAffix(chars, lists, 'suffix')) return 'date_or_number';

  for (const candidate of padded) {
    for (const reading of readingsOf(candidate.chars)) {
      const text = reading.join('');
      if (lists.common.has(text)) return candidate.hasAffix ? 'common_with_affix' : 'common';
      if (lists.words.has(text)) return candidate.hasAffix ? 'word_with_affix' : 'word';
    }
  }
  return undefined;
}

/**
 * Why a password is refused, or undefined when it is acceptable. NIST SP
 * 800-63B and ASVS 5: 8 to 128 characters, no composition rules, and a
 * blocklist: common and breached passwords, repeats, sequences, keyboard
 * patterns, dates, common words with digits or symbols added, and the
 * person's and salon's own names. Case, accents, common look-alike
 * substitutions (@→a, 0→o, 1→i/l, 3→e, $→s) and digits or punctuation
 * at either end are ignored; a passphrase that merely contains a common
 * word is accepted. Deterministic, and microseconds once the lists are loaded.
 */
export function weaknessWith(password: string, context: PasswordContext, lists: Lists): PasswordWeakness | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (lists.common.has(password.toLowerCase())) return 'common';
  return assess([...password].map(fold), lists, contextTokens(context));
}
