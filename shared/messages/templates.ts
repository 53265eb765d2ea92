import type { Locale } from '../data/entities.js';
import type { OutgoingMessage } from './message.js';

export interface RenderedMessage {
  subject: string;
  text: string;
}

/**
 * A message in one language: its subject, its text (the email's text part,
 * and the SMS but for an invitation's, which is shorter), and the sentences
 * the email's HTML lays out around its button or PIN, taken from the text
 * where the text has them.
 */
export interface Wording extends RenderedMessage {
  /** The greeting and what the message is about. */
  intro: string;
  /** What follows the button or PIN: validity, advice. */
  after: string[];
  /** What to do if the message was not expected: the email's footer says it with who sent it. */
  unexpected: string;
}

const DATE_FORMAT: Record<Locale, string> = {
  en: 'en-GB',
  sv: 'sv-SE',
  ru: 'ru-RU',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  nl: 'nl-NL',
  pl: 'pl-PL',
  fi: 'fi-FI',
  nb: 'nb-NO',
  da: 'da-DK',
};

/**
 * An expiry as a salon's staff read it: date and time in `timeZone` (the
 * salon's; UTC when there is none, and the zone name says so), in the
 * message's language. `sms` leaves out the year (an invitation lasts a week)
 * and writes French "aout" as the 1990 spelling does: "û" is not in the
 * GSM 7-bit alphabet, and one such character makes a whole SMS UCS-2.
 */
export function formatExpiry(iso: string, locale: Locale, timeZone = 'UTC', style: 'full' | 'sms' = 'full'): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', ...(style === 'full' ? { year: 'numeric' } : {}), hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  const language = DATE_FORMAT[locale] ?? DATE_FORMAT.en;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { ...options, timeZone });
  } catch {
    // A queued message outlives any check of its zone: an unknown one is read as UTC, and says so.
    format = new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' });
  }
  return format
    .formatToParts(new Date(iso))
    .map((part) => {
      if (locale !== 'fr') return part.value;
      // French writes the first of the month as an ordinal ("1er mai"); Intl writes "1 mai".
      if (part.type === 'day' && part.value === '1') return '1er';
      return style === 'sms' && part.type === 'month' ? part.value.replace('û', 'u') : part.value;
    })
    .join('');
}

/** "valid until …" as a sentence of its own. */
function sentence(phrase: string): string {
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}

/** French puts a no-break space before a colon. */
export const NBSP = '\u00a0';

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

/** The hosted invitation page (shared/pages), the token in the fragment as in passwordResetLink. */
export function invitationLink(pagesUrl: string, token: string, lang?: Locale): string {
  return `${pagesUrl.replace(/\/$/, '')}/account/invitation${langQuery(lang)}#${token}`;
}

/**
 * An email's link opens the page in the message's language (`?lang=`); an
 * SMS's carries none (each character counts against its segments), and the
 * page speaks the browser's language.
 */
function langQuery(lang: Locale | undefined): string {
  return lang ? `?lang=${lang}` : '';
}

/** The language an email's links name; none for an SMS. */
export function linkLocale(message: OutgoingMessage): Locale | undefined {
  return message.channel === 'email' ? message.locale : undefined;
}

/**
 * What a message ends with, for a reader who did not expect it (the salon
 * typed a wrong address, or someone else set their PIN): an invitation
 * nobody follows lets nothing happen; a PIN nobody asked for is the salon's
 * to look into.
 */
export const UNEXPECTED: Record<'invitation' | 'pin', Record<Locale, string>> = {
  invitation: {
    en: 'Not expecting this? Ignore it.',
    sv: 'Väntade du dig inte detta? Bortse från det.',
    ru: 'Не ждали этого сообщения? Просто проигнорируйте его.',
    de: 'Nicht erwartet? Einfach ignorieren.',
    fr: `Message inattendu${NBSP}? Ignorez-le.`,
    es: '¿No lo esperabas? Ignóralo.',
    nl: 'Niet verwacht? Negeer dit bericht.',
    pl: 'Nie spodziewasz się tej wiadomości? Zignoruj ją.',
    fi: 'Etkö odottanut tätä? Ohita viesti.',
    nb: 'Ventet du ikke dette? Se bort fra meldingen.',
    da: 'Uventet besked? Se bort fra den.',
  },
  pin: {
    en: 'Not expecting this? Tell the salon.',
    sv: 'Väntade du dig inte detta? Säg till salongen.',
    ru: 'Не ждали этого сообщения? Сообщите в салон.',
    de: 'Nicht erwartet? Sag dem Salon Bescheid.',
    fr: `Message inattendu${NBSP}? Prévenez le salon.`,
    es: '¿No lo esperabas? Avisa al salón.',
    nl: 'Niet verwacht? Laat het de salon weten.',
    pl: 'Nie spodziewasz się tej wiadomości? Powiadom salon.',
    fi: 'Etkö odottanut tätä? Kerro siitä salongille.',
    nb: 'Ventet du ikke dette? Si fra til salongen.',
    da: 'Uventet besked? Sig det til salonen.',
  },
};

/**
 * Texts per locale: the languages of our users' help centres. Every text says
 * the same in each language (test/unit/__snapshots__/message-texts.md shows
 * them all, regenerated by test/unit/templates.locales.test.ts). Staff
 * are greeted by first name and addressed informally where the language asks
 * for it with a first name (du, je, tu, ty, sinä); French keeps "vous", and
 * Russian "вы", as before. A salon's or person's name is never declined: the
 * sentences put it where its base form reads right (Polish "salonu X",
 * Finnish "tiimiin X", a parenthesis).
 */
const invitation: Record<Locale, (m: { tenantName: string; firstName: string; inviter: string | null; link: string; until: string }) => Wording> = {
  en: (m) => {
    const intro = `Hi ${m.firstName}, ${m.inviter ? `${m.inviter} has invited you` : 'you have been invited'} to join ${m.tenantName} on StaffGate.`;
    const valid = `valid until ${m.until}`;
    return { subject: `You're invited to ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.en, text: `${intro} Set your password here: ${m.link} (${valid}). ${UNEXPECTED.invitation.en}` };
  },
  sv: (m) => {
    const intro = `Hej ${m.firstName}! ${m.inviter ? `${m.inviter} har bjudit in dig` : 'Du har bjudits in'} till ${m.tenantName} i StaffGate.`;
    const valid = `giltig till ${m.until}`;
    return { subject: `Du är inbjuden till ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.sv, text: `${intro} Välj ditt lösenord här: ${m.link} (${valid}). ${UNEXPECTED.invitation.sv}` };
  },
  ru: (m) => {
    const intro = `${m.firstName}, здравствуйте! ${m.inviter ? `${m.inviter} приглашает вас` : 'Вас пригласили'} в ${m.tenantName} в StaffGate.`;
    const valid = `действует до ${m.until}`;
    return { subject: `Приглашение в ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.ru, text: `${intro} Придумайте пароль по ссылке: ${m.link} (${valid}). ${UNEXPECTED.invitation.ru}` };
  },
  de: (m) => {
    const intro = `Hallo ${m.firstName}, ${m.inviter ? `${m.inviter} hat dich` : 'du wurdest'} zu ${m.tenantName} auf StaffGate eingeladen.`;
    const valid = `gültig bis zum ${m.until}`;
    return { subject: `Einladung zu ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.de, text: `${intro} Lege hier dein Passwort fest: ${m.link} (${valid}). ${UNEXPECTED.invitation.de}` };
  },
  fr: (m) => {
    const intro = `Bonjour ${m.firstName}, ${m.inviter ? `${m.inviter} vous invite à rejoindre` : 'voici votre invitation à rejoindre'} ${m.tenantName} sur StaffGate.`;
    const valid = `valable jusqu'au ${m.until}`;
    return { subject: `Invitation à rejoindre ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.fr, text: `${intro} Choisissez votre mot de passe ici${NBSP}: ${m.link} (${valid}). ${UNEXPECTED.invitation.fr}` };
  },
  es: (m) => {
    const intro = `Hola, ${m.firstName}. ${m.inviter ? `${m.inviter} te ha invitado` : 'Te han invitado'} a unirte a ${m.tenantName} en StaffGate.`;
    const valid = `válido hasta el ${m.until}`;
    return { subject: `Invitación a ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.es, text: `${intro} Elige tu contraseña aquí: ${m.link} (${valid}). ${UNEXPECTED.invitation.es}` };
  },
  nl: (m) => {
    const intro = `Hallo ${m.firstName}, ${m.inviter ? `${m.inviter} heeft je uitgenodigd` : 'je bent uitgenodigd'} voor ${m.tenantName} op StaffGate.`;
    const valid = `geldig tot ${m.until}`;
    return { subject: `Uitnodiging voor ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.nl, text: `${intro} Stel hier je wachtwoord in: ${m.link} (${valid}). ${UNEXPECTED.invitation.nl}` };
  },
  pl: (m) => {
    const intro = `Cześć, ${m.firstName}! ${m.inviter ? `${m.inviter} zaprasza Cię` : 'Otrzymujesz zaproszenie'} do salonu ${m.tenantName} w StaffGate.`;
    const valid = `link ważny do ${m.until}`;
    return { subject: `Zaproszenie do salonu ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.pl, text: `${intro} Ustaw hasło tutaj: ${m.link} (${valid}). ${UNEXPECTED.invitation.pl}` };
  },
  fi: (m) => {
    const intro = `Hei ${m.firstName}! ${m.inviter ? `${m.inviter} kutsui sinut` : 'Sinut on kutsuttu'} liittymään tiimiin ${m.tenantName} StaffGate-palvelussa.`;
    const valid = `voimassa ${m.until} asti`;
    return { subject: `Kutsu tiimiin ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.fi, text: `${intro} Aseta salasanasi tästä: ${m.link} (${valid}). ${UNEXPECTED.invitation.fi}` };
  },
  nb: (m) => {
    const intro = `Hei ${m.firstName}! ${m.inviter ? `${m.inviter} har invitert deg` : 'Du er invitert'} til ${m.tenantName} i StaffGate.`;
    const valid = `gyldig til ${m.until}`;
    return { subject: `Du er invitert til ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.nb, text: `${intro} Velg passordet ditt her: ${m.link} (${valid}). ${UNEXPECTED.invitation.nb}` };
  },
  da: (m) => {
    const intro = `Hej ${m.firstName}! ${m.inviter ? `${m.inviter} har inviteret dig` : 'Du er blevet inviteret'} til ${m.tenantName} i StaffGate.`;
    const valid = `gyldig til ${m.until}`;
    return { subject: `Du er inviteret til ${m.tenantName}`, intro, after: [sentence(valid)], unexpected: UNEXPECTED.invitation.da, text: `${intro} Vælg din adgangskode her: ${m.link} (${valid}). ${UNEXPECTED.invitation.da}` };
  },
};

/**
 * An invitation by SMS: the link alone takes some 130 of the 306 characters
 * two GSM 7-bit segments hold, so the SMS leaves out the inviter and says
 * the rest in fewer words (test/unit/sms-segments.test.ts measures it).
 */
const invitationSms: Record<Locale, (m: { tenantName: string; firstName: string; link: string; until: string }) => string> = {
  en: (m) => `Hi ${m.firstName}, you're invited to ${m.tenantName}. Set your password: ${m.link} (valid until ${m.until}). ${UNEXPECTED.invitation.en}`,
  sv: (m) => `Hej ${m.firstName}! Inbjudan till ${m.tenantName}. Välj lösenord: ${m.link} (giltig till ${m.until}). ${UNEXPECTED.invitation.sv}`,
  ru: (m) => `${m.firstName}, вас пригласили в ${m.tenantName}. Придумайте пароль: ${m.link} (действует до ${m.until}). ${UNEXPECTED.invitation.ru}`,
  de: (m) => `Hallo ${m.firstName}, du bist zu ${m.tenantName} eingeladen. Passwort wählen: ${m.link} (gültig bis ${m.until}). ${UNEXPECTED.invitation.de}`,
  fr: (m) => `Bonjour ${m.firstName}, ${m.tenantName} vous invite. Créez un mot de passe${NBSP}: ${m.link} (valable jusqu'au ${m.until}). ${UNEXPECTED.invitation.fr}`,
  es: (m) => `Hola, ${m.firstName}. Te han invitado a ${m.tenantName}. Elige tu contraseña: ${m.link} (válido hasta el ${m.until}). ${UNEXPECTED.invitation.es}`,
  nl: (m) => `Hoi ${m.firstName}, je bent uitgenodigd bij ${m.tenantName}. Kies je wachtwoord: ${m.link} (geldig tot ${m.until}). ${UNEXPECTED.invitation.nl}`,
  pl: (m) => `Cześć, ${m.firstName}! Zaproszenie do salonu ${m.tenantName}. Ustaw hasło: ${m.link} (link ważny do ${m.until}). ${UNEXPECTED.invitation.pl}`,
  fi: (m) => `Hei ${m.firstName}! Kutsu tiimiin ${m.tenantName}. Aseta salasana: ${m.link} (voimassa ${m.until} asti). ${UNEXPECTED.invitation.fi}`,
  nb: (m) => `Hei ${m.firstName}! Invitasjon til ${m.tenantName}. Velg passord: ${m.link} (gyldig til ${m.until}). ${UNEXPECTED.invitation.nb}`,
  da: (m) => `Hej ${m.firstName}! Du er inviteret til ${m.tenantName}. Vælg adgangskode: ${m.link} (gyldig til ${m.until}). ${UNEXPECTED.invitation.da}`,
};

/** The PIN text says it in one breath; the email's HTML introduces the PIN and shows it on its own. */
const pin: Record<Locale, (m: { tenantName: string; firstName: string; pin: string }) => Wording> = {
  en: (m) => {
    const advice = 'Keep it to yourself and press the padlock when you leave the terminal.';
    return {
      subject: `Your PIN for ${m.tenantName}`,
      intro: `Hi ${m.firstName}, here is your PIN for the front desk at ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.en,
      text: `Hi ${m.firstName}, your PIN: ${m.pin} for the front desk at ${m.tenantName}. ${advice} ${UNEXPECTED.pin.en}`,
    };
  },
  sv: (m) => {
    const advice = 'Håll den för dig själv och tryck på hänglåset när du lämnar kassan.';
    return {
      subject: `Din PIN-kod för ${m.tenantName}`,
      intro: `Hej ${m.firstName}! Här är din PIN-kod för kassan hos ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.sv,
      text: `Hej ${m.firstName}! Din PIN-kod: ${m.pin} för kassan hos ${m.tenantName}. ${advice} ${UNEXPECTED.pin.sv}`,
    };
  },
  ru: (m) => {
    const advice = 'Никому его не сообщайте и нажимайте на замок, уходя от терминала.';
    return {
      subject: `Ваш PIN-код для ${m.tenantName}`,
      intro: `${m.firstName}, ваш PIN-код для терминала ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.ru,
      text: `${m.firstName}, ваш PIN-код: ${m.pin} для терминала ${m.tenantName}. ${advice} ${UNEXPECTED.pin.ru}`,
    };
  },
  de: (m) => {
    const advice = 'Behalte sie für dich und tippe auf das Schloss-Symbol, wenn du das Terminal verlässt.';
    return {
      subject: `Deine PIN für ${m.tenantName}`,
      intro: `Hallo ${m.firstName}, hier ist deine PIN für den Empfang bei ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.de,
      text: `Hallo ${m.firstName}, deine PIN: ${m.pin} für den Empfang bei ${m.tenantName}. ${advice} ${UNEXPECTED.pin.de}`,
    };
  },
  fr: (m) => {
    const advice = 'Gardez-le pour vous et appuyez sur le cadenas quand vous quittez le terminal.';
    return {
      subject: `Votre code PIN pour ${m.tenantName}`,
      intro: `Bonjour ${m.firstName}, voici votre code PIN pour l'accueil chez ${m.tenantName}${NBSP}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.fr,
      text: `Bonjour ${m.firstName}, votre code PIN${NBSP}: ${m.pin} pour l'accueil chez ${m.tenantName}. ${advice} ${UNEXPECTED.pin.fr}`,
    };
  },
  es: (m) => {
    const advice = 'No se lo digas a nadie y pulsa el candado al dejar el terminal.';
    return {
      subject: `Tu PIN para ${m.tenantName}`,
      intro: `Hola, ${m.firstName}. Este es tu PIN para la recepción de ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.es,
      text: `Hola, ${m.firstName}. Tu PIN: ${m.pin} para la recepción de ${m.tenantName}. ${advice} ${UNEXPECTED.pin.es}`,
    };
  },
  nl: (m) => {
    const advice = 'Houd hem geheim en tik op het slotje als je bij de terminal wegloopt.';
    return {
      subject: `Je pincode voor ${m.tenantName}`,
      intro: `Hallo ${m.firstName}, hier is je pincode voor de balie bij ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.nl,
      text: `Hallo ${m.firstName}, je pincode: ${m.pin} voor de balie bij ${m.tenantName}. ${advice} ${UNEXPECTED.pin.nl}`,
    };
  },
  pl: (m) => {
    const advice = 'Nikomu go nie podawaj i naciśnij kłódkę, gdy odchodzisz od terminala.';
    return {
      subject: `Twój kod PIN do salonu ${m.tenantName}`,
      intro: `Cześć, ${m.firstName}! Oto Twój kod PIN do terminala w recepcji salonu ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.pl,
      text: `Cześć, ${m.firstName}! Twój kod PIN: ${m.pin} do terminala w recepcji salonu ${m.tenantName}. ${advice} ${UNEXPECTED.pin.pl}`,
    };
  },
  fi: (m) => {
    const advice = 'Pidä se omana tietonasi ja paina lukkokuvaketta, kun lähdet päätteeltä.';
    return {
      subject: `PIN-koodisi (${m.tenantName})`,
      intro: `Hei ${m.firstName}! Tässä PIN-koodisi, jolla kirjaudut vastaanoton päätteelle (${m.tenantName}):`,
      after: [advice],
      unexpected: UNEXPECTED.pin.fi,
      text: `Hei ${m.firstName}! PIN-koodisi: ${m.pin}. Sillä kirjaudut vastaanoton päätteelle (${m.tenantName}). ${advice} ${UNEXPECTED.pin.fi}`,
    };
  },
  nb: (m) => {
    const advice = 'Ikke del den med andre, og trykk på hengelåsen når du går fra terminalen.';
    return {
      subject: `Din PIN-kode for ${m.tenantName}`,
      intro: `Hei ${m.firstName}! Her er PIN-koden din for resepsjonen hos ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.nb,
      text: `Hei ${m.firstName}! Din PIN-kode: ${m.pin} for resepsjonen hos ${m.tenantName}. ${advice} ${UNEXPECTED.pin.nb}`,
    };
  },
  da: (m) => {
    const advice = 'Hold den for dig selv, og tryk på hængelåsen, når du går fra terminalen.';
    return {
      subject: `Din pinkode til ${m.tenantName}`,
      intro: `Hej ${m.firstName}! Her er din pinkode til receptionen hos ${m.tenantName}:`,
      after: [advice],
      unexpected: UNEXPECTED.pin.da,
      text: `Hej ${m.firstName}! Din pinkode: ${m.pin} til receptionen hos ${m.tenantName}. ${advice} ${UNEXPECTED.pin.da}`,
    };
  },
};

/**
 * The hosted reset page (shared/pages), the token in the fragment: browsers
 * never send a fragment to a server, so no log, proxy or Referer sees it.
 */
export function passwordResetLink(pagesUrl: string, token: string, lang?: Locale): string {
  return `${pagesUrl.replace(/\/$/, '')}/account/reset${langQuery(lang)}#${token}`;
}

/** A reset link concerns no salon: its text says itself what to do if it was not asked for. */
const passwordReset: Record<Locale, (m: { link: string }) => Wording> = {
  en: (m) => {
    const intro = 'Someone asked to reset the password of this StaffGate login.';
    const ifNot = 'If not, ignore this message.';
    return { subject: 'Reset your StaffGate password', intro, after: [], unexpected: ifNot, text: `${intro} If it was you, choose a new one here within 30 minutes: ${m.link}. ${ifNot}` };
  },
  sv: (m) => {
    const intro = 'Någon har bett om att återställa lösenordet för den här inloggningen i StaffGate.';
    const ifNot = 'Annars kan du bortse från meddelandet.';
    return { subject: 'Återställ ditt lösenord i StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Om det var du, välj ett nytt inom 30 minuter: ${m.link}. ${ifNot}` };
  },
  ru: (m) => {
    const intro = 'Кто-то запросил сброс пароля для этого входа в StaffGate.';
    const ifNot = 'Если нет, просто проигнорируйте это сообщение.';
    return { subject: 'Сброс пароля StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Если это были вы, задайте новый пароль в течение 30 минут: ${m.link}. ${ifNot}` };
  },
  de: (m) => {
    const intro = 'Jemand möchte das Passwort deines StaffGate-Kontos zurücksetzen.';
    const ifNot = 'Falls nicht, ignoriere diese Nachricht.';
    return { subject: 'StaffGate-Passwort zurücksetzen', intro, after: [], unexpected: ifNot, text: `${intro} Falls du das warst, wähle hier innerhalb von 30 Minuten ein neues: ${m.link}. ${ifNot}` };
  },
  fr: (m) => {
    const intro = "Quelqu'un a demandé la réinitialisation du mot de passe de ce compte StaffGate.";
    const ifNot = 'Sinon, ignorez ce message.';
    return { subject: 'Réinitialisez votre mot de passe StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Si c'est vous, choisissez-en un nouveau ici dans les 30 minutes${NBSP}: ${m.link}. ${ifNot}` };
  },
  es: (m) => {
    const intro = 'Alguien ha solicitado restablecer la contraseña de esta cuenta de StaffGate.';
    const ifNot = 'Si no, ignora este mensaje.';
    return { subject: 'Restablece tu contraseña de StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Si has sido tú, elige una nueva aquí en los próximos 30 minutos: ${m.link}. ${ifNot}` };
  },
  nl: (m) => {
    const intro = 'Iemand wil het wachtwoord van dit StaffGate-account opnieuw instellen.';
    const ifNot = 'Zo niet, negeer dan dit bericht.';
    return { subject: 'Stel je StaffGate-wachtwoord opnieuw in', intro, after: [], unexpected: ifNot, text: `${intro} Was jij dat? Kies dan binnen 30 minuten hier een nieuw wachtwoord: ${m.link}. ${ifNot}` };
  },
  pl: (m) => {
    const intro = 'Ktoś poprosił o zresetowanie hasła do tego konta StaffGate.';
    const ifNot = 'Jeśli nie, zignoruj tę wiadomość.';
    return { subject: 'Zresetuj hasło do StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Jeśli to Ty, ustaw nowe hasło w ciągu 30 minut: ${m.link}. ${ifNot}` };
  },
  fi: (m) => {
    const intro = 'Joku pyysi tämän StaffGate-tunnuksen salasanan vaihtamista.';
    const ifNot = 'Muuten voit jättää tämän viestin huomiotta.';
    return { subject: 'StaffGate-salasanan vaihto', intro, after: [], unexpected: ifNot, text: `${intro} Jos se olit sinä, valitse uusi salasana 30 minuutin kuluessa tästä: ${m.link}. ${ifNot}` };
  },
  nb: (m) => {
    const intro = 'Noen har bedt om å tilbakestille passordet til denne StaffGate-kontoen.';
    const ifNot = 'Hvis ikke, kan du se bort fra denne meldingen.';
    return { subject: 'Tilbakestill passordet ditt i StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Hvis det var deg, velg et nytt her innen 30 minutter: ${m.link}. ${ifNot}` };
  },
  da: (m) => {
    const intro = 'Nogen har bedt om at nulstille adgangskoden til denne StaffGate-konto.';
    const ifNot = 'Hvis ikke, kan du se bort fra denne besked.';
    return { subject: 'Nulstil din adgangskode til StaffGate', intro, after: [], unexpected: ifNot, text: `${intro} Hvis det var dig, så vælg en ny her inden for 30 minutter: ${m.link}. ${ifNot}` };
  },
};

/**
 * The subject and text of a message. Every value a person typed (salon and
 * person names) goes through `oneLine` first, and the subject as a whole too:
 * a subject is one line, and no field adds a line to a text or an SMS.
 */
export function renderMessage(message: OutgoingMessage, appBaseUrl: string): RenderedMessage {
  const { subject, text } = renderWording(message, appBaseUrl);
  return { subject, text: message.channel === 'sms' ? gsmSpaces(text) : text };
}

/**
 * An SMS with one character outside the GSM 7-bit alphabet goes as UCS-2, in
 * segments of 67 characters instead of 153: the no-break spaces of French
 * typography and of some dates become plain spaces there.
 */
function gsmSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** The message's wording with the sentences its email lays out; the same values, made safe the same way. */
export function renderWording(message: OutgoingMessage, appBaseUrl: string): Wording {
  const rendered = renderFields(message, appBaseUrl);
  return { ...rendered, subject: oneLine(rendered.subject) };
}

function renderFields(message: OutgoingMessage, appBaseUrl: string): Wording {
  if (message.kind === 'pin') {
    return (pin[message.locale] ?? pin.en)({ tenantName: oneLine(message.tenantName), firstName: oneLine(message.firstName), pin: oneLine(message.pin) });
  }
  if (message.kind === 'password_reset') return (passwordReset[message.locale] ?? passwordReset.en)({ link: passwordResetLink(appBaseUrl, oneLine(message.token), linkLocale(message)) });
  const values = {
    tenantName: oneLine(message.tenantName),
    firstName: oneLine(message.firstName),
    inviter: message.inviterName === null ? null : oneLine(message.inviterName) || null,
    link: invitationLink(appBaseUrl, oneLine(message.token), linkLocale(message)),
    until: formatExpiry(message.expiresAt, message.locale, message.timeZone),
  };
  const wording = (invitation[message.locale] ?? invitation.en)(values);
  if (message.channel === 'email') return wording;
  const until = formatExpiry(message.expiresAt, message.locale, message.timeZone, 'sms');
  return { ...wording, text: (invitationSms[message.locale] ?? invitationSms.en)({ ...values, until }) };
}

/** For local scripts only: the secret a rendered text carries. */
export function secretsInText(text: string): { token?: string; pin?: string } {
  const token = /\/account\/(?:invitation|reset)(?:\?lang=[a-z]{2})?#([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1];
  // "PIN: 1234", "PIN-kod: ", "PIN-код: ", "pincode: ", "PIN-koodisi: ", "code PIN : " (French, a no-break space)…
  const pinCode = /(?:PIN|pin)(?:-?\p{L}+)?\s?: (\d{4,6})\b/u.exec(text)?.[1];
  return { ...(token ? { token } : {}), ...(pinCode ? { pin: pinCode } : {}) };
}
