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
[hidden]{display:none!important}
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
h2{font-size:1.125rem;line-height:1.3;margin:16px 0 4px}
a{color:#1d4ed8}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-bottom:8px}
.choices{display:flex;flex-direction:column;gap:4px}
label.check{display:flex;align-items:center;gap:12px;min-height:44px;font-weight:400}
label.check input{width:24px;height:24px;min-height:0;margin:0;flex:none}
button.secondary,a.button{display:inline-flex;align-items:center;justify-content:center;font-weight:600;min-height:44px;margin-top:8px;padding:8px 16px;border:2px solid #1d4ed8;border-radius:8px;background:#fff;color:#1d4ed8;text-decoration:none}
.qr svg{display:block;width:min(100%,240px);height:auto;margin:8px auto}
.key-line{margin:8px 0 0}
.key,.codes{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1rem;letter-spacing:.05em;overflow-wrap:anywhere}
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:4px 16px;margin:0 0 8px;padding:12px;list-style:none;border:1px solid #d1d5db;border-radius:8px;background:#f9fafb}
.state{font-weight:600;padding:12px;border-radius:8px;background:#f3f4f6}
.field{display:flex;flex-direction:column;gap:8px}
.problem[data-tone="info"]{color:#374151}
`;
