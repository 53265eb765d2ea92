import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEPLOYED_QUEUE } from '../../local/local-queue.js';
import { DEPLOYED_WEBHOOK_QUEUE } from '../../local/webhook-queue.js';
import { firstDeployment, logicalId, resources, synthStacks } from './support.js';

const { stacks } = synthStacks({ context: firstDeployment() });
const stack = stacks[0];
if (!stack) throw new Error('cdk.json configures no deployment');
const template = Template.fromStack(stack);
// Two queues redrive (messages and webhook jobs): each is found by its construct's id.
const redriving = (prefix: string) => Object.entries(resources(template, 'AWS::SQS::Queue')).find(([id, q]) => id.startsWith(prefix) && q.Properties.RedrivePolicy)?.[1];
const queue = redriving('Messaging');
const webhookQueue = redriving('EventsWebhookQueue');

describe('the retry schedule local mode mirrors', () => {
  it('is the deployed message queue’s', () => {
    expect(queue?.Properties.VisibilityTimeout).toBe(DEPLOYED_QUEUE.visibilityTimeoutSeconds);
    expect(queue?.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: DEPLOYED_QUEUE.maxReceiveCount });
  });

  it('is the deployed webhook queue’s', () => {
    expect(webhookQueue?.Properties.VisibilityTimeout).toBe(DEPLOYED_WEBHOOK_QUEUE.visibilityTimeoutSeconds);
    expect(webhookQueue?.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: DEPLOYED_WEBHOOK_QUEUE.maxReceiveCount });
  });

  it('tells the message sender which receive is the last', () => {
    const sender = resources(template, 'AWS::Lambda::Function')[logicalId(stack.functions['message-sender'])];
    const { Variables } = sender?.Properties.Environment as { Variables: Record<string, unknown> };
    const { maxReceiveCount } = queue?.Properties.RedrivePolicy as { maxReceiveCount: number };
    expect(Variables.MESSAGE_MAX_RECEIVES).toBe(String(maxReceiveCount));
  });
});
