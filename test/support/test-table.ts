import { randomBytes } from 'node:crypto';

/**
 * Each test file has a table of its own in the run's DynamoDB Local (vitest
 * loads this module afresh per file): its local stack reads that table's
 * stream alone, so no file delivers another file's messages.
 */
export const testTableName = `staffgate-test-${randomBytes(4).toString('hex')}`;
