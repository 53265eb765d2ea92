import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '#shared/events/publish.js';

/** A batch's attempts run side by side: one attempt (10 s, shared/domain/webhooks/send.ts) plus DNS and the table, with room to spare. */
export const WEBHOOK_SENDER_TIMEOUT = Duration.seconds(30);
/** Receives of a webhook job before it is parked: StaffGate's own failures only (a failing receiver is retried by schedule, not by SQS). */
export const WEBHOOK_JOB_MAX_RECEIVES = 5;

/**
 * Change events for host apps (docs/events.md): the region's EventBridge bus
 * `staffgate-<region>` with an archive for replay, and the queue that
 * carries webhook deliveries to their sender. Nothing here crosses regions:
 * the bus has no rule of its own, hosts add theirs in this region.
 */
export class ChangeEvents extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly webhookQueue: sqs.Queue;
  readonly webhookDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `staffgate-${Stack.of(this).region}` });
    this.archive = this.bus.archive('Archive', {
      description: 'Every StaffGate change event, for replay (ids and non-personal fields only)',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });
    this.webhookDeadLetterQueue = new sqs.Queue(this, 'WebhookDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.webhookDeadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue IS the dead-letter queue of the webhook queue.' },
    ]);
    // Jobs hold an item's key only (no payload, no secret): the AWS-managed SQS key suffices.
    this.webhookQueue = new sqs.Queue(this, 'WebhookQueue', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(WEBHOOK_SENDER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.webhookDeadLetterQueue, maxReceiveCount: WEBHOOK_JOB_MAX_RECEIVES },
    });
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  /** The stream consumer that puts events on the bus and queues webhook deliveries. */
  grantPublish(publisher: lambda.Function): void {
    publisher.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(publisher);
    this.grantQueue(publisher);
  }

  /** The webhook sender: consumes the queue, and puts a job back when its next attempt is later than SQS can delay. */
  attachSender(sender: lambda.Function): void {
    this.grantQueue(sender);
    sender.addEventSource(new SqsEventSource(this.webhookQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 10 }));
  }

  private grantQueue(grantee: lambda.Function & iam.IGrantable): void {
    grantee.addEnvironment('WEBHOOK_QUEUE_URL', this.webhookQueue.queueUrl);
    this.webhookQueue.grantSendMessages(grantee);
  }
}
