/**
 * `npm run preflight -- --region <region>`: what an AWS account still lacks
 * before StaffGate can send email and SMS from that region. Read-only: it
 * calls Get/List APIs with the operator's credentials and changes nothing.
 *
 * What the stack cannot set for you (account-level, no CloudFormation resource):
 * SES production access (a support request), the SNS SMS sandbox exit and the
 * monthly SMS spend limit (a support request above USD 1, then
 * `aws sns set-sms-attributes --attributes MonthlySpendLimit=<usd>`), and
 * origination numbers (toll-free, 10DLC, short codes: AWS End User Messaging SMS).
 *
 * Options: --identity <domain|address> and --spend-limit <usd> override what
 * cdk.json says for the region's deployment; --cdk-json <path> reads another file.
 * Endpoints follow the SDK's AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL_SNS.
 * Exit code 0 when ready, 1 when something is missing, 2 on bad usage.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListOriginationNumbersCommand,
  type PhoneNumberInformation,
  SNSClient,
} from '@aws-sdk/client-sns';

export interface PreflightOptions {
  region: string;
  /** The SES identity the deployment sends as (domain or address); unknown skips the identity check. */
  identity?: string;
  /** The spend limit the deployment expects (USD); without it anything above SNS's default of 1 passes. */
  monthlySpendLimitUsd?: number;
  /** An origination number the deployment sends from, which must exist in the region. */
  originationNumber?: string;
}

export type CheckStatus = 'ok' | 'missing' | 'warning';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface PreflightReport {
  region: string;
  ready: boolean;
  checks: Check[];
}

/** SNS's default MonthlySpendLimit for a new account: a handful of messages. */
const SNS_DEFAULT_SPEND_LIMIT = 1;

function errorName(error: unknown): string {
  const { name } = (error ?? {}) as { name?: unknown };
  return typeof name === 'string' ? name : 'unknown error';
}

/** A check whose API call failed reports that, instead of aborting the others. */
async function check(name: string, run: () => Promise<Omit<Check, 'name'>>): Promise<Check> {
  try {
    return { name, ...(await run()) };
  } catch (error) {
    const detail =
      errorName(error) === 'AccessDeniedException' || errorName(error) === 'AuthorizationError'
        ? 'access denied: run with credentials that may read SES and SNS settings'
        : `could not be read (${errorName(error)})`;
    return { name, status: 'missing', detail };
  }
}

export async function preflight(options: PreflightOptions): Promise<PreflightReport> {
  const ses = new SESv2Client({ region: options.region });
  const sns = new SNSClient({ region: options.region });

  const checks = await Promise.all([
    check('SES production access', async () => {
      const account = await ses.send(new GetAccountCommand({}));
      if (account.SendingEnabled === false) return { status: 'missing', detail: 'sending is paused for this account in this region' };
      if (!account.ProductionAccessEnabled) {
        return {
          status: 'missing',
          detail: 'the account is in the SES sandbox: it can email verified addresses only. Request production access (SES console, Account dashboard)',
        };
      }
      const quota = account.SendQuota;
      return { status: 'ok', detail: `production access; quota ${quota?.Max24HourSend ?? '?'} per 24 h, ${quota?.MaxSendRate ?? '?'} per second` };
    }),

    options.identity === undefined
      ? Promise.resolve<Check>({ name: 'SES sender identity', status: 'warning', detail: 'no identity given (--identity) or configured for this region: not checked' })
      : check(`SES sender identity ${options.identity}`, async () => {
          try {
            const identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: options.identity }));
            const problems: string[] = [];
            if (!identity.VerifiedForSendingStatus) problems.push(`not verified (${identity.VerificationStatus ?? 'status unknown'})`);
            const dkim = identity.DkimAttributes;
            if (identity.IdentityType === 'DOMAIN' && (!dkim?.SigningEnabled || dkim.Status !== 'SUCCESS')) {
              problems.push(`DKIM ${dkim?.SigningEnabled ? (dkim.Status ?? 'not started') : 'signing disabled'}: publish the three DKIM CNAME records (stack outputs)`);
            }
            if (problems.length > 0) return { status: 'missing', detail: problems.join('; ') };
            return { status: 'ok', detail: identity.IdentityType === 'DOMAIN' ? 'verified, DKIM verified' : 'verified' };
          } catch (error) {
            if (errorName(error) !== 'NotFoundException') throw error;
            return {
              status: 'missing',
              detail: 'no such identity in this region: deploy the stack (sesIdentity "create") or create and verify it (sesIdentity "existing")',
            };
          }
        }),

    check('SNS SMS sandbox', async () => {
      const { IsInSandbox } = await sns.send(new GetSMSSandboxAccountStatusCommand({}));
      return IsInSandbox
        ? { status: 'missing', detail: 'the account is in the SMS sandbox: it can text verified numbers only. Request to leave it (SNS console, Text messaging)' }
        : { status: 'ok', detail: 'out of the sandbox' };
    }),

    check('SNS SMS monthly spend limit', async () => {
      const { attributes } = await sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit', 'DefaultSMSType'] }));
      const limit = Number(attributes?.MonthlySpendLimit ?? SNS_DEFAULT_SPEND_LIMIT);
      const wanted = options.monthlySpendLimitUsd;
      const fix = 'raise it with a support request, then `aws sns set-sms-attributes --attributes MonthlySpendLimit=<usd>`';
      if (wanted !== undefined && limit < wanted) return { status: 'missing', detail: `USD ${limit}, below the configured USD ${wanted}: ${fix}` };
      if (wanted === undefined && limit <= SNS_DEFAULT_SPEND_LIMIT) return { status: 'missing', detail: `USD ${limit}, the default for new accounts: ${fix}` };
      return { status: 'ok', detail: `USD ${limit}${wanted === undefined ? '' : ` (configured: USD ${wanted})`}` };
    }),

    check('SMS origination numbers', async () => {
      const numbers: PhoneNumberInformation[] = [];
      let NextToken: string | undefined;
      do {
        const page = await sns.send(new ListOriginationNumbersCommand({ ...(NextToken ? { NextToken } : {}) }));
        numbers.push(...(page.PhoneNumbers ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      const active = numbers.filter((number) => number.Status === 'ACTIVE' && (number.NumberCapabilities ?? ['SMS']).includes('SMS'));
      const list = active.map((number) => `${number.PhoneNumber ?? '?'} (${number.Iso2CountryCode ?? '?'}, ${number.RouteType ?? '?'})`).join(', ');
      if (options.originationNumber && !active.some((number) => number.PhoneNumber === options.originationNumber)) {
        return { status: 'missing', detail: `the configured ${options.originationNumber} is not an active SMS number here${list ? `; active: ${list}` : ''}` };
      }
      if (active.length === 0) {
        return {
          status: 'warning',
          detail: 'none: texts to the US and Canada need a registered toll-free, 10DLC or short code number (AWS End User Messaging SMS); other countries may use a sender ID',
        };
      }
      return { status: 'ok', detail: list };
    }),
  ]);

  return { region: options.region, ready: checks.every((c) => c.status !== 'missing'), checks };
}

const MARK: Record<CheckStatus, string> = { ok: 'ok     ', missing: 'MISSING', warning: 'warning' };

export function formatReport(report: PreflightReport): string {
  const lines = report.checks.map((c) => `  ${MARK[c.status]}  ${c.name}: ${c.detail}`);
  const verdict = report.ready
    ? `Ready: ${report.region} can send email and SMS.`
    : `Not ready: ${report.checks.filter((c) => c.status === 'missing').length} thing(s) missing in ${report.region}.`;
  return [`StaffGate preflight, ${report.region}`, ...lines, verdict].join('\n');
}

interface DeploymentEntry {
  region?: string;
  emailFrom?: string;
  sesIdentity?: { create?: string; existing?: string };
  sms?: { monthlySpendLimitUsd?: number; originationNumber?: string };
}

/** What cdk.json configures for the region: the defaults of the options. */
export function configuredFor(region: string, cdkJsonPath: string): Omit<PreflightOptions, 'region'> {
  let context: { deployments?: unknown; emailFrom?: unknown };
  try {
    context = (JSON.parse(readFileSync(cdkJsonPath, 'utf8')) as { context?: typeof context }).context ?? {};
  } catch {
    return {};
  }
  const deployments = (typeof context.deployments === 'string' ? JSON.parse(context.deployments) : context.deployments) as DeploymentEntry[] | undefined;
  const deployment = deployments?.find((d) => d.region === region);
  if (!deployment) return {};
  const emailFrom = deployment.emailFrom ?? (typeof context.emailFrom === 'string' ? context.emailFrom : undefined);
  const identity = deployment.sesIdentity?.create ?? deployment.sesIdentity?.existing ?? emailFrom?.slice(emailFrom.lastIndexOf('@') + 1);
  return {
    ...(identity ? { identity } : {}),
    ...(deployment.sms?.monthlySpendLimitUsd !== undefined ? { monthlySpendLimitUsd: deployment.sms.monthlySpendLimitUsd } : {}),
    ...(deployment.sms?.originationNumber ? { originationNumber: deployment.sms.originationNumber } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      region: { type: 'string' },
      identity: { type: 'string' },
      'spend-limit': { type: 'string' },
      'cdk-json': { type: 'string', default: 'cdk.json' },
    },
  });
  if (!values.region) {
    console.error('usage: npm run preflight -- --region <region> [--identity <domain|address>] [--spend-limit <usd>] [--cdk-json <path>]');
    return 2;
  }
  const spendLimit = values['spend-limit'] === undefined ? undefined : Number(values['spend-limit']);
  if (spendLimit !== undefined && !(spendLimit >= 0)) {
    console.error('--spend-limit must be a number of US dollars');
    return 2;
  }
  const options: PreflightOptions = {
    region: values.region,
    ...configuredFor(values.region, values['cdk-json']),
    ...(values.identity ? { identity: values.identity } : {}),
    ...(spendLimit !== undefined ? { monthlySpendLimitUsd: spendLimit } : {}),
  };
  const report = await preflight(options);
  console.log(formatReport(report));
  return report.ready ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
