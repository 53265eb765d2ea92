import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { SesIdentity, SmsSettings } from '../settings.js';

export const MESSAGE_SENDER_TIMEOUT = Duration.seconds(30);
/** Receives of a message before it moves to the dead-letter queue (the local queue mirrors it). */
export const MESSAGE_MAX_RECEIVES = 5;

export interface MessagingProps {
  emailFrom: string;
  /** Created here (a domain identity with Easy DKIM) or one that already exists in the account and region. */
  sesIdentity: SesIdentity;
  sms?: SmsSettings;
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
  /** The SES identity `emailFrom` sends as. */
  readonly emailIdentity: ses.IEmailIdentity;
  /** Bounce, complaint and reject events of every email sent through the configuration set. */
  readonly emailEvents: sns.Topic;
  private readonly emailFrom: string;
  private readonly identityName: string;
  private readonly sms: SmsSettings;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    this.emailFrom = props.emailFrom;
    this.sms = props.sms ?? {};

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

    const setting = props.sesIdentity;
    if ('create' in setting) {
      const domain = setting.create;
      // Easy DKIM: SES makes three CNAME records (stack outputs below) that the domain's DNS must publish.
      const identity = new ses.EmailIdentity(this, 'EmailIdentity', {
        identity: ses.Identity.domain(domain),
        dkimSigning: true,
      });
      this.emailIdentity = identity;
      this.identityName = domain;
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `DKIM CNAME ${index + 1} to publish in the DNS of ${domain}`,
          value: Fn.join(' CNAME ', [record.name, record.value]),
        });
      });
    } else {
      this.emailIdentity = ses.EmailIdentity.fromEmailIdentityName(this, 'EmailIdentity', setting.existing);
      this.identityName = setting.existing;
    }

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      // The account-level suppression list applies: a bounced or complaining address is not sent to again.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const eventsKey = new kms.Key(this, 'EmailEventsKey', {
      description: 'StaffGate email bounce and complaint events',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES publishes to an encrypted topic only if the key lets it, and only for this account's configuration set.
    eventsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.emailEvents = new sns.Topic(this, 'EmailEvents', {
      displayName: 'StaffGate email bounces and complaints',
      masterKey: eventsKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.emailEvents),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });
  }

  /** The one consumer of the queue, and the only function allowed to send email and SMS. */
  attachSender(sender: lambda.Function): void {
    // The sender audits a message's last failed attempt, so it must know which receive is the last.
    sender.addEnvironment('MESSAGE_MAX_RECEIVES', String(MESSAGE_MAX_RECEIVES));
    // Sent with each SMS (shared/messages/deliver.ts): SNS has no per-deployment setting for them.
    if (this.sms.senderId) sender.addEnvironment('SMS_SENDER_ID', this.sms.senderId);
    if (this.sms.originationNumber) sender.addEnvironment('SMS_ORIGINATION_NUMBER', this.sms.originationNumber);
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
    const fromDomain = this.emailFrom.slice(this.emailFrom.indexOf('@') + 1);
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          // SES authorises against the address identity if it is verified, else its domain (or the parent domain it inherits from).
          ...new Set([identity(this.emailFrom), identity(fromDomain), identity(this.identityName)]),
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
