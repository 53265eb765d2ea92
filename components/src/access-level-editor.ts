import type { StaffGateClient, StaffGateProblem } from '@staffgate/client';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  type AccessLevel,
  type Catalog,
  type CatalogPermission,
  type CatalogSection,
  draftProblems,
  draftsFrom,
  formFingerprint,
  type GrantDraft,
  grantsFrom,
  type Mode,
  wholeSectionsOf,
  modesOf,
  sectionState,
  toggleSection,
} from './access-level-editor/model.js';
import { editorStyles } from './access-level-editor/styles.js';
import { ACCESS_LEVEL_EDITOR_WORDS, type AccessLevelEditorWords } from './access-level-editor/words.js';
import { InOrder } from './in-order.js';
import { theme } from './theme.js';

export { ACCESS_LEVEL_EDITOR_WORDS, type AccessLevelEditorWords } from './access-level-editor/words.js';

/** An employee the host offers for "for chosen employees" grants. */
export interface StaffOption {
  id: string;
  name: string;
}

interface LevelEntry {
  id: string;
  name: string;
}

type Message = { kind: 'ok' | 'problem'; text: string } | { kind: 'conflict' };

const NEW = 'new';

/**
 * By shape, not `instanceof`: the host's client may come from its own copy
 * of @staffgate/client, whose StaffGateProblem is another class.
 */
function isProblem(error: unknown): error is StaffGateProblem {
  return error instanceof Error && error.name === 'StaffGateProblem' && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * `<staffgate-access-level-editor>`: the salon's access levels, each as the
 * catalog's sections with tri-state boxes (Phorest's access screen) and, per
 * granted permission, the form of the grant. Saves with `If-Match`; a level
 * someone else changed meanwhile is reloaded, never overwritten. Emits
 * `staffgate-saved` ({level, created}) and `staffgate-deleted` ({id}).
 */
export class StaffGateAccessLevelEditor extends LitElement {
  static override properties = {
    client: { attribute: false },
    tenantId: { attribute: 'tenant-id' },
    levelId: { attribute: 'level-id' },
    staffOptions: { attribute: false },
    words: { attribute: false },
    catalog: { state: true },
    levels: { state: true },
    level: { state: true },
    selected: { state: true },
    name: { state: true },
    remoteAccess: { state: true },
    drafts: { state: true },
    expanded: { state: true },
    template: { state: true },
    message: { state: true },
    fieldProblems: { state: true },
    busy: { state: true },
    confirmingDelete: { state: true },
    leavingFor: { state: true },
  };

  static override styles = [theme, editorStyles];

  client: StaffGateClient | undefined = undefined;
  tenantId = '';
  /** The level to open first; else the first of the list. */
  levelId = '';
  staffOptions: StaffOption[] = [];
  words: Partial<AccessLevelEditorWords> = {};

  private catalog: Catalog | undefined = undefined;
  private levels: LevelEntry[] = [];
  private level: AccessLevel | undefined = undefined;
  private selected = '';
  private name = '';
  private remoteAccess = false;
  private drafts = new Map<string, GrantDraft>();
  private wholeSections = new Set<string>();
  private expanded = new Set<string>();
  private template = '';
  private message: Message | undefined = undefined;
  /** Problems by field: `name` or a permission key. */
  private fieldProblems: Record<string, string> = {};
  private busy = false;
  private confirmingDelete = false;
  /** The level (or NEW) the person asked to open while the form held unsaved changes. */
  private leavingFor: string | undefined = undefined;
  /**
   * Loads, saves, deletes and level changes run one at a time, in the order
   * asked for: a level picked, or a Yes pressed, while a save runs waits for
   * the save's outcome instead of being dropped.
   */
  private readonly steps = new InOrder();
  /** The Yes to delete waiting for its turn; Cancel (or a second Yes) replaces it. */
  private deleteAnswer: object | undefined = undefined;
  /** The form as last shown or saved: a different form now has unsaved changes. */
  private shownFingerprint = '';
  private loadedFor = '';

  private get w(): AccessLevelEditorWords {
    return { ...ACCESS_LEVEL_EDITOR_WORDS, ...this.words };
  }

  protected override updated(changed: PropertyValues<this>): void {
    const key = this.client && this.tenantId ? this.tenantId : '';
    if ((changed.has('client') || changed.has('tenantId')) && key && key !== this.loadedFor) {
      this.loadedFor = key;
      void this.loadAll();
    }
  }

  private loadAll(): Promise<void> {
    return this.steps.run(() => this.load());
  }

  private async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.busy = true;
    try {
      const { data: catalog } = await client.GET('/v1/permissions');
      const levels: LevelEntry[] = [];
      for await (const item of client.paginate('/v1/tenants/{tenantId}/access-levels', { params: { path: { tenantId: this.tenantId } } })) {
        levels.push({ id: item.id, name: item.name });
      }
      const first = levels.find((entry) => entry.id === this.levelId) ?? levels[0];
      // The form appears once, with its level: never first as an empty new level.
      const level = first
        ? (await client.GET('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', { params: { path: { tenantId: this.tenantId, accessLevelId: first.id } } })).data
        : undefined;
      this.catalog = catalog;
      this.levels = levels;
      if (level) this.show(level);
      else this.startNew();
    } catch (error) {
      this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  private async open(id: string): Promise<void> {
    if (!this.client) return;
    this.busy = true;
    try {
      const { data } = await this.client.GET('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', {
        params: { path: { tenantId: this.tenantId, accessLevelId: id } },
      });
      this.show(data);
    } catch (error) {
      this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  /** Replaces everything the form holds with the level as the server has it. */
  private show(level: AccessLevel): void {
    if (!this.catalog) return;
    this.adopt(level);
    this.name = level.name;
    this.remoteAccess = level.remoteAccess;
    this.drafts = draftsFrom(this.catalog, level.grants);
    this.wholeSections = wholeSectionsOf(this.catalog, level.grants);
    this.template = '';
    this.fieldProblems = {};
    this.message = undefined;
    this.markShown();
  }

  /** Makes the level as the server has it the one being edited (its version for the next If-Match), whatever the form holds. */
  private adopt(level: AccessLevel): void {
    this.level = level;
    this.selected = level.id;
    this.confirmingDelete = false;
    this.levels = this.levels.map((entry) => (entry.id === level.id ? { id: level.id, name: level.name } : entry));
  }

  private startNew(): void {
    if (!this.catalog) return;
    this.level = undefined;
    this.selected = NEW;
    this.name = '';
    this.remoteAccess = false;
    this.drafts = draftsFrom(this.catalog, {});
    this.wholeSections = new Set();
    this.template = '';
    this.fieldProblems = {};
    this.message = undefined;
    this.confirmingDelete = false;
    this.markShown();
  }

  /** Whether the form holds changes not yet saved: a host can ask before its own navigation. */
  get hasUnsavedChanges(): boolean {
    return this.catalog !== undefined && this.fingerprint() !== this.shownFingerprint;
  }

  private markShown(fingerprint = this.fingerprint()): void {
    this.leavingFor = undefined;
    this.shownFingerprint = fingerprint;
  }

  private fingerprint(): string {
    return formFingerprint({ name: this.name, remoteAccess: this.remoteAccess, drafts: this.drafts, wholeSections: this.wholeSections });
  }

  /** Opens another level (or a new one); with unsaved changes in the form, only after the person says to leave them. */
  private leaveFor(target: string): Promise<void> {
    return this.steps.run(async () => {
      if (!this.hasUnsavedChanges) {
        await this.go(target);
        return;
      }
      this.leavingFor = target;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#keep-editing')?.focus();
    });
  }

  private async go(target: string): Promise<void> {
    if (target === NEW) this.startNew();
    else await this.open(target);
  }

  private leaveUnsaved = async (): Promise<void> => {
    const target = this.leavingFor;
    if (target === undefined) return;
    this.leavingFor = undefined;
    await this.steps.run(() => this.go(target));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('nav button[aria-current="true"]')?.focus();
  };

  private keepEditing = async (): Promise<void> => {
    this.leavingFor = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#name')?.focus();
  };

  private applyTemplate(): void {
    const template = this.catalog?.templates.find((entry) => entry.key === this.template);
    if (!this.catalog || !template) return;
    this.drafts = draftsFrom(this.catalog, template.grants);
    this.wholeSections = wholeSectionsOf(this.catalog, template.grants);
    this.remoteAccess = template.remoteAccess;
    if (!this.name.trim()) this.name = template.label;
    this.fieldProblems = {};
    this.message = { kind: 'ok', text: this.w.templateApplied };
  }

  private setDraft(key: string, change: Partial<GrantDraft>): void {
    const draft = this.drafts.get(key);
    if (!draft) return;
    const next = new Map(this.drafts);
    next.set(key, { ...draft, ...change });
    this.drafts = next;
    if (this.fieldProblems[key]) {
      const { [key]: _cleared, ...rest } = this.fieldProblems;
      this.fieldProblems = rest;
    }
  }

  private toggleEmployee(key: string, staffId: string, on: boolean): void {
    const draft = this.drafts.get(key);
    if (!draft) return;
    const employeeIds = on ? [...new Set([...draft.employeeIds, staffId])] : draft.employeeIds.filter((id) => id !== staffId);
    this.setDraft(key, { employeeIds });
  }

  private toggleExpanded(section: string): void {
    const next = new Set(this.expanded);
    if (next.has(section)) next.delete(section);
    else next.add(section);
    this.expanded = next;
  }

  /** Problems the form can see itself; each shown next to its field, with the sections holding them opened. */
  private checkLocally(): boolean {
    const problems: Record<string, string> = {};
    if (!this.name.trim()) problems.name = this.w.nameRequired;
    const words = { employees: this.w.needsEmployees, days: this.w.needsDays, limit: this.w.needsLimit };
    for (const problem of draftProblems(this.drafts)) problems[problem.key] = words[problem.problem];
    this.fieldProblems = problems;
    if (Object.keys(problems).length === 0) return true;
    this.openSectionsOf(Object.keys(problems));
    this.message = { kind: 'problem', text: problems.name && Object.keys(problems).length === 1 ? problems.name : this.w.fixFields };
    return false;
  }

  private openSectionsOf(keys: string[]): void {
    const next = new Set(this.expanded);
    for (const section of this.catalog?.sections ?? []) {
      if (section.permissions.some((permission) => keys.includes(permission.key))) next.add(section.key);
    }
    this.expanded = next;
  }

  /** A second press while a save runs (Enter in a field; the button is disabled) sends nothing: the message after the save says whether changes remain. */
  private async save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.client || this.busy || !this.checkLocally()) {
      await this.focusMessage();
      return;
    }
    const client = this.client;
    await this.steps.run(() => this.send(client));
    await this.focusMessage();
  }

  private async send(client: StaffGateClient): Promise<void> {
    const body = { name: this.name.trim(), grants: grantsFrom(this.drafts, this.catalog, this.wholeSections), remoteAccess: this.remoteAccess };
    const sent = this.fingerprint();
    this.busy = true;
    this.message = undefined;
    try {
      const existing = this.level;
      const { data } = existing
        ? await client.PUT('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', {
            params: { path: { tenantId: this.tenantId, accessLevelId: existing.id }, header: { 'If-Match': String(existing.version) } },
            body,
          })
        : await client.POST('/v1/tenants/{tenantId}/access-levels', { params: { path: { tenantId: this.tenantId } }, body });
      if (!existing) this.levels = [...this.levels, { id: data.id, name: data.name }];
      if (this.fingerprint() === sent) {
        this.show(data);
        this.message = { kind: 'ok', text: this.w.saved };
      } else {
        // The person changed the form while the request ran: their changes stay, unsaved, on the saved version.
        this.adopt(data);
        this.markShown(sent);
        this.message = { kind: 'ok', text: this.w.savedEditsPending };
      }
      this.dispatchEvent(new CustomEvent('staffgate-saved', { detail: { level: data, created: !existing }, bubbles: true, composed: true }));
    } catch (error) {
      this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  private async deleteLevel(): Promise<void> {
    const client = this.client;
    const target = this.level?.id;
    if (!client || !target) return;
    // A Yes waiting for its turn can still be taken back (Cancel), and a second Yes replaces the first: one level is
    // deleted, the one shown when Yes was pressed, never the level a first delete opened next.
    const answer = {};
    this.deleteAnswer = answer;
    await this.steps.run(async () => {
      const wanted = this.deleteAnswer === answer;
      if (wanted) this.deleteAnswer = undefined;
      const level = this.level;
      if (wanted && level?.id === target) await this.sendDelete(client, level);
    });
    await this.focusMessage();
  }

  private async sendDelete(client: StaffGateClient, level: AccessLevel): Promise<void> {
    this.busy = true;
    try {
      await client.DELETE('/v1/tenants/{tenantId}/access-levels/{accessLevelId}', {
        params: { path: { tenantId: this.tenantId, accessLevelId: level.id }, header: { 'If-Match': String(level.version) } },
      });
      this.levels = this.levels.filter((entry) => entry.id !== level.id);
      this.dispatchEvent(new CustomEvent('staffgate-deleted', { detail: { id: level.id }, bubbles: true, composed: true }));
      const next = this.levels[0];
      if (next) await this.open(next.id);
      else this.startNew();
      this.message = { kind: 'ok', text: this.w.deleted };
    } catch (error) {
      this.confirmingDelete = false;
      this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  /** Reloads the level after a conflict: the other person's version replaces every unsaved change. */
  private async reload(): Promise<void> {
    const id = this.level?.id;
    if (!id) return;
    await this.steps.run(() => this.open(id));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
  }

  /** Turns a refusal into words: the general ones in the message area, field ones next to their fields. */
  private explain(error: unknown): void {
    const w = this.w;
    if (!isProblem(error)) {
      this.message = { kind: 'problem', text: w.failed };
      return;
    }
    if (error.status === 412 || error.code === 'version_conflict' || error.code === 'concurrent_update') {
      this.message = { kind: 'conflict' };
      return;
    }
    switch (error.code) {
      case 'escalation_denied':
        this.message = { kind: 'problem', text: `${w.escalationDenied} ${error.detail}` };
        return;
      case 'last_admin':
        this.message = { kind: 'problem', text: w.lastAdmin };
        return;
      case 'in_use':
        this.message = { kind: 'problem', text: w.inUse };
        return;
      case 'name_taken':
        this.fieldProblems = { ...this.fieldProblems, name: w.nameTaken };
        this.message = { kind: 'problem', text: w.nameTaken };
        return;
      case 'unknown_permission':
        this.message = { kind: 'problem', text: w.unknownPermission };
        return;
      case 'validation_failed': {
        const problems: Record<string, string> = {};
        for (const field of error.errors ?? []) {
          const key = field.path === 'name' ? 'name' : field.path.replace(/^grants\./, '');
          problems[key] = field.message;
        }
        this.fieldProblems = problems;
        this.openSectionsOf(Object.keys(problems));
        this.message = { kind: 'problem', text: w.fixFields };
        return;
      }
      default:
        this.message = { kind: 'problem', text: error.detail || w.failed };
    }
  }

  private async focusMessage(): Promise<void> {
    await this.updateComplete;
    const target = this.message?.kind === 'conflict' ? '#reload' : '#message';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  override render(): TemplateResult {
    const w = this.w;
    if (!this.client || !this.tenantId) return html`<p class="hint">${w.noClient}</p>`;
    if (!this.catalog) return html`${this.renderMessage()}<p class="hint" role="status">${w.loading}</p>`;
    return html`<div class="layout">
      <nav class="levels" aria-labelledby="levels-title">
        <h2 id="levels-title">${w.title}</h2>
        <ul>
          ${this.levels.map(
            (entry) =>
              html`<li>
                <button type="button" aria-current=${this.selected === entry.id ? 'true' : 'false'} @click=${() => this.leaveFor(entry.id)}>${entry.name}</button>
              </li>`,
          )}
        </ul>
        <button type="button" class="secondary" aria-current=${this.selected === NEW ? 'true' : 'false'} @click=${() => this.leaveFor(NEW)}>${w.newLevel}</button>
        ${this.leavingFor === undefined ? nothing : this.renderLeave()}
      </nav>
      <form @submit=${this.save} novalidate aria-labelledby="form-title" aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 id="form-title">${this.level ? this.level.name : w.newLevel}</h2>
        ${this.renderMessage()} ${this.renderNameAndTemplate()}
        <div class="check">
          <input type="checkbox" id="remote" .checked=${this.remoteAccess} @change=${(event: Event) => (this.remoteAccess = (event.target as HTMLInputElement).checked)} aria-describedby="remote-hint" />
          <div>
            <label for="remote">${w.remoteAccess}</label>
            <div class="hint" id="remote-hint">${w.remoteAccessHint}</div>
          </div>
        </div>
        <h3>${w.rights}</h3>
        <ul class="sections">
          ${this.catalog.sections.map((section) => this.renderSection(section))}
        </ul>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? w.saving : this.level ? w.save : w.create}</button>
          ${this.level ? html`<button type="button" class="secondary" @click=${this.askDelete} ?disabled=${this.busy}>${w.delete}</button>` : nothing}
        </div>
        ${this.confirmingDelete && this.level ? this.renderConfirm(this.level) : nothing}
      </form>
    </div>`;
  }

  private askDelete = async (): Promise<void> => {
    this.confirmingDelete = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#cancel-delete')?.focus();
  };

  private cancelDelete = async (): Promise<void> => {
    this.confirmingDelete = false;
    this.deleteAnswer = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.actions button.secondary')?.focus();
  };

  private renderConfirm(level: AccessLevel): TemplateResult {
    const w = this.w;
    return html`<div class="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">${w.confirmDelete(level.name)}</p>
      <div class="row">
        <button type="button" class="danger" id="confirm-delete" @click=${this.deleteLevel}>${w.confirmDeleteYes}</button>
        <button type="button" class="secondary" id="cancel-delete" @click=${this.cancelDelete}>${w.cancel}</button>
      </div>
    </div>`;
  }

  private renderLeave(): TemplateResult {
    const w = this.w;
    const name = this.level?.name ?? (this.name.trim() || w.unnamed);
    return html`<div class="confirm" role="group" aria-labelledby="leave-text">
      <p id="leave-text">${w.unsavedChanges(name)}</p>
      <div class="row">
        <button type="button" class="danger" id="leave-unsaved" @click=${this.leaveUnsaved}>${w.leaveUnsaved}</button>
        <button type="button" class="secondary" id="keep-editing" @click=${this.keepEditing}>${w.keepEditing}</button>
      </div>
    </div>`;
  }

  private renderMessage(): TemplateResult | typeof nothing {
    const message = this.message;
    if (!message) return nothing;
    if (message.kind === 'conflict') {
      return html`<div class="message problem" id="message" role="alert" tabindex="-1">
        <p>${this.w.conflict}</p>
        <button type="button" id="reload" @click=${this.reload}>${this.w.reload}</button>
      </div>`;
    }
    return html`<div class="message ${message.kind}" id="message" role=${message.kind === 'ok' ? 'status' : 'alert'} tabindex="-1">${message.text}</div>`;
  }

  private renderNameAndTemplate(): TemplateResult {
    const w = this.w;
    const nameProblem = this.fieldProblems.name;
    const templates = this.catalog?.templates ?? [];
    return html`<div class="field">
        <label for="name">${w.name}</label>
        <input
          id="name"
          autocomplete="off"
          maxlength="80"
          required
          .value=${this.name}
          @input=${(event: Event) => (this.name = (event.target as HTMLInputElement).value)}
          aria-invalid=${nameProblem ? 'true' : 'false'}
          aria-describedby=${nameProblem ? 'name-problem' : nothing}
        />
        ${nameProblem ? html`<div class="problem" id="name-problem">${nameProblem}</div>` : nothing}
        ${this.level ? html`<div class="hint">${w.holders(this.level.holders)}</div>` : nothing}
      </div>
      ${templates.length
        ? html`<div class="row template">
            <div class="field">
              <label for="template">${w.template}</label>
              <select id="template" @change=${(event: Event) => (this.template = (event.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${this.template === ''}>${w.noTemplate}</option>
                ${templates.map((template) => html`<option value=${template.key} ?selected=${this.template === template.key}>${template.label}</option>`)}
              </select>
            </div>
            <button type="button" class="secondary" ?disabled=${!this.template} @click=${this.applyTemplate}>${w.applyTemplate}</button>
          </div>`
        : nothing}`;
  }

  private renderSection(section: CatalogSection): TemplateResult {
    const w = this.w;
    const state = sectionState(section, this.drafts);
    const granted = section.permissions.filter((permission) => this.drafts.get(permission.key)?.granted).length;
    const open = this.expanded.has(section.key);
    const ariaChecked = state === 'all' ? 'true' : state === 'some' ? 'mixed' : 'false';
    return html`<li class="section">
      <div class="section-head">
        <button
          type="button"
          role="checkbox"
          class="tri"
          id="section-${section.key}"
          aria-checked=${ariaChecked}
          @click=${() => (this.drafts = toggleSection(section, this.drafts))}
        >
          <span class="box" aria-hidden="true">${state === 'all' ? '✓' : state === 'some' ? '–' : ''}</span>
          <span>${section.label}</span>
        </button>
        <span class="count" aria-hidden="true">${w.grantedCount(granted, section.permissions.length)}</span>
        <button
          type="button"
          class="secondary disclose"
          id="show-${section.key}"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls="rights-${section.key}"
          aria-label=${open ? w.hideRights(section.label) : w.showRights(section.label, section.permissions.length)}
          @click=${() => this.toggleExpanded(section.key)}
        >
          <span aria-hidden="true">${open ? '▴' : '▾'}</span>
        </button>
      </div>
      <ul class="permissions" id="rights-${section.key}" ?hidden=${!open}>
        ${open ? section.permissions.map((permission) => this.renderPermission(permission)) : nothing}
      </ul>
    </li>`;
  }

  private renderPermission(permission: CatalogPermission): TemplateResult {
    const draft = this.drafts.get(permission.key);
    if (!draft) return html``;
    const problem = this.fieldProblems[permission.key];
    const id = `grant-${permission.key}`;
    return html`<li>
      <div class="check">
        <input
          type="checkbox"
          id=${id}
          .checked=${draft.granted}
          aria-describedby=${this.problemRef(permission.key)}
          @change=${(event: Event) => this.setDraft(permission.key, { granted: (event.target as HTMLInputElement).checked })}
        />
        <label for=${id}>${permission.label}</label>
      </div>
      ${draft.granted ? this.renderGrantForm(permission, draft) : nothing}
      ${problem ? html`<div class="problem" id="${id}-problem">${problem}</div>` : nothing}
    </li>`;
  }

  /** The id of the problem shown under a permission, for its fields' aria-describedby. */
  private problemRef(key: string): string | typeof nothing {
    return this.fieldProblems[key] ? `grant-${key}-problem` : nothing;
  }

  private renderGrantForm(permission: CatalogPermission, draft: GrantDraft): TemplateResult | typeof nothing {
    const w = this.w;
    const modes = modesOf(permission);
    if (modes.length < 2) return nothing;
    const key = permission.key;
    const scoped = permission.forms.includes('scope');
    const label = (mode: Mode) => (mode === 'allow' && scoped ? w.scopedAll : w.modes[mode]);
    return html`<div class="grant-form">
      <div class="field">
        <label for="mode-${key}">${w.howGranted(permission.label)}</label>
        <select id="mode-${key}" @change=${(event: Event) => this.setDraft(key, { mode: (event.target as HTMLSelectElement).value as Mode })}>
          ${modes.map((mode) => html`<option value=${mode} ?selected=${draft.mode === mode}>${label(mode)}</option>`)}
        </select>
      </div>
      ${draft.mode === 'staff' ? this.renderEmployees(key, draft) : nothing}
      ${draft.mode === 'days'
        ? html`<div class="field">
            <label for="days-${key}">${w.days}</label>
            <input id="days-${key}" aria-describedby=${this.problemRef(key)} type="number" inputmode="numeric" min="0" step="1" .value=${draft.days} @input=${(event: Event) => this.setDraft(key, { days: (event.target as HTMLInputElement).value })} />
          </div>`
        : nothing}
      ${draft.mode === 'limit'
        ? html`<div class="field">
              <label for="limit-${key}">${w.limit}</label>
              <input id="limit-${key}" aria-describedby=${this.problemRef(key)} type="number" inputmode="decimal" min="0" step="0.01" .value=${draft.limit} @input=${(event: Event) => this.setDraft(key, { limit: (event.target as HTMLInputElement).value })} />
            </div>
            ${permission.forms.includes('approval') ? this.renderAboveApproval(key, draft) : nothing}`
        : nothing}
    </div>`;
  }

  private renderAboveApproval(key: string, draft: GrantDraft): TemplateResult {
    return html`<div class="check">
      <input type="checkbox" id="above-${key}" .checked=${draft.aboveApproval} @change=${(event: Event) => this.setDraft(key, { aboveApproval: (event.target as HTMLInputElement).checked })} />
      <label for="above-${key}">${this.w.aboveApproval}</label>
    </div>`;
  }

  private renderEmployees(key: string, draft: GrantDraft): TemplateResult {
    const w = this.w;
    const known = new Set(this.staffOptions.map((option) => option.id));
    // Employees the level names but the host did not list stay chosen (and visible by id) rather than silently dropped.
    const options = [...this.staffOptions, ...draft.employeeIds.filter((id) => !known.has(id)).map((id) => ({ id, name: id }))];
    return html`<fieldset aria-describedby=${this.problemRef(key)}>
      <legend>${w.employees}</legend>
      ${options.length === 0 ? html`<p class="hint">${w.noStaffOptions}</p>` : nothing}
      ${options.map(
        (option) => html`<div class="check">
          <input
            type="checkbox"
            id="employee-${key}-${option.id}"
            .checked=${draft.employeeIds.includes(option.id)}
            @change=${(event: Event) => this.toggleEmployee(key, option.id, (event.target as HTMLInputElement).checked)}
          />
          <label for="employee-${key}-${option.id}">${option.name}</label>
        </div>`,
      )}
    </fieldset>`;
  }
}

if (!customElements.get('staffgate-access-level-editor')) customElements.define('staffgate-access-level-editor', StaffGateAccessLevelEditor);

declare global {
  interface HTMLElementTagNameMap {
    'staffgate-access-level-editor': StaffGateAccessLevelEditor;
  }
}
