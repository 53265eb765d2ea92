import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

export const sqs = new SQSClient({ region: config().region, ...awsClientOptions(callBudgets().request) });
