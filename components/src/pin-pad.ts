import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { createStaffGateClient, StaffGateProblem, type Schemas, type StaffGateClient } from '@staffgate/client';
import { languageOf } from './element-language.js';
import { PIN_PAD_WORDS, PIN_PAD_WORDS_BY_LANGUAGE, type PinPadWords } from './pin-pad-words.js';
import { theme } from './theme.js';

export { PIN_PAD_WORDS, PIN_PAD_WORDS_BY_LANGUAGE, type PinPadWords };

export type PinPadSession = Schemas['TerminalSession'];
export type PinPadApproval = Schemas['Approval'];
export interface ApprovalRequest {
  permission: string;
  resource?: { employeeId?: string; branchId?: string; date?: string; amount?: number };
}

/** Why the pad locked, in `staffgate-lock`'s detail. */
export type LockReason = 'padlock' | 'idle' | 'expired' | 'host';

interface PendingApproval {
  request: ApprovalRequest;
  resolve: (approval: PinPadApproval | null) => void;
}

/** A PIN is 4 to 6 digits (the API's rule); the salon's own length is its policy. */
const MAX_DIGITS = 6;
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Minutes and seconds, as a person reads a countdown: 4:05. */
function clockTime(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Fisher–Yates with the browser's CSPRNG: a layout an onlooker cannot predict. */
function shuffledDigits(): string[] {
  const digits = [...DIGITS];
  const random = new Uint32Array(digits.length);
  crypto.getRandomValues(random);
  for (let i = digits.length - 1; i > 0; i -= 1) {
    const j = (random[i] ?? 0) % (i + 1);
    [digits[i], digits[j]] = [digits[j] as string, digits[i] as string];
  }
  return digits;
}

/**
 * `<staffgate-pin-pad>`: the front desk's PIN pad. A staff member unlocks the
 * terminal with their PIN (`POST /v1/terminal/unlock` with the terminal's
 * device token); the pad shows who is signed in, locks on the padlock or
 * after `idleTimeoutSeconds` without activity, and asks for another person's
 * PIN when the host calls `requestApproval`. The typed PIN lives only in this
 * element's private state: never in an attribute, an event or a log.
 *
 * Times come from `Date.now()` and `setTimeout`, so a test's fake clock
 * drives the countdowns.
 */
export class StaffGatePinPad extends LitElement {
  static override properties = {
    apiUrl: { type: String, attribute: 'api-url' },
    client: { attribute: false },
    terminalToken: { attribute: false },
    shuffled: { type: Boolean, reflect: true },
    pinLength: { type: Number, attribute: 'pin-length' },
    warningSeconds: { type: Number, attribute: 'warning-seconds' },
    words: { attribute: false },
    entered: { state: true },
    session: { state: true },
    now: { state: true },
    idleDeadline: { state: true },
    blockedUntil: { state: true },
    blockedWords: { state: true },
    message: { state: true },
    busy: { state: true },
    layout: { state: true },
    approval: { state: true },
  };

  /** The API's URL, when the host gives no `client`. */
  apiUrl = '';
  /** The host's typed client; the pad sends its own Authorization header on each call. */
  client: StaffGateClient | undefined = undefined;
  /** The terminal's device token (from registration or pairing). A property only: it never shows in the DOM. */
  terminalToken = '';
  shuffled = false;
  /** The salon's PIN length, when known: the pad then sends the PIN as soon as it is complete. */
  pinLength: number | undefined = undefined;
  /** How long before the auto-logout the pad warns. */
  warningSeconds = 30;
  /** Words replacing the built-in ones of the page's language (`lang` of the pad or its ancestors, else the browser's). */
  words: Partial<PinPadWords> = {};

  private entered = '';
  private session: PinPadSession | undefined = undefined;
  private now = Date.now();
  private idleDeadline = 0;
  private blockedUntil = 0;
  private blockedWords: 'lockedOut' | 'tooManyAttempts' = 'lockedOut';
  private message: { text: string; tone: 'error' | 'ok' } | undefined = undefined;
  private busy = false;
  private layout: string[] = DIGITS;
  private approval: PendingApproval | undefined = undefined;
  private tick: ReturnType<typeof setTimeout> | undefined;
  private lastPing = 0;
  private ownClient: { url: string; client: StaffGateClient } | undefined;

  static override styles = [
    theme,
    css`
      :host {
        max-width: 360px;
      }
      .pad {
        display: grid;
        gap: 12px;
      }
      h2 {
        font-size: 1.25rem;
        margin: 0;
        text-align: center;
      }
      .dots {
        display: flex;
        justify-content: center;
        gap: 12px;
        min-height: 24px;
        padding: 8px;
        border-radius: var(--_radius);
      }
      .dots:focus-visible {
        outline-offset: 0;
      }
      .dot {
        width: 16px;
        height: 16px;
        border-radius: 50%;
        border: 2px solid var(--_border);
      }
      .dot.filled {
        background: var(--_text);
        border-color: var(--_text);
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, minmax(64px, 1fr));
        gap: 12px;
      }
      .keys button {
        min-height: 72px;
        min-width: 64px;
        /* The key is the target: its label may use nearly all of it, as other languages' words for Unlock and Approve do. */
        padding: 8px 4px;
        font-size: 1.75rem;
        background: var(--_subtle);
        color: var(--_text);
        border: 1px solid var(--_border);
      }
      .keys button.ok {
        background: var(--_accent);
        color: var(--_on-accent);
        font-size: 1.125rem;
      }
      .keys button:disabled {
        background: var(--_subtle);
        color: var(--_muted);
      }
      .keys button.ok:disabled {
        background: var(--_muted);
        color: var(--_on-accent);
      }
      .message {
        min-height: 1.5em;
        margin: 0;
        text-align: center;
      }
      .message[data-tone='ok'] {
        color: var(--_ok);
      }
      .signed-in {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        flex-wrap: wrap;
      }
      .who {
        font-size: 1.125rem;
        font-weight: 600;
        margin: 0;
      }
      .padlock {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        min-height: 64px;
        min-width: 64px;
      }
      .padlock svg {
        width: 24px;
        height: 24px;
      }
      .warning {
        border: 2px solid var(--_danger);
        border-radius: var(--_radius);
        padding: 12px;
        display: grid;
        gap: 8px;
      }
      .warning p {
        margin: 0;
        color: var(--_danger);
        font-weight: 600;
      }
      .approval {
        border-top: 1px solid var(--_border);
        padding-top: 12px;
      }
    `,
  ];

  private text<K extends keyof PinPadWords>(key: K): PinPadWords[K] {
    return (this.words[key] ?? PIN_PAD_WORDS_BY_LANGUAGE[languageOf(this)][key]) as PinPadWords[K];
  }

  /** Who is signed in now, if anyone. */
  get signedIn(): PinPadSession['staff'] | undefined {
    return this.session?.staff;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
    document.addEventListener('pointerdown', this.onActivity, true);
    document.addEventListener('keydown', this.onActivity, true);
    this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
    document.removeEventListener('pointerdown', this.onActivity, true);
    document.removeEventListener('keydown', this.onActivity, true);
    clearTimeout(this.tick);
    this.tick = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('shuffled')) this.layout = this.shuffled ? shuffledDigits() : DIGITS;
  }

  /** Activity at the desk: the auto-logout starts again (and the server's idle expiry slides with it). */
  touch(): void {
    if (!this.session) return;
    this.now = Date.now();
    this.idleDeadline = this.now + this.session.idleTimeoutSeconds * 1000;
    // The server's idle expiry slides on any use of the session; a quiet host makes none, so the pad does.
    const pingEvery = Math.max(5_000, (this.session.idleTimeoutSeconds * 1000) / 4);
    if (this.now - this.lastPing >= pingEvery) {
      this.lastPing = this.now;
      void this.ping(this.session.token);
    }
  }

  /** Ends the staff session now (`POST /v1/terminal/lock`), as the padlock does. */
  async lock(reason: LockReason = 'host'): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.endLocally();
    this.message = undefined;
    this.emit('staffgate-lock', { reason, staff: session.staff });
    try {
      await this.api().POST('/v1/terminal/lock', { headers: { Authorization: `Bearer ${session.token}` } });
    } catch {
      // The session is forgotten here either way, and ends on the server at its idle expiry at the latest.
    }
  }

  /**
   * Asks for another person's PIN to approve one action (`POST
   * /v1/terminal/approve`) while someone is signed in. Resolves with the
   * approval (its `approvalToken` allows the action once) or null when
   * cancelled or the pad locks.
   */
  requestApproval(request: ApprovalRequest): Promise<PinPadApproval | null> {
    if (!this.session) return Promise.reject(new Error('Nobody is signed in: unlock before asking for an approval.'));
    this.approval?.resolve(null);
    this.entered = '';
    this.message = undefined;
    if (this.shuffled) this.layout = shuffledDigits();
    return new Promise((resolve) => {
      this.approval = { request, resolve };
      void this.updateComplete.then(() => this.focusDots());
    });
  }

  /** Puts the keyboard on the PIN entry, so digits can be typed at once. */
  override focus(): void {
    this.focusDots();
  }

  private focusDots() {
    (this.renderRoot.querySelector('.dots') as HTMLElement | null)?.focus();
  }

  private api(): StaffGateClient {
    if (this.client) return this.client;
    if (this.ownClient?.url !== this.apiUrl) this.ownClient = { url: this.apiUrl, client: createStaffGateClient({ baseUrl: this.apiUrl }) };
    return this.ownClient.client;
  }

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private readonly onActivity = () => {
    if (this.session) this.touch();
  };

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const onButton = event.composedPath()[0] instanceof HTMLButtonElement;
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      this.press(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      this.backspace();
    } else if (event.key === 'Enter' && !onButton) {
      // On a focused key, Enter presses that key instead.
      event.preventDefault();
      void this.submit();
    } else if (event.key === 'Escape' && this.approval) {
      this.cancelApproval();
    }
  };

  private get entering(): boolean {
    return !this.session || this.approval !== undefined;
  }

  private get blocked(): boolean {
    return this.blockedUntil > this.now;
  }

  private press(digit: string) {
    if (!this.entering || this.busy || this.blocked || this.entered.length >= MAX_DIGITS) return;
    this.entered += digit;
    this.message = undefined;
    if (this.pinLength !== undefined && this.entered.length === this.pinLength) void this.submit();
  }

  private backspace() {
    if (!this.entering || this.busy) return;
    this.entered = this.entered.slice(0, -1);
  }

  private async submit() {
    if (!this.entering || this.busy || this.blocked || this.entered.length < 4) return;
    const pin = this.entered;
    this.entered = '';
    this.busy = true;
    try {
      if (this.approval) await this.approve(pin, this.approval);
      else await this.unlock(pin);
    } finally {
      this.busy = false;
      if (this.shuffled) this.layout = shuffledDigits();
      await this.updateComplete;
      if (this.entering) this.focusDots();
    }
  }

  private async unlock(pin: string) {
    try {
      const { data } = await this.api().POST('/v1/terminal/unlock', {
        body: { pin },
        headers: { Authorization: `Bearer ${this.terminalToken}` },
      });
      this.session = data;
      this.message = undefined;
      this.lastPing = Date.now();
      this.touch();
      this.schedule();
      this.emit('staffgate-unlock', {
        token: data.token,
        expiresAt: data.expiresAt,
        idleTimeoutSeconds: data.idleTimeoutSeconds,
        staff: data.staff,
        permissions: data.permissions,
        ...(data.pinRenewalDue ? { pinRenewalDue: true } : {}),
      });
    } catch (error) {
      this.showProblem(error);
    }
  }

  private async approve(pin: string, pending: PendingApproval) {
    const session = this.session;
    if (!session) return;
    try {
      const { data } = await this.api().POST('/v1/terminal/approve', {
        body: { pin, ...pending.request },
        headers: { Authorization: `Bearer ${session.token}` },
      });
      if (this.approval !== pending) return;
      this.approval = undefined;
      this.message = { text: this.text('approvedBy')(data.approver.displayName), tone: 'ok' };
      this.emit('staffgate-approval', { ...data, permission: pending.request.permission });
      pending.resolve(data);
    } catch (error) {
      if (error instanceof StaffGateProblem && error.status === 401 && error.code !== 'invalid_pin') {
        // The session itself has ended (revoked, suspended, expired): nothing left to approve for.
        await this.lock('expired');
        return;
      }
      this.showProblem(error);
    }
  }

  private cancelApproval() {
    const pending = this.approval;
    this.approval = undefined;
    this.entered = '';
    this.message = undefined;
    pending?.resolve(null);
  }

  private showProblem(error: unknown) {
    if (!(error instanceof StaffGateProblem)) {
      this.message = { text: this.text('unreachable'), tone: 'error' };
      return;
    }
    if ((error.status === 423 || error.status === 429) && error.retryAfter !== undefined) {
      this.now = Date.now();
      this.blockedUntil = this.now + error.retryAfter * 1000;
      this.blockedWords = error.status === 423 ? 'lockedOut' : 'tooManyAttempts';
      this.message = undefined;
      this.schedule();
      return;
    }
    const text =
      error.code === 'invalid_pin'
        ? this.text('wrongPin')
        : error.code === 'not_permitted'
          ? this.text('notPermitted')
          : error.code === 'pins_disabled'
            ? this.text('pinsDisabled')
            : error.status === 401
              ? this.text('notRegistered')
              : this.text('failed');
    this.message = { text, tone: 'error' };
  }

  /** Ends the session in this element only (no call): the pad shows the keys again. */
  private endLocally() {
    this.session = undefined;
    this.idleDeadline = 0;
    this.entered = '';
    const pending = this.approval;
    this.approval = undefined;
    pending?.resolve(null);
    if (this.shuffled) this.layout = shuffledDigits();
  }

  private async ping(token: string) {
    try {
      await this.api().GET('/v1/session', { headers: { Authorization: `Bearer ${token}` } });
    } catch (error) {
      if (error instanceof StaffGateProblem && error.status === 401 && this.session?.token === token) {
        // Ended elsewhere (revoked, another unlock at this terminal): show the keys again.
        const staff = this.session.staff;
        this.endLocally();
        this.emit('staffgate-lock', { reason: 'expired', staff });
      }
    }
  }

  /** One timer for both countdowns, each second while one runs: with a fake clock, the pad moves exactly as far as the test says. */
  private schedule() {
    clearTimeout(this.tick);
    this.tick = undefined;
    if (!this.isConnected || (!this.session && !this.blocked)) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      this.now = Date.now();
      const session = this.session;
      if (session && (this.now >= this.idleDeadline || this.now >= Date.parse(session.expiresAt))) {
        void this.lock(this.now >= this.idleDeadline ? 'idle' : 'expired');
        return;
      }
      this.schedule();
    }, 1000);
  }

  protected override render() {
    return html`<div class="pad">
      ${this.session ? this.renderSignedIn(this.session) : nothing}
      ${this.entering ? this.renderEntry() : nothing}
      <p class="message ${this.message?.tone === 'error' ? 'problem' : ''}" data-tone=${this.message?.tone ?? ''} role="status" aria-live="polite">
        ${this.blocked ? this.text(this.blockedWords)(clockTime(this.blockedUntil - this.now)) : (this.message?.text ?? '')}
      </p>
    </div>`;
  }

  private renderSignedIn(session: PinPadSession) {
    const remaining = this.idleDeadline - this.now;
    const warn = remaining <= this.warningSeconds * 1000;
    return html`<div class="signed-in">
        <p class="who">${this.text('signedInAs')(session.staff.displayName)}</p>
        <button class="padlock secondary" @click=${() => void this.lock('padlock')}>
          <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
            <rect x="5" y="11" width="14" height="10" rx="2"></rect>
            <path d="M8 11V7a4 4 0 0 1 8 0v4"></path>
          </svg>
          ${this.text('lock')}
        </button>
      </div>
      ${warn
        ? html`<div class="warning" role="alert">
            <p>${this.text('idleWarning')(clockTime(remaining))}</p>
            <button @click=${() => this.touch()}>${this.text('stay')}</button>
          </div>`
        : html`<p class="hint countdown">${this.text('locksIn')(clockTime(remaining))}</p>`}`;
  }

  private renderEntry() {
    const disabled = this.busy || this.blocked;
    const approval = this.approval;
    const key = (digit: string) => html`<button type="button" class="digit" ?disabled=${disabled} @click=${() => this.press(digit)}>${digit}</button>`;
    return html`<div class=${approval ? 'approval' : ''}>
        <h2 id="title">${approval ? this.text('approvalTitle') : this.text('title')}</h2>
        ${approval ? html`<p class="hint">${this.text('approvalFor')(approval.request.permission)}</p>` : nothing}
      </div>
      <div class="dots" tabindex="0" role="img" aria-labelledby="title count">
        ${Array.from({ length: Math.max(this.pinLength ?? 4, this.entered.length, 4) }, (_, index) =>
          html`<span class="dot ${index < this.entered.length ? 'filled' : ''}"></span>`,
        )}
        <span id="count" hidden>${this.text('digitsEntered')(this.entered.length)}</span>
      </div>
      <div class="keys" role="group" aria-labelledby="title">
        ${this.layout.slice(0, 9).map(key)}
        <button type="button" class="secondary" aria-label=${this.text('deleteDigit')} ?disabled=${this.busy} @click=${() => this.backspace()}>⌫</button>
        ${key(this.layout[9] ?? '0')}
        <button type="button" class="ok" ?disabled=${disabled || this.entered.length < 4} @click=${() => void this.submit()}>
          ${approval ? this.text('approve') : this.text('unlock')}
        </button>
      </div>
      ${approval ? html`<button type="button" class="secondary" @click=${() => this.cancelApproval()}>${this.text('cancel')}</button>` : nothing}`;
  }
}

if (!customElements.get('staffgate-pin-pad')) customElements.define('staffgate-pin-pad', StaffGatePinPad);

declare global {
  interface HTMLElementTagNameMap {
    'staffgate-pin-pad': StaffGatePinPad;
  }
  interface HTMLElementEventMap {
    'staffgate-unlock': CustomEvent<{ token: string; expiresAt: string; idleTimeoutSeconds: number; staff: PinPadSession['staff']; permissions: PinPadSession['permissions']; pinRenewalDue?: true }>;
    'staffgate-lock': CustomEvent<{ reason: LockReason; staff: PinPadSession['staff'] }>;
    'staffgate-approval': CustomEvent<PinPadApproval & { permission: string }>;
  }
}
