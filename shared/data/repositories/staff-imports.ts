import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { ConflictError } from '../../errors.js';
import { isConditionalCheckFailed } from '../conditions.js';
import { entities, type StaffImportJobAttributes, type StaffImportJobItem, type StaffImportStatus } from '../entities.js';
import { type Step, transactWrite } from '../transaction.js';

const table = () => config().tableName;

/**
 * The job is no longer where this worker left it: another delivery of its
 * message wrote the row (or finished the job) first. That worker carries on;
 * this one stops.
 */
export class ImportJobMovedOnError extends ConflictError {
  constructor() {
    super('concurrent_update', 'Another worker moved this import on.');
  }
}

export type JobKey = Pick<StaffImportJobAttributes, 'tenantId' | 'importId'>;
const jobKey = (job: JobKey) => entities.staffImportJob.key({ tenantId: job.tenantId, importId: job.importId });
type StoredError = StaffImportJobAttributes['errors'][number];

/** The chunks go first, each its own PutItem (together they may exceed a transaction's 4 MB); until the job exists nothing reads them, and their TTL removes them. */
export async function putImportChunks(job: JobKey, chunks: string[], ttl: number): Promise<void> {
  await Promise.all(
    chunks.map((rows, chunk) =>
      ddb.send(new PutCommand({ TableName: table(), Item: entities.staffImportChunk.item({ ...job, chunk }, { rows, ttl }), ConditionExpression: 'attribute_not_exists(pk)' })),
    ),
  );
}

/** The job's creation, to commit with its `staff.import_started` event. */
export async function createImportJob(job: StaffImportJobAttributes, also: Step[]): Promise<void> {
  await transactWrite([
    {
      item: { Put: { TableName: table(), Item: entities.staffImportJob.item(job, job), ConditionExpression: 'attribute_not_exists(pk)' } },
      onFail: () => new Error('import id collision'),
    },
    ...also,
  ]);
}

/** A finished job's rows (names, contacts) are not kept for the TTL's week: the job keeps its counts and errors. */
export async function deleteImportChunks(job: JobKey, chunks: number): Promise<void> {
  await Promise.all(Array.from({ length: chunks }, (_, chunk) => ddb.send(new DeleteCommand({ TableName: table(), Key: entities.staffImportChunk.key({ ...job, chunk }) }))));
}

export async function getImportJob(tenantId: string, importId: string): Promise<StaffImportJobItem | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.staffImportJob.key({ tenantId, importId }), ConsistentRead: true }));
  return Item as StaffImportJobItem | undefined;
}

export async function getImportChunk(job: JobKey, chunk: number): Promise<string | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: entities.staffImportChunk.key({ ...job, chunk }), ConsistentRead: true }));
  return (Item as { rows?: string } | undefined)?.rows;
}

/** queued → running, once; answers the job as it is now (another worker may have started it). */
export async function markImportRunning(job: StaffImportJobItem, now: string): Promise<StaffImportJobItem | undefined> {
  try {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: jobKey(job),
        UpdateExpression: 'SET #status = :running, startedAt = :now',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running' satisfies StaffImportStatus, ':queued': 'queued' satisfies StaffImportStatus, ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as StaffImportJobItem;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return getImportJob(job.tenantId, job.importId);
    throw error;
  }
}

/**
 * Rides in the row's own transaction (as the commit marker): the row is
 * written and the job moves past it together, or neither. The condition on
 * `nextRow` makes a second delivery of the same slice fail instead of
 * writing the row again.
 */
export function rowWrittenStep(job: JobKey, expected: number, outcome: 'created' | 'updated'): Step {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: jobKey(job),
        UpdateExpression: 'SET nextRow = :next, #outcome = #outcome + :one',
        ConditionExpression: 'nextRow = :expected AND #status = :running',
        ExpressionAttributeNames: { '#outcome': outcome, '#status': 'status' },
        ExpressionAttributeValues: { ':next': expected + 1, ':expected': expected, ':one': 1, ':running': 'running' satisfies StaffImportStatus },
      },
    },
    onFail: () => new ImportJobMovedOnError(),
  };
}

/** A row that failed at its write: the job moves past it with its error (stored while fewer than the cap are). */
export async function recordRowError(job: JobKey, expected: number, error: StoredError, store: boolean): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table(),
        Key: jobKey(job),
        UpdateExpression: `SET nextRow = :next, errorCount = errorCount + :one${store ? ', #errors = list_append(#errors, :error)' : ''}`,
        ConditionExpression: 'nextRow = :expected AND #status = :running',
        ExpressionAttributeNames: { '#status': 'status', ...(store ? { '#errors': 'errors' } : {}) },
        ExpressionAttributeValues: {
          ':next': expected + 1,
          ':expected': expected,
          ':one': 1,
          ':running': 'running' satisfies StaffImportStatus,
          ...(store ? { ':error': [error] } : {}),
        },
      }),
    );
  } catch (failure) {
    if (isConditionalCheckFailed(failure)) throw new ImportJobMovedOnError();
    throw failure;
  }
}

/**
 * Ends a running job with its `staff.import_finished` event. `expected`: the
 * job must still be at that row (nobody wrote past it); `end`: its last row
 * (a failed job moves past the rows it did not reach); `errors`: row errors
 * to add (those rows).
 */
export async function finishImportJob(
  job: JobKey,
  outcome: { status: 'succeeded' | 'failed'; expected: number; end: number; now: string; errors?: { stored: StoredError[]; count: number } },
  also: Step[],
): Promise<void> {
  const added = outcome.errors;
  await transactWrite([
    {
      item: {
        Update: {
          TableName: table(),
          Key: jobKey(job),
          UpdateExpression: `SET #status = :status, finishedAt = :now, nextRow = :end${added ? ', errorCount = errorCount + :count, #errors = list_append(#errors, :errors)' : ''}`,
          ConditionExpression: 'nextRow = :expected AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status', ...(added ? { '#errors': 'errors' } : {}) },
          ExpressionAttributeValues: {
            ':status': outcome.status,
            ':now': outcome.now,
            ':expected': outcome.expected,
            ':end': outcome.end,
            ':running': 'running' satisfies StaffImportStatus,
            ...(added ? { ':count': added.count, ':errors': added.stored } : {}),
          },
        },
      },
      onFail: () => new ImportJobMovedOnError(),
    },
    ...also,
  ]);
}
