import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, firstDeployment, logicalId, only, resources, roleStatements, synthStacks } from './support.js';

const production = {
  region: 'eu-west-1',
  residency: 'EU',
  emailFrom: 'no-reply@mail.staffgate.io',
  appBaseUrl: 'https://app.staffgate.io',
  alarmEmails: ['oncall@staffgate.io', 'cto@staffgate.io'],
  sms: { senderId: 'StaffGate', originationNumber: '+18005550100', monthlySpendLimitUsd: 200 },
};

const synth = (context: Record<string, unknown>) => {
  const stack = synthStacks({ context }).stacks[0];
  if (!stack) throw new Error('no stack');
  return { stack, template: Template.fromStack(stack) };
};

const dev = synth(firstDeployment());
const prod = synth({ stage: 'prod', deployments: [production] });
const existing = synth({ stage: 'prod', deployments: [{ ...production, sesIdentity: { existing: 'staffgate.io' } }] });

describe('stage', () => {
  it('marks a dev stack in its description and a stack tag', () => {
    expect(dev.stack.templateOptions.description).toMatch(/\[dev: placeholder settings allowed\]$/);
    expect(dev.stack.tags.tagValues()).toEqual({ 'staffgate:stage': 'dev' });
    expect(prod.stack.templateOptions.description).not.toMatch(/dev/);
    expect(prod.stack.tags.tagValues()).toEqual({ 'staffgate:stage': 'prod' });
  });

  it("gives the functions the deployment's own sender and app URL", () => {
    for (const fn of Object.values(resources(prod.template, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment).toMatchObject({ Variables: { EMAIL_FROM: production.emailFrom, APP_BASE_URL: production.appBaseUrl } });
    }
  });
});

describe('SES', () => {
  it('creates a domain identity with Easy DKIM for the sender, and outputs its DKIM records', () => {
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.staffgate.io',
      DkimAttributes: { SigningEnabled: true },
    });
    expect(Object.keys(prod.template.findOutputs('*')).filter((id) => id.includes('DkimRecord'))).toHaveLength(3);
  });

  it('uses an existing identity by name without creating one', () => {
    existing.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const sender = existing.stack.functions['message-sender'];
    const statement = roleStatements(existing.template, logicalId(sender.role as never)).find((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(JSON.stringify(statement?.Resource)).toContain(':identity/staffgate.io');
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': production.emailFrom } });
  });

  it('sends through a configuration set that honours the suppression list and publishes bounces and complaints to an encrypted topic', () => {
    const configurationSet = only(prod.template, 'AWS::SES::ConfigurationSet');
    expect(configurationSet.Properties).toMatchObject({ SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
    const [setId] = Object.keys(resources(prod.template, 'AWS::SES::ConfigurationSet'));
    const destination = only(prod.template, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: setId });
    const eventDestination = destination.Properties.EventDestination as { MatchingEventTypes: string[]; SnsDestination: { TopicARN: { Ref: string } } };
    expect(eventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint', 'reject']);
    const topic = resources(prod.template, 'AWS::SNS::Topic')[eventDestination.SnsDestination.TopicARN.Ref];
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    prod.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' } })]) },
    });
    // The sender is told the configuration set (shared/messages/deliver.ts passes it as ConfigurationSetName).
    const sender = resources(prod.template, 'AWS::Lambda::Function')[logicalId(prod.stack.functions['message-sender'])];
    expect(sender?.Properties.Environment).toMatchObject({ Variables: { SES_CONFIGURATION_SET: { Ref: setId } } });
  });
});

describe('SMS', () => {
  it('gives the message sender the sender ID and origination number, and no other function', () => {
    const functions = resources(prod.template, 'AWS::Lambda::Function');
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const isSender = id === logicalId(prod.stack.functions['message-sender']);
      expect(variables.SMS_SENDER_ID, id).toBe(isSender ? 'StaffGate' : undefined);
      expect(variables.SMS_ORIGINATION_NUMBER, id).toBe(isSender ? '+18005550100' : undefined);
    }
    const devSender = resources(dev.template, 'AWS::Lambda::Function')[logicalId(dev.stack.functions['message-sender'])];
    expect((devSender?.Properties.Environment as { Variables: Record<string, unknown> }).Variables.SMS_SENDER_ID).toBeUndefined();
  });
});

describe('alarms that reach someone', () => {
  const alarms = resources(prod.template, 'AWS::CloudWatch::Alarm');
  const alarmTopicId = Object.keys(resources(prod.template, 'AWS::SNS::Topic')).find((id) => id.startsWith('AlarmsTopic')) as string;
  const byId = (prefix: string) => {
    const found = Object.entries(alarms).filter(([id]) => id.startsWith(prefix));
    expect(found, prefix).toHaveLength(1);
    return (found[0] as [string, { Properties: Record<string, unknown> }])[1].Properties;
  };

  it('emails every configured address, and nobody in dev', () => {
    const subscriptions = Object.values(resources(prod.template, 'AWS::SNS::Subscription'));
    expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint, s.Properties.TopicArn])).toEqual(
      production.alarmEmails.map((email) => ['email', email, { Ref: alarmTopicId }]),
    );
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: alarmTopicId }]);
  });

  it('watch message-sender failures: per-message failures from its logs, crashes and the queue backlog', () => {
    const filter = only(prod.template, 'AWS::Logs::MetricFilter');
    const senderLogs = (resources(prod.template, 'AWS::Lambda::Function')[logicalId(prod.stack.functions['message-sender'])]?.Properties.LoggingConfig as {
      LogGroup: { Ref: string };
    }).LogGroup;
    expect(filter.Properties).toMatchObject({
      LogGroupName: senderLogs,
      FilterPattern: '{ $.message = "Message not sent*" }',
      MetricTransformations: [{ MetricNamespace: 'StaffGate', MetricName: 'MessageSendFailures', MetricValue: '1' }],
    });
    expect(byId('AlarmsMessageSendFailures')).toMatchObject({ Namespace: 'StaffGate', MetricName: 'MessageSendFailures', EvaluationPeriods: 3 });
    expect(byId('AlarmsmessagesenderErrors')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
    expect(byId('AlarmsMessageQueueAge')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1200 });
    expect(byId('AlarmsDeadLetterMessages')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible' });
  });

  it('watch the authorizer, throttling and the API client error rate', () => {
    expect(byId('AlarmsauthorizerErrors')).toMatchObject({
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(prod.stack.functions.authorizer) } }],
      AlarmDescription: expect.stringContaining('session authorizer'),
    });
    for (const name of Object.keys(prod.stack.functions)) {
      expect(byId(`Alarms${name.replaceAll('-', '')}Throttles`)).toMatchObject({ MetricName: 'Throttles' });
    }
    const rate = byId('AlarmsApiClientErrorRate') as { Metrics: { Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[] };
    expect(rate.Metrics.find((m) => m.Expression)?.Expression).toBe('IF(requests >= 100, errors / requests, 0)');
    expect(rate.Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual(['4XXError', 'Count']);
  });

  it('watch SES reputation of the configuration set', () => {
    expect(byId('AlarmsEmailBounceRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.04 });
    expect(byId('AlarmsEmailComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate' });
  });
});

describe('API execution logs and the dashboard', () => {
  it("create API Gateway's execution log group with a retention before the stage", () => {
    const [id, group] = Object.entries(resources(prod.template, 'AWS::Logs::LogGroup')).find(([key]) => key.startsWith('ApiExecutionLogs')) ?? [];
    expect(group?.Properties.RetentionInDays).toBe(30);
    expect(JSON.stringify(group?.Properties.LogGroupName)).toContain('API-Gateway-Execution-Logs_');
    const stage = Object.values(prod.template.findResources('AWS::ApiGateway::Stage'))[0] as { DependsOn?: string[] };
    expect(stage.DependsOn).toContain(id);
  });

  it('draw one dashboard per region with the API, the functions, the table and the queues', () => {
    const dashboard = only(prod.template, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBe('StaffGate-eu-west-1');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['API requests', 'API latency', 'API 4xx / 5xx', 'Lambda errors', 'Lambda throttles', 'Lambda duration p99', 'DynamoDB throttles', 'Message queue', 'Dead-letter queue depth']) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
    for (const metric of ['\\"stat\\":\\"p50\\"', '\\"stat\\":\\"p99\\"', 'ReadThrottleEvents', 'WriteThrottleEvents', 'ApproximateNumberOfMessagesVisible', 'Duration', 'Throttles']) {
      expect(body).toContain(metric);
    }
  });
});
