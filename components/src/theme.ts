import { css } from 'lit';

/**
 * The look every component shares, as CSS custom properties a host sets on
 * the element or any ancestor (`staffgate-pin-pad { --sg-accent: #7c3aed }`).
 * The defaults meet WCAG 2.2 AA contrast on white (4.5:1 text, 3:1 borders
 * and focus); a host that changes them owns that check.
 */
export const theme = css`
  :host {
    --_font: var(--sg-font, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif);
    --_text: var(--sg-text, #111827);
    --_muted: var(--sg-muted, #4b5563);
    --_surface: var(--sg-surface, #ffffff);
    --_subtle: var(--sg-subtle, #f3f4f6);
    --_border: var(--sg-border, #6b7280);
    --_accent: var(--sg-accent, #1d4ed8);
    --_on-accent: var(--sg-on-accent, #ffffff);
    --_danger: var(--sg-danger, #b91c1c);
    --_ok: var(--sg-ok, #166534);
    --_radius: var(--sg-radius, 8px);
    display: block;
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    padding: 8px 16px;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_accent);
    border: 1px solid var(--_accent);
  }
  button.danger {
    background: var(--_danger);
  }
  button:disabled {
    background: var(--_muted);
    color: var(--_on-accent);
    cursor: not-allowed;
  }
  input,
  select {
    font: inherit;
    min-height: 44px;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .problem {
    color: var(--_danger);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875rem;
  }
`;
