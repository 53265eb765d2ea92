import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { nextAttemptAt, RETRY_WINDOW_MS } from '#shared/domain/webhooks/retry-schedule.js';
import { signedHeaders } from '#shared/domain/webhooks/send.js';
import { isPublicAddress, parseWebhookUrl, resolvePublicAddress, WebhookUrlError } from '#shared/domain/webhooks/url-guard.js';

const HOUR = 3_600_000;

describe('webhook URLs', () => {
  it.each([
    'http://hooks.example.com/x',
    'https://127.0.0.1/x',
    'https://localhost/x',
    'https://[::1]/x',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://192.168.0.1/',
    'https://100.64.0.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[64:ff9b::a00:1]/',
    'https://0.0.0.0/',
    'https://224.0.0.1/',
    'https://metadata.internal/',
    'https://nas.local/',
    'https://intranet/',
    'https://user:secret@hooks.example.com/',
    'https://[::127.0.0.1]/',
    'https://[::7f00:1]/',
    'https://[::a9fe:a9fe]/latest/meta-data',
    'https://metadata.google.internal./',
    'https://foo.localhost./',
    'https://hooks.example.com:22/',
    'https://hooks.example.com:25/',
    `https://hooks.example.com/${'é'.repeat(1000)}`,
  ])('deployed, refuses %s', (url) => {
    expect(() => parseWebhookUrl(url, false)).toThrow(WebhookUrlError);
  });

  it.each(['https://hooks.example.com/staffgate', 'https://93.184.216.34:8443/x', 'https://[2606:4700::1111]/x', 'https://hooks.example.com:443/x'])('accepts %s', (url) => {
    expect(parseWebhookUrl(url, false).href).toBe(new URL(url).href);
  });

  it('local mode accepts http to 127.0.0.1 and localhost only', () => {
    expect(parseWebhookUrl('http://127.0.0.1:8080/hooks', true).port).toBe('8080');
    expect(parseWebhookUrl('http://localhost:8080/hooks', true).hostname).toBe('localhost');
    expect(() => parseWebhookUrl('http://hooks.example.com/x', true)).toThrow(WebhookUrlError);
    expect(() => parseWebhookUrl('http://10.0.0.1/x', true)).toThrow(WebhookUrlError);
  });

  it('no IPv4 address outside the public unicast ranges passes', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        const first = Number(address.split('.')[0]);
        const second = Number(address.split('.')[1]);
        const privateRange = first === 10 || first === 127 || first === 0 || (first === 192 && second === 168) || (first === 172 && second >= 16 && second < 32) || (first === 169 && second === 254) || first >= 224;
        if (privateRange) expect(isPublicAddress(address)).toBe(false);
      }),
    );
  });

  it('a name whose AAAA answer is an IPv4-compatible form of a private address is refused', async () => {
    const resolver = async () => [{ address: '::a9fe:a9fe', family: 6 }];
    await expect(resolvePublicAddress(new URL('https://sneaky.example.com/'), false, resolver)).rejects.toMatchObject({ reason: 'address_refused' });
  });

  it('a name is refused when any address it resolves to is private, even beside public ones', async () => {
    const url = new URL('https://rebind.example.com/');
    const resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(resolvePublicAddress(url, false, resolver)).rejects.toMatchObject({ reason: 'address_refused' });
  });

  it('a name that resolves to public addresses gives the first, to connect to it and no other', async () => {
    const resolver = async () => [{ address: '2606:4700::1111', family: 6 }];
    await expect(resolvePublicAddress(new URL('https://hooks.example.com/'), false, resolver)).resolves.toEqual({ address: '2606:4700::1111', family: 6 });
  });

  it('a name that does not resolve says so', async () => {
    const resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(resolvePublicAddress(new URL('https://nowhere.example.com/'), false, resolver)).rejects.toMatchObject({ reason: 'unresolvable' });
  });
});

describe('webhook signatures (Standard Webhooks)', () => {
  // The spec's published example: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const messageId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const at = new Date(1614265330 * 1000);
  const payload = '{"test": 2432232314}';

  it('signs the spec example to its published signature', () => {
    expect(signedHeaders([secret], messageId, at, payload)).toEqual({
      'webhook-id': messageId,
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('during a rotation carries one signature per secret, each verifying alone', () => {
    const other = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const now = new Date();
    const headers = signedHeaders([other, secret], messageId, now, payload);
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const key of [other, secret]) expect(() => new Webhook(key).verify(payload, headers)).not.toThrow();
  });
});

describe('webhook retry schedule', () => {
  const start = Date.parse('2026-11-30T00:00:00Z');

  it('waits longer after each failure: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then 8 h', () => {
    let now = start;
    const waits: number[] = [];
    for (let attempts = 1; attempts <= 9; attempts += 1) {
      const next = nextAttemptAt(start, attempts, now) as number;
      waits.push((next - now) / 1000);
      now = next;
    }
    expect(waits).toEqual([5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800]);
  });

  it('keeps trying until 24 h after the first attempt, the last attempt at the end, and no longer', () => {
    let now = start;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(start, attempts, now);
      if (next === undefined) break;
      expect(next).toBeLessThanOrEqual(start + RETRY_WINDOW_MS);
      now = next;
      attempts += 1;
    }
    expect(now).toBe(start + RETRY_WINDOW_MS);
    expect(attempts).toBeGreaterThanOrEqual(10);
    expect(nextAttemptAt(start, attempts, start + 25 * HOUR)).toBeUndefined();
  });

  it('a scale shortens the whole window alike', () => {
    expect(nextAttemptAt(start, 1, start, 0.001)).toBe(start + 5);
    expect(nextAttemptAt(start, 30, start + RETRY_WINDOW_MS * 0.001, 0.001)).toBeUndefined();
  });
});
