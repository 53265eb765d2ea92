import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#infra/constructs/staffgate-function.js';
import { formatReport, preflight } from '../../scripts/preflight.js';

/** What the stand-in account looks like; the server answers SES v2 (REST JSON) and SNS (query/XML) from it. */
interface Account {
  productionAccess: boolean;
  identities: Record<string, { type: 'DOMAIN' | 'EMAIL_ADDRESS'; verified: boolean; dkim: string }>;
  smsSandbox: boolean;
  spendLimit: string;
  numbers: { number: string; country: string }[];
}

const ready: Account = {
  productionAccess: true,
  identities: { 'staffgate.io': { type: 'DOMAIN', verified: true, dkim: 'SUCCESS' } },
  smsSandbox: false,
  spendLimit: '200',
  numbers: [{ number: '+18005550100', country: 'US' }],
};
const notReady: Account = {
  productionAccess: false,
  identities: { 'staffgate.io': { type: 'DOMAIN', verified: false, dkim: 'PENDING' } },
  smsSandbox: true,
  spendLimit: '1',
  numbers: [],
};

let account: Account = ready;
const calls: string[] = [];

function sesv2(request: IncomingMessage, response: ServerResponse): void {
  const json = (status: number, body: unknown, errorType?: string) => {
    response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    response.end(JSON.stringify(body));
  };
  const url = request.url ?? '';
  if (url === '/v2/email/account') {
    calls.push('GetAccount');
    return json(200, {
      ProductionAccessEnabled: account.productionAccess,
      SendingEnabled: true,
      SendQuota: { Max24HourSend: account.productionAccess ? 50000 : 200, MaxSendRate: account.productionAccess ? 14 : 1, SentLast24Hours: 0 },
    });
  }
  const identity = /^\/v2\/email\/identities\/([^/?]+)/.exec(url);
  if (identity) {
    const name = decodeURIComponent(identity[1] as string);
    calls.push(`GetEmailIdentity ${name}`);
    const found = account.identities[name];
    if (!found) return json(404, { message: 'Identity does not exist.' }, 'NotFoundException');
    return json(200, {
      IdentityType: found.type,
      VerifiedForSendingStatus: found.verified,
      VerificationStatus: found.verified ? 'SUCCESS' : 'PENDING',
      DkimAttributes: { SigningEnabled: true, Status: found.dkim, SigningAttributesOrigin: 'AWS_SES' },
    });
  }
  json(404, { message: `no stand-in for ${url}` }, 'NotFoundException');
}

function sns(body: string, response: ServerResponse): void {
  const action = new URLSearchParams(body).get('Action') ?? '';
  calls.push(action);
  const xml = (result: string) => {
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${action}Result>${result}</${action}Result>` +
        `<ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`,
    );
  };
  switch (action) {
    case 'GetSMSSandboxAccountStatus':
      return xml(`<IsInSandbox>${account.smsSandbox}</IsInSandbox>`);
    case 'GetSMSAttributes':
      return xml(
        `<attributes><entry><key>MonthlySpendLimit</key><value>${account.spendLimit}</value></entry>` +
          '<entry><key>DefaultSMSType</key><value>Promotional</value></entry></attributes>',
      );
    case 'ListOriginationNumbers':
      return xml(
        `<PhoneNumbers>${account.numbers
          .map(
            (n) =>
              `<member><PhoneNumber>${n.number}</PhoneNumber><Status>ACTIVE</Status><Iso2CountryCode>${n.country}</Iso2CountryCode>` +
              '<RouteType>Transactional</RouteType><NumberCapabilities><member>SMS</member></NumberCapabilities></member>',
          )
          .join('')}</PhoneNumbers>`,
      );
    default:
      response.writeHead(400, { 'content-type': 'text/xml' });
      response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`);
  }
}

let server: Server;
let endpoint: string;
const saved: Record<string, string | undefined> = {};
const env = () => ({
  AWS_ENDPOINT_URL_SESV2: `${endpoint}/sesv2`,
  AWS_ENDPOINT_URL_SNS: `${endpoint}/sns`,
  // Stand-in credentials: the local server checks no signature, and no real account is reached.
  AWS_ACCESS_KEY_ID: 'stand-in',
  AWS_SECRET_ACCESS_KEY: 'stand-in',
  AWS_SESSION_TOKEN: 'stand-in',
});

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url?.startsWith('/sesv2/')) {
        request.url = request.url.slice('/sesv2'.length);
        sesv2(request, response);
      } else {
        sns(Buffer.concat(chunks).toString('utf8'), response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [key, value] of Object.entries(env())) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('npm run preflight', () => {
  it('reports a ready account as ready, through the SDK endpoint variables', async () => {
    account = ready;
    calls.length = 0;
    const report = await preflight({ region: 'eu-west-1', identity: 'staffgate.io', monthlySpendLimitUsd: 200, originationNumber: '+18005550100' });
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['SES production access', 'ok'],
      ['SES sender identity staffgate.io', 'ok'],
      ['SNS SMS sandbox', 'ok'],
      ['SNS SMS monthly spend limit', 'ok'],
      ['SMS origination numbers', 'ok'],
    ]);
    expect(calls.sort()).toEqual(['GetAccount', 'GetEmailIdentity staffgate.io', 'GetSMSAttributes', 'GetSMSSandboxAccountStatus', 'ListOriginationNumbers']);
    expect(formatReport(report)).toContain('Ready: eu-west-1 can send email and SMS.');
    expect(formatReport(report)).toContain('+18005550100 (US, Transactional)');
  });

  it('tells the operator what a fresh account lacks', async () => {
    account = notReady;
    const report = await preflight({ region: 'eu-west-1', identity: 'staffgate.io', monthlySpendLimitUsd: 200 });
    expect(report.ready).toBe(false);
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['SES production access']).toMatchObject({ status: 'missing', detail: expect.stringContaining('SES sandbox') });
    expect(byName['SES sender identity staffgate.io']).toMatchObject({ status: 'missing', detail: expect.stringMatching(/not verified \(PENDING\); DKIM PENDING/) });
    expect(byName['SNS SMS sandbox']).toMatchObject({ status: 'missing', detail: expect.stringContaining('SMS sandbox') });
    expect(byName['SNS SMS monthly spend limit']).toMatchObject({ status: 'missing', detail: expect.stringContaining('USD 1, below the configured USD 200') });
    expect(byName['SMS origination numbers']).toMatchObject({ status: 'warning' });
    expect(formatReport(report)).toContain('Not ready: 4 thing(s) missing in eu-west-1.');
  });

  it('says when the sender identity does not exist, or a configured number is not there', async () => {
    account = { ...ready, numbers: [] };
    const report = await preflight({ region: 'eu-west-1', identity: 'other.io', originationNumber: '+18005550100' });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['SES sender identity other.io']).toMatchObject({ status: 'missing', detail: expect.stringContaining('no such identity') });
    expect(byName['SMS origination numbers']).toMatchObject({ status: 'missing', detail: expect.stringContaining('+18005550100 is not an active SMS number') });
  });

  it('runs from the command line, reading the identity from cdk.json, and exits 1 when not ready', async () => {
    account = notReady;
    const run = promisify(execFile);
    const failed = await run(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['scripts/preflight.ts', '--region', 'eu-west-1'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env() },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    // cdk.json's dev deployment sends from no-reply@staffgate.example, so that is the identity asked for.
    expect(failed?.stdout).toContain('MISSING  SES sender identity staffgate.example: no such identity');
    expect(failed?.stdout).toContain('Not ready');
  });
});
