/**
 * Configuration is read once, at cold start, from the environment. A missing
 * required variable stops the function from starting instead of failing later
 * on the first request that needs it.
 */
export type Residency = 'EU' | 'US' | 'OTHER';

export interface Config {
  tableName: string;
  region: string;
  residency: Residency;
  /** Set in local mode only: DynamoDB Local's endpoint. */
  dynamoEndpoint: string | undefined;
  /** Set in local mode only: aws-ses-v2-local's endpoint. */
  sesEndpoint: string | undefined;
  /** Deployed: the SQS queue every outgoing message goes through. Unset locally. */
  messageQueueUrl: string | undefined;
  emailFrom: string;
  sesConfigurationSet: string | undefined;
  /** Deployed, per deployment (infra/settings.ts `sms`): the SMS sender id and origination number, if set. */
  smsSenderId: string | undefined;
  smsOriginationNumber: string | undefined;
  /**
   * The host app: where the hosted account pages hand a person on to (after
   * accepting an invitation, say). No message links here any more.
   */
  appBaseUrl: string;
  /**
   * Where the hosted account pages are (docs/account-pages.md), which every
   * message's link leads to: the API's public URL, stage included. Deployed,
   * the message sender gets the REST API's URL; local mode sets the local
   * server's; unset, it is the app URL.
   */
  accountPagesUrl: string;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** Deployed: the KMS HMAC key of the PIN index. */
  pinMacKeyId: string | undefined;
  /** Local mode: the file holding the PIN index key. */
  pinMacKeyFile: string | undefined;
  /** Deployed: the KMS key that encrypts TOTP secrets. */
  secretsKeyId: string | undefined;
  /** Local mode: the file holding the key that encrypts TOTP secrets. */
  secretsKeyFile: string | undefined;
  /** Local mode: the file holding the access-snapshot signing key (deployed: a KMS-wrapped key ring in the table). */
  snapshotKeyFile: string | undefined;
  /** Deployed: the region's EventBridge bus change events go to. Unset locally (the local event log). */
  eventBusName: string | undefined;
  /** Deployed: the SQS queue of webhook deliveries. Unset locally. */
  webhookQueueUrl: string | undefined;
  /** Deployed: the SQS queue of staff import jobs (its worker is functions/staff-import). Unset locally. */
  staffImportQueueUrl: string | undefined;
  /** Local mode only: webhooks may call `http://127.0.0.1:<port>` and `http://localhost:<port>` (a host developer's laptop). */
  webhooksAllowLoopback: boolean;
  /** Multiplies the webhook retry schedule (24 h); 1 deployed. Local mode shortens it, so a failing receiver is seen failing in minutes. */
  webhookRetryScale: number;
}

export class MissingConfigError extends Error {
  constructor(name: string) {
    super(`Missing required environment variable ${name}`);
    this.name = 'MissingConfigError';
  }
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new MissingConfigError(name);
  return value;
}

function optionalEnv(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function intEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = optionalEnv(name, env);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

function scaleEnv(name: string, env: NodeJS.ProcessEnv): number {
  const raw = optionalEnv(name, env);
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1) throw new Error(`${name} must be a number in (0, 1]`);
  return value;
}

export function parseResidency(value: string): Residency {
  if (value === 'EU' || value === 'US' || value === 'OTHER') return value;
  throw new Error(`RESIDENCY must be EU, US or OTHER, got ${value}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    tableName: requireEnv('TABLE_NAME', env),
    region: requireEnv('AWS_REGION', env),
    residency: parseResidency(requireEnv('RESIDENCY', env)),
    dynamoEndpoint: optionalEnv('DYNAMODB_ENDPOINT', env),
    sesEndpoint: optionalEnv('SES_ENDPOINT', env),
    messageQueueUrl: optionalEnv('MESSAGE_QUEUE_URL', env),
    emailFrom: requireEnv('EMAIL_FROM', env),
    sesConfigurationSet: optionalEnv('SES_CONFIGURATION_SET', env),
    smsSenderId: optionalEnv('SMS_SENDER_ID', env),
    smsOriginationNumber: optionalEnv('SMS_ORIGINATION_NUMBER', env),
    appBaseUrl: requireEnv('APP_BASE_URL', env),
    accountPagesUrl: optionalEnv('ACCOUNT_PAGES_URL', env) ?? requireEnv('APP_BASE_URL', env),
    sessionIdleSeconds: intEnv('SESSION_IDLE_SECONDS', 30 * 60, env),
    sessionMaxSeconds: intEnv('SESSION_MAX_SECONDS', 12 * 60 * 60, env),
    pinMacKeyId: optionalEnv('PIN_MAC_KEY_ID', env),
    pinMacKeyFile: optionalEnv('PIN_MAC_KEY_FILE', env),
    secretsKeyId: optionalEnv('SECRETS_KEY_ID', env),
    secretsKeyFile: optionalEnv('SECRETS_KEY_FILE', env),
    snapshotKeyFile: optionalEnv('SNAPSHOT_KEY_FILE', env),
    eventBusName: optionalEnv('EVENT_BUS_NAME', env),
    webhookQueueUrl: optionalEnv('WEBHOOK_QUEUE_URL', env),
    staffImportQueueUrl: optionalEnv('STAFF_IMPORT_QUEUE_URL', env),
    webhooksAllowLoopback: optionalEnv('WEBHOOKS_ALLOW_LOOPBACK', env) === '1',
    webhookRetryScale: scaleEnv('WEBHOOK_RETRY_SCALE', env),
  };
}

let cached: Config | undefined;

/** The process-wide configuration, loaded on first use (cold start). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
