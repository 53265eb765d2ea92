import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

/** The SMS boundary: SNS when deployed, the local outbox in local mode, a double in tests. */
export interface SmsPublisher {
  publish(input: PublishCommandInput): Promise<void>;
}

class SnsSmsPublisher implements SmsPublisher {
  private readonly client = new SNSClient({ region: config().region, ...awsClientOptions(callBudgets().delivery) });

  async publish(input: PublishCommandInput): Promise<void> {
    await this.client.send(new PublishCommand(input));
  }
}

let current: SmsPublisher | undefined;

export function smsPublisher(): SmsPublisher {
  current ??= new SnsSmsPublisher();
  return current;
}

export function useSmsPublisher(publisher: SmsPublisher): void {
  current = publisher;
}
