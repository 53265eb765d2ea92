import { browserModule } from '../components/scripts/bundle.js';

/**
 * Local mode's demo host app at /_local/demo/: a stand-in for the salon
 * software, embedding the components against the demo salon. Its own
 * script and styles are separate files, so the page's CSP allows no inline
 * code at all; everything it loads or calls is on this origin.
 */
export const DEMO_HOST_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export const DEMO_HOST_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>StaffGate demo host app</title>
<link rel="stylesheet" href="/_local/demo/demo-host.css">
<script type="module" src="/_local/demo/staffgate-components.js"></script>
<script type="module" src="/_local/demo/demo-host.js"></script>
</head>
<body>
<header>
  <h1>StaffGate demo host app</h1>
  <p>This page stands in for your salon software: it embeds StaffGate's components against the demo salon (local mode only).</p>
  <nav aria-label="StaffGate pages">
    <ul>
      <li><a href="/account/sign-in" data-hosted-sign-in>Hosted sign-in</a></li>
      <li><a href="/account/two-factor">Two-factor authentication</a></li>
      <li><a href="/account/reset">Reset a password</a></li>
      <li><a href="/_local/outbox">Outbox (emails and SMS sent)</a></li>
    </ul>
  </nav>
  <p id="hand-off-status" role="status" aria-live="polite"></p>
</header>
<main>
  <section aria-labelledby="owner-heading">
    <h2 id="owner-heading">Back office</h2>
    <div id="signed-out">
      <p>Sign in as the salon's owner here, or use the <a href="/account/sign-in" data-hosted-sign-in>hosted sign-in</a>, which hands you back to this page.</p>
      <form id="sign-in-form" novalidate>
        <label for="login">Email or phone</label>
        <input id="login" name="login" type="text" autocomplete="username" required>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <label for="totp">Authenticator code (if two-factor is on)</label>
        <input id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code">
        <button type="submit">Sign in</button>
      </form>
      <p id="sign-in-status" role="status" aria-live="polite"></p>
    </div>
    <div id="signed-in" hidden>
      <p>Signed in to salon <code id="salon"></code>.</p>
      <button id="sign-out" type="button" class="secondary">Sign out</button>
    </div>
  </section>

  <section aria-labelledby="terminal-heading">
    <h2 id="terminal-heading">Front-desk terminal</h2>
    <p id="register-needs-sign-in">Sign in as the owner to register this browser as a terminal.</p>
    <form id="register-terminal" hidden novalidate>
      <label for="terminal-name-input">Terminal name</label>
      <input id="terminal-name-input" name="terminal-name" type="text" value="Front desk" maxlength="60">
      <button type="submit">Register this browser as a terminal</button>
    </form>
    <div id="terminal-registered" hidden>
      <p>This browser is the terminal “<span id="terminal-name"></span>”. Its device token is kept in this browser's local storage.</p>
      <button id="forget-terminal" type="button" class="secondary">Forget this terminal</button>
    </div>
    <p id="terminal-status" role="status" aria-live="polite"></p>
    <staffgate-pin-pad hidden></staffgate-pin-pad>
    <p id="pad-log" role="status" aria-live="polite"></p>
    <div id="approval-demo" hidden>
      <button id="ask-approval" type="button" class="secondary">Delete an appointment (needs approval)</button>
      <p id="approval-status" role="status" aria-live="polite"></p>
    </div>
  </section>

  <div id="owner-sections" hidden>
    <!-- The components bring their own headings. -->
    <section aria-label="Staff">
      <staffgate-staff-list></staffgate-staff-list>
    </section>
    <section aria-label="Access levels">
      <staffgate-access-level-editor></staffgate-access-level-editor>
    </section>
  </div>
</main>
</body>
</html>
`;

export const DEMO_HOST_CSS = `
:root { color: #111827; background: #f3f4f6; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 960px; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 8px; }
h2 { font-size: 1.25rem; margin: 0 0 12px; }
nav ul { display: flex; flex-wrap: wrap; gap: 8px 16px; list-style: none; padding: 0; }
a { color: #1d4ed8; }
section { background: #fff; border-radius: 8px; padding: 16px; margin: 0 0 16px; }
form { display: grid; gap: 8px; max-width: 360px; }
input { font: inherit; min-height: 44px; padding: 8px 12px; border: 1px solid #6b7280; border-radius: 8px; }
button { font: inherit; font-weight: 600; min-height: 44px; padding: 8px 16px; border: 0; border-radius: 8px; background: #1d4ed8; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #1d4ed8; border: 1px solid #1d4ed8; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
[data-tone='error'] { color: #b91c1c; }
[data-tone='ok'] { color: #166534; }
staffgate-pin-pad { margin: 16px 0; }
[hidden] { display: none !important; }
`;

/** The page's script (components/demo/demo-host.ts), built once per process like the components' bundle. */
let script: Promise<string> | undefined;

export function demoHostScript(): Promise<string> {
  script ??= browserModule(new URL('../components/demo/demo-host.ts', import.meta.url));
  return script;
}
