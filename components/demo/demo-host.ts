/**
 * Local mode's demo host app (/_local/demo/): what a salon system does to
 * embed StaffGate — take a hosted sign-in's hand-off (or sign in itself),
 * keep the session, register this browser as a terminal, and place the
 * components with a typed client. Served beside staffgate-components.js.
 */
import { createStaffGateClient, StaffGateProblem, type StaffGateClient } from '@staffgate/client';
import type { StaffGatePinPad } from '../src/pin-pad.js';

interface HostSession {
  token: string;
  tenantId: string;
}

interface StoredTerminal {
  id: string;
  name: string;
  tenantId: string;
  token: string;
}

/** Per tab: closing the tab signs the host out, as a back-office app would. */
const SESSION_KEY = 'staffgate-demo.session';
/** Per browser: the device token is what makes this browser a terminal, so it outlives a tab. */
const TERMINAL_KEY = 'staffgate-demo.terminal';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function readJson<T>(storage: Storage, key: string): T | undefined {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

const STATE_KEY = 'staffgate-demo-sign-in-state';

/**
 * Starts the hosted sign-in with a fresh random `state`, kept in this tab: the
 * hand-off must bring it back, or any other site could sign this page into its
 * own account by sending the browser here with its own session (login CSRF).
 */
function startHostedSignIn(event: Event) {
  event.preventDefault();
  const state = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  sessionStorage.setItem(STATE_KEY, state);
  location.assign(`/account/sign-in?state=${state}`);
}

/**
 * `#session=<token>&tenant=<tenantId>&state=<state>` from the hosted sign-in,
 * taken out of the address (and the history) at once, and taken only when its
 * `state` is the one this tab started the sign-in with (used once).
 */
function takeHandOff(): { session: HostSession | undefined; refused: boolean } {
  if (!location.hash) return { session: undefined, refused: false };
  const fragment = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname + location.search);
  const token = fragment.get('session');
  const tenantId = fragment.get('tenant');
  const expected = sessionStorage.getItem(STATE_KEY);
  if (!token) return { session: undefined, refused: false };
  sessionStorage.removeItem(STATE_KEY);
  if (!expected || fragment.get('state') !== expected || !tenantId) return { session: undefined, refused: true };
  return { session: { token, tenantId }, refused: false };
}

const handOff = takeHandOff();
let session = handOff.session ?? readJson<HostSession>(sessionStorage, SESSION_KEY);
if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));

const api = createStaffGateClient({ baseUrl: location.origin });
/** The host's client for the components: the signed-in session's token and salon. */
let hostClient: StaffGateClient | undefined;

function say(id: string, text: string, tone: 'ok' | 'error' | '' = '') {
  const status = $(id);
  status.textContent = text;
  status.dataset.tone = tone;
}

function problemText(error: unknown): string {
  return error instanceof StaffGateProblem ? `${error.title}: ${error.detail}` : 'StaffGate cannot be reached.';
}

async function signIn(event: SubmitEvent) {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const fields = new FormData(form);
  const totp = String(fields.get('totp') ?? '').trim();
  try {
    const { data } = await api.POST('/v1/auth/login', {
      body: { login: String(fields.get('login') ?? ''), password: String(fields.get('password') ?? ''), ...(totp ? { totp } : {}) },
    });
    const membership = data.memberships[0];
    if (!membership) {
      say('sign-in-status', 'This account belongs to no salon.', 'error');
      return;
    }
    form.reset();
    session = { token: data.token, tenantId: membership.tenantId };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    render();
  } catch (error) {
    say('sign-in-status', error instanceof StaffGateProblem && error.code === 'totp_required' ? 'Enter the code from your authenticator app too.' : problemText(error), 'error');
  }
}

async function signOut() {
  const ending = session;
  session = undefined;
  sessionStorage.removeItem(SESSION_KEY);
  render();
  if (ending) await api.POST('/v1/auth/logout', { headers: { Authorization: `Bearer ${ending.token}` } }).catch(() => undefined);
}

async function registerTerminal(event: SubmitEvent) {
  event.preventDefault();
  if (!session || !hostClient) return;
  const { tenantId } = session;
  const name = String(new FormData(event.target as HTMLFormElement).get('terminal-name') ?? '').trim() || 'Front desk';
  try {
    const { data: branches } = await hostClient.GET('/v1/tenants/{tenantId}/branches', { params: { path: { tenantId } } });
    const branchId =
      branches.items[0]?.id ??
      (await hostClient.POST('/v1/tenants/{tenantId}/branches', { params: { path: { tenantId } }, body: { name: 'Main branch' } })).data.id;
    const { data } = await hostClient.POST('/v1/tenants/{tenantId}/terminals', { params: { path: { tenantId } }, body: { name, branchId } });
    const terminal: StoredTerminal = { id: data.id, name: data.name, tenantId, token: data.token };
    localStorage.setItem(TERMINAL_KEY, JSON.stringify(terminal));
    say('terminal-status', `Registered as “${data.name}”.`, 'ok');
    render();
  } catch (error) {
    say('terminal-status', problemText(error), 'error');
  }
}

async function forgetTerminal() {
  const terminal = readJson<StoredTerminal>(localStorage, TERMINAL_KEY);
  localStorage.removeItem(TERMINAL_KEY);
  if (terminal && session?.tenantId === terminal.tenantId && hostClient) {
    // Revoked too when the owner is signed in, so the forgotten token opens nothing.
    await hostClient
      .DELETE('/v1/tenants/{tenantId}/terminals/{terminalId}', { params: { path: { tenantId: terminal.tenantId, terminalId: terminal.id } } })
      .catch(() => undefined);
  }
  say('terminal-status', 'This browser is no longer a terminal.', 'ok');
  render();
}

function placeComponents() {
  for (const tag of ['staffgate-access-level-editor', 'staffgate-staff-list']) {
    const element = document.querySelector(tag) as (HTMLElement & { client?: StaffGateClient; tenantId?: string }) | null;
    if (!element) continue;
    element.client = hostClient;
    element.tenantId = session?.tenantId;
  }
}

function render() {
  const signedIn = session !== undefined;
  hostClient = session ? createStaffGateClient({ baseUrl: location.origin, token: session.token, tenantId: session.tenantId }) : undefined;
  $('signed-out').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  $('salon').textContent = session?.tenantId ?? '';
  $('owner-sections').hidden = !signedIn;

  const terminal = readJson<StoredTerminal>(localStorage, TERMINAL_KEY);
  $('terminal-registered').hidden = !terminal;
  $('register-terminal').hidden = Boolean(terminal) || !signedIn;
  $('register-needs-sign-in').hidden = Boolean(terminal) || signedIn;
  $('terminal-name').textContent = terminal?.name ?? '';
  const pad = document.querySelector('staffgate-pin-pad') as StaffGatePinPad;
  pad.hidden = !terminal;
  pad.apiUrl = location.origin;
  pad.terminalToken = terminal?.token ?? '';
  $('approval-demo').hidden = true;
  placeComponents();
}

async function askApproval() {
  const pad = document.querySelector('staffgate-pin-pad') as StaffGatePinPad;
  say('approval-status', '');
  const approval = await pad.requestApproval({ permission: 'appointments.delete' });
  // The token itself stays with the host: it allows the one action once.
  say('approval-status', approval ? `Approved by ${approval.approver.displayName}; the host may now delete the appointment once.` : 'No approval.', approval ? 'ok' : '');
}

function watchPad() {
  const pad = document.querySelector('staffgate-pin-pad') as StaffGatePinPad;
  pad.addEventListener('staffgate-unlock', (event) => {
    say('pad-log', `${event.detail.staff.displayName} unlocked the terminal.`, 'ok');
    $('approval-demo').hidden = false;
  });
  pad.addEventListener('staffgate-lock', (event) => {
    say('pad-log', `${event.detail.staff.displayName}'s session ended (${event.detail.reason}).`);
    $('approval-demo').hidden = true;
  });
}

$('sign-in-form').addEventListener('submit', (event) => void signIn(event as SubmitEvent));
for (const link of document.querySelectorAll('a[data-hosted-sign-in]')) link.addEventListener('click', startHostedSignIn);
if (handOff.refused) say('hand-off-status', 'A sign-in this page did not start was refused (its state did not match): nothing changed.', 'error');
$('sign-out').addEventListener('click', () => void signOut());
$('register-terminal').addEventListener('submit', (event) => void registerTerminal(event as SubmitEvent));
$('forget-terminal').addEventListener('click', () => void forgetTerminal());
$('ask-approval').addEventListener('click', () => void askApproval());
watchPad();
render();
