import { css } from 'lit';

export const editorStyles = css`
  .layout {
    display: grid;
    gap: 16px;
  }
  @media (min-width: 760px) {
    .layout {
      grid-template-columns: minmax(180px, 240px) 1fr;
      align-items: start;
    }
  }
  h2,
  h3 {
    margin: 0 0 8px;
    font-size: 1.125rem;
  }
  .levels ul {
    list-style: none;
    margin: 0 0 8px;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  @media (min-width: 760px) {
    .levels ul {
      flex-direction: column;
    }
  }
  .levels li button {
    width: 100%;
    text-align: start;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    font-weight: 500;
  }
  .levels li button[aria-current='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
    font-weight: 700;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-bottom: 12px;
  }
  .field input,
  .field select {
    width: min(100%, 28rem);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
  }
  .row.template {
    margin-bottom: 12px;
  }
  .row.template .field {
    margin-bottom: 0;
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    min-height: 32px;
  }
  .check input {
    min-height: 0;
    width: 22px;
    height: 22px;
    margin: 2px 0 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .sections {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .section + .section {
    border-top: 1px solid var(--_border);
  }
  .section-head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 8px;
    background: var(--_subtle);
  }
  button.tri {
    display: flex;
    align-items: center;
    gap: 10px;
    flex: 1;
    padding: 6px 4px;
    background: transparent;
    color: var(--_text);
    text-align: start;
  }
  .box {
    display: inline-grid;
    place-items: center;
    width: 22px;
    height: 22px;
    flex: none;
    border: 2px solid var(--_border);
    border-radius: 4px;
    background: var(--_surface);
    color: var(--_on-accent);
    font-size: 0.875rem;
    line-height: 1;
  }
  button.tri[aria-checked='true'] .box,
  button.tri[aria-checked='mixed'] .box {
    background: var(--_accent);
    border-color: var(--_accent);
  }
  .count {
    color: var(--_muted);
    font-size: 0.875rem;
    white-space: nowrap;
  }
  button.disclose {
    min-width: 44px;
    padding: 4px 10px;
  }
  .permissions {
    list-style: none;
    margin: 0;
    padding: 8px 12px 8px 40px;
    display: grid;
    gap: 6px;
  }
  .grant-form {
    margin: 4px 0 8px 30px;
    padding: 8px 12px;
    border-inline-start: 3px solid var(--_accent);
    display: grid;
    gap: 8px;
  }
  .grant-form label,
  .grant-form legend {
    font-size: 0.875rem;
  }
  .grant-form select,
  .grant-form input[type='number'] {
    max-width: 100%;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
    padding: 8px 12px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 16px;
  }
  .message {
    margin: 12px 0;
    padding: 10px 12px;
    border-radius: var(--_radius);
    border: 1px solid currentColor;
  }
  .message.ok {
    color: var(--_ok);
  }
  .message.problem {
    color: var(--_danger);
  }
  .confirm {
    margin-top: 12px;
    padding: 12px;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
