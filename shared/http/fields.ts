import { z } from 'zod';
import { LOCALES } from '../data/entities.js';
import { normaliseEmail, normalisePhone } from '../domain/auth/login-identifier.js';

/** Field schemas shared by the handlers' request schemas. */

/**
 * Characters no name, tag or label may hold: they would let a value add
 * lines or headers to an email or SMS, or change how the text around it reads.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u; // C0, DEL, C1, line and paragraph separators
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u; // ALM, LRM/RLM, embeddings/overrides, isolates
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first rule `value` breaks as a name, tag or label, in words, or undefined. */
export function textProblem(value: string): string | undefined {
  const control = CONTROL.exec(value)?.[0];
  if (control !== undefined) return `Must not contain control characters or line breaks (found ${codePoint(control)}).`;
  const bidi = BIDI.exec(value)?.[0];
  if (bidi !== undefined) return `Must not contain bidirectional-text controls (found ${codePoint(bidi)}).`;
  const surrogate = LONE_SURROGATE.exec(value)?.[0];
  if (surrogate !== undefined) return `Must be well-formed Unicode (found a lone surrogate ${codePoint(surrogate)}).`;
  return undefined;
}

/**
 * A single line of human text (a name, a tag, a label): NFC-normalised,
 * refused if it holds a control character, a line break or a bidi control
 * anywhere (even at its ends), then trimmed, non-blank and at most `max`
 * characters (counted after normalising and trimming).
 */
export function singleLineText(max: number) {
  return z
    .string()
    .overwrite((value) => value.normalize('NFC'))
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    })
    .trim()
    .min(1, 'Must not be blank.')
    .max(max, `At most ${max} characters.`)
    .meta({ description: `One line of text, at most ${max} characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls.` });
}

export const personName = singleLineText(100);
export const salonName = singleLineText(120);
export const branchName = singleLineText(100);
export const terminalName = singleLineText(80);
export const accessLevelName = singleLineText(80);
export const tag = singleLineText(40);

/** RFC 5322 atext: what an unquoted local part may hold besides dots. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
const LABEL_CHAR = /^[A-Za-z0-9-]$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;
const NON_ASCII = /[^\u0000-\u007f]/;

const shown = (char: string) => (/^[\u0021-\u007e]$/.test(char) ? `"${char}"` : codePoint(char));

/**
 * The first rule of the practical subset of addresses SES delivers that
 * `address` (trimmed) breaks, in words, or undefined. Only ASCII: no quoted
 * local parts, no IP literals, an internationalised domain in its punycode
 * (xn--) form.
 */
export function emailProblem(address: string): string | undefined {
  if (address.length > 254) return 'it is longer than 254 characters';
  const space = /[\s\u0000-\u001f\u007f-\u009f]/u.exec(address)?.[0];
  if (space !== undefined) return `it must not contain spaces, line breaks or control characters (found ${codePoint(space)})`;
  if (address.startsWith('"')) return 'quoted local parts ("…"@example.com) are not accepted';
  const at = address.indexOf('@');
  if (at < 0) return 'it needs an @ between the name and the domain (name@example.com)';
  if (address.indexOf('@', at + 1) >= 0) return 'it must contain exactly one @';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);

  if (local.length === 0) return 'there is nothing before the @';
  if (local.length > 64) return 'the part before the @ is longer than 64 characters';
  const badLocal = [...local].find((char) => char !== '.' && !ATEXT.test(char));
  if (badLocal !== undefined) {
    return NON_ASCII.test(badLocal)
      ? `the part before the @ must be ASCII (found ${codePoint(badLocal)})`
      : `the part before the @ may contain only letters, digits, dots and ! # $ % & ' * + - / = ? ^ _ \` { | } ~ (found ${shown(badLocal)})`;
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'the part before the @ must not start or end with a dot or contain two dots in a row';

  if (domain.length === 0) return 'there is nothing after the @';
  if (domain.startsWith('[')) return 'IP address literals ([…]) are not accepted, only domain names';
  const nonAscii = NON_ASCII.exec(domain)?.[0];
  if (nonAscii !== undefined) return `the domain must be ASCII: write an internationalised domain in its punycode form (xn--…) (found ${codePoint(nonAscii)})`;
  const labels = domain.split('.');
  if (labels.some((label) => label.length === 0)) return 'the domain must not start or end with a dot or contain two dots in a row';
  if (labels.length < 2) return 'the domain needs at least two labels (example.com)';
  for (const label of labels) {
    const bad = [...label].find((char) => !LABEL_CHAR.test(char));
    if (bad !== undefined) return `domain labels may contain only letters, digits and hyphens (found ${shown(bad)})`;
    if (label.length > 63) return 'a domain label is longer than 63 characters';
    if (label.startsWith('-') || label.endsWith('-')) return 'a domain label must not start or end with a hyphen';
  }
  if (labels.every((label) => /^\d+$/.test(label))) return 'an IP address is not accepted, only domain names';
  if (!TOP_LEVEL.test(labels[labels.length - 1] ?? '')) return 'the top-level domain (after the last dot) must be at least two letters, or punycode (xn--…)';
  return undefined;
}

/**
 * An email address SES can deliver to, trimmed and lower-cased exactly as
 * `normaliseEmail` does, so the stored address is the one a login looks up.
 */
export const email = z
  .string()
  .max(254, 'Not a valid email address: it is longer than 254 characters.')
  .meta({
    format: 'email',
    description:
      'An email address: ASCII letters, digits, dots and !#$%&\'*+-/=?^_`{|}~ before the @ (at most 64, no leading, trailing or double dot); a domain name of at least two labels of letters, digits and hyphens (an internationalised domain in punycode, xn--), ending in a top-level domain of at least two letters; no quoted local parts or IP literals; at most 254 characters.',
  })
  .transform((value, ctx) => {
    const trimmed = value.trim();
    const problem = emailProblem(trimmed);
    const normalised = problem ? undefined : normaliseEmail(trimmed);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: `Not a valid email address: ${problem ?? 'it is not in name@example.com form'}.` });
      return z.NEVER;
    }
    return normalised;
  });

export const phone = z
  .string()
  .max(32)
  .meta({ description: 'A phone number in E.164 form, e.g. +46701234567.', examples: ['+46701234567'] })
  .transform((value, ctx) => {
    const normalised = normalisePhone(value);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid phone number in E.164 form (+46701234567).' });
      return z.NEVER;
    }
    return normalised;
  });

/** Passwords are checked against the policy in the domain; here only a sane bound on size. */
export const password = z.string().min(1).max(1024);

export const loginField = z.string().trim().min(1).max(254);

/** A language StaffGate writes messages in: anything else is refused (400). */
export const locale = z.enum(LOCALES);

export const opaqueId = z.string().min(1).max(64).regex(/^[a-z]{3}_[0-9a-z]+$/);
