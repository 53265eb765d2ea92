import type { App } from 'aws-cdk-lib';
import { readSettings, stackName } from './settings.js';
import { StaffGateStack } from './staffgate-stack.js';

/**
 * One stack per configured region. Only the region is pinned: the account
 * comes from the credentials at deploy time, and synthesis needs none.
 */
export function buildStacks(app: App): StaffGateStack[] {
  const settings = readSettings(app.node);
  const dev = settings.stage === 'dev';
  return settings.deployments.map((deployment) => {
    return new StaffGateStack(app, stackName(deployment.region), {
      env: { region: deployment.region },
      description: `StaffGate staff-access backend (${deployment.residency} data residency)${dev ? ' [dev: placeholder settings allowed]' : ''}`,
      terminationProtection: true,
      // A stack tag says which rules its settings passed: `dev` allows placeholder domains.
      tags: { 'staffgate:stage': settings.stage },
      residency: deployment.residency,
      emailFrom: deployment.emailFrom,
      appBaseUrl: deployment.appBaseUrl,
      sesIdentity: deployment.sesIdentity,
      alarmEmails: deployment.alarmEmails,
      sms: deployment.sms,
    });
  });
}
