import { describe, expect, it } from 'vitest';
import { sectionStates } from '#shared/domain/access-levels/records.js';
import { permissionKeys, sections } from '#shared/domain/permissions/catalog.js';
import { compile, evaluate, permissionList } from '#shared/domain/permissions/compiled.js';
import { checkGrants, covers, effectiveGrants, grantFor, uncovered } from '#shared/domain/permissions/grants.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const anyone = { branchIds: [] };
const calendarKeys = sections.find((section) => section.key === 'calendar')?.permissions.map((p) => p.key) ?? [];

describe('an amount limit with approval above it ({limit, above:"approval"})', () => {
  const level = compile({ 'sales.refund': { limit: 100, above: 'approval' } });

  it('is accepted for a permission that takes a limit', () => {
    expect(checkGrants({ 'sales.refund': { limit: 100, above: 'approval' } })).toEqual({
      grants: { 'sales.refund': { limit: 100, above: 'approval' } },
      problems: { unknown: [], invalid: [] },
    });
  });

  it('is refused with any other value of "above"', () => {
    expect(checkGrants({ 'sales.refund': { limit: 100, above: 'manager' } }).problems.invalid).toEqual([
      { path: 'grants.sales.refund', message: expect.stringContaining('{"limit":N,"above":"approval"}') },
    ]);
  });

  it('allows an amount up to the limit', () => {
    expect(evaluate(level, 'sales.refund', anyone, { amount: 100 }, NOW)).toEqual({ allowed: true, reason: 'granted' });
  });

  it('asks for approval above the limit instead of refusing', () => {
    expect(evaluate(level, 'sales.refund', anyone, { amount: 100.01 }, NOW)).toEqual({ allowed: false, reason: 'approval_required', approvalRequired: true });
  });

  it('still needs the amount to answer', () => {
    expect(evaluate(level, 'sales.refund', anyone, undefined, NOW)).toMatchObject({ reason: 'missing_context', missing: ['amount'] });
  });

  it('refuses above a plain limit, as before', () => {
    expect(evaluate(compile({ 'sales.refund': { limit: 100 } }), 'sales.refund', anyone, { amount: 101 }, NOW).reason).toBe('over_limit');
  });

  it('is listed with its "above"', () => {
    expect(permissionList({ 'sales.refund': { limit: 100, above: 'approval' } })).toEqual([{ key: 'sales.refund', limit: 100, above: 'approval' }]);
  });

  it.each([
    ['a lower limit with approval above it, by its holder', { limit: 100, above: 'approval' }, { limit: 50, above: 'approval' }, true],
    ['a plain lower limit, by its holder', { limit: 100, above: 'approval' }, { limit: 50 }, true],
    ['a higher limit, by no one limited', { limit: 100, above: 'approval' }, { limit: 150, above: 'approval' }, false],
    ['approval above a limit, by a holder of a plain limit', { limit: 100 }, { limit: 50, above: 'approval' }, false],
    ['approval above a limit, by a holder of approval only', 'approval', { limit: 50, above: 'approval' }, false],
    ['approval above a limit, by an unrestricted holder', true, { limit: 50, above: 'approval' }, true],
  ] as const)('is covered for %s: %s', (_, held, wanted, expected) => {
    expect(covers(held, wanted)).toBe(expected);
  });
});

describe('a whole-section grant ("calendar.*": true)', () => {
  it('is stored as sent', () => {
    expect(checkGrants({ 'calendar.*': true }).grants).toEqual({ 'calendar.*': true });
  });

  it('accepts only true (false is dropped)', () => {
    expect(checkGrants({ 'calendar.*': false }).grants).toEqual({});
    expect(checkGrants({ 'calendar.*': { scope: 'own' } }).problems.invalid).toEqual([{ path: 'grants.calendar.*', message: expect.stringContaining('whole section') }]);
  });

  it('refuses false for one of its permissions, which it would grant anyway', () => {
    expect(checkGrants({ 'calendar.*': true, 'calendar.phone.view': false }).problems.invalid).toEqual([
      { path: 'grants.calendar.phone.view', message: expect.stringContaining('part of calendar.*') },
    ]);
  });

  it('is an unknown permission for a section the catalog does not have', () => {
    expect(checkGrants({ 'bookings.*': true }).problems.unknown).toEqual(['bookings.*']);
  });

  it('allows every permission of the section and nothing outside it', () => {
    const level = compile({ 'calendar.*': true });
    for (const key of permissionKeys) {
      const decision = evaluate(level, key, anyone, { employeeId: 'emp-1', date: '2026-11-30', amount: 1 }, NOW);
      expect(decision.allowed, key).toBe(calendarKeys.includes(key));
    }
  });

  it('yields to a key of its own section given beside it', () => {
    const level = compile({ 'calendar.*': true, 'calendar.view': { scope: 'own' } });
    expect(evaluate(level, 'calendar.view', { employeeId: 'emp-1', branchIds: [] }, { employeeId: 'emp-2' }, NOW).reason).toBe('out_of_scope');
    expect(evaluate(level, 'calendar.reschedule', anyone, undefined, NOW).allowed).toBe(true);
  });

  it('draws the section as all, in the tri-state tree', () => {
    expect(sectionStates({ 'calendar.*': true }).find((section) => section.key === 'calendar')?.state).toBe('all');
    expect(sectionStates({ 'calendar.*': true }).find((section) => section.key === 'clients')?.state).toBe('none');
  });

  it('counts by the section as drawn, not by the key prefix (audit.view is in Settings)', () => {
    expect(effectiveGrants({ 'settings.*': true })['audit.view']).toBe(true);
  });

  it('answers for a permission of the section what it grants', () => {
    expect(grantFor({ 'calendar.*': true }, 'calendar.history')).toBe(true);
    expect(grantFor({ 'calendar.*': true }, 'clients.view')).toBeUndefined();
  });

  it('lists every permission of the section', () => {
    expect(permissionList({ 'calendar.*': true }).map((entry) => entry.key)).toEqual(calendarKeys);
  });

  it('can be given only by someone who holds every permission of the section outright', () => {
    const everythingButOne = Object.fromEntries(calendarKeys.slice(1).map((key) => [key, true as const]));
    expect(uncovered({ 'calendar.*': true }, { 'calendar.*': true })).toEqual([]);
    expect(uncovered(Object.fromEntries(calendarKeys.map((key) => [key, true as const])), { 'calendar.*': true })).toEqual([]);
    expect(uncovered(everythingButOne, { 'calendar.*': true })).toEqual([calendarKeys[0]]);
    expect(uncovered({ 'calendar.*': true, 'calendar.view': { scope: 'own' } }, { 'calendar.*': true })).toEqual(['calendar.view']);
  });

  it('covers, for its holder, a narrower grant of a permission of the section', () => {
    expect(uncovered({ 'calendar.*': true }, { 'calendar.view': { scope: 'own' }, 'calendar.history': { days: 3 } })).toEqual([]);
  });
});

describe('parent rights', () => {
  it('refuses a right without the right it refines, naming the parent', () => {
    expect(checkGrants({ 'calendar.phone.view': true }).problems.invalid).toEqual([
      { path: 'grants.calendar.phone.view', message: 'calendar.phone.view needs calendar.view: grant calendar.view too.' },
    ]);
  });

  it('accepts the parent in any form', () => {
    expect(checkGrants({ 'calendar.view': { scope: 'own' }, 'calendar.phone.view': true }).problems.invalid).toEqual([]);
  });

  it('accepts a parent granted by its section', () => {
    expect(checkGrants({ 'appointments.*': true, 'appointments.client_list.phone': true }).problems.invalid).toEqual([]);
  });

  it('checks each step of a chain', () => {
    expect(checkGrants({ 'appointments.view': true, 'appointments.client_list.phone': true }).problems.invalid).toEqual([
      { path: 'grants.appointments.client_list.phone', message: expect.stringContaining('needs appointments.client_list') },
    ]);
  });

  it('takes the drop-down client list, not the clients\' data, as the parent of its phone numbers', () => {
    expect(checkGrants({ 'appointments.view': true, 'appointments.client_list': true, 'appointments.client_list.phone': true }).problems.invalid).toEqual([]);
  });

  it('is not needed by a right that refines nothing', () => {
    expect(checkGrants({ 'sales.refund': { limit: 10 } }).problems.invalid).toEqual([]);
  });
});
