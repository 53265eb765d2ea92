import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { parseSmokeArgs } from '../../scripts/smoke/cli.js';
import { bearerSigner, NodeSha256, regionFromUrl, sigV4Signer } from '../../scripts/smoke/signers.js';

// The example credentials of the AWS documentation and of the SigV4 test suite: not real.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const url = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/v1/operator/tenants';
const request = (body = '{"name":"x"}') => ({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body });
const fixedDate = () => new Date('2026-11-30T12:00:00Z');

describe('smoke SigV4 signer', () => {
  it('signs for execute-api in the region with an AWS4-HMAC-SHA256 authorization and x-amz-date', async () => {
    const headers = await sigV4Signer({ region: 'eu-west-1', credentials })(request());
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=/);
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(headers.authorization ?? '')?.[1]?.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
    // fetch sets the host from the URL; the signer keeps the request's own headers.
    expect(headers.host).toBeUndefined();
    expect(headers['content-type']).toBe('application/json');
  });

  it('adds the session token of temporary (assumed-role) credentials, from a provider', async () => {
    const provider = async () => ({ ...credentials, sessionToken: 'session-token-example' });
    const headers = await sigV4Signer({ region: 'us-east-1', credentials: provider })(request());
    expect(headers['x-amz-security-token']).toBe('session-token-example');
    expect(headers.authorization).toContain('/us-east-1/execute-api/aws4_request');
  });

  it('is deterministic for a date and covers the body', async () => {
    const sign = sigV4Signer({ region: 'eu-west-1', credentials, signingDate: fixedDate });
    const a = await sign(request());
    const b = await sign(request());
    const other = await sign(request('{"name":"y"}'));
    expect(a['x-amz-date']).toBe('20261130T120000Z');
    expect(a.authorization).toBe(b.authorization);
    expect(other.authorization).not.toBe(a.authorization);
  });

  it('hashes with node:crypto as the AWS SigV4 test suite expects (get-vanilla)', async () => {
    expect(Buffer.from(await new NodeSha256().digest()).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const signer = new SignatureV4({ service: 'service', region: 'us-east-1', credentials, sha256: NodeSha256, applyChecksum: false });
    const signed = await signer.sign(
      { method: 'GET', protocol: 'https:', hostname: 'example.amazonaws.com', path: '/', query: {}, headers: { host: 'example.amazonaws.com' } },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, ' +
        'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('surfaces a credential failure instead of sending unsigned', async () => {
    const sign = sigV4Signer({ region: 'eu-west-1', credentials: async () => Promise.reject(new Error('profile not found')) });
    await expect(sign(request())).rejects.toThrow('profile not found');
  });
});

describe('smoke local bearer signer', () => {
  it('sends the operator token as a bearer', async () => {
    expect(await bearerSigner('tok')(request())).toEqual({ 'content-type': 'application/json', authorization: 'Bearer tok' });
  });
});

describe('smoke flags', () => {
  it('takes the region from an execute-api URL', () => {
    expect(regionFromUrl(url)).toBe('eu-west-1');
    expect(regionFromUrl('https://a1b2c3.execute-api.us-gov-west-1.amazonaws.com/prod')).toBe('us-gov-west-1');
    expect(regionFromUrl('https://api.salon.example/v1')).toBeUndefined();
  });

  it('signs with the profile in the URL region, and needs an owner email for it', () => {
    expect(parseSmokeArgs(['--url', url, '--operator-profile', 'ops', '--owner-email', 'ops@salon.example'])).toEqual({
      ok: true,
      config: { url, operator: { kind: 'sigv4', profile: 'ops', region: 'eu-west-1', ownerEmail: 'ops@salon.example' } },
    });
    const missing = parseSmokeArgs(['--url', url, '--operator-profile', 'ops']);
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining('--owner-email') });
  });

  it('needs --region for a custom domain, and a profile unless --skip-operator', () => {
    const custom = 'https://api.salon.example';
    expect(parseSmokeArgs(['--url', custom, '--operator-profile', 'ops', '--owner-email', 'a@b.example'])).toMatchObject({ ok: false, error: expect.stringContaining('--region') });
    expect(parseSmokeArgs(['--url', custom, '--operator-profile', 'ops', '--owner-email', 'a@b.example', '--region', 'eu-north-1'])).toMatchObject({
      ok: true,
      config: { operator: { region: 'eu-north-1' } },
    });
    expect(parseSmokeArgs(['--url', custom])).toMatchObject({ ok: false, error: expect.stringContaining('--operator-profile') });
    expect(parseSmokeArgs(['--url', custom, '--skip-operator'])).toEqual({ ok: true, config: { url: custom } });
    expect(parseSmokeArgs(['--url', custom, '--bogus'])).toMatchObject({ ok: false });
    expect(parseSmokeArgs(['--skip-operator'])).toMatchObject({ ok: false, error: '--url is required' });
  });
});
