import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface IndexSpec {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/**
 * The single DynamoDB table, declared once. CDK (`infra/`) and the local
 * server (`local/`) both build their table from this object, so the keys,
 * indexes and TTL attribute cannot drift between local and deployed.
 *
 * No secondary index today: every access pattern reads a partition it knows
 * (docs/data-model.md). An index is added here, named after the pattern it
 * serves, when one needs it; an index nothing reads only costs writes.
 */
export const tableSchema: {
  partitionKey: 'pk';
  sortKey: 'sk';
  timeToLiveAttribute: 'ttl';
  streamView: 'NEW_AND_OLD_IMAGES';
  indexes: Readonly<Record<string, IndexSpec>>;
} = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  /** Outbox messages (and, later, change events) are delivered from the stream: what committed is what is sent. */
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: {},
};

export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(tableSchema.indexes);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableSchema.streamView },
    KeySchema: [
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: tableSchema.partitionKey, AttributeType: 'S' },
      { AttributeName: tableSchema.sortKey, AttributeType: 'S' },
      ...indexes.flatMap((index) => [
        { AttributeName: index.partitionKey, AttributeType: 'S' as const },
        { AttributeName: index.sortKey, AttributeType: 'S' as const },
      ]),
    ],
    // DynamoDB refuses an empty list of indexes.
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
