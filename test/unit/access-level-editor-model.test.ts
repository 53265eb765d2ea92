import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  draftProblems,
  draftsFrom,
  grantsFrom,
  modesOf,
  sectionState,
  toggleSection,
  wholeSectionsOf,
} from '../../components/src/access-level-editor/model.js';
import { sections } from '#shared/domain/permissions/catalog.js';
import { grantsOf } from '../support/grant-arbitraries.js';

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
