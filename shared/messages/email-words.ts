import type { Locale } from '../data/entities.js';
import { NBSP } from './templates.js';

/**
 * The words an email has besides its text (shared/messages/templates.ts):
 * the button, the link for when the button does not work, the reset link's
 * expiry and who sent it. Addressed as the texts address their reader.
 */
export interface EmailWords {
  invitationButton: string;
  resetButton: string;
  linkFallback: string;
  resetValidity: (until: string) => string;
  /** `salon` is absent for a password reset: StaffGate sends it for nobody else. */
  sentBy: (salon: string | undefined) => string;
}

export const EMAIL_WORDS: Record<Locale, EmailWords> = {
  en: {
    invitationButton: 'Set your password',
    resetButton: 'Choose a new password',
    linkFallback: 'If the button does not work, copy this link into your browser:',
    resetValidity: (until) => `The link is valid for 30 minutes, until ${until}.`,
    sentBy: (salon) => (salon ? `Sent by StaffGate on behalf of ${salon}.` : 'Sent by StaffGate.'),
  },
  sv: {
    invitationButton: 'Välj lösenord',
    resetButton: 'Välj nytt lösenord',
    linkFallback: 'Fungerar inte knappen? Kopiera den här länken till webbläsaren:',
    resetValidity: (until) => `Länken gäller i 30 minuter, till ${until}.`,
    sentBy: (salon) => (salon ? `Skickat av StaffGate på uppdrag av ${salon}.` : 'Skickat av StaffGate.'),
  },
  ru: {
    invitationButton: 'Придумать пароль',
    resetButton: 'Задать новый пароль',
    linkFallback: 'Если кнопка не работает, скопируйте эту ссылку в браузер:',
    resetValidity: (until) => `Ссылка действует 30 минут, до ${until}.`,
    sentBy: (salon) => (salon ? `Отправлено сервисом StaffGate от имени ${salon}.` : 'Отправлено сервисом StaffGate.'),
  },
  de: {
    invitationButton: 'Passwort festlegen',
    resetButton: 'Neues Passwort wählen',
    linkFallback: 'Falls der Button nicht funktioniert, kopiere diesen Link in deinen Browser:',
    resetValidity: (until) => `Der Link ist 30 Minuten lang gültig, bis zum ${until}.`,
    sentBy: (salon) => (salon ? `Gesendet von StaffGate im Auftrag von ${salon}.` : 'Gesendet von StaffGate.'),
  },
  fr: {
    invitationButton: 'Choisir mon mot de passe',
    resetButton: 'Choisir un nouveau mot de passe',
    linkFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
    resetValidity: (until) => `Le lien est valable 30 minutes, jusqu'au ${until}.`,
    sentBy: (salon) => (salon ? `Envoyé par StaffGate pour le compte de ${salon}.` : 'Envoyé par StaffGate.'),
  },
  es: {
    invitationButton: 'Elegir contraseña',
    resetButton: 'Elegir una nueva contraseña',
    linkFallback: 'Si el botón no funciona, copia este enlace en tu navegador:',
    resetValidity: (until) => `El enlace es válido durante 30 minutos, hasta el ${until}.`,
    sentBy: (salon) => (salon ? `Enviado por StaffGate en nombre de ${salon}.` : 'Enviado por StaffGate.'),
  },
  nl: {
    invitationButton: 'Wachtwoord instellen',
    resetButton: 'Nieuw wachtwoord kiezen',
    linkFallback: 'Werkt de knop niet? Kopieer deze link naar je browser:',
    resetValidity: (until) => `De link is 30 minuten geldig, tot ${until}.`,
    sentBy: (salon) => (salon ? `Verstuurd door StaffGate namens ${salon}.` : 'Verstuurd door StaffGate.'),
  },
  pl: {
    invitationButton: 'Ustaw hasło',
    resetButton: 'Ustaw nowe hasło',
    linkFallback: 'Jeśli przycisk nie działa, skopiuj ten link do przeglądarki:',
    resetValidity: (until) => `Link jest ważny przez 30 minut, do ${until}.`,
    sentBy: (salon) => (salon ? `Wiadomość wysłana przez StaffGate w imieniu salonu ${salon}.` : 'Wiadomość wysłana przez StaffGate.'),
  },
  fi: {
    invitationButton: 'Aseta salasana',
    resetButton: 'Valitse uusi salasana',
    linkFallback: 'Jos painike ei toimi, kopioi tämä linkki selaimeesi:',
    resetValidity: (until) => `Linkki on voimassa 30 minuuttia, ${until} asti.`,
    sentBy: (salon) => (salon ? `Lähettäjä: StaffGate (${salon}).` : 'Lähettäjä: StaffGate.'),
  },
  nb: {
    invitationButton: 'Velg passord',
    resetButton: 'Velg nytt passord',
    linkFallback: 'Virker ikke knappen? Kopier denne lenken inn i nettleseren:',
    resetValidity: (until) => `Lenken er gyldig i 30 minutter, til ${until}.`,
    sentBy: (salon) => (salon ? `Sendt av StaffGate på vegne av ${salon}.` : 'Sendt av StaffGate.'),
  },
  da: {
    invitationButton: 'Vælg adgangskode',
    resetButton: 'Vælg ny adgangskode',
    linkFallback: 'Virker knappen ikke? Kopiér dette link ind i din browser:',
    resetValidity: (until) => `Linket er gyldigt i 30 minutter, til ${until}.`,
    sentBy: (salon) => (salon ? `Sendt af StaffGate på vegne af ${salon}.` : 'Sendt af StaffGate.'),
  },
};
