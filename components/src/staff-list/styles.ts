import { css } from 'lit';

/**
 * The staff list's own layout. It is an inline-size container, so it lays
 * itself out for the room the host gives it (a phone, or a narrow column
 * of a wide page) rather than for the window: below 40rem the access-level
 * and tag columns fold into the name cell and nothing scrolls sideways.
 */
export const staffListStyles = css`
  :host {
    container-type: inline-size;
  }
  h2,
  h3 {
    margin: 0 0 12px;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.5rem;
  }
  h3 {
    font-size: 1.125rem;
  }
  section + section {
    margin-top: 32px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .news:empty,
  .problem:empty {
    display: none;
  }
  .news {
    color: var(--_ok);
    margin: 0 0 12px;
  }
  p.problem {
    margin: 0 0 12px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 4px;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    margin-bottom: 16px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  .filters .field {
    flex: 1 1 9rem;
  }
  label {
    font-weight: 600;
  }
  input,
  select {
    width: 100%;
    max-width: 100%;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    table-layout: auto;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 8px;
    border-bottom: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  thead th {
    background: var(--_subtle);
  }
  td.actions,
  th.actions {
    text-align: end;
    white-space: nowrap;
  }
  th .hint {
    font-weight: 400;
  }
  .badge {
    display: inline-block;
    white-space: nowrap;
    padding: 0 8px;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.875rem;
  }
  .badge.suspended {
    color: var(--_danger);
  }
  .badge.invited {
    color: var(--_accent);
  }
  .folded {
    display: none;
  }
  .more {
    margin-top: 12px;
  }
  form.invite {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    align-items: start;
  }
  form.invite .wide-field,
  form.invite .submit {
    grid-column: 1 / -1;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 24px;
  }
  .choices label {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 44px;
    font-weight: 400;
  }
  .choices input {
    width: 20px;
    min-height: 20px;
    margin: 0;
    accent-color: var(--_accent);
  }
  ul.pending {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.pending li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 0;
    border-bottom: 1px solid var(--_border);
  }
  .row-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  dialog {
    width: min(36rem, calc(100vw - 16px));
    max-height: calc(100vh - 16px);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 20px;
    background: var(--_surface);
    color: var(--_text);
  }
  dialog::backdrop {
    background: rgb(17 24 39 / 0.5);
  }
  dialog section + section {
    margin-top: 20px;
  }
  .pin-form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
  }
  .pin-form .field {
    flex: 1 1 10rem;
  }
  .branch-levels {
    display: grid;
    gap: 12px;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    align-items: start;
    margin-bottom: 12px;
  }
  .dialog-buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 20px;
  }
  @container (max-width: 40rem) {
    .wide {
      display: none;
    }
    .folded {
      display: block;
    }
    th,
    td {
      padding: 8px 4px;
    }
  }
`;
