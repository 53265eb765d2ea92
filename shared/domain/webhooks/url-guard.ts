/**
 * Where a webhook may point. A webhook makes StaffGate's functions send
 * requests to an address a salon chose: without these checks a salon could
 * reach the cloud's metadata service (169.254.169.254), the VPC's private
 * ranges or the function's own loopback (SSRF). So: https only, no
 * credentials in the URL, and every address the name resolves to must be a
 * public unicast one — checked when the webhook is saved and again at every
 * delivery, which then connects to the very address it checked (a name that
 * resolves differently a second later, DNS rebinding, gains nothing).
 * Redirects are never followed: a 3xx is a failed delivery.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export class WebhookUrlError extends Error {
  constructor(
    readonly reason: 'not_a_url' | 'scheme' | 'credentials' | 'port' | 'host' | 'address_refused' | 'unresolvable',
    message: string,
  ) {
    super(message);
    this.name = 'WebhookUrlError';
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Names that only ever mean something inside a private network. */
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan'];

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname.toLowerCase());
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

/**
 * Only the public internet: not private, loopback, link-local, shared
 * (CGNAT), multicast or reserved, nor an IPv6 form that wraps one of those.
 * IPv6 must be global unicast (2000::/3): ipaddr.js calls the deprecated
 * IPv4-compatible form `::a.b.c.d` (`::7f00:1`) unicast too.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6, 3);
}

/** Ports a webhook may use: https's own and any unprivileged one; never a well-known service port (SSH, SMTP, databases…). */
function allowedPort(url: URL): boolean {
  const port = url.port === '' ? 443 : Number(url.port);
  return port === 443 || port >= 1024;
}

/** The URL as a webhook may hold it, or a WebhookUrlError saying why not. `allowLoopback`: local mode's http://127.0.0.1:<port>. */
export function parseWebhookUrl(raw: string, allowLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('not_a_url', 'Not an absolute URL.');
  }
  const hostname = url.hostname.toLowerCase();
  const loopback = allowLoopback && isLoopbackHost(hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
    throw new WebhookUrlError('scheme', allowLoopback ? 'Use https (http only to 127.0.0.1 or localhost in local mode).' : 'Use an https URL.');
  }
  if (url.username || url.password) throw new WebhookUrlError('credentials', 'Put no user name or password in the URL; verify the signature instead.');
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) throw new WebhookUrlError('not_a_url', `At most ${MAX_WEBHOOK_URL_LENGTH} characters once normalised.`);
  if (loopback) return url;
  if (!allowedPort(url)) throw new WebhookUrlError('port', 'Use port 443 or a port from 1024 up.');
  // A trailing dot names the same host ("metadata.internal."): checked without it.
  const bare = (hostname.startsWith('[') ? hostname.slice(1, -1) : hostname).replace(/\.$/, '');
  if (ipaddr.isValid(bare)) {
    if (!isPublicAddress(bare)) throw new WebhookUrlError('address_refused', 'The address is not a public one.');
    return url;
  }
  if (!bare.includes('.') || bare === 'localhost' || PRIVATE_SUFFIXES.some((suffix) => bare.endsWith(suffix))) {
    throw new WebhookUrlError('host', 'Use a public host name.');
  }
  return url;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * The address to connect to for `url`: every address the name has must be
 * public (one private answer among public ones refuses it all), and the
 * first is used.
 */
export async function resolvePublicAddress(url: URL, allowLoopback: boolean, resolve: Resolver = systemResolver): Promise<ResolvedAddress> {
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let answers: { address: string; family: number }[];
  try {
    answers = ipaddr.isValid(hostname) ? [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }] : await resolve(hostname);
  } catch {
    throw new WebhookUrlError('unresolvable', 'The host name does not resolve.');
  }
  const first = answers[0];
  if (!first) throw new WebhookUrlError('unresolvable', 'The host name does not resolve.');
  const loopbackAllowed = allowLoopback && isLoopbackHost(url.hostname);
  for (const answer of answers) {
    const loopback = ipaddr.isValid(answer.address) && ipaddr.process(answer.address).range() === 'loopback';
    if (!isPublicAddress(answer.address) && !(loopbackAllowed && loopback)) {
      throw new WebhookUrlError('address_refused', 'The host name resolves to an address that is not a public one.');
    }
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
