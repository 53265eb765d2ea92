import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { RESIDENCY_REGIONS, readSettings } from '#infra/settings.js';
import { cdkContext } from './support.js';

const production = {
  region: 'eu-west-1',
  residency: 'EU',
  emailFrom: 'no-reply@mail.staffgate.io',
  appBaseUrl: 'https://app.staffgate.io',
  sesIdentity: { existing: 'staffgate.io' },
  alarmEmails: ['oncall@staffgate.io'],
  sms: { senderId: 'StaffGate', monthlySpendLimitUsd: 200 },
};

const read = (context: Record<string, unknown>) => readSettings(new App({ context }).node);
const prod = (deployment: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  read({ stage: 'prod', deployments: [{ ...production, ...deployment }], ...extra });

describe('residency regions', () => {
  const deploy = (region: string, residency: string) => () => prod({ region, residency });

  it('lets EU data live only in regions in EU member states', () => {
    for (const region of ['eu-west-1', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2']) {
      expect(deploy(region, 'EU')).not.toThrow();
    }
    expect(deploy('eu-west-2', 'EU')).toThrow(/EU residency cannot be deployed to eu-west-2; EU regions are eu-west-1, /);
    expect(deploy('eu-central-2', 'EU')).toThrow(/EU residency cannot be deployed to eu-central-2/);
    expect(deploy('il-central-1', 'EU')).toThrow(/EU residency/);
    expect(deploy('us-east-1', 'EU')).toThrow(/EU residency/);
  });

  it('lets US data live only in the four US commercial regions', () => {
    for (const region of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']) expect(deploy(region, 'US')).not.toThrow();
    expect(deploy('us-gov-west-1', 'US')).toThrow(/US residency cannot be deployed to us-gov-west-1/);
    expect(deploy('ca-central-1', 'US')).toThrow(/US residency/);
  });

  it('puts OTHER anywhere', () => {
    expect(RESIDENCY_REGIONS.OTHER).toBeUndefined();
    expect(deploy('eu-west-2', 'OTHER')).not.toThrow();
    expect(deploy('ap-southeast-2', 'OTHER')).not.toThrow();
  });
});

describe('placeholders', () => {
  it("synthesizes the repository's cdk.json as stage dev, with its .example defaults", () => {
    const settings = read(cdkContext());
    expect(settings.stage).toBe('dev');
    expect(settings.deployments[0]).toMatchObject({ emailFrom: 'no-reply@staffgate.example', sesIdentity: { create: 'staffgate.example' } });
  });

  it("refuses the repository's cdk.json as stage prod, naming what to fix", () => {
    expect(() => read({ ...cdkContext(), stage: 'prod' })).toThrow(/deployment eu-west-1: "emailFrom" is required \(the top-level "emailFrom" is a default for stage "dev" only\)/);
  });

  it('treats a context without stage as a real deployment', () => {
    const { stage: _, ...withoutStage } = cdkContext();
    expect(() => read(withoutStage)).toThrow(/"emailFrom" is required/);
    expect(read({ deployments: [production] }).stage).toBe('prod');
  });

  it('refuses placeholder domains in every setting outside dev', () => {
    expect(() => prod({ emailFrom: 'no-reply@staffgate.example', sesIdentity: undefined })).toThrow(
      /deployment eu-west-1: "emailFrom" uses the placeholder domain staffgate.example; SES cannot send from it/,
    );
    expect(() => prod({ appBaseUrl: 'https://app.staffgate.example' })).toThrow(/"appBaseUrl" uses the placeholder domain app.staffgate.example/);
    expect(() => prod({ appBaseUrl: 'https://localhost:5173' })).toThrow(/"appBaseUrl" uses the placeholder domain localhost/);
    expect(() => prod({ emailFrom: 'a@example.com', sesIdentity: undefined })).toThrow(/placeholder domain example.com/);
    expect(() => prod({ alarmEmails: ['ops@example.org'] })).toThrow(/"alarmEmails" uses the placeholder domain example.org/);
    expect(() => prod({ alarmEmails: [] })).toThrow(/"alarmEmails" must name at least one address/);
    // The same values pass in dev.
    const dev = read({ stage: 'dev', deployments: [{ ...production, emailFrom: 'a@staffgate.example', appBaseUrl: 'https://localhost', sesIdentity: undefined, alarmEmails: [] }] });
    expect(dev.deployments[0]).toMatchObject({ emailFrom: 'a@staffgate.example', sesIdentity: { create: 'staffgate.example' } });
  });

  it('does not mistake real domains for placeholders', () => {
    expect(() => prod({ emailFrom: 'a@examplesalon.com', appBaseUrl: 'https://app.examplesalon.com', sesIdentity: undefined })).not.toThrow();
  });

  it('refuses an unknown stage', () => {
    expect(() => prod({}, { stage: 'production' })).toThrow(/"stage" must be "dev" or "prod"/);
  });
});

describe('per-deployment settings', () => {
  it('reads every setting of a production deployment', () => {
    expect(prod({}).deployments).toEqual([production]);
  });

  it('gives each region its own sender and app URL', () => {
    const settings = read({
      stage: 'prod',
      deployments: [production, { ...production, region: 'us-east-1', residency: 'US', emailFrom: 'no-reply@us.staffgate.io', appBaseUrl: 'https://us.staffgate.io' }],
    });
    expect(settings.deployments.map((d) => [d.region, d.emailFrom, d.appBaseUrl])).toEqual([
      ['eu-west-1', 'no-reply@mail.staffgate.io', 'https://app.staffgate.io'],
      ['us-east-1', 'no-reply@us.staffgate.io', 'https://us.staffgate.io'],
    ]);
  });

  it('creates a domain identity for the sender by default, or uses an existing domain or address identity', () => {
    expect(prod({ sesIdentity: undefined }).deployments[0]?.sesIdentity).toEqual({ create: 'mail.staffgate.io' });
    expect(prod({ sesIdentity: { create: 'staffgate.io' } }).deployments[0]?.sesIdentity).toEqual({ create: 'staffgate.io' });
    expect(prod({ sesIdentity: { existing: 'no-reply@mail.staffgate.io' } }).deployments[0]?.sesIdentity).toEqual({ existing: 'no-reply@mail.staffgate.io' });
  });

  it('refuses a sender outside its SES identity, and malformed identities', () => {
    expect(() => prod({ sesIdentity: { existing: 'other.io' } })).toThrow(/"emailFrom" no-reply@mail.staffgate.io is not within the SES identity other.io/);
    expect(() => prod({ sesIdentity: { existing: 'x@mail.staffgate.io' } })).toThrow(/not within the SES identity/);
    expect(() => prod({ sesIdentity: { create: 'a', existing: 'b' } })).toThrow(/"sesIdentity" must be/);
    expect(() => prod({ sesIdentity: { create: 'no-reply@staffgate.io' } })).toThrow(/"sesIdentity.create" must be a domain/);
  });

  it('checks the SMS settings', () => {
    expect(prod({ sms: { originationNumber: '+18005550100' } }).deployments[0]?.sms).toEqual({ originationNumber: '+18005550100' });
    expect(() => prod({ sms: { senderId: 'StaffGate-Alerts' } })).toThrow(/"sms.senderId"/);
    expect(() => prod({ sms: { senderId: '12345' } })).toThrow(/"sms.senderId"/);
    expect(() => prod({ sms: { originationNumber: '08005550100' } })).toThrow(/E.164/);
    expect(() => prod({ sms: { monthlySpendLimitUsd: -1 } })).toThrow(/monthlySpendLimitUsd/);
    expect(() => prod({ sms: { defaultSmsType: 'Promotional' } })).toThrow(/unknown settings defaultSmsType/);
  });

  it('refuses malformed senders, URLs and alarm addresses', () => {
    expect(() => prod({ emailFrom: 'staffgate.io', sesIdentity: undefined })).toThrow(/"emailFrom" must be an email address/);
    expect(() => prod({ appBaseUrl: 'http://app.staffgate.io' })).toThrow(/"appBaseUrl" must be an https URL/);
    expect(() => prod({ alarmEmails: 'oncall@staffgate.io' })).toThrow(/"alarmEmails" must be a list/);
  });

  it('accepts deployments given as JSON on the command line', () => {
    expect(read({ stage: 'prod', deployments: JSON.stringify([production]) }).deployments).toEqual([production]);
  });
});
