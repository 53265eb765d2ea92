import type { Locale } from '../data/entities.js';
import { EMAIL_WORDS } from './email-words.js';
import type { OutgoingMessage } from './message.js';
import { formatExpiry, invitationLink, linkLocale, oneLine, passwordResetLink, type RenderedMessage, renderWording } from './templates.js';

export interface RenderedEmail extends RenderedMessage {
  html: string;
}

/**
 * An email in two parts that say the same: the text (the message's text,
 * then who sent it) and HTML that lays the same sentences out around a
 * button (the text's link) or the PIN. The HTML is one self-contained page
 * of nested tables with inline styles only: mail clients drop <style>
 * blocks, and it loads nothing (no images, fonts, scripts or tracking).
 * Every value in it is escaped; a name is made one line first, as in the text.
 */
export function renderEmail(message: OutgoingMessage, appBaseUrl: string): RenderedEmail {
  const wording = renderWording(message, appBaseUrl);
  const locale: Locale = Object.hasOwn(EMAIL_WORDS, message.locale) ? message.locale : 'en';
  const words = EMAIL_WORDS[locale];
  const sentBy = words.sentBy(message.kind === 'password_reset' ? undefined : oneLine(message.tenantName));
  const footer = `${sentBy} ${wording.unexpected}`;
  if (message.kind === 'password_reset') {
    // No salon, so no salon's zone: the time is UTC, and the zone name says so.
    const validity = words.resetValidity(formatExpiry(message.expiresAt, locale));
    const link = passwordResetLink(appBaseUrl, oneLine(message.token), linkLocale(message));
    return {
      subject: wording.subject,
      text: [wording.text, validity, sentBy].join('\n\n'),
      html: layout(locale, {
        heading: wording.subject,
        intro: wording.intro,
        action: { label: words.resetButton, url: link, fallback: words.linkFallback },
        after: [validity],
        footer,
      }),
    };
  }
  const main =
    message.kind === 'pin'
      ? { pin: oneLine(message.pin) }
      : { action: { label: words.invitationButton, url: invitationLink(appBaseUrl, oneLine(message.token), linkLocale(message)), fallback: words.linkFallback } };
  return {
    subject: wording.subject,
    text: [wording.text, sentBy].join('\n\n'),
    html: layout(locale, { heading: wording.subject, intro: wording.intro, ...main, after: wording.after, footer }),
  };
}

interface Page {
  heading: string;
  intro: string;
  action?: { label: string; url: string; fallback: string };
  pin?: string;
  after: string[];
  footer: string;
}

const FONT = 'font-family:Helvetica,Arial,sans-serif;';
const ACCENT = '#1d4ed8';

function layout(locale: Locale, page: Page): string {
  const body: string[] = [
    `<h1 style="margin:0 0 16px;${FONT}font-size:22px;line-height:28px;font-weight:bold;color:#111827;">${escapeHtml(page.heading)}</h1>`,
    paragraph(page.intro),
  ];
  if (page.action) {
    const url = escapeHtml(page.action.url);
    body.push(
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr><td bgcolor="${ACCENT}" style="border-radius:6px;background-color:${ACCENT};">` +
        `<a href="${url}" target="_blank" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(page.action.label)}</a>` +
        '</td></tr></table>',
    );
  }
  if (page.pin) {
    body.push(
      `<p style="margin:8px 0 24px;padding:12px 20px;display:inline-block;border:1px solid #d1d5db;border-radius:6px;background-color:#f9fafb;font-family:'Courier New',Courier,monospace;font-size:32px;line-height:40px;font-weight:bold;letter-spacing:6px;color:#111827;">${escapeHtml(page.pin)}</p>`,
    );
  }
  body.push(...page.after.map(paragraph));
  if (page.action) {
    const url = escapeHtml(page.action.url);
    body.push(
      `<p style="margin:0 0 16px;${FONT}font-size:14px;line-height:20px;color:#4b5563;">${escapeHtml(page.action.fallback)}<br>` +
        `<a href="${url}" target="_blank" style="color:${ACCENT};word-break:break-all;">${url}</a></p>`,
    );
  }
  // Every supported language is written left to right; `dir` says so to clients that default otherwise.
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="ltr">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">' +
      `<title>${escapeHtml(page.heading)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f3f4f6;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;">',
    `<tr><td style="padding:32px 32px 16px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">`,
    ...body,
    '</td></tr>',
    `<tr><td style="padding:16px 32px 32px;border-top:1px solid #e5e7eb;${FONT}font-size:13px;line-height:20px;color:#6b7280;">${escapeHtml(page.footer)}</td></tr>`,
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ].join('\n');
}

function paragraph(text: string): string {
  return `<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:#1f2937;">${escapeHtml(text)}</p>`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or a quoted attribute value: it can open no tag, entity or attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
