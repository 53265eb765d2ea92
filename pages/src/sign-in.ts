/** The sign-in step (pages sign-in and two-factor), and the sign-in page, which hands the session on to the host app. */

import type { SignInScriptWords } from '../../shared/pages/words/sign-in.js';
import { type Answer, busy, element, handOff, post, say, UNREACHABLE, waitWords, words } from './page-kit.js';

export interface Membership {
  tenantId: string;
  tenantName: string;
  staffId: string;
}

export interface SignedIn {
  token: string;
  memberships: Membership[];
  /** Whether the account has two-factor login on: the login needed a code. */
  twoFactor: boolean;
}

interface Credentials {
  login: string;
  password: string;
}

/** What a refusal the step has no better words for says: a wait after too many tries, else "try again". */
export function refusal(answer: Answer<unknown>, text: SignInScriptWords): string {
  if (answer.status === 429) return waitWords(text.tooManyTries, text.tooManyTriesLater, answer.retryAfter);
  return text.tryAgain;
}

/**
 * Login and password, then (when the login answers `totp_required`) a code
 * from the authenticator app or a recovery code, which login takes in the
 * same field. The login and password wait in memory while the person finds
 * the code; nothing is stored. `restart` shows the first form again.
 */
export function signInStep(text: SignInScriptWords, onSignedIn: (session: SignedIn) => void): { restart: () => void } {
  const first = element<HTMLFormElement>('sign-in');
  const second = element<HTMLFormElement>('second-factor');
  const status = element('status');
  const login = element<HTMLInputElement>('login');
  const password = element<HTMLInputElement>('password');
  const code = element<HTMLInputElement>('code');
  let pending: Credentials | undefined;

  const restart = () => {
    pending = undefined;
    password.value = '';
    code.value = '';
    second.hidden = true;
    first.hidden = false;
  };

  const attempt = async (credentials: Credentials, totp?: string) => {
    const answer = await post<SignedIn>('v1/auth/login', totp === undefined ? credentials : { ...credentials, totp }).catch(() => UNREACHABLE);
    if (answer.status === 200 && answer.body) {
      pending = undefined;
      password.value = '';
      code.value = '';
      first.hidden = true;
      second.hidden = true;
      status.hidden = true;
      onSignedIn({ token: answer.body.token, memberships: answer.body.memberships, twoFactor: totp !== undefined });
    } else if (answer.code === 'totp_required' && totp === undefined) {
      pending = credentials;
      password.value = '';
      first.hidden = true;
      status.hidden = true;
      second.hidden = false;
      code.focus();
    } else if (answer.code === 'totp_required') {
      code.value = '';
      say(status, text.wrongCode, 'error');
    } else if (answer.code === 'invalid_credentials') {
      restart();
      say(status, text.wrongCredentials, 'error');
    } else {
      say(status, refusal(answer, text), 'error');
    }
  };

  first.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(first, text.working, async () => {
      const credentials = { login: login.value.trim(), password: password.value };
      if (!credentials.login) return say(status, text.loginMissing, 'error');
      if (!credentials.password) return say(status, text.passwordMissing, 'error');
      await attempt(credentials);
    });
  });
  second.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(second, text.working, async () => {
      const typed = code.value.replace(/\s+/g, '');
      if (!typed) return say(status, text.codeMissing, 'error');
      if (pending) await attempt(pending, typed);
    });
  });
  return { restart };
}

/** What a host's `state` may be: enough random characters to be unguessable, and nothing that needs escaping. */
const HOST_STATE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The sign-in page: signs in, asks a person in several salons which one,
 * and hands the session (and the salon) to the host app in the fragment of
 * the deployment's `appBaseUrl`.
 */
export function signInPage(): void {
  const text = words<SignInScriptWords>();
  const status = element('status');
  const salonForm = element<HTMLFormElement>('salon');
  const salons = element('salons');

  // The host's proof that it asked for this sign-in (docs/account-pages.md): echoed unread, so it refuses a hand-off it never started.
  const state = new URLSearchParams(location.search).get('state');
  const handOn = (token: string, tenantId: string | undefined) => {
    say(status, text.signedIn, 'info');
    handOff({ session: token, ...(tenantId ? { tenant: tenantId } : {}), ...(state && HOST_STATE.test(state) ? { state } : {}) });
  };

  signInStep(text, ({ token, memberships }) => {
    element('intro').hidden = true;
    if (memberships.length <= 1) return handOn(token, memberships[0]?.tenantId);
    salons.replaceChildren(
      ...memberships.map((membership, index) => {
        const label = document.createElement('label');
        label.className = 'check';
        const radio = document.createElement('input');
        radio.type = 'radio';
        radio.name = 'tenant';
        radio.value = membership.tenantId;
        radio.checked = index === 0;
        label.append(radio, ` ${membership.tenantName}`);
        return label;
      }),
    );
    salonForm.hidden = false;
    salons.querySelector<HTMLInputElement>('input')?.focus();
    salonForm.addEventListener('submit', (event) => {
      event.preventDefault();
      handOn(token, salons.querySelector<HTMLInputElement>('input:checked')?.value);
    });
  });
}
