import type { StaffGateClient } from '@staffgate/client';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import * as api from './staff-list/data.js';
import type { Channel, Choices, Invitation, NewMember, Staff, StaffFilter, StatusFilter } from './staff-list/data.js';
import { renderInviteForm } from './staff-list/invite-form.js';
import { renderManageDialog } from './staff-list/manage-dialog.js';
import { branchLevelProblems, fieldProblems, problemWords, STALE_CODES, asProblem } from './staff-list/problems.js';
import { staffListStyles } from './staff-list/styles.js';
import { STAFF_LIST_WORDS, type StaffListWords } from './staff-list/words.js';
import { InOrder } from './in-order.js';
import { theme } from './theme.js';

export { STAFF_LIST_WORDS, type StaffListWords };

/** A destructive step waiting for the person's yes in the confirmation dialog. */
interface Confirmation {
  message: string;
  action: string;
  run: () => Promise<void>;
  /** Set when the dialog opens: a change asked for by this confirmation's yes is its own, never a later one's. */
  id?: number;
}

type DialogId = 'manage' | 'confirm';

interface ChangeOptions {
  /** Where a refusal is said: above the list, or in the manage dialog. */
  where?: 'page' | 'dialog';
  wordsFor?: (error: unknown) => string;
  /** What makes two presses the same change (default: the event's action and ids, and the news it ends with). */
  key?: string;
}

const STATUSES: StatusFilter[] = ['', 'active', 'invited', 'suspended', 'archived'];

/** A form's fields as one string: whether it still holds what was sent. */
const formEntries = (form: HTMLFormElement): string => JSON.stringify([...new FormData(form).entries()].map(([name, value]) => [name, String(value)]));

/**
 * `<staffgate-staff-list>`: the salon's staff, filtered by tag, branch and
 * status; invitations by email or SMS; and per member PINs, levels at
 * branches, suspension and archiving. Every change it makes is announced with `staffgate-changed`
 * (`detail: {action, staffId?, invitationId?}`), bubbling out of the shadow
 * root, so the host can refresh what depends on the staff.
 */
export class StaffGateStaffList extends LitElement {
  static override properties = {
    client: { attribute: false },
    tenantId: { attribute: 'tenant-id' },
    words: { attribute: false },
    choices: { state: true },
    filter: { state: true },
    members: { state: true },
    more: { state: true },
    loading: { state: true },
    invitations: { state: true },
    names: { state: true },
    selected: { state: true },
    confirmation: { state: true },
    news: { state: true },
    problem: { state: true },
    dialogProblem: { state: true },
    fieldErrors: { state: true },
    channel: { state: true },
  };

  static override styles = [theme, staffListStyles];

  client?: StaffGateClient;
  tenantId?: string;
  words: Partial<StaffListWords> = {};

  choices: Choices = { tags: [], branches: [], levels: [], pinLength: 6 };
  filter: StaffFilter = { tag: '', branchId: '', status: '' };
  members: Staff[] = [];
  more = false;
  loading = false;
  invitations: Invitation[] = [];
  /** Names of members a pending invitation names, also outside the filtered list. */
  names: Record<string, string> = {};
  selected: Staff | undefined = undefined;
  confirmation: Confirmation | undefined = undefined;
  news = '';
  problem = '';
  dialogProblem = '';
  /** Field problems, by field name: the invite form's, the PIN's (`pin`), and the levels at branches' (`branchLevels`, `branchLevels.<branchId>`). */
  fieldErrors: Record<string, string> = {};
  channel: Channel = 'email';

  private pages: api.StaffPages | undefined;
  /** The control that opened each dialog: focus goes back there when it closes. */
  private openers: Partial<Record<DialogId, Element>> = {};
  /** Resent invitations: the old id's replacement. */
  private readonly replacedBy = new Map<string, string>();
  /** Changes run one at a time, in the order asked for; each is keyed by what it does to whom, so a second press of the same button is the same change. */
  private readonly changes = new InOrder();
  /** The confirmation whose yes is asking for its change, only while it asks (see `confirmed`). */
  private answering: Confirmation | undefined;
  /** Confirmations whose yes was pressed: a second yes is the same one. */
  private readonly answered = new WeakSet<Confirmation>();
  private confirmations = 0;
  /** Counts typed PINs saved, each its own change. */
  private pinSaves = 0;
  /** Bumped by each invitations read: only the latest one's answer is shown. */
  private invitationReads = 0;

  get w(): StaffListWords {
    return { ...STAFF_LIST_WORDS, ...this.words };
  }

  private get ready(): { client: StaffGateClient; tenantId: string } | undefined {
    return this.client && this.tenantId ? { client: this.client, tenantId: this.tenantId } : undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('client') || changed.has('tenantId')) && this.ready) void this.loadAll();
  }

  /** Reads everything again: after a change, and whenever the host sets another client or salon. */
  async loadAll(): Promise<void> {
    const ready = this.ready;
    if (!ready) return;
    try {
      this.choices = await api.loadChoices(ready.client, ready.tenantId);
    } catch (error) {
      this.problem = problemWords(error, this.w);
    }
    await Promise.all([this.loadStaff(), this.loadInvitations()]);
  }

  async loadStaff(): Promise<void> {
    const ready = this.ready;
    if (!ready) return;
    this.loading = true;
    const pages = new api.StaffPages(ready.client, ready.tenantId, this.filter);
    this.pages = pages;
    try {
      const { members, more } = await pages.next();
      if (this.pages !== pages) return;
      this.members = members;
      this.more = more;
    } catch (error) {
      this.problem = problemWords(error, this.w);
    } finally {
      if (this.pages === pages) this.loading = false;
    }
  }

  async showMore(): Promise<void> {
    const pages = this.pages;
    if (!pages || this.loading) return;
    this.loading = true;
    try {
      const { members, more } = await pages.next();
      if (this.pages !== pages) return;
      this.members = [...this.members, ...members];
      this.more = more;
    } catch (error) {
      this.problem = problemWords(error, this.w);
    } finally {
      this.loading = false;
    }
  }

  async loadInvitations(): Promise<void> {
    const ready = this.ready;
    if (!ready) return;
    // An older read can answer after a newer one (a change's reload beside the first load): it would bring back a revoked invitation.
    const read = (this.invitationReads += 1);
    try {
      const invitations = await api.pendingInvitations(ready.client, ready.tenantId);
      const names = { ...this.names };
      for (const member of this.members) names[member.id] = api.displayName(member);
      const missing = [...new Set(invitations.map((invitation) => invitation.staffId).filter((id) => !(id in names)))];
      const found = await Promise.all(missing.map((id) => api.getStaff(ready.client, ready.tenantId, id).catch(() => undefined)));
      if (read !== this.invitationReads) return;
      for (const member of found) if (member) names[member.id] = api.displayName(member);
      this.names = names;
      this.invitations = invitations;
    } catch (error) {
      // Listing invitations needs staff.invite: without it the section stays empty, the list still works.
      if (read === this.invitationReads && asProblem(error)?.status !== 403) this.problem = problemWords(error, this.w);
    }
  }

  setFilter(field: keyof StaffFilter, value: string): void {
    this.filter = { ...this.filter, [field]: value };
    this.news = '';
    this.problem = '';
    void this.loadStaff();
  }

  /**
   * Runs one change in its turn: tells the host, reads the lists again, then
   * says what happened where it belongs. `run` reads what it acts on when its
   * turn comes (see `latest`), not when it was asked for.
   */
  async change(run: () => Promise<void>, done: string, detail: Record<string, string>, options: ChangeOptions = {}): Promise<boolean> {
    const { where = 'page', wordsFor = (error: unknown) => problemWords(error, this.w) } = options;
    this.problem = '';
    this.dialogProblem = '';
    this.news = '';
    // A yes still waiting for its turn can be taken back: Cancel (or Escape) before then withdraws it.
    const answer = this.answering;
    const key = options.key ?? [detail.action, detail.staffId, detail.invitationId, done, answer?.id].join(' ');
    const ok = await this.changes.run(async () => {
      if (answer && this.confirmation !== answer) return false;
      try {
        await run();
        this.dispatchEvent(new CustomEvent('staffgate-changed', { detail, bubbles: true, composed: true }));
        await this.refreshAfterChange();
        // Said once the list shows the change.
        this.news = done;
        return true;
      } catch (error) {
        if (STALE_CODES.has(asProblem(error)?.code ?? '')) await this.refreshAfterChange();
        // Said after the reload it asks the person to act on ("reloaded, try again").
        const words = wordsFor(error);
        if (where === 'dialog') this.dialogProblem = words;
        else this.problem = words;
        return false;
      }
    }, key);
    return ok ?? false;
  }

  /**
   * Reads the lists again, and the member the dialog shows: from the list,
   * or on its own when the list's filter or paging leaves them out (a member
   * just suspended under the Active filter). Gone, the dialog closes.
   */
  private async refreshAfterChange(): Promise<void> {
    const ready = this.ready;
    await Promise.all([this.loadStaff(), this.loadInvitations()]);
    const shown = this.selected;
    if (!ready || !shown) return;
    try {
      const current = this.members.find((member) => member.id === shown.id) ?? (await api.getStaff(ready.client, ready.tenantId, shown.id));
      if (this.selected?.id === shown.id) this.selected = current;
    } catch (error) {
      if (asProblem(error)?.status === 404 && this.selected?.id === shown.id) this.closeDialog('manage');
    }
  }

  /** The invitation now standing for `invitationId`: a change asked for before a resend finished names the one the resend replaced, and the person meant the one they now have. */
  private replacementOf(invitationId: string): string {
    let current = invitationId;
    for (let next = this.replacedBy.get(current); next; next = this.replacedBy.get(current)) current = next;
    return current;
  }

  /** The member as last read: a change that waited its turn, or a dialog opened before another change finished, sends the version that change left. */
  private latest(staff: Staff): Staff {
    return (this.selected?.id === staff.id ? this.selected : undefined) ?? this.members.find((member) => member.id === staff.id) ?? staff;
  }

  async submitInvite(form: HTMLFormElement): Promise<void> {
    const ready = this.ready;
    if (!ready) return;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const member: NewMember = {
      firstName: value('firstName'),
      lastName: value('lastName'),
      channel: this.channel,
      email: value('email'),
      phone: value('phone'),
      accessLevelId: value('accessLevelId'),
    };
    const needed = ['firstName', 'lastName', this.channel === 'email' ? 'email' : 'phone', 'accessLevelId'] as const;
    const missing = Object.fromEntries(needed.filter((field) => !member[field]).map((field) => [field, this.w.required]));
    this.fieldErrors = missing;
    this.news = '';
    this.problem = '';
    if (Object.keys(missing).length) return this.focusFirstInvalid(form);
    const sent = formEntries(form);
    // Emptied only while it still holds what was sent: a next person typed in during the call stays.
    const resetIfUnchanged = () => {
      if (formEntries(form) !== sent) return;
      form.reset();
      this.channel = 'email';
    };
    await this.changes.run(async () => {
      let staff: Staff | undefined;
      let news = '';
      let problem = '';
      // The form may hold a next person by now: their fields are not this answer's to mark.
      this.fieldErrors = {};
      try {
        staff = await api.addMember(ready.client, ready.tenantId, member);
        await api.invite(ready.client, ready.tenantId, staff.id, member.channel);
        resetIfUnchanged();
        news = this.w.invited(api.displayName(staff), member.channel === 'email' ? member.email : member.phone);
        this.dispatchEvent(new CustomEvent('staffgate-changed', { detail: { action: 'invited', staffId: staff.id }, bubbles: true, composed: true }));
      } catch (error) {
        if (staff) {
          resetIfUnchanged();
          problem = this.w.addedNotInvited(api.displayName(staff), problemWords(error, this.w));
        } else {
          if (formEntries(form) === sent) this.fieldErrors = fieldProblems(error);
          problem = problemWords(error, this.w);
        }
      }
      await this.refreshAfterChange();
      this.news = news;
      this.problem = problem;
    }, `invite ${sent}`);
    if (Object.keys(this.fieldErrors).length) this.focusFirstInvalid(form);
  }

  private focusFirstInvalid(form: HTMLFormElement): void {
    void this.updateComplete.then(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async submitPin(form: HTMLFormElement): Promise<void> {
    const ready = this.ready;
    const staff = this.selected;
    const input = form.querySelector<HTMLInputElement>('input[name="pin"]');
    if (!ready || !staff || !input) return;
    // Read from the field and cleared at once: the PIN is never kept in the element's state or written to the DOM.
    const pin = input.value;
    input.value = '';
    this.fieldErrors = {};
    if (!pin) {
      this.fieldErrors = { pin: this.w.required };
      return void this.updateComplete.then(() => input.focus());
    }
    const ok = await this.change(() => api.setPin(ready.client, ready.tenantId, staff.id, pin), this.w.pinSaved(api.displayName(staff)), { action: 'pin.set', staffId: staff.id }, {
      where: 'dialog',
      // A second press finds the field empty and is asked for a PIN: a key of its own, so a PIN typed while another saves is never dropped.
      key: `pin ${(this.pinSaves += 1)}`,
    });
    if (!ok) {
      const problem = this.dialogProblem;
      this.dialogProblem = '';
      this.fieldErrors = { pin: problem };
    }
    // Enter in the field or the button: either way the person carries on from the (now empty) field.
    await this.updateComplete;
    input.focus();
  }

  /**
   * Saves the manage dialog's levels at branches as one list (the selects
   * left on the main level send nothing). The refusal is said in the
   * section, a field's problem beside its select.
   */
  async submitBranchLevels(form: HTMLFormElement): Promise<void> {
    const ready = this.ready;
    const staff = this.selected;
    if (!ready || !staff) return;
    const selects = [...form.querySelectorAll('select')];
    const shown = new Set(selects.map((select) => select.name));
    const chosen = selects.filter((select) => select.value).map((select) => ({ branchId: select.name, accessLevelId: select.value }));
    this.fieldErrors = {};
    let refusal: unknown;
    let branchLevels = chosen;
    const ok = await this.change(
      async () => {
        const current = this.latest(staff);
        // A level at a branch the dialog does not list (not among the loaded branches) is kept as it is.
        branchLevels = [...current.branchLevels.filter((entry) => !shown.has(entry.branchId)), ...chosen];
        try {
          await api.setBranchLevels(ready.client, ready.tenantId, current, branchLevels);
        } catch (error) {
          refusal = error;
          throw error;
        }
      },
      this.w.branchLevelsSaved(api.displayName(staff)),
      { action: 'branch-levels', staffId: staff.id },
      {
        where: 'dialog',
        wordsFor: (error) => (asProblem(error)?.code === 'escalation_denied' ? this.w.problemBranchLevelEscalation : problemWords(error, this.w)),
        // Other choices saved while the first save runs are another change, not the same press again.
        key: `branch-levels ${staff.id} ${JSON.stringify(chosen)}`,
      },
    );
    if (!ok) {
      this.fieldErrors = { ...branchLevelProblems(refusal, branchLevels), branchLevels: this.dialogProblem };
      this.dialogProblem = '';
    }
    // The form is drawn anew for each version of the member, so focus is put back on its (new) controls.
    await this.updateComplete;
    const section = this.renderRoot.querySelector('#manage-branch-levels');
    (section?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? section?.querySelector<HTMLElement>('button[type="submit"]'))?.focus();
  }

  /** Opens the manage dialog for a member, from the button that asked. */
  async manage(staff: Staff, opener: Element): Promise<void> {
    this.selected = staff;
    this.dialogProblem = '';
    this.fieldErrors = {};
    this.news = '';
    this.problem = '';
    await this.updateComplete;
    this.openDialog('manage', opener);
  }

  /** Asks before a destructive step; Cancel (or Escape) changes nothing and puts focus back where it was. */
  async confirm(confirmation: Confirmation, opener: Element): Promise<void> {
    this.confirmation = { ...confirmation, id: (this.confirmations += 1) };
    await this.updateComplete;
    this.openDialog('confirm', opener);
  }

  private dialog(id: DialogId): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>(`dialog#${id}`);
  }

  private openDialog(id: DialogId, opener: Element): void {
    const dialog = this.dialog(id);
    if (!dialog || dialog.open) return;
    this.openers[id] = opener;
    dialog.showModal();
    // The safe choice first in a confirmation; the dialog's first control otherwise.
    dialog.querySelector<HTMLElement>(id === 'confirm' ? 'button.cancel' : 'h2')?.focus();
  }

  closeDialog(id: DialogId): void {
    this.dialog(id)?.close();
  }

  /** A dialog closed (by a button or Escape): its state goes, focus returns to its opener, or to the news when that is gone. */
  dialogClosed(id: DialogId): void {
    if (id === 'confirm') this.confirmation = undefined;
    else {
      this.selected = undefined;
      this.fieldErrors = {};
      this.dialogProblem = '';
    }
    const opener = this.openers[id];
    delete this.openers[id];
    void this.updateComplete.then(() => {
      // A row's DOM goes with its member (keyed rows), so an archived member's button is no longer connected.
      if (opener instanceof HTMLElement && opener.isConnected && !opener.closest('dialog:not([open])')) opener.focus();
      else this.focusNews();
    });
  }

  async confirmed(): Promise<void> {
    const confirmation = this.confirmation;
    if (!confirmation || this.answered.has(confirmation)) return;
    this.answered.add(confirmation);
    // `run` asks for its change at once (change() reads `answering` before it waits); a change asked for later is not this yes's.
    this.answering = confirmation;
    const running = confirmation.run();
    this.answering = undefined;
    // The dialog stays open until the change is done (it may wait behind another): closing it at once would look like a yes already carried out.
    await running;
    if (this.confirmation === confirmation) this.closeDialog('confirm');
  }

  private focusNews(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#news')?.focus());
  }

  sendPin(staff: Staff, channel: Channel): void {
    const ready = this.ready;
    if (!ready) return;
    void this.change(() => api.sendNewPin(ready.client, ready.tenantId, staff.id, channel), this.w.pinSent(api.displayName(staff)), { action: 'pin.set', staffId: staff.id }, { where: 'dialog' });
  }

  removePin(staff: Staff, opener: Element): void {
    const ready = this.ready;
    if (!ready) return;
    void this.confirm(
      {
        message: this.w.confirmRemovePin(api.displayName(staff)),
        action: this.w.removePin,
        run: async () => {
          await this.change(() => api.removePin(ready.client, ready.tenantId, staff.id), this.w.pinRemoved(api.displayName(staff)), { action: 'pin.removed', staffId: staff.id }, { where: 'dialog' });
        },
      },
      opener,
    );
  }

  inviteMember(staff: Staff, channel: Channel): void {
    const ready = this.ready;
    if (!ready) return;
    const to = (channel === 'email' ? staff.email : staff.phone) ?? '';
    void this.change(() => api.invite(ready.client, ready.tenantId, staff.id, channel), this.w.invited(api.displayName(staff), to), { action: 'invited', staffId: staff.id }, { where: 'dialog' });
  }

  suspend(staff: Staff, opener: Element): void {
    const ready = this.ready;
    if (!ready) return;
    void this.confirm(
      {
        message: this.w.confirmSuspend(api.displayName(staff)),
        action: this.w.suspend,
        run: async () => {
          await this.change(
            async () => void (await api.setStatus(ready.client, ready.tenantId, this.latest(staff), 'suspended')),
            this.w.suspended(api.displayName(staff)),
            { action: 'suspended', staffId: staff.id },
            { where: 'dialog' },
          );
        },
      },
      opener,
    );
  }

  reactivate(staff: Staff): void {
    const ready = this.ready;
    if (!ready) return;
    void this.change(
      async () => void (await api.setStatus(ready.client, ready.tenantId, this.latest(staff), 'active')),
      this.w.reactivated(api.displayName(staff)),
      { action: 'reactivated', staffId: staff.id },
      { where: 'dialog' },
    );
  }

  archive(staff: Staff, opener: Element): void {
    const ready = this.ready;
    if (!ready) return;
    void this.confirm(
      {
        message: this.w.confirmArchive(api.displayName(staff)),
        action: this.w.archive,
        run: async () => {
          const ok = await this.change(() => api.archive(ready.client, ready.tenantId, this.latest(staff)), this.w.archived(api.displayName(staff)), { action: 'archived', staffId: staff.id }, { where: 'dialog' });
          if (ok) this.closeDialog('manage');
        },
      },
      opener,
    );
  }

  resend(invitation: Invitation): void {
    const ready = this.ready;
    if (!ready) return;
    const name = this.names[invitation.staffId] ?? '';
    const detail = { action: 'invitation.resent', invitationId: invitation.id, staffId: invitation.staffId };
    void this.change(
      async () => {
        detail.invitationId = this.replacementOf(detail.invitationId);
        this.replacedBy.set(detail.invitationId, await api.resendInvitation(ready.client, ready.tenantId, detail.invitationId));
      },
      this.w.resent(name),
      detail,
    );
  }

  revoke(invitation: Invitation, opener: Element): void {
    const ready = this.ready;
    if (!ready) return;
    const name = this.names[invitation.staffId] ?? '';
    void this.confirm(
      {
        message: this.w.confirmRevoke(name),
        action: this.w.revoke,
        run: async () => {
          const detail = { action: 'invitation.revoked', invitationId: invitation.id, staffId: invitation.staffId };
          await this.change(
            async () => {
              detail.invitationId = this.replacementOf(detail.invitationId);
              await api.revokeInvitation(ready.client, ready.tenantId, detail.invitationId);
            },
            this.w.revoked(name),
            detail,
          );
        },
      },
      opener,
    );
  }

  statusWords(status: Staff['status'] | ''): string {
    const w = this.w;
    return { '': w.anyCurrent, active: w.statusActive, invited: w.statusInvited, suspended: w.statusSuspended, archived: w.statusArchived }[status];
  }

  levelName(id: string): string {
    return this.choices.levels.find((level) => level.id === id)?.name ?? '';
  }

  protected override render(): TemplateResult {
    const w = this.w;
    return html`
      <section aria-labelledby="staff-heading">
        <h2 id="staff-heading">${w.heading}</h2>
        <p id="news" class="news" role="status" tabindex="-1">${this.news}</p>
        <p class="problem" role="alert">${this.problem}</p>
        ${this.renderFilters()} ${this.renderTable()}
      </section>
      <section aria-labelledby="invite-heading">
        <h3 id="invite-heading">${w.inviteHeading}</h3>
        ${renderInviteForm(this)}
      </section>
      <section aria-labelledby="pending-heading">
        <h3 id="pending-heading">${w.pendingHeading}</h3>
        ${this.renderInvitations()}
      </section>
      ${renderManageDialog(this)} ${this.renderConfirm()}
    `;
  }

  private renderFilters(): TemplateResult {
    const w = this.w;
    const { tag, branchId, status } = this.filter;
    return html`
      <fieldset class="filters">
        <legend>${w.filters}</legend>
        <div class="field">
          <label for="filter-tag">${w.tag}</label>
          <select id="filter-tag" @change=${(event: Event) => this.setFilter('tag', (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!tag}>${w.any}</option>
            ${this.choices.tags.map((name) => html`<option value=${name} ?selected=${name === tag}>${name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="filter-branch">${w.branch}</label>
          <select id="filter-branch" @change=${(event: Event) => this.setFilter('branchId', (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!branchId}>${w.any}</option>
            ${this.choices.branches.map((branch) => html`<option value=${branch.id} ?selected=${branch.id === branchId}>${branch.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="filter-status">${w.status}</label>
          <select id="filter-status" @change=${(event: Event) => this.setFilter('status', (event.target as HTMLSelectElement).value)}>
            ${STATUSES.map((value) => html`<option value=${value} ?selected=${value === status}>${this.statusWords(value)}</option>`)}
          </select>
        </div>
      </fieldset>
    `;
  }

  private renderTable(): TemplateResult {
    const w = this.w;
    const rows = repeat(this.members, (member) => member.id, (member) => this.renderRow(member));
    return html`
      <table aria-busy=${this.loading ? 'true' : 'false'}>
        <caption class="hint">
          ${this.loading && !this.members.length ? w.loading : this.members.length ? w.shown(this.members.length) : w.empty}
        </caption>
        <thead>
          <tr>
            <th scope="col">${w.name}</th>
            <th scope="col">${w.status}</th>
            <th scope="col" class="wide">${w.level}</th>
            <th scope="col" class="wide">${w.tags}</th>
            <th scope="col" class="wide">${w.pin}</th>
            <th scope="col" class="actions">${w.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${this.more
        ? html`<button class="secondary more" type="button" @click=${() => void this.showMore()}>${w.showMore}</button>`
        : nothing}
    `;
  }

  pinWordsOf(member: Staff): string {
    if (!member.hasPin) return this.w.pinNone;
    return member.needsNewPin ? this.w.pinDue : this.w.pinSet;
  }

  private renderRow(member: Staff): TemplateResult {
    const w = this.w;
    const name = member.status === 'archived' ? w.noName : api.displayName(member);
    const contact = member.email ?? member.phone ?? '';
    const level = this.levelName(member.accessLevelId);
    return html`
      <tr data-staff-id=${member.id}>
        <th scope="row">
          ${name}
          ${contact ? html`<div class="hint">${contact}</div>` : nothing}
          <div class="hint folded">${[level, member.tags.join(', '), `${w.pin}: ${this.pinWordsOf(member)}`].filter(Boolean).join(' · ')}</div>
        </th>
        <td><span class="badge ${member.status}">${this.statusWords(member.status)}</span></td>
        <td class="wide">${level}</td>
        <td class="wide">${member.tags.join(', ')}</td>
        <td class="wide">${this.pinWordsOf(member)}</td>
        <td class="actions">
          ${member.status === 'archived'
            ? nothing
            : html`<button class="secondary" type="button" aria-label=${w.manage(name)} @click=${(event: Event) => void this.manage(member, event.currentTarget as Element)}>
                ${w.manageShort}
              </button>`}
        </td>
      </tr>
    `;
  }

  private renderInvitations(): TemplateResult {
    const w = this.w;
    if (!this.invitations.length) return html`<p class="hint">${w.noPending}</p>`;
    const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    return html`
      <ul class="pending">
        ${repeat(this.invitations, (invitation) => invitation.id, (invitation) => {
          const name = this.names[invitation.staffId] ?? '';
          return html`
            <li data-invitation-id=${invitation.id}>
              <div>
                <strong>${name}</strong>
                <div class="hint">
                  ${w.sentBy}: ${invitation.channel === 'email' ? w.channelEmail : w.channelSms} · ${w.expires}: ${when(invitation.expiresAt)}
                </div>
              </div>
              <div class="row-buttons">
                <button class="secondary" type="button" aria-label=${w.resendFor(name)} @click=${() => this.resend(invitation)}>${w.resend}</button>
                <button
                  class="secondary"
                  type="button"
                  aria-label=${w.revokeFor(name)}
                 
                  @click=${(event: Event) => this.revoke(invitation, event.currentTarget as Element)}
                >
                  ${w.revoke}
                </button>
              </div>
            </li>
          `;
        })}
      </ul>
    `;
  }

  private renderConfirm(): TemplateResult {
    const w = this.w;
    const confirmation = this.confirmation;
    return html`
      <dialog id="confirm" role="alertdialog" aria-modal="true" aria-describedby="confirm-message" aria-label=${confirmation?.action ?? ''} @close=${() => this.dialogClosed('confirm')}>
        <p id="confirm-message">${confirmation?.message ?? ''}</p>
        <div class="dialog-buttons">
          <button class="secondary cancel" type="button" @click=${() => this.closeDialog('confirm')}>${w.cancel}</button>
          <button class="danger" type="button" @click=${() => void this.confirmed()}>${confirmation?.action ?? ''}</button>
        </div>
      </dialog>
    `;
  }
}

if (!customElements.get('staffgate-staff-list')) customElements.define('staffgate-staff-list', StaffGateStaffList);

declare global {
  interface HTMLElementTagNameMap {
    'staffgate-staff-list': StaffGateStaffList;
  }
}
