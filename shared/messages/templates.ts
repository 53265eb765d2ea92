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

export function renderMessage(message: OutgoingMessage, appBaseUrl: string): RenderedMessage {
  if (message.kind === 'pin') return (pin[message.locale] ?? pin.en)(message);
  if (message.kind === 'password_reset') return (passwordReset[message.locale] ?? passwordReset.en)({ link: passwordResetLink(appBaseUrl, message.token) });
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
  const token = /\/(?:invitations|password-reset)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1];
  const pinCode = /PIN(?:-kod|-код)?: (\d{4,6})\b/.exec(text)?.[1];
  return { ...(token ? { token } : {}), ...(pinCode ? { pin: pinCode } : {}) };
}
