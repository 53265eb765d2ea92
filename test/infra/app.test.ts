import { App, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readSettings, stackName } from '#infra/settings.js';
import { cdkContext, resources, synthStacks } from './support.js';

const configured = cdkContext().deployments as { region: string; residency: string }[];
const { stacks } = synthStacks();
const templates = stacks.map((stack) => Template.fromStack(stack));

describe('the CDK app', () => {
  it('synthesizes one stack per configured region, named after it', () => {
    expect(configured.length).toBeGreaterThan(0);
    expect(stacks.map((stack) => stack.stackName)).toEqual(configured.map(({ region }) => stackName(region)));
  });

  it('pins the region only: synthesis needs no account and no credentials', () => {
    stacks.forEach((stack, index) => {
      expect(stack.region).toBe(configured[index]?.region);
      expect(Token.isUnresolved(stack.account)).toBe(true);
      expect(stack.terminationProtection).toBe(true);
    });
  });

  it("gives every function its deployment's residency", () => {
    templates.forEach((template, index) => {
      const functions = Object.values(resources(template, 'AWS::Lambda::Function'));
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) {
        expect(fn.Properties.Environment).toMatchObject({ Variables: { RESIDENCY: configured[index]?.residency } });
      }
    });
  });
});

describe('deployment settings', () => {
  // Stage dev: the top-level sender and URL are defaults, and placeholders pass (test/infra/settings.test.ts has the rest).
  const valid = { stage: 'dev', deployments: [{ region: 'eu-central-1', residency: 'EU' }], emailFrom: 'a@b.example', appBaseUrl: 'https://b.example' };
  const settings = (context: Record<string, unknown>) => readSettings(new App({ context: { ...valid, ...context } }).node);

  it('reads the deployments and the shared settings', () => {
    expect(settings({})).toEqual({
      stage: 'dev',
      deployments: [
        {
          region: 'eu-central-1',
          residency: 'EU',
          emailFrom: 'a@b.example',
          appBaseUrl: 'https://b.example',
          sesIdentity: { create: 'b.example' },
          alarmEmails: [],
          sms: {},
        },
      ],
    });
  });

  it('accepts deployments given as JSON on the command line', () => {
    expect(settings({ deployments: '[{"region":"us-west-2","residency":"US"}]' }).deployments).toMatchObject([{ region: 'us-west-2', residency: 'US' }]);
  });

  it('refuses a deployment that would break its residency', () => {
    expect(() => settings({ deployments: [{ region: 'us-east-1', residency: 'EU' }] })).toThrow(/EU residency cannot be deployed to us-east-1/);
    expect(() => settings({ deployments: [{ region: 'eu-west-1', residency: 'US' }] })).toThrow(/US residency/);
    expect(settings({ deployments: [{ region: 'ap-southeast-2', residency: 'OTHER' }] }).deployments).toHaveLength(1);
  });

  it('refuses unknown residencies, malformed regions, two deployments in one region and missing settings', () => {
    expect(() => settings({ deployments: [{ region: 'eu-west-1', residency: 'MARS' }] })).toThrow(/RESIDENCY/);
    expect(() => settings({ deployments: [{ region: 'europe', residency: 'EU' }] })).toThrow(/not an AWS region/);
    expect(() => settings({ deployments: [valid.deployments[0], valid.deployments[0]] })).toThrow(/one deployment/);
    expect(() => settings({ deployments: [] })).toThrow(/deployments/);
    expect(() => settings({ emailFrom: '' })).toThrow(/emailFrom/);
    expect(() => settings({ appBaseUrl: 'http://b.example' })).toThrow(/appBaseUrl/);
  });
});
