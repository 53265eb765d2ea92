/**
 * The account pages' one stylesheet (served as /account/assets/account.css:
 * the CSP allows no inline style). Text and controls meet WCAG 2.2 AA
 * contrast (4.5:1 text, 3:1 borders and focus), targets are at least 44 px,
 * and the focus ring is always visible.
 */
export const ACCOUNT_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:100%;line-height:1.5;color:#111827;background:#f3f4f6}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;padding:24px 16px}
main{width:100%;max-width:28rem;background:#fff;border:1px solid #d1d5db;border-radius:12px;padding:24px}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 16px}
p{margin:0 0 16px}
form{display:flex;flex-direction:column;gap:8px}
form[hidden],[hidden]{display:none}
label{font-weight:600}
input{font:inherit;min-height:44px;padding:8px 12px;border:1px solid #6b7280;border-radius:8px;width:100%}
input[aria-invalid="true"]{border-color:#b91c1c}
.hint{font-size:.875rem;color:#4b5563;margin:0}
.problem{font-size:.875rem;color:#b91c1c;margin:0;min-height:1.25rem}
.problem[data-tone="ok"]{color:#166534}
button{font:inherit;font-weight:600;min-height:44px;margin-top:8px;padding:8px 16px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
button:disabled{background:#4b5563;cursor:progress}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
#status{margin:0 0 16px;padding:12px;border-radius:8px;background:#eff6ff;color:#1e3a8a}
#status[data-tone="error"]{background:#fef2f2;color:#991b1b}
`;
