/**
 * The script of the hosted account pages (served as /account/assets/account.js,
 * the only script the pages' CSP allows). The page's words come from the
 * server in a JSON data block, so the script knows no language. A token a
 * message carried arrives in the URL's fragment, which browsers never send
 * to a server; the script moves it into the request body and drops it from
 * the address bar and history.
 */

import { type ListSource, type Lists, listsFrom, type PasswordWeakness, weaknessWith } from '../../shared/domain/auth/password-rules.js';
import type { ScriptWords as Words } from '../../shared/pages/script-words.js';

let lists: Promise<Lists | undefined> | undefined;

/** The server's password lists, fetched once when a password is first typed; without them only the length is checked. */
function passwordLists(): Promise<Lists | undefined> {
  lists ??= fetch('assets/password-lists.json', { credentials: 'omit' })
    .then((response) => (response.ok ? (response.json() as Promise<ListSource>) : undefined))
    .then((source) => (source ? listsFrom(source) : undefined))
    .catch(() => undefined);
  return lists;
}

/** What the field says of a password: the server's own rules (password-rules.ts), in the page's words. */
function verdict(weakness: PasswordWeakness | undefined, text: Words): { problem: string; ok: string } {
  if (weakness === undefined) return { problem: '', ok: text.passwordOk };
  if (weakness === 'too_short') return { problem: text.tooShort, ok: '' };
  if (weakness === 'too_long') return { problem: text.tooLong, ok: '' };
  return { problem: text.weakPassword, ok: '' };
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function words(): Words {
  return JSON.parse(element('words').textContent ?? '{}') as Words;
}

/** The token of a link `…#<token>`, taken out of the address bar at once (a fragment that is no token is none). */
function takeToken(): string | undefined {
  const fragment = location.hash.slice(1);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  try {
    return decodeURIComponent(fragment) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API beside the page: `path` relative to the page (`/account/reset` → `../v1/…`), so the page works
 * under a stage prefix (`…/prod/account/reset`) as at a domain's root.
 */
async function post(path: string, body: unknown): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(new URL(`../${path}`, location.href).href, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
  const problem = response.status >= 400 ? ((await response.json().catch(() => ({}))) as { code?: string }) : {};
  return { status: response.status, code: problem.code };
}

/**
 * Shows a result in the status region and moves focus there. The region is
 * shown empty first and filled a frame later, so screen readers announce the
 * words (also when the same words come again).
 */
function say(region: HTMLElement, text: string, tone: 'info' | 'error'): void {
  region.textContent = '';
  region.dataset.tone = tone;
  region.hidden = false;
  requestAnimationFrame(() => {
    region.textContent = text;
    region.focus();
  });
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
      const answer = await post('v1/auth/password-reset', { login }).catch(() => ({ status: 0, code: undefined }));
      if (answer.status === 202) {
        request.hidden = true;
        say(status, text.requestDone, 'info');
      } else {
        say(status, text.tryAgain, 'error');
      }
    });
  });

  const show = ({ problem, ok }: { problem: string; ok: string }) => {
    passwordProblem.textContent = problem || ok;
    passwordProblem.dataset.tone = problem ? 'error' : 'ok';
    password.setAttribute('aria-invalid', problem ? 'true' : 'false');
  };
  /** The password's verdict now: the full rules once the lists are in, the length until then. */
  const check = async () => verdict(weaknessWith(password.value, {}, (await passwordLists()) ?? listsFrom({ passwords: [], diceware: [], adjacencyGraphs: {} })), text);
  let typed = 0;
  password.addEventListener('input', () => {
    const mine = (typed += 1);
    if (password.value === '') {
      show({ problem: '', ok: '' });
      return;
    }
    void check().then((answer) => {
      // Only the latest keystroke's verdict is shown.
      if (mine === typed) show(answer);
    });
  });

  confirm.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(confirm, text.working, async () => {
      const local = await check();
      if (local.problem) {
        show(local);
        password.focus();
        return;
      }
      const answer = await post('v1/auth/password-reset/confirm', { token, newPassword: password.value }).catch(() => ({ status: 0, code: undefined }));
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
        say(status, text.tryAgain, 'error');
      }
    });
  });
}

const PAGES: Record<string, () => void> = { reset: passwordReset };

PAGES[document.body.dataset.page ?? '']?.();
