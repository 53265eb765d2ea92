/**
 * The two-factor page: the person signs in here, then turns two-factor
 * login on or off. The session lives in this script's memory only (never in
 * storage or the address) and ends when the person signs out or leaves the
 * page: nothing else could use it. The TOTP secret and the recovery codes
 * are shown once and dropped from the page when the step is done.
 */

import { encode } from 'uqr';
import type { SignInScriptWords } from '../../shared/pages/words/sign-in.js';
import type { TwoFactorWords } from '../../shared/pages/words/two-factor.js';
import { type Answer, busy, element, post, say, send, UNREACHABLE, words } from './page-kit.js';
import { refusal, signInStep } from './sign-in.js';

type Words = SignInScriptWords & TwoFactorWords;

const SVG = 'http://www.w3.org/2000/svg';

/**
 * The otpauth URI as a QR code drawn with SVG elements: the CSP allows
 * images from the page's own origin only, so no `data:` image. Dark modules
 * are one path of unit squares, with the quiet zone of four modules around.
 */
function qrCode(uri: string, label: string): SVGSVGElement {
  const { data } = encode(uri, { ecc: 'M', border: 4 });
  const size = data.length;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('fill', '#000');
  modules.setAttribute('d', data.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : ''))).join(''));
  svg.append(background, modules);
  return svg;
}

/** A base32 key in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

function copy(value: string, note: HTMLElement, text: Words): void {
  note.textContent = '';
  navigator.clipboard.writeText(value).then(
    () => (note.textContent = text.copied),
    () => (note.textContent = text.copyFailed),
  );
}

/** Ends the session; `keepalive` lets it finish while the page unloads. */
function logout(token: string): void {
  void fetch(new URL('../v1/auth/logout', location.href).href, { method: 'POST', headers: { authorization: `Bearer ${token}` }, credentials: 'omit', keepalive: true }).catch(() => undefined);
}

export function twoFactor(): void {
  const text = words<Words>();
  const status = element('status');
  const intro = element('intro');
  const account = element('account');
  const state = element('state');
  const enrol = element<HTMLFormElement>('enrol');
  const setup = element<HTMLFormElement>('setup');
  const recovery = element<HTMLFormElement>('recovery');
  const disable = element<HTMLFormElement>('disable');
  const stepUp = element<HTMLInputElement>('step-up-password');
  const confirmCode = element<HTMLInputElement>('confirm-code');
  const qr = element('qr');
  const manualKey = element('manual-key');
  const codes = element('recovery-codes');
  const download = element<HTMLAnchorElement>('download-codes');
  const saved = element<HTMLInputElement>('saved');
  const disablePassword = element<HTMLInputElement>('disable-password');
  const disableCode = element<HTMLInputElement>('disable-code');

  let session: string | undefined;
  let enabled = false;
  let secret: string | undefined;
  let recoveryCodes: string[] = [];

  /** The account's state, and the one thing to do with it. */
  const overview = () => {
    for (const form of [setup, recovery]) form.hidden = true;
    state.textContent = enabled ? text.stateOn : text.stateOff;
    enrol.hidden = enabled;
    disable.hidden = !enabled;
    account.hidden = false;
    state.focus();
  };

  const signIn = signInStep(text, (signedIn) => {
    session = signedIn.token;
    enabled = signedIn.twoFactor;
    intro.hidden = true;
    overview();
  });

  const forgetCodes = () => {
    recoveryCodes = [];
    codes.replaceChildren();
    if (download.href) URL.revokeObjectURL(download.href);
    download.removeAttribute('href');
  };

  const signOut = (message: string) => {
    if (session) logout(session);
    session = undefined;
    secret = undefined;
    forgetCodes();
    qr.replaceChildren();
    manualKey.textContent = '';
    account.hidden = true;
    intro.hidden = false;
    signIn.restart();
    say(status, message, 'info');
  };
  window.addEventListener('pagehide', () => {
    if (session) logout(session);
  });
  element('sign-out').addEventListener('click', () => signOut(text.signedOut));

  /** A refusal: the session's end (it expired or was ended elsewhere) signs the person out; else its words. */
  const refused = (answer: Answer<unknown>, message?: string) => {
    if (answer.status === 401 && answer.code !== 'invalid_credentials') return signOut(text.signedOut);
    say(status, message ?? refusal(answer, text), 'error');
  };

  enrol.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(enrol, text.working, async () => {
      if (!stepUp.value) return say(status, text.passwordMissing, 'error');
      const asked = session;
      const answer = await post<{ secret: string; otpauthUri: string }>('v1/auth/totp', { password: stepUp.value }, session).catch(() => UNREACHABLE);
      stepUp.value = '';
      // Signed out meanwhile: the answer (a secret, recovery codes) belongs to a session that is over, and is not shown.
      if (session !== asked) return;
      if (answer.status === 200 && answer.body) {
        secret = answer.body.secret;
        qr.replaceChildren(qrCode(answer.body.otpauthUri, text.qrLabel));
        manualKey.textContent = grouped(secret);
        element('key-note').textContent = '';
        enrol.hidden = true;
        status.hidden = true;
        setup.hidden = false;
        element('setup-heading').focus();
      } else if (answer.code === 'totp_already_enabled') {
        enabled = true;
        overview();
      } else {
        refused(answer, answer.code === 'invalid_credentials' ? text.wrongPassword : undefined);
      }
    });
  });

  element('copy-key').addEventListener('click', () => {
    if (secret) copy(secret, element('key-note'), text);
  });

  setup.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(setup, text.working, async () => {
      const code = confirmCode.value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(code)) return say(status, text.codeMissing, 'error');
      const asked = session;
      const answer = await send<{ recoveryCodes: string[] }>('POST', 'v1/auth/totp/confirm', { code }, session).catch(() => UNREACHABLE);
      confirmCode.value = '';
      if (session !== asked) return;
      if (answer.status === 200 && answer.body) {
        enabled = true;
        state.textContent = text.stateOn;
        secret = undefined;
        qr.replaceChildren();
        manualKey.textContent = '';
        recoveryCodes = answer.body.recoveryCodes;
        codes.replaceChildren(
          ...recoveryCodes.map((value) => {
            const item = document.createElement('li');
            item.textContent = value;
            return item;
          }),
        );
        download.href = URL.createObjectURL(new Blob([`${recoveryCodes.join('\n')}\n`], { type: 'text/plain' }));
        element('codes-note').textContent = '';
        saved.checked = false;
        setup.hidden = true;
        status.hidden = true;
        recovery.hidden = false;
        element('recovery-heading').focus();
      } else {
        refused(answer, answer.code === 'invalid_code' ? text.wrongCode : undefined);
      }
    });
  });

  element('copy-codes').addEventListener('click', () => copy(recoveryCodes.join('\n'), element('codes-note'), text));

  recovery.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!saved.checked) return say(status, text.savedMissing, 'error');
    forgetCodes();
    status.hidden = true;
    overview();
  });

  disable.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(disable, text.working, async () => {
      const code = disableCode.value.replace(/\s+/g, '');
      if (!disablePassword.value) return say(status, text.passwordMissing, 'error');
      if (!code) return say(status, text.codeMissing, 'error');
      const asked = session;
      const answer = await send('DELETE', 'v1/auth/totp', { password: disablePassword.value, code }, session).catch(() => UNREACHABLE);
      disablePassword.value = '';
      disableCode.value = '';
      if (session !== asked) return;
      if (answer.status === 204) {
        enabled = false;
        status.hidden = true;
        overview();
      } else if (answer.code === 'invalid_credentials') {
        refused(answer, text.wrongPassword);
      } else if (answer.code === 'invalid_code') {
        refused(answer, text.wrongCode);
      } else if (answer.code === 'two_factor_required') {
        refused(answer, text.requiredBySalon);
      } else {
        refused(answer);
      }
    });
  });
}
