import { describe, expect, it } from 'vitest';
import { permissionDefinition } from '#shared/domain/permissions/catalog.js';
import { compile, evaluate } from '#shared/domain/permissions/compiled.js';
import { checkGrants, overrideParentProblems } from '#shared/domain/permissions/grants.js';
import { findTemplate, templates } from '#shared/domain/permissions/templates.js';

/** The rights the seeds (Altegio, YCLIENTS) list as showing a client's phone number or email. */
const CLIENT_CONTACT_RIGHTS = [
  'calendar.phone.view',
  'appointments.client_data',
  'appointments.client_list',
  'appointments.client_list.phone',
  'appointments.client_data.network',
  'clients.contacts.list',
  'clients.contacts.card',
  'overview.summary.phone',
  'overview.bookings.phone',
  'overview.messages.phone',
  'overview.calls.phone',
];

describe('the access level templates', () => {
  it.each(templates.map((template) => [template.key, template] as const))('%s is a level the API accepts: catalog keys and forms, every parent granted', (_key, template) => {
    expect(checkGrants(template.grants).problems).toEqual({ unknown: [], invalid: [] });
  });

  it('gives the specialist no client contact', () => {
    const grants = findTemplate('specialist')?.grants ?? {};
    for (const key of CLIENT_CONTACT_RIGHTS) expect(grants).not.toHaveProperty(key);
  });

  it("limits every specialist right that takes a scope to the specialist's own, and opens no client database", () => {
    const grants = findTemplate('specialist')?.grants ?? {};
    for (const [key, value] of Object.entries(grants)) {
      if (permissionDefinition(key)?.forms.includes('scope')) expect([key, value]).toEqual([key, { scope: 'own' }]);
    }
    expect(Object.keys(grants).filter((key) => key.startsWith('clients.'))).toEqual([]);
  });

  it('keeps handing out rights away from the manager: no access.manage, so not a full admin', () => {
    const grants = findTemplate('manager')?.grants ?? {};
    expect(grants).not.toHaveProperty('access.manage');
    expect(grants).toHaveProperty('access.view', true);
  });

  it('lets reception see the phone numbers of the drop-down client list, with the list', () => {
    expect(findTemplate('reception')?.grants).toMatchObject({ 'appointments.client_list': true, 'appointments.client_list.phone': true });
  });
});

describe('personal overrides on a level stored before a parent was named', () => {
  // Valid under catalog version 3, when calendar.history refined nothing.
  const storedLevel = { 'calendar.history': { days: 7 }, 'sales.view': true as const };

  it('are not refused for the parent the level itself lacks', () => {
    expect(overrideParentProblems(storedLevel, { 'stock.view': true })).toEqual([]);
  });

  it('are refused for a right they grant without its parent', () => {
    expect(overrideParentProblems(storedLevel, { 'calendar.history': { days: 1 } })).toEqual([
      { path: 'overrides.calendar.history', message: 'calendar.history needs calendar.view: grant calendar.view too.' },
    ]);
  });

  it('are refused for a parent they take away', () => {
    expect(overrideParentProblems({ 'clients.view': true, 'clients.create': true }, { 'clients.view': false })).toEqual([
      { path: 'overrides.clients.create', message: 'clients.create needs clients.view: grant clients.view too.' },
    ]);
  });

  it('leave the stored level evaluated as stored', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(evaluate(compile(storedLevel), 'calendar.history', { branchIds: [] }, { date: '2026-11-28' }, now)).toEqual({ allowed: true, reason: 'granted' });
  });
});
