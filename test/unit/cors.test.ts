import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsHeaders, preflightAnswer } from '#shared/http/cors.js';

const APP = 'https://app.salon.example/staff/';
const HOST = 'https://app.salon.example';

describe('the CORS grant', () => {
  it('names only the host app’s origin: any other origin gets nothing but Vary', () => {
    fc.assert(
      fc.property(fc.webUrl().map((url) => new URL(url).origin), (origin) => {
        fc.pre(origin !== HOST);
        expect(corsHeaders(origin, APP)).toEqual({ Vary: 'Origin' });
      }),
    );
  });

  it('tells the host origin apart from its look-alikes (another port, scheme or subdomain)', () => {
    for (const origin of ['http://app.salon.example', 'https://app.salon.example:8443', 'https://evil.app.salon.example', 'https://app.salon.example.evil.example', 'null']) {
      expect(corsHeaders(origin, APP)['Access-Control-Allow-Origin']).toBeUndefined();
    }
    expect(corsHeaders(HOST, APP)['Access-Control-Allow-Origin']).toBe(HOST);
  });

  it('answers a preflight only for a method the resource has', () => {
    const headers = { Origin: HOST, 'Access-Control-Request-Method': 'delete' };

    expect(preflightAnswer(headers, ['GET', 'DELETE'], APP)?.statusCode).toBe(204);
    expect(preflightAnswer(headers, ['GET'], APP)).toBeUndefined();
    expect(preflightAnswer({ Origin: HOST }, ['GET'], APP)).toBeUndefined();
  });
});
