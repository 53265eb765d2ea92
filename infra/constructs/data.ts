import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CHANGE_ACTIONS } from '#shared/events/change-events.js';
import { tableSchema } from '#shared/data/table-schema.js';

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The single table, built from the shared schema (the local server builds its
 * table from the same object). It stays in its region: no replicas, and a
 * stack deletion leaves it and its key behind.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.Key;
  /**
   * HMAC key of the PIN index: finds a staff member from a PIN alone and keeps
   * PINs unique per tenant, without storing anything a 10,000-value PIN space
   * could be brute-forced from offline. KMS does not rotate HMAC keys, and
   * rotating it would orphan every PIN index entry anyway.
   */
  readonly pinIndexKey: kms.Key;
  /** Encrypts secrets StaffGate must read back (TOTP secrets), bound to their account by encryption context. */
  readonly secretsKey: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.tableKey = new kms.Key(this, 'TableKey', {
      description: 'StaffGate table encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A plain regional table rather than TableV2, which is a global table resource even with one replica.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: string(tableSchema.partitionKey),
      sortKey: string(tableSchema.sortKey),
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      stream: dynamodb.StreamViewType[tableSchema.streamView],
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(tableSchema.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.pinIndexKey = new kms.Key(this, 'PinIndexKey', {
      description: 'StaffGate PIN index (HMAC)',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: 'StaffGate secrets at rest (TOTP secrets, outbox messages, idempotent answers)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The consumer of the table's stream: outbox items only (a filter, so the
   * function never sees other items), retried in order, and after the
   * retries the record's position lands in a dead-letter queue.
   */
  attachStreamConsumer(consumer: lambda.Function): sqs.Queue {
    return this.consumeStream(consumer, 'StreamFailures', { entity: { S: ['outboxMessage'] } });
  }

  /**
   * The change-events consumer: StaffGate's own audit events of the actions
   * that make change events (shared/events/change-events.ts), nothing else.
   */
  attachChangeEventsConsumer(consumer: lambda.Function): sqs.Queue {
    return this.consumeStream(consumer, 'ChangeEventFailures', { entity: { S: ['auditEvent'] }, source: { S: ['staffgate'] }, action: { S: [...CHANGE_ACTIONS] } });
  }

  /** Returns the queue where records that failed every retry are parked. */
  private consumeStream(consumer: lambda.Function, failuresId: string, newImage: Record<string, unknown>): sqs.Queue {
    const failures = new sqs.Queue(this, failuresId, {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(failures, [
      {
        id: 'AwsSolutions-SQS3',
        reason: "This queue IS the stream consumer's dead-letter destination: it holds the positions of records that failed every retry.",
      },
    ]);
    consumer.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(failures),
        filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: newImage } }) }],
      }),
    );
    return failures;
  }
}
