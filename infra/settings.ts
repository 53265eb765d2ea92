import type { Node } from 'constructs';
import { parseResidency, type Residency } from '#shared/config.js';

export interface Deployment {
  region: string;
  residency: Residency;
}

/** What `cdk.json` (or `--context`) decides about the deployments; everything else is code. */
export interface Settings {
  deployments: Deployment[];
  /** Sender of every email; its domain (or the address itself) must be a verified SES identity in each region. */
  emailFrom: string;
  /** Public base URL of the web app, used in invitation and password-reset links. */
  appBaseUrl: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Residency is a promise about where data lives, so a deployment that would break it is refused at synth time. */
const REGION_PREFIX: Record<Residency, string | undefined> = { EU: 'eu-', US: 'us-', OTHER: undefined };

function fail(message: string): never {
  throw new Error(`cdk.json context: ${message}`);
}

function stringContext(node: Node, key: string): string {
  const value: unknown = node.tryGetContext(key);
  if (typeof value !== 'string' || value === '') fail(`"${key}" must be a non-empty string`);
  return value;
}

function parseDeployment(value: unknown): Deployment {
  const { region, residency } = (value ?? {}) as { region?: unknown; residency?: unknown };
  if (typeof region !== 'string' || !REGION.test(region)) fail(`deployment region ${String(region)} is not an AWS region`);
  const parsed = parseResidency(String(residency));
  const prefix = REGION_PREFIX[parsed];
  if (prefix && !region.startsWith(prefix)) fail(`${parsed} residency cannot be deployed to ${region}`);
  return { region, residency: parsed };
}

export function readSettings(node: Node): Settings {
  const context: unknown = node.tryGetContext('deployments');
  // `cdk -c deployments='[...]'` hands the value over as a string.
  const raw: unknown = typeof context === 'string' ? JSON.parse(context) : context;
  if (!Array.isArray(raw) || raw.length === 0) fail('"deployments" must be a non-empty list of { region, residency }');
  const deployments = raw.map(parseDeployment);
  const regions = deployments.map((deployment) => deployment.region);
  if (new Set(regions).size !== regions.length) fail('each region can hold only one deployment');

  const emailFrom = stringContext(node, 'emailFrom');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(emailFrom)) fail('"emailFrom" must be an email address');
  const appBaseUrl = stringContext(node, 'appBaseUrl');
  if (!appBaseUrl.startsWith('https://')) fail('"appBaseUrl" must be an https URL');

  return { deployments, emailFrom, appBaseUrl };
}

export function stackName(region: string): string {
  return `StaffGate-${region}`;
}
