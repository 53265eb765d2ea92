import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

export const ses = new SESv2Client({
  region: config().region,
  ...(config().sesEndpoint ? { endpoint: config().sesEndpoint } : {}),
  ...awsClientOptions(callBudgets().delivery),
});
