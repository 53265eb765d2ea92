/** The flags of `npm run smoke` (see docs/operations.md, "Smoke test after deploy"). */
import { parseArgs } from 'node:util';
import { regionFromUrl } from './signers.js';

export const USAGE = [
  'usage: npm run smoke -- --url <API URL> --operator-profile <aws profile> --owner-email <address> [--region <region>]',
  '       npm run smoke -- --url <API URL> --skip-operator',
  '       npm run smoke -- --url <local URL> --local-operator-token <token> --owner-email <address>',
].join('\n');

export type OperatorAuth =
  | { kind: 'sigv4'; profile: string; region: string; ownerEmail: string }
  | { kind: 'bearer'; token: string; ownerEmail: string };

export interface SmokeConfig {
  url: string;
  /** Absent with --skip-operator: only the unsigned checks run. */
  operator?: OperatorAuth;
}

export type Parsed = { ok: true; config: SmokeConfig } | { ok: false; error: string; help?: boolean };

export function parseSmokeArgs(argv: string[]): Parsed {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        'operator-profile': { type: 'string' },
        'owner-email': { type: 'string' },
        region: { type: 'string' },
        'skip-operator': { type: 'boolean', default: false },
        'local-operator-token': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.help) return { ok: false, error: '', help: true };
  const url = values.url;
  if (!url) return { ok: false, error: '--url is required' };
  try {
    const protocol = new URL(url).protocol;
    if (protocol !== 'https:' && protocol !== 'http:') return { ok: false, error: `--url must be http(s), not ${protocol}` };
  } catch {
    return { ok: false, error: `--url is not a URL: ${url}` };
  }
  if (values['skip-operator']) {
    if (values['operator-profile'] || values['local-operator-token']) {
      return { ok: false, error: '--skip-operator runs no operator call: drop --operator-profile / --local-operator-token' };
    }
    return { ok: true, config: { url } };
  }
  const profile = values['operator-profile'];
  const token = values['local-operator-token'];
  if (profile && token) return { ok: false, error: 'give --operator-profile (deployed, SigV4) or --local-operator-token (local), not both' };
  if (!profile && !token) return { ok: false, error: '--operator-profile is required (or --skip-operator to run only the unsigned checks)' };
  const ownerEmail = values['owner-email'];
  if (!ownerEmail || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(ownerEmail)) {
    return {
      ok: false,
      error: '--owner-email <address> is required with the operator check: it creates a trial salon and emails its owner invitation to that address',
    };
  }
  if (token) return { ok: true, config: { url, operator: { kind: 'bearer', token, ownerEmail } } };
  const region = values.region ?? regionFromUrl(url);
  if (!region) return { ok: false, error: `cannot tell the region from ${new URL(url).host}: pass --region <region>` };
  return { ok: true, config: { url, operator: { kind: 'sigv4', profile: profile as string, region, ownerEmail } } };
}
