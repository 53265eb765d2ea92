import type { Locale } from '../data/entities.js';
import type { OutgoingMessage } from './message.js';

export interface RenderedMessage {
  subject: string;
  text: string;
}

const DATE_FORMAT: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', ru: 'ru-RU' };

function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_FORMAT[locale] ?? DATE_FORMAT.en, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/**
 * What a value copied into a message may not carry, whatever validated it
 * (older records, other writers): C0/C1 controls, DEL, line and paragraph
 * separators (each run becomes one space), bidi controls (removed) and lone
 * surrogates (U+FFFD). The field schemas refuse the same characters at the API.
 */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const LONE_SURROGATES = /\p{Cs}/gu;

/** `value` as one line of plain text: it cannot add a line, a header or a change of direction to a message. */
export function oneLine(value: string): string {
  return value.replace(BIDI_CONTROLS, '').replace(LINE_BREAKING, ' ').replace(LONE_SURROGATES, '\ufffd').trim();
}

export function invitationLink(appBaseUrl: string, token: string): string {
  return `${appBaseUrl.replace(/\/$/, '')}/invitations/${token}`;
}

/** Texts per locale: the languages of our users' help centres. */
const invitation: Record<Locale, (m: { tenantName: string; firstName: string; inviter: string | null; link: string; until: string }) => RenderedMessage> = {
  en: (m) => ({
    subject: `You're invited to ${m.tenantName}`,
    text: `Hi ${m.firstName}, ${m.inviter ? `${m.inviter} has invited you` : 'you have been invited'} to join ${m.tenantName} on StaffGate. Set your password here: ${m.link} (valid until ${m.until}).`,
  }),
  sv: (m) => ({
    subject: `Du är inbjuden till ${m.tenantName}`,
    text: `Hej ${m.firstName}! ${m.inviter ? `${m.inviter} har bjudit in dig` : 'Du har bjudits in'} till ${m.tenantName} i StaffGate. Välj ditt lösenord här: ${m.link} (giltig till ${m.until}).`,
  }),
  ru: (m) => ({
    subject: `Приглашение в ${m.tenantName}`,
    text: `${m.firstName}, здравствуйте! ${m.inviter ? `${m.inviter} приглашает вас` : 'Вас пригласили'} в ${m.tenantName} в StaffGate. Придумайте пароль по ссылке: ${m.link} (действует до ${m.until}).`,
  }),
};

const pin: Record<Locale, (m: { tenantName: string; firstName: string; pin: string }) => RenderedMessage> = {
  en: (m) => ({
    subject: `Your PIN for ${m.tenantName}`,
    text: `Hi ${m.firstName}, your PIN: ${m.pin} for the front desk at ${m.tenantName}. Keep it to yourself and press the padlock when you leave the terminal.`,
  }),
  sv: (m) => ({
    subject: `Din PIN-kod för ${m.tenantName}`,
    text: `Hej ${m.firstName}! Din PIN-kod: ${m.pin} för kassan hos ${m.tenantName}. Håll den för dig själv och tryck på hänglåset när du lämnar kassan.`,
  }),
  ru: (m) => ({
    subject: `Ваш PIN-код для ${m.tenantName}`,
    text: `${m.firstName}, ваш PIN-код: ${m.pin} для терминала ${m.tenantName}. Никому его не сообщайте и нажимайте на замок, уходя от терминала.`,
  }),
};

export function passwordResetLink(appBaseUrl: string, token: string): string {
  return `${appBaseUrl.replace(/\/$/, '')}/password-reset/${token}`;
}

const passwordReset: Record<Locale, (m: { link: string }) => RenderedMessage> = {
  en: (m) => ({
    subject: 'Reset your StaffGate password',
    text: `Someone asked to reset the password of this StaffGate login. If it was you, choose a new one here within 30 minutes: ${m.link}. If not, ignore this message.`,
  }),
  sv: (m) => ({
    subject: 'Återställ ditt lösenord i StaffGate',
    text: `Någon har bett om att återställa lösenordet för den här inloggningen i StaffGate. Om det var du, välj ett nytt inom 30 minuter: ${m.link}. Annars kan du bortse från meddelandet.`,
  }),
  ru: (m) => ({
    subject: 'Сброс пароля StaffGate',
    text: `Кто-то запросил сброс пароля для этого входа в StaffGate. Если это были вы, задайте новый пароль в течение 30 минут: ${m.link}. Если нет, просто проигнорируйте это сообщение.`,
  }),
};

/**
 * The subject and text of a message. Every value a person typed (salon and
 * person names) goes through `oneLine` first, and the subject as a whole too:
 * a subject is one line, and no field adds a line to a text or an SMS.
 */
export function renderMessage(message: OutgoingMessage, appBaseUrl: string): RenderedMessage {
  const rendered = renderFields(message, appBaseUrl);
  return { subject: oneLine(rendered.subject), text: rendered.text };
}

function renderFields(message: OutgoingMessage, appBaseUrl: string): RenderedMessage {
  if (message.kind === 'pin') {
    return (pin[message.locale] ?? pin.en)({ tenantName: oneLine(message.tenantName), firstName: oneLine(message.firstName), pin: oneLine(message.pin) });
  }
  if (message.kind === 'password_reset') return (passwordReset[message.locale] ?? passwordReset.en)({ link: passwordResetLink(appBaseUrl, oneLine(message.token)) });
  const render = invitation[message.locale] ?? invitation.en;
  return render({
    tenantName: oneLine(message.tenantName),
    firstName: oneLine(message.firstName),
    inviter: message.inviterName === null ? null : oneLine(message.inviterName) || null,
    link: invitationLink(appBaseUrl, oneLine(message.token)),
    until: formatDate(message.expiresAt, message.locale),
  });
}

/** For local scripts only: the secret a rendered text carries. */
export function secretsInText(text: string): { token?: string; pin?: string } {
  const token = /\/(?:invitations|password-reset)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1];
  const pinCode = /PIN(?:-kod|-код)?: (\d{4,6})\b/.exec(text)?.[1];
  return { ...(token ? { token } : {}), ...(pinCode ? { pin: pinCode } : {}) };
}
