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

export function renderMessage(message: OutgoingMessage, appBaseUrl: string): RenderedMessage {
  const render = invitation[message.locale] ?? invitation.en;
  return render({
    tenantName: message.tenantName,
    firstName: message.firstName,
    inviter: message.inviterName,
    link: invitationLink(appBaseUrl, message.token),
    until: formatDate(message.expiresAt, message.locale),
  });
}

/** For local scripts only: the secret a rendered text carries. */
export function secretsInText(text: string): { token?: string; pin?: string } {
  const token = /\/invitations\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1];
  return token ? { token } : {};
}
