/**
 * What every hosted account page's script uses: its words, the token a link
 * carried, calls to the API beside the page, announcements and busy buttons,
 * and the server's password rules.
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
function verdict(weakness: PasswordWeakness | undefined, text: Pick<Words, 'passwordOk' | 'tooShort' | 'tooLong' | 'weakPassword'>): { problem: string; ok: string } {
  if (weakness === undefined) return { problem: '', ok: text.passwordOk };
  if (weakness === 'too_short') return { problem: text.tooShort, ok: '' };
  if (weakness === 'too_long') return { problem: text.tooLong, ok: '' };
  return { problem: text.weakPassword, ok: '' };
}

type Verdict = { problem: string; ok: string };

/**
 * A new-password field checked as it is typed by the server's own rules
 * (the full rules once the lists are in, the length until then), its verdict
 * shown in `problem`. `check` gives the verdict now, for a submit; `show`
 * shows one, such as a refusal only the server could make.
 */
export function newPasswordField(
  password: HTMLInputElement,
  problem: HTMLElement,
  text: Pick<Words, 'passwordOk' | 'tooShort' | 'tooLong' | 'weakPassword'>,
): { check: () => Promise<Verdict>; show: (verdict: Verdict) => void } {
  const show = ({ problem: said, ok }: Verdict) => {
    problem.textContent = said || ok;
    problem.dataset.tone = said ? 'error' : 'ok';
    password.setAttribute('aria-invalid', said ? 'true' : 'false');
  };
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
  return { check, show };
}

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

/** The page's words, from the JSON data block the server rendered in the page's language. */
export function words<T = Words>(): T {
  return JSON.parse(element('words').textContent ?? '{}') as T;
}

/** The token of a link `…#<token>`, taken out of the address bar at once (a fragment that is no token is none). */
export function takeToken(): string | undefined {
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
export interface Answer<Body> {
  status: number;
  code: string | undefined;
  body: Body | undefined;
  /** Seconds the API asks to wait (`Retry-After` on 429, 423 and 503), if it said. */
  retryAfter: number | undefined;
}

/** What a request that never reached the API answers: no status. */
export const UNREACHABLE: Answer<never> = { status: 0, code: undefined, body: undefined, retryAfter: undefined };

export function post<Body = unknown>(path: string, body: unknown, bearer?: string): Promise<Answer<Body>> {
  return send<Body>('POST', path, body, bearer);
}

/** `post` with another method (`DELETE /v1/auth/totp` has a body too). */
export async function send<Body = unknown>(method: 'POST' | 'DELETE', path: string, body: unknown, bearer?: string): Promise<Answer<Body>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(new URL(`../${path}`, location.href).href, { method, headers, body: JSON.stringify(body), credentials: 'omit' });
  const parsed = (await response.json().catch(() => undefined)) as (Body & { code?: string }) | undefined;
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return {
    status: response.status,
    code: response.status >= 400 ? parsed?.code : undefined,
    body: response.status < 400 ? parsed : undefined,
    retryAfter: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  };
}

/**
 * Shows a result in the status region and moves focus there. The region is
 * shown empty first and filled a frame later, so screen readers announce the
 * words (also when the same words come again).
 */
export function say(region: HTMLElement, text: string, tone: 'info' | 'error'): void {
  region.textContent = '';
  region.dataset.tone = tone;
  region.hidden = false;
  requestAnimationFrame(() => {
    region.textContent = text;
    region.focus();
  });
}

/** While a request runs its form is busy: the button says so and a second press does nothing. */
export async function busy(form: HTMLFormElement, label: string, run: () => Promise<void>): Promise<void> {
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

/**
 * Hands the person on to the host app: the deployment's `appBaseUrl`, which
 * the server wrote into the page (never an address from the link or the
 * query). `fragment` travels after `#`, which the browser never sends to a
 * server.
 */
export function handOff(fragment?: Record<string, string>): void {
  const app = new URL(document.body.dataset.appUrl ?? '/', location.href);
  if (fragment) app.hash = new URLSearchParams(fragment).toString();
  location.assign(app.href);
}

/**
 * "Too many attempts, try again in 2 min": `template`'s `{wait}` as a
 * duration in the page's language, rounded up to whole minutes (seconds
 * under one), or the generic words when the API named no time. Short units
 * ("2 min"): a long unit's case would be wrong after "in" in Russian,
 * Polish or Finnish.
 */
export function waitWords(template: string, fallback: string, seconds: number | undefined): string {
  if (seconds === undefined) return fallback;
  const lang = document.documentElement.lang || 'en';
  const [value, unit] = seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return template.replace('{wait}', new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' }).format(value));
}
