import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local for the whole run, in memory; each test file makes its own table in it (test-table.ts). */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal(undefined);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
