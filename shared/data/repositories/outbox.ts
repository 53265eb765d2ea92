import { config } from '../../config.js';
import { entities, type OutboxMessageAttributes } from '../entities.js';
import type { Step } from '../transaction.js';

/** The outbox item of a message, to commit inside the transaction of the change that sends it. */
export function outboxStep(message: OutboxMessageAttributes, accountId?: string): Step {
  return {
    item: {
      Put: {
        TableName: config().tableName,
        Item: entities.outboxMessage.item({ tenantId: message.tenantId, accountId, messageId: message.messageId }, message),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onFail: () => new Error('outbox message id collision'),
  };
}

/**
 * The outbox item of a job asked for by a client whose target may not exist
 * (a password-reset request: the login may have no account), so it has no
 * tenant or account to live with. It lives in the partition of the client
 * address whose reset budget admitted it (`CLIENT#<ip>`, as that budget), so
 * no partition takes more of them than the budget allows; its sort key is
 * every outbox item's. The stream sees it as any `outboxMessage`.
 */
export function clientOutboxStep(job: OutboxMessageAttributes, sourceIp: string): Step {
  const { pk } = entities.clientResetBudget.key({ sourceIp });
  const item = entities.outboxMessage.item({ messageId: job.messageId }, job);
  return {
    item: {
      Put: { TableName: config().tableName, Item: { ...item, pk }, ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onFail: () => new Error('outbox message id collision'),
  };
}
