import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

export const eventBridge = new EventBridgeClient({ region: config().region, ...awsClientOptions(callBudgets().request) });
