import type { LocalImportQueue } from '#shared/domain/staff/import-queue.js';
import { InProcessSqsQueue, type SqsHandler } from './in-process-sqs.js';

/**
 * The deployed import queue (infra/constructs/staff-imports.ts), which local
 * mode mirrors; test/infra/staff-imports.test.ts fails if they drift.
 */
export const DEPLOYED_IMPORT_QUEUE = { visibilityTimeoutSeconds: 360, maxReceiveCount: 5 } as const;

/** Local mode's stand-in for the staff import queue: the real staff-import handler for each slice after its delay. */
export class InProcessImportQueue extends InProcessSqsQueue implements LocalImportQueue {
  constructor(worker: () => Promise<SqsHandler>) {
    super('Import slice', DEPLOYED_IMPORT_QUEUE, worker);
  }
}
