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
