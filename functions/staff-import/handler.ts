import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MISSING_JOB_PATIENCE_MS, runImportSlice } from '#shared/domain/staff/import-jobs.js';
import { enqueueImportSlice, type ImportSliceMessage } from '#shared/domain/staff/import-queue.js';
import { importSliceMs } from '#shared/domain/staff/import-slice.js';
import { logger } from '#shared/logger.js';

/**
 * Consumes the staff import queue: each message is one slice of one job
 * (runImportSlice), which writes rows until its time is up and then queues
 * the next slice. A failure (a dependency, a crash) reports the message, and
 * SQS hands it over again: the slice starts at the job's `nextRow`, so no
 * row is written twice. After its receives it parks in the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as ImportSliceMessage;
      const outcome = await runImportSlice(message.tenantId, message.importId, Date.now() + importSliceMs());
      if (outcome === 'more') await enqueueImportSlice(message);
      if (outcome === 'missing') {
        // Sent before its job committed: wait for the job a while, then take the request as failed.
        if (Date.now() - message.sentAt < MISSING_JOB_PATIENCE_MS) throw new Error('The import job is not there yet');
        logger.warn('Import slice dropped: no such job', { importId: message.importId });
      }
      if (outcome === 'stale') logger.info('Import slice ended: another delivery is ahead', { importId: message.importId });
    } catch (error) {
      logger.error('Import slice failed; the queue will retry', { error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
