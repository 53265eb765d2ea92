import { createHmac } from 'node:crypto';
import { createWebhookVerifier, type StaffGateEvent, WebhookVerificationError } from '@staffgate/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The published test vector of the Standard Webhooks libraries (signing `{"test": 2432232314}`). */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const SECRET = `whsec_${Buffer.from('staffgate test webhook secret, 32 bytes').toString('base64')}`;

/** Signs as the Standard Webhooks spec says a sender does: HMAC-SHA256 of `id.timestamp.body` under the secret's bytes. */
function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

const now = () => Math.floor(Date.now() / 1000);

const event: StaffGateEvent = {
  id: 'evt_01J9ZK6W1Y8M3Q4R5S6T7V8W9X',
  type: 'staff.level_changed',
  tenantId: 'ten_01J9ZK6W1Y8M3Q4R5S6T7V8W9X',
  occurredAt: '2026-05-04T09:30:00.000Z',
  data: { staffId: 'stf_1', accessLevelId: 'lvl_2', previousAccessLevelId: 'lvl_1', fields: ['accessLevelId'] },
};

function delivery(body = JSON.stringify(event), timestamp = now(), secret = SECRET) {
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secret, id, timestamp, body) } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the Standard Webhooks test vector', () => {
  const vectorHeaders = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };

  it('passes the signature check (and is then refused only as not being a StaffGate event)', () => {
    vi.useFakeTimers({ now: VECTOR.timestamp * 1000, toFake: ['Date'] });
    expect(() => createWebhookVerifier(VECTOR.secret).verify(VECTOR.body, vectorHeaders)).toThrow(new WebhookVerificationError('Signed, but not a StaffGate event'));
  });

  it('fails the signature check with the spec’s wrong signature', () => {
    vi.useFakeTimers({ now: VECTOR.timestamp * 1000, toFake: ['Date'] });
    const headers = { ...vectorHeaders, 'webhook-signature': 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=' };
    expect(() => createWebhookVerifier(VECTOR.secret).verify(VECTOR.body, headers)).toThrow(new WebhookVerificationError('No matching signature found'));
  });

  it('is matched by this test’s own signer, so the deliveries below are signed as the spec says', () => {
    expect(signature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });
});

describe('verifying a StaffGate delivery', () => {
  const verifier = createWebhookVerifier(SECRET);

  it('returns the event, typed by its `type`', () => {
    const { body, headers } = delivery();
    const verified = verifier.verify(body, headers);
    expect(verified).toEqual(event);
    if (verified.type !== 'staff.level_changed') throw new Error(`unexpected ${verified.type}`);
    expect(verified.data.previousAccessLevelId).toBe('lvl_1');
  });

  it('takes the headers as a Headers object too, in any letter case', () => {
    const { body, headers } = delivery();
    const fetchHeaders = new Headers(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verifier.verify(body, fetchHeaders)).toEqual(event);
  });

  it('takes the body as bytes (a Buffer from a raw-body parser)', () => {
    const { body, headers } = delivery();
    expect(verifier.verify(Buffer.from(body), headers)).toEqual(event);
  });

  it('accepts a delivery carrying several signatures when one matches (a secret being rotated)', () => {
    const { body, headers } = delivery();
    const rotating = { ...headers, 'webhook-signature': `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${headers['webhook-signature']}` };
    expect(verifier.verify(body, rotating)).toEqual(event);
  });

  it('refuses a body changed after signing', () => {
    const { headers } = delivery();
    const tampered = JSON.stringify({ ...event, tenantId: 'ten_someone_else' });
    expect(() => verifier.verify(tampered, headers)).toThrow(WebhookVerificationError);
  });

  it('refuses a body that is the same JSON serialised differently (verify the raw body, not a re-serialised one)', () => {
    const { headers } = delivery();
    expect(() => verifier.verify(JSON.stringify(event, null, 2), headers)).toThrow(WebhookVerificationError);
  });

  it('refuses a delivery signed with another secret', () => {
    const { body, headers } = delivery(undefined, undefined, `whsec_${Buffer.from('another secret entirely').toString('base64')}`);
    expect(() => verifier.verify(body, headers)).toThrow(new WebhookVerificationError('No matching signature found'));
  });

  it('refuses a signature moved to another timestamp', () => {
    const { body, headers } = delivery();
    expect(() => verifier.verify(body, { ...headers, 'webhook-timestamp': String(now() - 60) })).toThrow(WebhookVerificationError);
  });

  it('refuses a delivery signed more than five minutes ago (a replay)', () => {
    const { body, headers } = delivery(undefined, now() - 5 * 60 - 10);
    expect(() => verifier.verify(body, headers)).toThrow(new WebhookVerificationError('Message timestamp too old'));
  });

  it('refuses a delivery dated more than five minutes ahead', () => {
    const { body, headers } = delivery(undefined, now() + 5 * 60 + 10);
    expect(() => verifier.verify(body, headers)).toThrow(new WebhookVerificationError('Message timestamp too new'));
  });

  it('refuses a delivery without its signature header', () => {
    const { body, headers } = delivery();
    const { 'webhook-signature': _, ...unsigned } = headers;
    expect(() => verifier.verify(body, unsigned)).toThrow(new WebhookVerificationError('Missing required headers'));
  });

  it('refuses a signed payload that is not an event envelope', () => {
    const { body, headers } = delivery(JSON.stringify({ id: 'evt_1', type: 'staff.created' }));
    expect(() => verifier.verify(body, headers)).toThrow(new WebhookVerificationError('Signed, but not a StaffGate event'));
  });
});
