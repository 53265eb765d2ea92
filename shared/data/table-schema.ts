import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single DynamoDB table, declared once. CDK (`infra/`) and the local
 * server (`local/`) both build their table from this object, so the keys,
 * indexes and TTL attribute cannot drift between local and deployed.
 *
 * Indexes are named after the access pattern they serve; their physical
 * attribute names stay generic so a pattern can be added without a migration.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  /** Outbox messages (and, later, change events) are delivered from the stream: what committed is what is sent. */
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: {
    /** Everything tied to one staff member across partitions: their invitations (and, with terminals, their sessions). */
    byStaff: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
} as const;

export type IndexName = keyof typeof tableSchema.indexes;

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
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
