import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  draftProblems,
  draftsFrom,
  formFingerprint,
  type GrantDraft,
  type Grants,
  grantsFrom,
  modesOf,
  sectionState,
  toggleSection,
  wholeSectionsOf,
} from '../../components/src/access-level-editor/model.js';
import { sections } from '#shared/domain/permissions/catalog.js';
import { grantFor, grantsOf } from '../support/grant-arbitraries.js';

/** The catalog as GET /v1/permissions serves it (functions/access-levels/handler.ts). */
const catalog: Catalog = {
  version: 1,
  sections: sections.map((section) => ({
    key: section.key,
    label: section.label,
    permissions: section.permissions.map((permission) => ({ key: permission.key, label: permission.label, forms: [...permission.forms] })),
  })),
  templates: [],
};
const section = (key: string) => catalog.sections.find((entry) => entry.key === key)!;

describe('the access-level editor’s drafts', () => {
  it('give back every stored grant as it was, whatever its form', () => {
    fc.assert(
      fc.property(grantsOf(['stf_a', 'stf_b', 'stf_c'], { maxLength: 20 }), (grants) => {
        expect(grantsFrom(draftsFrom(catalog, grants))).toEqual(grants);
      }),
    );
  });

  it('keep a whole-section grant as one while every right of the section stays plainly allowed', () => {
    const grants = { 'calendar.*': true, 'clients.view': true };
    const drafts = draftsFrom(catalog, grants);
    const whole = wholeSectionsOf(catalog, grants);
    expect(sectionState(section('calendar'), drafts)).toBe('all');
    expect(grantsFrom(drafts, catalog, whole)).toEqual(grants);

    const narrowed = new Map(drafts).set('calendar.view', { ...drafts.get('calendar.view')!, mode: 'own' });
    const sent = grantsFrom(narrowed, catalog, whole);
    expect(sent['calendar.*']).toBeUndefined();
    expect(sent['calendar.view']).toEqual({ scope: 'own' });
    expect(sent['calendar.phone.view']).toBe(true);
  });

  it('toggle a section: partial fills, full empties, keeping the forms chosen', () => {
    const drafts = draftsFrom(catalog, { 'calendar.view': { scope: 'own' } });
    const calendar = section('calendar');
    expect(sectionState(calendar, drafts)).toBe('some');
    const filled = toggleSection(calendar, drafts);
    expect(sectionState(calendar, filled)).toBe('all');
    expect(grantsFrom(filled)['calendar.view']).toEqual({ scope: 'own' });
    expect(sectionState(calendar, toggleSection(calendar, filled))).toBe('none');
  });

  it('list only the modes the catalog allows for a permission', () => {
    const permission = (key: string) => catalog.sections.flatMap((entry) => entry.permissions).find((entry) => entry.key === key)!;
    expect(modesOf(permission('calendar.view'))).toEqual(['allow', 'own', 'staff']);
    expect(modesOf(permission('calendar.history'))).toEqual(['allow', 'days']);
    expect(modesOf(permission('sales.refund'))).toContain('limit');
    expect(modesOf(permission('clients.view'))).toEqual(['allow']);
  });

  it('find chosen-employee scopes with nobody chosen and days or amounts that are not numbers', () => {
    const drafts = draftsFrom(catalog, { 'calendar.view': true, 'calendar.history': { days: 3 }, 'sales.refund': { limit: 10 } });
    drafts.set('calendar.view', { ...drafts.get('calendar.view')!, mode: 'staff' });
    drafts.set('calendar.history', { ...drafts.get('calendar.history')!, days: '2.5' });
    drafts.set('sales.refund', { ...drafts.get('sales.refund')!, limit: '' });
    expect(draftProblems(drafts)).toEqual([
      { key: 'calendar.view', problem: 'employees' },
      { key: 'calendar.history', problem: 'days' },
      { key: 'sales.refund', problem: 'limit' },
    ]);
  });
});

describe('the access-level editor’s form fingerprint', () => {
  const formOf = (grants: Grants, name = 'Colourist', remoteAccess = false) => ({
    name,
    remoteAccess,
    drafts: draftsFrom(catalog, grants),
    wholeSections: wholeSectionsOf(catalog, grants),
  });
  /** Grants with each employee list in one order: the order people were chosen in means nothing. */
  const ordered = (grants: Grants) =>
    Object.fromEntries(
      Object.entries(grants).map(([key, grant]) =>
        typeof grant === 'object' && grant !== null && 'employeeIds' in grant ? [key, { ...grant, employeeIds: [...(grant.employeeIds as string[])].sort() }] : [key, grant],
      ),
    );

  it('tells a form from the same form with one permission changed or dropped exactly when the grants differ (property)', () => {
    const employees = ['stf_a', 'stf_b', 'stf_c'];
    const pairs = grantsOf(employees, { minLength: 1, maxLength: 6 }).chain((before) =>
      fc.constantFrom(...Object.keys(before)).chain((key) =>
        fc.oneof(
          grantFor(key, employees).map((grant) => [before, { ...before, [key]: grant }] as const),
          fc.constant([before, Object.fromEntries(Object.entries(before).filter(([other]) => other !== key))] as const),
        ),
      ),
    );
    fc.assert(
      fc.property(pairs, ([before, after]) => {
        expect(formFingerprint(formOf(before)) === formFingerprint(formOf(after))).toBe(isDeepStrictEqual(ordered(before), ordered(after)));
      }),
    );
  });

  it('sees no change in a permission ticked and unticked, employees chosen in another order, or a field left behind by a change of mode', () => {
    const shown = formOf({ 'calendar.view': { scope: 'staff', employeeIds: ['stf_a', 'stf_b'] }, 'calendar.history': { days: 3 } });
    const drafts = new Map(shown.drafts);
    drafts.set('calendar.view', { ...drafts.get('calendar.view')!, employeeIds: ['stf_b', 'stf_a'] });
    drafts.set('calendar.history', { ...drafts.get('calendar.history')!, limit: '55' });
    drafts.set('clients.view', { ...drafts.get('clients.view')!, granted: false, mode: 'approval' });
    expect(formFingerprint({ ...shown, drafts })).toBe(formFingerprint(shown));
  });

  it('sees a change of name, beyond spaces around it, and of remote access', () => {
    const grants = { 'clients.view': true } as const;
    expect(formFingerprint(formOf(grants, '  Colourist '))).toBe(formFingerprint(formOf(grants)));
    expect(formFingerprint(formOf(grants, 'Colourists'))).not.toBe(formFingerprint(formOf(grants)));
    expect(formFingerprint(formOf(grants, 'Colourist', true))).not.toBe(formFingerprint(formOf(grants)));
  });

  it('sees a change in the employees chosen, the days, the amount and the approval above it', () => {
    const shown = formOf({ 'calendar.view': { scope: 'staff', employeeIds: ['stf_a'] }, 'calendar.history': { days: 3 }, 'sales.refund': { limit: 10 } });
    const changed = (key: string, change: Partial<GrantDraft>) =>
      formFingerprint({ ...shown, drafts: new Map(shown.drafts).set(key, { ...shown.drafts.get(key)!, ...change }) });
    expect(changed('calendar.view', { employeeIds: ['stf_a', 'stf_b'] })).not.toBe(formFingerprint(shown));
    expect(changed('calendar.history', { days: '4' })).not.toBe(formFingerprint(shown));
    expect(changed('sales.refund', { limit: '10.5' })).not.toBe(formFingerprint(shown));
    expect(changed('sales.refund', { aboveApproval: true })).not.toBe(formFingerprint(shown));
  });

  it('sees a whole-section grant as other than its rights granted one by one', () => {
    const oneByOne = Object.fromEntries(section('calendar').permissions.map((permission) => [permission.key, true]));
    expect(formFingerprint(formOf({ 'calendar.*': true }))).not.toBe(formFingerprint(formOf(oneByOne)));
  });
});
