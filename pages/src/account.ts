/**
 * The script of the hosted account pages (served as /account/assets/account.js,
 * the only script the pages' CSP allows). The page's words come from the
 * server in a JSON data block, so the script knows no language. A token a
 * message carried arrives in the URL's fragment, which browsers never send
 * to a server; the script moves it into the request body and drops it from
 * the address bar and history.
 */

import type { ScriptWords as Words } from '../../shared/pages/script-words.js';

const MIN_PASSWORD_LENGTH = 8;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function words(): Words {
  return JSON.parse(element('words').textContent ?? '{}') as Words;
}

/** The token of a link `…#<token>`, taken out of the address bar at once. */
function takeToken(): string | undefined {
  const token = decodeURIComponent(location.hash.slice(1));
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return token || undefined;
}

async function post(path: string, body: unknown): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
  const problem = response.status >= 400 ? ((await response.json().catch(() => ({}))) as { code?: string }) : {};
  return { status: response.status, code: problem.code };
}

function say(region: HTMLElement, text: string, tone: 'info' | 'error'): void {
  region.textContent = text;
  region.dataset.tone = tone;
  region.hidden = false;
}

/** While a request runs its form is busy: the button says so and a second press does nothing. */
async function busy(form: HTMLFormElement, label: string, run: () => Promise<void>): Promise<void> {
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  if (button.disabled) return;
  const idle = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try {
    await run();
  } finally {
    button.disabled = false;
    button.textContent = idle;
  }
}

function passwordReset(): void {
  const text = words();
  const request = element<HTMLFormElement>('request');
  const confirm = element<HTMLFormElement>('confirm');
  const status = element('status');
  const password = element<HTMLInputElement>('new-password');
  const passwordProblem = element('new-password-problem');
  let token = takeToken();

  const showRequest = () => {
    confirm.hidden = true;
    request.hidden = false;
    element<HTMLInputElement>('login').focus();
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
    showConfirm();
  });

  request.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(request, text.working, async () => {
      const login = element<HTMLInputElement>('login').value.trim();
      const answer = await post('/v1/auth/password-reset', { login }).catch(() => ({ status: 0, code: undefined }));
      if (answer.status === 202) {
        request.hidden = true;
        say(status, text.requestDone, 'info');
        status.focus();
      } else {
        say(status, text.tryAgain, 'error');
      }
    });
  });

  const lengthProblem = () => ([...password.value].length < MIN_PASSWORD_LENGTH ? text.tooShort : '');
  password.addEventListener('input', () => {
    const problem = password.value === '' ? '' : lengthProblem();
    passwordProblem.textContent = problem;
    password.setAttribute('aria-invalid', problem ? 'true' : 'false');
  });

  confirm.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = lengthProblem();
    if (problem) {
      passwordProblem.textContent = problem;
      password.setAttribute('aria-invalid', 'true');
      password.focus();
      return;
    }
    void busy(confirm, text.working, async () => {
      const answer = await post('/v1/auth/password-reset/confirm', { token, newPassword: password.value }).catch(() => ({ status: 0, code: undefined }));
      if (answer.status === 204) {
        token = undefined;
        confirm.hidden = true;
        say(status, text.confirmDone, 'info');
        status.focus();
      } else if (answer.code === 'weak_password') {
        passwordProblem.textContent = text.weakPassword;
        password.setAttribute('aria-invalid', 'true');
        password.focus();
      } else if (answer.code === 'invalid_token') {
        token = undefined;
        say(status, text.linkExpired, 'error');
        showRequest();
      } else {
        say(status, text.tryAgain, 'error');
      }
    });
  });
}

const PAGES: Record<string, () => void> = { 'reset': passwordReset };

PAGES[document.body.dataset.page ?? '']?.();
