import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** One slice writes rows for 40 s (functions/staff-import/handler.ts): room for the row under way and the next slice's message. */
export const STAFF_IMPORT_TIMEOUT = Duration.seconds(60);
/** Receives of a slice before it is parked: StaffGate's own failures only (a row the domain refuses is a row error, not a failure). */
export const STAFF_IMPORT_MAX_RECEIVES = 5;

/**
 * Asynchronous staff CSV imports (docs/staff-csv.md): the queue of import
 * slices and its dead-letter queue. A message names a job (tenant and
 * import id) and nothing else; the rows stay in the table.
 */
export class StaffImports extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue IS the dead-letter queue of the staff import queue.' },
    ]);
    // Messages hold a job's key only (no row data): the AWS-managed SQS key suffices.
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(STAFF_IMPORT_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: STAFF_IMPORT_MAX_RECEIVES },
    });
  }

  /** The staff API: queues a new job's first slice. */
  grantEnqueue(producer: lambda.Function): void {
    producer.addEnvironment('STAFF_IMPORT_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(producer);
  }

  /**
   * The worker: one slice per invocation (each takes up to its whole time), a
   * few jobs side by side (rows of one salon collide on its level counts, so
   * more would mostly retry); it queues each job's next slice itself.
   */
  attachWorker(worker: lambda.Function): void {
    this.grantEnqueue(worker);
    worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 5 }));
  }
}
