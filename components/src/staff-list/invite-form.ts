import { html, nothing, type TemplateResult } from 'lit';
import type { StaffGateStaffList } from '../staff-list.js';

/** A text field with its label and, when the last try failed on it, its problem beside it (aria-describedby). */
function field(host: StaffGateStaffList, name: string, label: string, input: { type: string; autocomplete: string; hint?: string; inputmode?: string }): TemplateResult {
  const problem = host.fieldErrors[name];
  const id = `invite-${name}`;
  const described = [input.hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type=${input.type}
        autocomplete=${input.autocomplete}
        inputmode=${input.inputmode ?? nothing}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${input.hint ? html`<span class="hint" id="${id}-hint">${input.hint}</span>` : nothing}
      ${problem ? html`<span class="problem" id="${id}-problem">${problem}</span>` : nothing}
    </div>
  `;
}

/** Adds a member (name, contact, level) and sends their invitation by the chosen channel. */
export function renderInviteForm(host: StaffGateStaffList): TemplateResult {
  const w = host.w;
  const levelProblem = host.fieldErrors.accessLevelId;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void host.submitInvite(event.currentTarget as HTMLFormElement);
  };
  return html`
    <form class="invite" novalidate @submit=${submit}>
      ${field(host, 'firstName', w.firstName, { type: 'text', autocomplete: 'off' })} ${field(host, 'lastName', w.lastName, { type: 'text', autocomplete: 'off' })}
      <fieldset class="wide-field">
        <legend>${w.channel}</legend>
        <div class="choices">
          <label><input type="radio" name="channel" value="email" .checked=${host.channel === 'email'} @change=${() => (host.channel = 'email')} />${w.channelEmail}</label>
          <label><input type="radio" name="channel" value="sms" .checked=${host.channel === 'sms'} @change=${() => (host.channel = 'sms')} />${w.channelSms}</label>
        </div>
      </fieldset>
      ${host.channel === 'email'
        ? field(host, 'email', w.email, { type: 'email', autocomplete: 'off' })
        : field(host, 'phone', w.phone, { type: 'tel', autocomplete: 'off', inputmode: 'tel', hint: w.phoneHint })}
      <div class="field">
        <label for="invite-accessLevelId">${w.level}</label>
        <select
          id="invite-accessLevelId"
          name="accessLevelId"
          aria-invalid=${levelProblem ? 'true' : 'false'}
          aria-describedby=${levelProblem ? 'invite-accessLevelId-problem' : nothing}
        >
          <option value="">${w.chooseLevel}</option>
          ${host.choices.levels.map((level) => html`<option value=${level.id}>${level.name}</option>`)}
        </select>
        ${levelProblem ? html`<span class="problem" id="invite-accessLevelId-problem">${levelProblem}</span>` : nothing}
      </div>
      <div class="submit">
        <button type="submit">${w.invite}</button>
      </div>
    </form>
  `;
}
