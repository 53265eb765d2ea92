import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { afterAll, inject } from 'vitest';
import { testTableName } from './test-table.js';

/**
 * After each file (its own afterAll hooks have stopped its API), its table
 * goes: the run's one DynamoDB Local would otherwise hold a table and its
 * stream for every file done, and grew slower file by file. A file that made
 * no table (a unit test) finds none.
 */
afterAll(async () => {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new DeleteTableCommand({ TableName: testTableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
});
