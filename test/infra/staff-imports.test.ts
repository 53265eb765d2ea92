import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { FunctionName } from '#infra/constructs/staffgate-function.js';
import { STAFF_IMPORT_TIMEOUT } from '#infra/constructs/staff-imports.js';
import { IMPORT_SLICE_MS } from '#shared/domain/staff/import-slice.js';
import { DEPLOYED_IMPORT_QUEUE } from '../../local/staff-import-queue.js';
import { actionsOf, firstDeployment, logicalId, type Resource, resources, roleStatements, synthStacks } from './support.js';

const { stacks } = synthStacks({ context: firstDeployment() });
const stack = stacks[0];
if (!stack) throw new Error('cdk.json configures no deployment');
const template = Template.fromStack(stack);
const functionNames = Object.keys(stack.functions) as FunctionName[];
const queues = Object.entries(resources(template, 'AWS::SQS::Queue'));
const [queueId, queue] = queues.find(([id, q]) => id.startsWith('StaffImports') && q.Properties.RedrivePolicy) as [string, Resource];
const [deadLetterId] = queues.find(([id, q]) => id.startsWith('StaffImports') && !q.Properties.RedrivePolicy) as [string, Resource];
const worker = resources(template, 'AWS::Lambda::Function')[logicalId(stack.functions['staff-import'])] as Resource;
const roleId = (name: FunctionName) => logicalId(stack.functions[name].role as never);
const sendsToImportQueue = (name: FunctionName) =>
  roleStatements(template, roleId(name)).some((statement) => actionsOf(statement).includes('sqs:SendMessage') && JSON.stringify(statement.Resource).includes(queueId));

describe('the staff import queue', () => {
  it('parks a slice in its encrypted dead-letter queue after 5 receives, and its visibility outlasts the worker six times over', () => {
    expect(queue.Properties).toMatchObject({
      KmsMasterKeyId: 'alias/aws/sqs',
      VisibilityTimeout: STAFF_IMPORT_TIMEOUT.toSeconds() * 6,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(resources(template, 'AWS::SQS::Queue')[deadLetterId]?.Properties).toMatchObject({ KmsMasterKeyId: 'alias/aws/sqs', MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('is what local mode mirrors', () => {
    expect(queue.Properties.VisibilityTimeout).toBe(DEPLOYED_IMPORT_QUEUE.visibilityTimeoutSeconds);
    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: DEPLOYED_IMPORT_QUEUE.maxReceiveCount });
  });

  it('alarms on the first slice in the dead-letter queue', () => {
    const alarm = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).find((a) => JSON.stringify(a.Properties.Dimensions ?? []).includes(deadLetterId));
    expect(alarm?.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });
});

describe('the staff import worker', () => {
  it('is driven by the queue one slice at a time, reporting failed slices, and stops writing well before its time limit', () => {
    const mapping = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping'))
      .map((m) => m.Properties)
      .find((m) => JSON.stringify(m.FunctionName) === JSON.stringify({ Ref: logicalId(stack.functions['staff-import']) }));
    expect(mapping).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    expect(worker.Properties.Timeout).toBe(STAFF_IMPORT_TIMEOUT.toSeconds());
    expect(IMPORT_SLICE_MS).toBeLessThanOrEqual(STAFF_IMPORT_TIMEOUT.toMilliseconds() * 0.7);
  });

  it('and the staff API alone may send to the queue, and know its URL', () => {
    for (const name of functionNames) expect(sendsToImportQueue(name), name).toBe(name === 'staff' || name === 'staff-import');
    for (const name of ['staff', 'staff-import'] as const) {
      const fn = resources(template, 'AWS::Lambda::Function')[logicalId(stack.functions[name])] as Resource;
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.STAFF_IMPORT_QUEUE_URL).toEqual({ Ref: queueId });
    }
  });

  it('may touch only tenant and account items, and no key but the table’s', () => {
    const statements = roleStatements(template, roleId('staff-import'));
    const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    for (const statement of dynamo) expect(JSON.stringify(statement.Condition)).toContain('"TENANT#*","ACCOUNT#*"');
    const kms = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
    for (const statement of kms) expect(JSON.stringify(statement.Condition)).toContain('dynamodb.');
  });
});
