import type { App } from 'aws-cdk-lib';
import { readSettings, stackName } from './settings.js';
import { StaffGateStack } from './staffgate-stack.js';

/**
 * One stack per configured region. Only the region is pinned: the account
 * comes from the credentials at deploy time, and synthesis needs none.
 */
export function buildStacks(app: App): StaffGateStack[] {
  const settings = readSettings(app.node);
  return settings.deployments.map(
    ({ region, residency }) =>
      new StaffGateStack(app, stackName(region), {
        env: { region },
        description: `StaffGate staff-access backend (${residency} data residency)`,
        terminationProtection: true,
        residency,
        emailFrom: settings.emailFrom,
        appBaseUrl: settings.appBaseUrl,
      }),
  );
}
