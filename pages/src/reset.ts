/** The reset page: ask for a link, or (opened from one) choose the new password. */

import type { ScriptWords as Words } from '../../shared/pages/script-words.js';
import { busy, element, newPasswordField, post, say, takeToken, UNREACHABLE, waitWords, words } from './page-kit.js';

export function passwordReset(): void {
  const text = words<Words>();
  const request = element<HTMLFormElement>('request');
  const confirm = element<HTMLFormElement>('confirm');
  const status = element('status');
  const password = element<HTMLInputElement>('new-password');
  const passwordProblem = element('new-password-problem');
  let token = takeToken();

  const showRequest = () => {
    confirm.hidden = true;
    request.hidden = false;
  };
  const showConfirm = () => {
    request.hidden = true;
    status.hidden = true;
    confirm.hidden = false;
    password.focus();
  };
  if (token) showConfirm();
  // A link opened in the tab that already shows the page changes only the fragment: no new page load.
  window.addEventListener('hashchange', () => {
    const linked = takeToken();
    if (!linked) return;
    token = linked;
    // A password typed for the link before is not sent with another one.
    password.value = '';
    showConfirm();
  });

  request.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(request, text.working, async () => {
      const field = element<HTMLInputElement>('login');
      const login = field.value.trim();
      if (login === '') {
        say(status, text.loginMissing, 'error');
        field.setAttribute('aria-invalid', 'true');
        return;
      }
      field.removeAttribute('aria-invalid');
      const answer = await post('v1/auth/password-reset', { login }).catch(() => UNREACHABLE);
      if (answer.status === 202) {
        request.hidden = true;
        say(status, text.requestDone, 'info');
      } else {
        say(status, answer.status === 429 ? waitWords(text.tooManyTries, text.tryAgain, answer.retryAfter) : text.tryAgain, 'error');
      }
    });
  });

  const { check, show } = newPasswordField(password, passwordProblem, text);

  confirm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(confirm, text.working, async () => {
      const local = await check();
      if (local.problem) {
        show(local);
        password.focus();
        return;
      }
      const asked = token;
      const answer = await post('v1/auth/password-reset/confirm', { token, newPassword: password.value }).catch(() => UNREACHABLE);
      // Another link opened meanwhile (hashchange): this answer is about a link no longer shown, and must not end that one.
      if (token !== asked) return;
      if (answer.status === 204) {
        token = undefined;
        password.value = '';
        confirm.hidden = true;
        say(status, text.confirmDone, 'info');
      } else if (answer.code === 'weak_password') {
        // What only the server knows (the person's email, phone, salons) found it weak.
        show({ problem: text.weakPassword, ok: '' });
        password.focus();
      } else if (answer.code === 'invalid_token') {
        token = undefined;
        say(status, text.linkExpired, 'error');
        showRequest();
      } else {
        say(status, answer.status === 429 ? waitWords(text.tooManyTries, text.tryAgain, answer.retryAfter) : text.tryAgain, 'error');
      }
    });
  });
}
