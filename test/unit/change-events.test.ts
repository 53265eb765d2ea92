import { describe, expect, it } from 'vitest';
import type { AuditEventAttributes } from '#shared/data/repositories/audit.js';
const PERSONAL = '[personal data]';
import { CHANGE_ACTIONS, changeEventOf, EVENT_TYPES } from '#shared/events/change-events.js';

const audit = (fields: Partial<AuditEventAttributes>): AuditEventAttributes => ({
  eventId: 'evt_01',
  tenantId: 'ten_1',
  at: '2026-11-30T10:00:00.000Z',
  source: 'staffgate',
  action: 'staff.updated',
  actor: { type: 'staff', id: 'stf_actor', staffId: 'stf_actor' },
  target: { type: 'staff', id: 'stf_1' },
  ttl: 1,
  ...fields,
});

describe('change events from audit events', () => {
  it('keeps the audit event id, so a stream retry makes the same event', () => {
    expect(changeEventOf(audit({ changes: { firstName: { before: PERSONAL, after: PERSONAL } } }))).toEqual({
      id: 'evt_01',
      type: 'staff.updated',
      tenantId: 'ten_1',
      occurredAt: '2026-11-30T10:00:00.000Z',
      data: { staffId: 'stf_1', fields: ['firstName'] },
    });
  });

  it('a host event (POST /v1/audit) never becomes a change event, whatever its action', () => {
    expect(changeEventOf(audit({ source: 'host', action: 'staff.created' }))).toBeUndefined();
  });

  it('events that record no change hosts follow (failed PINs, unlocks, logins) make none', () => {
    for (const action of ['pin.failed', 'terminal.unlocked', 'approval.granted', 'settings.updated']) {
      expect(changeEventOf(audit({ action }))).toBeUndefined();
    }
  });

  it('a change of level names both levels', () => {
    const event = changeEventOf(audit({ changes: { accessLevelId: { before: 'lvl_a', after: 'lvl_b' }, lastName: { before: PERSONAL, after: PERSONAL } } }));
    expect(event).toMatchObject({ type: 'staff.level_changed', data: { staffId: 'stf_1', accessLevelId: 'lvl_b', previousAccessLevelId: 'lvl_a', fields: ['accessLevelId', 'lastName'] } });
  });

  it('carries no detail of the audit event beyond the ids and fields it names', () => {
    const event = changeEventOf(
      audit({ action: 'terminal.registered', target: { type: 'terminal', id: 'trm_1' }, details: { name: 'Anna’s desk', branchId: 'brn_1' }, sourceIp: '10.0.0.1', requestId: 'req' }),
    );
    expect(event?.data).toEqual({ terminalId: 'trm_1', branchId: 'brn_1' });
    expect(JSON.stringify(event)).not.toMatch(/Anna|10\.0\.0\.1|stf_actor/);
  });

  it('every event type but the tests is made by some audit action, and every mapped action is a known one', () => {
    const made = new Set<string>();
    const sample: Record<string, Partial<AuditEventAttributes>> = {
      'staff.updated': { changes: { status: { before: 'suspended', after: 'active' } } },
      'pin.terminal_locked': { terminalId: 'trm_1', details: { until: 'x' } },
      'pin.tenant_locked': { details: { until: 'x' } },
      'staff.created': { changes: { accessLevelId: { before: null, after: 'lvl_1' }, status: { before: null, after: 'active' } } },
      'terminal.registered': { target: { type: 'terminal', id: 'trm_1' }, details: { branchId: 'brn_1' } },
      'terminal.updated': { target: { type: 'terminal', id: 'trm_1' }, changes: { name: { before: 'Desk', after: 'Front desk' } } },
      'branch.updated': { target: { type: 'branch', id: 'brn_1' }, changes: { name: { before: 'Old', after: 'New' } } },
      'invitation.sent': { details: { invitationId: 'inv_1', channel: 'email' } },
      'invitation.accepted': { details: { invitationId: 'inv_1' } },
      'invitation.revoked': { details: { invitationId: 'inv_1' } },
    };
    for (const action of CHANGE_ACTIONS) {
      const event = changeEventOf(audit({ action, ...sample[action] }));
      expect(event, action).toBeDefined();
      made.add(event?.type ?? '');
    }
    made.add(changeEventOf(audit({ changes: { accessLevelId: { before: 'a', after: 'b' } } }))?.type ?? '');
    expect([...made].sort()).toEqual([...EVENT_TYPES].sort());
  });
});
