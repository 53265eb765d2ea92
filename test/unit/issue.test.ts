import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { parseToken, sha256 } from '#shared/crypto/tokens.js';
import { INVITATION_TTL_SECONDS, invitationMessage, newInvitation, preferredChannel } from '#shared/domain/invitations/issue.js';

const TENANT = 'ten_01hx5k3q0000000000000000';
const STAFF = 'stf_01hx5k3q0000000000000001';
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

afterEach(() => {
  clock.reset();
});

function secretOf(token: string): string {
  const parsed = parseToken(token);
  expect(parsed).toBeDefined();
  return parsed!.secret;
}

describe('newInvitation', () => {
  it('issues a token <tenantId>.<invitationId>.<secret>', () => {
    const { token, attributes } = newInvitation(TENANT, STAFF, 'email');
    expect(parseToken(token)).toEqual({ ownerId: TENANT, recordId: attributes.invitationId, secret: expect.any(String) });
  });

  it('gives the invitation an inv_ id', () => {
    expect(newInvitation(TENANT, STAFF, 'email').attributes.invitationId).toMatch(/^inv_[0-9a-z]{26}$/);
  });

  it('uses a 128-bit secret: 16 random bytes, 22 base64url characters', () => {
    const secret = secretOf(newInvitation(TENANT, STAFF, 'email').token);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
  });

  it('draws a new secret and id for every invitation', () => {
    const issued = Array.from({ length: 50 }, () => newInvitation(TENANT, STAFF, 'email'));
    expect(new Set(issued.map((i) => secretOf(i.token))).size).toBe(50);
    expect(new Set(issued.map((i) => i.attributes.invitationId)).size).toBe(50);
  });

  it('stores the SHA-256 of the secret', () => {
    const { token, attributes } = newInvitation(TENANT, STAFF, 'email');
    expect(attributes.tokenHash).toBe(sha256(secretOf(token)));
  });

  it('never stores the secret or the token', () => {
    const { token, attributes } = newInvitation(TENANT, STAFF, 'email');
    const stored = JSON.stringify(attributes);
    expect(stored).not.toContain(secretOf(token));
    expect(stored).not.toContain(token);
    expect(attributes.tokenHash).not.toBe(secretOf(token));
    expect(attributes.tokenHash).not.toBe(sha256(token));
  });

  it('expires exactly 7 days after now', () => {
    clock.advance(123_456_789);
    const now = clock.nowMs();
    const { attributes } = newInvitation(TENANT, STAFF, 'email');
    expect(INVITATION_TTL_SECONDS).toBe(7 * 24 * 60 * 60);
    expect(Date.parse(attributes.expiresAt) - Date.parse(attributes.createdAt)).toBe(SEVEN_DAYS_MS);
    expect(Date.parse(attributes.createdAt)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(attributes.createdAt)).toBeLessThan(now + 1000);
  });

  it('follows the clock: created and expiry times move with it', () => {
    const before = newInvitation(TENANT, STAFF, 'email').attributes;
    clock.advance(SEVEN_DAYS_MS * 10);
    const after = newInvitation(TENANT, STAFF, 'email').attributes;
    expect(Date.parse(after.createdAt) - Date.parse(before.createdAt)).toBeGreaterThanOrEqual(SEVEN_DAYS_MS * 10);
    expect(Date.parse(after.createdAt) - Date.parse(before.createdAt)).toBeLessThan(SEVEN_DAYS_MS * 10 + 1000);
  });

  it('writes the times as ISO-8601 UTC', () => {
    const { attributes } = newInvitation(TENANT, STAFF, 'email');
    expect(attributes.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(attributes.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('removes the item 30 days after it expires (ttl in epoch seconds)', () => {
    const { attributes } = newInvitation(TENANT, STAFF, 'email');
    expect(attributes.ttl).toBe(Math.ceil(Date.parse(attributes.expiresAt) / 1000) + 30 * 24 * 60 * 60);
  });

  it('starts pending', () => {
    expect(newInvitation(TENANT, STAFF, 'email').attributes.status).toBe('pending');
  });

  it.each(['email', 'sms'] as const)('records the %s channel', (channel) => {
    expect(newInvitation(TENANT, STAFF, channel).attributes.channel).toBe(channel);
  });

  it('belongs to its tenant and staff member', () => {
    expect(newInvitation(TENANT, STAFF, 'email').attributes).toMatchObject({ tenantId: TENANT, staffId: STAFF });
  });

});

describe('preferredChannel', () => {
  it.each([
    ['email and phone', { email: 'anna@salon.se', phone: '+46701234567' }, 'email'],
    ['only an email', { email: 'anna@salon.se' }, 'email'],
    ['only a phone', { phone: '+46701234567' }, 'sms'],
    ['neither', {}, undefined],
    ['an empty email and a phone', { email: '', phone: '+46701234567' }, 'sms'],
  ] as const)('picks %s → %s', (_label, staff, channel) => {
    expect(preferredChannel(staff)).toBe(channel);
  });
});

describe('invitationMessage', () => {
  const tenant = { name: 'Salong Blå', locale: 'sv' as const, settings: { timeZone: 'Europe/Stockholm' } };
  const staff = { tenantId: TENANT, staffId: STAFF, firstName: 'Anna', email: 'anna@salon.se', phone: '+46701234567' };

  it('sends an email invitation to the email address', () => {
    const invitation = newInvitation(TENANT, STAFF, 'email');
    expect(invitationMessage(invitation, tenant, staff, 'Maria')).toMatchObject({ channel: 'email', to: 'anna@salon.se' });
  });

  it('sends an SMS invitation to the phone number', () => {
    const invitation = newInvitation(TENANT, STAFF, 'sms');
    expect(invitationMessage(invitation, tenant, staff, 'Maria')).toMatchObject({ channel: 'sms', to: '+46701234567' });
  });

  it("carries the token, expiry and its salon's zone, tenant, locale, first name and inviter", () => {
    const invitation = newInvitation(TENANT, STAFF, 'email');
    expect(invitationMessage(invitation, tenant, staff, null)).toEqual({
      kind: 'invitation',
      channel: 'email',
      to: 'anna@salon.se',
      locale: 'sv',
      tenantName: 'Salong Blå',
      firstName: 'Anna',
      inviterName: null,
      token: invitation.token,
      expiresAt: invitation.attributes.expiresAt,
      timeZone: 'Europe/Stockholm',
      tenantId: TENANT,
      staffId: STAFF,
    });
  });

  it.each([
    ['email', { firstName: 'Anna', phone: '+46701234567' }],
    ['sms', { firstName: 'Anna', email: 'anna@salon.se' }],
  ] as const)('refuses a %s invitation for someone without that address', (channel, person) => {
    expect(() => invitationMessage(newInvitation(TENANT, STAFF, channel), tenant, { tenantId: TENANT, staffId: STAFF, ...person }, null)).toThrow();
  });
});
