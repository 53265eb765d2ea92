/**
 * The invitation page: what the invitation is (the lookup), then a new login
 * with a password or the person's existing login, then on to the host app.
 * Whatever the API says is shown as text, never as markup.
 */

import type { InvitationScriptWords as Words } from '../../shared/pages/words/invitation.js';
import { type Answer, busy, element, handOff, newPasswordField, post, say, takeToken, UNREACHABLE, waitWords, words } from './page-kit.js';

interface Preview {
  tenantName: string;
  firstName: string;
  /** Null when nobody in the salon invited (the operator's owner invitation) or it is not known. */
  inviterName?: string | null;
  expiresAt: string;
}

/** `{name}`-style places in a template, filled with plain values (the result is only ever set as text). */
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (place, key: string) => values[key] ?? place);

export function invitationPage(): void {
  const text = words<Words>();
  const status = element('status');
  const invited = element('invited');
  const valid = element('valid');
  const retry = element<HTMLButtonElement>('retry');
  const create = element<HTMLFormElement>('create');
  const attach = element<HTMLFormElement>('attach');
  const password = element<HTMLInputElement>('new-password');
  const passwordProblem = element('new-password-problem');
  const login = element<HTMLInputElement>('login');
  const existingPassword = element<HTMLInputElement>('password');
  const codeField = element('code-field');
  const code = element<HTMLInputElement>('code');
  const codeProblem = element('code-problem');
  const proceed = element<HTMLButtonElement>('continue');
  let token = takeToken();
  let salon = '';

  const showOnly = (form?: HTMLFormElement) => {
    create.hidden = form !== create;
    attach.hidden = form !== attach;
  };
  /** The invitation can no longer be accepted here: nothing left to fill in. */
  const over = (message: string, tone: 'info' | 'error') => {
    token = undefined;
    showOnly();
    for (const field of [password, existingPassword, code]) field.value = '';
    say(status, message, tone);
  };
  /** What any answer may be besides the form's own problems. */
  const general = (answer: Answer<unknown>) => {
    if (answer.code === 'invitation_not_found') {
      invited.hidden = true;
      valid.hidden = true;
      over(text.notFound, 'error');
    } else if (answer.status === 429) say(status, waitWords(text.tooManyTries, text.tooManyTriesLater, answer.retryAfter), 'error');
    else if (answer.status === 0) say(status, text.offline, 'error');
    else say(status, text.tryAgain, 'error');
  };
  /** Accepted (or the login already belongs to the salon): the host app signs the person in. */
  const accepted = (message: string) => {
    over(message, 'info');
    proceed.hidden = false;
  };

  const lookUp = async () => {
    retry.hidden = true;
    proceed.hidden = true;
    showOnly();
    if (!token) {
      invited.hidden = true;
      say(status, text.noToken, 'error');
      return;
    }
    invited.hidden = false;
    invited.textContent = text.checking;
    const asked = token;
    const answer = await post<Preview>('v1/invitations/lookup', { token }).catch(() => UNREACHABLE);
    // Another link opened meanwhile (hashchange): this answer is about an invitation no longer shown.
    if (token !== asked) return;
    if (answer.status === 200 && answer.body) {
      salon = answer.body.tenantName;
      status.hidden = true;
      const { firstName: name, inviterName: inviter } = answer.body;
      invited.textContent = inviter ? fill(text.invitedBy, { name, inviter, salon }) : fill(text.invited, { name, salon });
      // The page's language, in the browser's own variant of it (en-GB writes dates as the British do).
      const lang = document.documentElement.lang || 'en';
      const variant = navigator.languages.find((tag) => tag.split('-')[0] === lang) ?? lang;
      const until = new Intl.DateTimeFormat(variant, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(answer.body.expiresAt));
      valid.textContent = fill(text.validUntil, { date: until });
      valid.hidden = false;
      showOnly(create);
      return;
    }
    invited.hidden = true;
    general(answer);
    if (answer.code !== 'invitation_not_found') retry.hidden = false;
  };
  void lookUp();
  retry.addEventListener('click', () => void lookUp());
  // A link opened in the tab that already shows the page changes only the fragment: no new page load.
  // What was typed was meant for the invitation shown before: another one starts empty, to be read again.
  window.addEventListener('hashchange', () => {
    const linked = takeToken();
    if (!linked) return;
    token = linked;
    for (const field of [password, login, existingPassword, code]) field.value = '';
    void lookUp();
  });

  element('to-attach').addEventListener('click', () => {
    showOnly(attach);
    login.focus();
  });
  element('to-create').addEventListener('click', () => {
    showOnly(create);
    password.focus();
  });
  proceed.addEventListener('click', () => handOff());

  const { check, show: showVerdict } = newPasswordField(password, passwordProblem, text);

  create.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(create, text.working, async () => {
      const local = await check();
      if (local.problem) {
        showVerdict(local);
        password.focus();
        return;
      }
      const asked = token;
      const answer = await post('v1/invitations/accept', { token, password: password.value }).catch(() => UNREACHABLE);
      if (token !== asked) return;
      if (answer.status === 200) accepted(fill(text.accepted, { salon }));
      else if (answer.code === 'weak_password') {
        // What only the server knows (the salon's name, the person's own names and address) found it weak.
        showVerdict({ problem: text.weakPassword, ok: '' });
        password.focus();
      } else if (answer.code === 'login_taken') {
        password.value = '';
        showOnly(attach);
        say(status, text.loginTaken, 'error');
      } else if (answer.code === 'already_member') accepted(text.alreadyMember);
      else general(answer);
    });
  });

  attach.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(attach, text.working, async () => {
      const missing = login.value.trim() === '' ? login : existingPassword.value === '' ? existingPassword : undefined;
      for (const field of [login, existingPassword]) field.setAttribute('aria-invalid', field === missing ? 'true' : 'false');
      if (missing) {
        say(status, missing === login ? text.loginMissing : text.passwordMissing, 'error');
        return;
      }
      const totp = codeField.hidden ? undefined : code.value.trim() || undefined;
      const asked = token;
      const answer = await post('v1/invitations/accept', { token, login: login.value.trim(), password: existingPassword.value, ...(totp ? { totp } : {}) }).catch(() => UNREACHABLE);
      if (token !== asked) return;
      if (answer.status === 200) accepted(fill(text.accepted, { salon }));
      else if (answer.code === 'totp_required') {
        // The login and password were right: the account asks for its second factor (again, if the code was wrong).
        const first = codeField.hidden;
        codeField.hidden = false;
        status.hidden = true;
        const wrong = !first || totp !== undefined;
        codeProblem.textContent = wrong ? text.wrongCode : text.codeNeeded;
        codeProblem.dataset.tone = wrong ? 'error' : 'info';
        code.setAttribute('aria-invalid', wrong ? 'true' : 'false');
        code.value = '';
        code.focus();
      } else if (answer.code === 'invalid_credentials') {
        existingPassword.value = '';
        say(status, text.wrongCredentials, 'error');
      } else if (answer.code === 'already_member') accepted(text.alreadyMember);
      else general(answer);
    });
  });
}
