import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { StaffGateStaffList } from '../staff-list.js';
import { type Channel, displayName, type Staff } from './data.js';

/** The channels a member can be reached by: a PIN or an invitation goes only where they have an address. */
function channels(staff: Staff): Channel[] {
  return [...(staff.email ? (['email'] as const) : []), ...(staff.phone ? (['sms'] as const) : [])];
}

function renderPin(host: StaffGateStaffList, staff: Staff): TemplateResult {
  const w = host.w;
  const problem = host.fieldErrors.pin;
  const length = host.choices.pinLength;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void host.submitPin(event.currentTarget as HTMLFormElement);
  };
  return html`
    <section aria-labelledby="manage-pin-heading">
      <h3 id="manage-pin-heading">${w.pinHeading}: ${host.pinWordsOf(staff)}</h3>
      <form class="pin-form" novalidate @submit=${submit}>
        <div class="field">
          <label for="manage-pin">${w.newPin(length)}</label>
          <!-- Masked, never autofilled or remembered; the element reads it once and empties it. -->
          <input
            id="manage-pin"
            name="pin"
            type="password"
            inputmode="numeric"
            autocomplete="off"
            maxlength=${length}
            aria-invalid=${problem ? 'true' : 'false'}
            aria-describedby=${problem ? 'manage-pin-hint manage-pin-problem' : 'manage-pin-hint'}
          />
        </div>
        <button type="submit">${w.savePin}</button>
      </form>
      <p class="hint" id="manage-pin-hint">${w.pinHint}</p>
      ${problem ? html`<p class="problem" id="manage-pin-problem">${problem}</p>` : nothing}
      <div class="row-buttons">
        ${channels(staff).map(
          (channel) => html`<button class="secondary" type="button" @click=${() => host.sendPin(staff, channel)}>${w.generatePin(channel)}</button>`,
        )}
        ${staff.hasPin
          ? html`<button class="secondary" type="button" @click=${(event: Event) => host.removePin(staff, event.currentTarget as Element)}>${w.removePin}</button>`
          : nothing}
      </div>
    </section>
  `;
}

/**
 * A select per branch the member works in (every branch when they are not
 * limited to some): their main level there, or another of the salon's
 * levels. Needs the levels (`access.view`); without them the section is left out.
 */
function renderBranchLevels(host: StaffGateStaffList, staff: Staff): TemplateResult | typeof nothing {
  const w = host.w;
  const branches = host.choices.branches.filter((branch) => !staff.branchIds.length || staff.branchIds.includes(branch.id));
  if (!branches.length || !host.choices.levels.length) return nothing;
  const levels = host.choices.levels.filter((level) => level.id !== staff.accessLevelId);
  const chosen = new Map(staff.branchLevels.map((entry) => [entry.branchId, entry.accessLevelId]));
  const main = w.sameAsMainLevel(host.levelName(staff.accessLevelId));
  const problem = host.fieldErrors.branchLevels;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void host.submitBranchLevels(event.currentTarget as HTMLFormElement);
  };
  const field = (branch: { id: string; name: string }, index: number) => {
    const id = `manage-branch-level-${index}`;
    const current = chosen.get(branch.id) ?? '';
    // A level the list does not offer (not readable here) stays selectable, so saving keeps it.
    const offered = current && !levels.some((level) => level.id === current) ? [...levels, { id: current, name: host.levelName(current) || current }] : levels;
    const fieldProblem = host.fieldErrors[`branchLevels.${branch.id}`];
    return html`
      <div class="field">
        <label for=${id}>${branch.name}</label>
        <select
          id=${id}
          name=${branch.id}
          aria-invalid=${fieldProblem ? 'true' : 'false'}
          aria-describedby=${fieldProblem ? `manage-branch-levels-hint ${id}-problem` : 'manage-branch-levels-hint'}
        >
          <option value="" ?selected=${!current}>${main}</option>
          ${offered.map((level) => html`<option value=${level.id} ?selected=${level.id === current}>${level.name}</option>`)}
        </select>
        ${fieldProblem ? html`<p class="problem" id=${`${id}-problem`}>${fieldProblem}</p>` : nothing}
      </div>
    `;
  };
  // Drawn anew for each version of the member: after a save or a reload the selects show what is stored.
  return html`
    <section id="manage-branch-levels" aria-labelledby="manage-branch-levels-heading">
      <h3 id="manage-branch-levels-heading">${w.branchLevelsHeading}</h3>
      <p class="hint" id="manage-branch-levels-hint">${w.branchLevelsHint}</p>
      ${keyed(
        `${staff.id}:${staff.version}`,
        html`
          <form novalidate @submit=${submit}>
            <div class="branch-levels" role="group" aria-labelledby="manage-branch-levels-heading">${branches.map(field)}</div>
            <button type="submit">${w.saveBranchLevels}</button>
          </form>
        `,
      )}
      ${problem ? html`<p class="problem" id="manage-branch-levels-problem" role="alert">${problem}</p>` : nothing}
    </section>
  `;
}

function renderAccess(host: StaffGateStaffList, staff: Staff): TemplateResult {
  const w = host.w;
  return html`
    <section aria-labelledby="manage-access-heading">
      <h3 id="manage-access-heading">${w.accessHeading}: ${host.statusWords(staff.status)}</h3>
      <div class="row-buttons">
        ${!staff.hasAccount
          ? channels(staff).map(
              (channel) => html`<button class="secondary" type="button" @click=${() => host.inviteMember(staff, channel)}>${w.sendInvitation(channel)}</button>`,
            )
          : nothing}
        ${staff.status === 'active'
          ? html`<button class="secondary" type="button" @click=${(event: Event) => host.suspend(staff, event.currentTarget as Element)}>${w.suspend}</button>`
          : nothing}
        ${staff.status === 'suspended'
          ? html`<button class="secondary" type="button" @click=${() => host.reactivate(staff)}>${w.reactivate}</button>`
          : nothing}
        <button class="danger" type="button" @click=${(event: Event) => host.archive(staff, event.currentTarget as Element)}>${w.archive}</button>
      </div>
    </section>
  `;
}

/**
 * One member's PIN, levels at branches and access, in a modal <dialog>: the rest of the page is
 * inert while it is open (focus stays inside), Escape closes it, and focus
 * returns to the member's Manage button.
 */
export function renderManageDialog(host: StaffGateStaffList): TemplateResult {
  const w = host.w;
  const staff = host.selected;
  return html`
    <dialog id="manage" aria-labelledby="manage-heading" @close=${() => host.dialogClosed('manage')}>
      ${staff
        ? html`
            <h2 id="manage-heading" tabindex="-1">${displayName(staff)}</h2>
            <p class="hint">${w.contact}: ${[staff.email, staff.phone].filter(Boolean).join(' · ') || w.noContact}</p>
            <p class="news" role="status">${host.news}</p>
            <p class="problem" role="alert">${host.dialogProblem}</p>
            ${renderPin(host, staff)} ${renderBranchLevels(host, staff)} ${renderAccess(host, staff)}
          `
        : nothing}
      <div class="dialog-buttons">
        <button class="secondary" type="button" @click=${() => host.closeDialog('manage')}>${w.close}</button>
      </div>
    </dialog>
  `;
}
