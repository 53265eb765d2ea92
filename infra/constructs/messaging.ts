import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export const MESSAGE_SENDER_TIMEOUT = Duration.seconds(30);
/** Receives of a message before it moves to the dead-letter queue (the local queue mirrors it). */
export const MESSAGE_MAX_RECEIVES = 5;

export interface MessagingProps {
  emailFrom: string;
}

/**
 * Outgoing email and SMS go through a queue, so a failed send is retried and
 * finally parked in a dead-letter queue, never lost. Messages carry PINs and
 * tokens until they are sent, hence a customer key on both queues.
 */
export class Messaging extends Construct {
  readonly queue: sqs.Queue;
  readonly queueKey: kms.Key;
  readonly deadLetterQueue: sqs.Queue;
  readonly configurationSet: ses.ConfigurationSet;
  private readonly emailFrom: string;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    this.emailFrom = props.emailFrom;

    this.queueKey = new kms.Key(this, 'QueueKey', {
      description: 'StaffGate outgoing messages',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.queueKey,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: six times the function timeout, so retries do not overlap.
      visibilityTimeout: Duration.seconds(MESSAGE_SENDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MESSAGE_MAX_RECEIVES },
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
  }

  /** The one consumer of the queue, and the only function allowed to send email and SMS. */
  attachSender(sender: lambda.Function): void {
    // The sender audits a message's last failed attempt, so it must know which receive is the last.
    sender.addEnvironment('MESSAGE_MAX_RECEIVES', String(MESSAGE_MAX_RECEIVES));
    sender.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Keeps the send rate within the SES and SMS account quotas instead of failing into retries.
        maxConcurrency: 5,
      }),
    );

    const stack = Stack.of(this);
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          // SES authorises against the address identity if it is verified, else its domain.
          identity(this.emailFrom),
          identity(this.emailFrom.slice(this.emailFrom.indexOf('@') + 1)),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.emailFrom } },
      }),
    );
    sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));

    if (sender.role) {
      NagSuppressions.addResourceSuppressions(
        sender.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'SMS: sns:Publish to a phone number has no resource ARN to scope to, so it needs Resource "*". The function publishes to no topic.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }
  }
}
