import type { Node } from 'constructs';
import { parseResidency, type Residency } from '#shared/config.js';

/**
 * `dev` lets `.example` placeholders through (local synthesis, tests, a sandbox
 * account); anything else is a real deployment and refuses them. A context
 * without `stage` is a real deployment: forgetting the flag must not ship placeholders.
 */
export type Stage = 'dev' | 'prod';

/** The SES identity email is sent from: created (a domain identity with Easy DKIM) or one that already exists. */
export type SesIdentity = { create: string } | { existing: string };

/**
 * SNS SMS has no CloudFormation resource for its account-level attributes
 * (default SMS type, monthly spend limit): the sender marks every message
 * Transactional itself, and `npm run preflight` compares the account's spend
 * limit with `monthlySpendLimitUsd`. Sender ID and origination number travel
 * with each Publish call.
 */
export interface SmsSettings {
  /** Alphanumeric sender ID (1–11 characters, at least one letter), where the destination country supports one. */
  senderId?: string;
  /** E.164 origination number (toll-free, 10DLC, short code) registered in the region. */
  originationNumber?: string;
  /** The account's SNS MonthlySpendLimit this deployment expects (USD); checked by preflight, set by the operator. */
  monthlySpendLimitUsd?: number;
}

export interface Deployment {
  region: string;
  residency: Residency;
  /** Sender of every email: an address within `sesIdentity`. */
  emailFrom: string;
  /** Public base URL of the web app, used in invitation and password-reset links. */
  appBaseUrl: string;
  sesIdentity: SesIdentity;
  /** Who the alarm topic emails. Required outside `dev`: an alarm nobody receives is no alarm. */
  alarmEmails: string[];
  sms: SmsSettings;
}

/** What `cdk.json` (or `--context`) decides about the deployments; everything else is code. */
export interface Settings {
  stage: Stage;
  deployments: Deployment[];
}

/**
 * Residency is a promise about where data lives, so a deployment that would
 * break it is refused at synth time. EU means EU member states: London
 * (eu-west-2) and Zurich (eu-central-2) are `eu-` regions outside the EU.
 */
export const RESIDENCY_REGIONS: Record<Residency, readonly string[] | undefined> = {
  EU: ['eu-west-1', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2'],
  US: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  OTHER: undefined,
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** RFC 2606/6761 names and their usual stand-ins: nothing SES can send from or a recipient can open. */
const PLACEHOLDER_HOST = /(^|\.)(example(\.(com|net|org))?|test|invalid|localhost|local)$/i;

function fail(message: string): never {
  throw new Error(`cdk.json context: ${message}`);
}

/** `cdk -c key='[...]'` hands JSON values over as strings. */
function contextValue(node: Node, key: string): unknown {
  const value: unknown = node.tryGetContext(key);
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed.startsWith('[') || trimmed.startsWith('{') ? JSON.parse(trimmed) : value;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(`${what} must be a non-empty string`);
  return value;
}

export function isPlaceholderHost(host: string): boolean {
  return PLACEHOLDER_HOST.test(host.replace(/\.$/, ''));
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function readStage(node: Node): Stage {
  const stage: unknown = node.tryGetContext('stage');
  if (stage === undefined || stage === 'prod') return 'prod';
  if (stage === 'dev') return 'dev';
  return fail(`"stage" must be "dev" or "prod", got ${JSON.stringify(stage)}`);
}

function parseSesIdentity(value: unknown, emailFrom: string, where: string): SesIdentity {
  if (value === undefined) return { create: domainOf(emailFrom) };
  const { create, existing, ...rest } = (value ?? {}) as { create?: unknown; existing?: unknown };
  if (Object.keys(rest).length > 0 || (create === undefined) === (existing === undefined)) {
    fail(`${where}: "sesIdentity" must be { "create": "<domain>" } or { "existing": "<domain or address>" }`);
  }
  const name = optionalString(create ?? existing, `${where}: "sesIdentity"`) as string;
  if (create !== undefined && !DOMAIN.test(name)) fail(`${where}: "sesIdentity.create" must be a domain, got ${name}`);
  if (existing !== undefined && !DOMAIN.test(name) && !EMAIL.test(name)) fail(`${where}: "sesIdentity.existing" must be a domain or an address, got ${name}`);
  // SES lets an address send if it, its domain or a parent domain of it is a verified identity.
  const fromDomain = domainOf(emailFrom);
  const lower = name.toLowerCase();
  const covered = lower === emailFrom.toLowerCase() || fromDomain === lower || fromDomain.endsWith(`.${lower}`);
  if (!covered) fail(`${where}: "emailFrom" ${emailFrom} is not within the SES identity ${name}`);
  return create !== undefined ? { create: lower } : { existing: name };
}

function parseSms(value: unknown, where: string): SmsSettings {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where}: "sms" must be an object`);
  const { senderId, originationNumber, monthlySpendLimitUsd, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(`${where}: "sms" has unknown settings ${Object.keys(rest).join(', ')}`);
  const sms: SmsSettings = {};
  if (senderId !== undefined) {
    if (typeof senderId !== 'string' || !SENDER_ID.test(senderId)) fail(`${where}: "sms.senderId" must be 1-11 letters or digits with at least one letter`);
    sms.senderId = senderId;
  }
  if (originationNumber !== undefined) {
    if (typeof originationNumber !== 'string' || !E164.test(originationNumber)) fail(`${where}: "sms.originationNumber" must be an E.164 number`);
    sms.originationNumber = originationNumber;
  }
  if (monthlySpendLimitUsd !== undefined) {
    if (typeof monthlySpendLimitUsd !== 'number' || !Number.isInteger(monthlySpendLimitUsd) || monthlySpendLimitUsd < 0) {
      fail(`${where}: "sms.monthlySpendLimitUsd" must be a whole number of US dollars`);
    }
    sms.monthlySpendLimitUsd = monthlySpendLimitUsd;
  }
  return sms;
}

interface Defaults {
  emailFrom: unknown;
  appBaseUrl: unknown;
}

function parseDeployment(value: unknown, stage: Stage, defaults: Defaults): Deployment {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('each deployment must be an object { region, residency, ... }');
  const raw = value as Record<string, unknown>;
  const { region, residency } = raw;
  if (typeof region !== 'string' || !REGION.test(region)) fail(`deployment region ${String(region)} is not an AWS region`);
  const where = `deployment ${region}`;
  const parsed = parseResidency(String(residency));
  const allowed = RESIDENCY_REGIONS[parsed];
  if (allowed && !allowed.includes(region)) {
    fail(`${parsed} residency cannot be deployed to ${region}; ${parsed} regions are ${allowed.join(', ')}`);
  }

  // Outside dev each deployment names its own sender and app URL: a shared top-level value is a dev default only.
  const own = (key: 'emailFrom' | 'appBaseUrl') => {
    const value = raw[key] ?? (stage === 'dev' ? defaults[key] : undefined);
    if (value === undefined) fail(`${where}: "${key}" is required (the top-level "${key}" is a default for stage "dev" only)`);
    return optionalString(value, `${where}: "${key}"`) as string;
  };
  const emailFrom = own('emailFrom');
  if (!EMAIL.test(emailFrom)) fail(`${where}: "emailFrom" must be an email address`);
  const appBaseUrl = own('appBaseUrl');
  let appHost: string;
  try {
    const url = new URL(appBaseUrl);
    if (url.protocol !== 'https:') throw new Error('not https');
    appHost = url.hostname;
  } catch {
    return fail(`${where}: "appBaseUrl" must be an https URL`);
  }
  const sesIdentity = parseSesIdentity(raw.sesIdentity, emailFrom, where);

  const alarmEmails = raw.alarmEmails ?? [];
  if (!Array.isArray(alarmEmails) || alarmEmails.some((email) => typeof email !== 'string' || !EMAIL.test(email))) {
    fail(`${where}: "alarmEmails" must be a list of email addresses`);
  }
  const emails = alarmEmails as string[];
  const sms = parseSms(raw.sms, where);

  if (stage !== 'dev') {
    const placeholders = [
      ['emailFrom', domainOf(emailFrom)],
      ['appBaseUrl', appHost],
      ['sesIdentity', 'create' in sesIdentity ? sesIdentity.create : domainOf(sesIdentity.existing)],
      ...emails.map((email) => ['alarmEmails', domainOf(email)]),
    ].filter(([, host]) => isPlaceholderHost(host as string));
    for (const [key, host] of placeholders) {
      fail(`${where}: "${key}" uses the placeholder domain ${host}; SES cannot send from it and nobody receives it. Name the real one, or synthesize with -c stage=dev`);
    }
    if (emails.length === 0) fail(`${where}: "alarmEmails" must name at least one address outside stage "dev", or alarms reach nobody`);
  }

  return { region, residency: parsed, emailFrom, appBaseUrl, sesIdentity, alarmEmails: emails, sms };
}

export function readSettings(node: Node): Settings {
  const stage = readStage(node);
  const raw = contextValue(node, 'deployments');
  if (!Array.isArray(raw) || raw.length === 0) fail('"deployments" must be a non-empty list of { region, residency, ... }');
  const defaults = { emailFrom: node.tryGetContext('emailFrom') as unknown, appBaseUrl: node.tryGetContext('appBaseUrl') as unknown };
  const deployments = raw.map((deployment) => parseDeployment(deployment, stage, defaults));
  const regions = deployments.map((deployment) => deployment.region);
  if (new Set(regions).size !== regions.length) fail('each region can hold only one deployment');
  return { stage, deployments };
}

export function stackName(region: string): string {
  return `StaffGate-${region}`;
}
