/**
 * How `npm run smoke` authenticates its operator call: SigV4 (service
 * `execute-api`) with an AWS profile's credentials against a deployed API, or
 * the local server's operator token as a bearer.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { OutgoingRequest, RequestSigner } from './checks.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape the SigV4 signer asks for. */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }

  update(data: SourceData, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialSource = AwsCredentials | (() => Promise<AwsCredentials>);

/** `https://<id>.execute-api.<region>.amazonaws.com/...` → `<region>`; undefined for any other host (a custom domain: pass --region). */
export function regionFromUrl(url: string): string | undefined {
  const host = new URL(url).hostname.toLowerCase();
  return /^[a-z0-9]+\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}

/** Signs with SigV4 for API Gateway (`execute-api`) in `region`. */
export function sigV4Signer(options: { region: string; credentials: CredentialSource; signingDate?: () => Date }): RequestSigner {
  const signer = new SignatureV4({ service: 'execute-api', region: options.region, credentials: options.credentials, sha256: NodeSha256 });
  return async (request: OutgoingRequest) => {
    const url = new URL(request.url);
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        // The host is signed; fetch then sends the same one from the URL.
        headers: { ...request.headers, host: url.host },
        ...(request.body === undefined ? {} : { body: request.body }),
      },
      options.signingDate ? { signingDate: options.signingDate() } : {},
    );
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    return headers;
  };
}

/** The local server's stand-in for IAM: the operator token (OPERATOR_TOKEN) as a bearer. */
export function bearerSigner(token: string): RequestSigner {
  return async (request) => ({ ...request.headers, authorization: `Bearer ${token}` });
}
