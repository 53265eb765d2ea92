import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

/** One client per process, created at cold start. Tests attach middleware to it to count requests. */
export const dynamo = new DynamoDBClient({
  region: config().region,
  ...(config().dynamoEndpoint ? { endpoint: config().dynamoEndpoint } : {}),
  ...awsClientOptions(callBudgets().request),
});

export const ddb = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});
