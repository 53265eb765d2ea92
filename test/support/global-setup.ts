import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoLocal } from '../../local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

/** One DynamoDB Local for the whole run, in memory; every test file uses its own ids in one table. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal(undefined);
  const tableName = 'staffgate-test';
  await ensureTable(dynamo.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', tableName);
  return async () => {
    await dynamo.stop();
  };
}
