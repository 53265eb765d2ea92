import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { awsClientOptions, callBudgets } from '#shared/clients/call-budgets.js';
import { tableSchema } from '#shared/data/table-schema.js';
import { asWorker } from './dynamo-requests.js';
import { asTheServiceSendsIt } from './stream-records.js';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** How often each reader polls by default; a reader whose work is not waited for may poll less (see the options). */
const POLL_MS = 100;
/** Lambda retries a failing batch; locally a few tries, then the record is reported and skipped. */
const MAX_TRIES = 3;

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Turns the stream on for a table made before it was part of the schema (a kept DATA_DIR). */
export async function ensureStream(endpoint: string, tableName: string): Promise<string> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: localCredentials });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled && Table.LatestStreamArn) return Table.LatestStreamArn;
    const { TableDescription } = await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: tableSchema.streamView } }),
    );
    if (!TableDescription?.LatestStreamArn) throw new Error(`DynamoDB Local did not enable the stream of ${tableName}`);
    return TableDescription.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

/**
 * Local stand-in for the Lambda event source mapping on the table's stream:
 * reads DynamoDB Local's stream (the same Streams API as deployed) and hands
 * each batch to the real table-stream handler, in shard order. It starts at
 * the end of the stream as it stands, so a restart never re-sends old
 * messages.
 */
export class LocalTableStream {
  private readonly client: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | undefined>();
  /** The last record handed over per shard: a re-positioned iterator must not hand it over twice. */
  private readonly handedOver = new Map<string, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> = Promise.resolve(0);
  private stopped = false;

  private readonly pollMs: number;

  constructor(
    endpoint: string,
    private readonly streamArn: string,
    private readonly handler: () => Promise<StreamHandler>,
    options: { pollMs?: number } = {},
  ) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.client = new DynamoDBStreamsClient({ endpoint, region: 'local', credentials: localCredentials, ...awsClientOptions(callBudgets().request) });
  }

  async start(): Promise<void> {
    await this.discoverShards('LATEST');
    const tick = () => {
      if (this.stopped) return;
      void this.poll()
        .catch((error: unknown) => {
          // After stop() (or once DynamoDB Local is gone, which the local stack reports itself) a failed poll says nothing new.
          if (!this.stopped) console.error(`Table stream poll failed: ${(error as Error).message}`);
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.pollMs);
  }

  /** Resolves once every record written so far has been handed to the handler. */
  async catchUp(): Promise<void> {
    while ((await this.poll()) > 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => undefined);
    this.client.destroy();
  }

  /** One pass over every shard; polls never overlap. Returns how many records it handled. */
  private poll(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.pollOnce());
    return this.running;
  }

  private async pollOnce(): Promise<number> {
    await this.discoverShards('TRIM_HORIZON');
    let handled = 0;
    for (const [shardId, iterator] of this.iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await this.read(shardId, iterator);
      this.iterators.set(shardId, NextShardIterator);
      const last = this.handedOver.get(shardId) ?? -1n;
      const fresh = Records.filter((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0') > last).map(asTheServiceSendsIt);
      if (fresh.length > 0) {
        await this.deliver(fresh);
        this.handedOver.set(shardId, BigInt(fresh.at(-1)?.dynamodb?.SequenceNumber ?? '0'));
      }
      handled += fresh.length;
    }
    return handled;
  }

  /**
   * DynamoDB Local trims a busy shard and expires idle iterators, as the
   * service does: such an iterator is re-positioned after the last record
   * handed over (or at the oldest record kept), never skipping ahead.
   */
  private async read(shardId: string, iterator: string) {
    try {
      return await this.client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      if (!ShardIterator) return { Records: [], NextShardIterator: undefined };
      return this.client.send(new GetRecordsCommand({ ShardIterator }));
    }
  }

  /** New shards are read from their start (`TRIM_HORIZON`); shards known at start-up from their end. */
  private async discoverShards(position: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const { StreamDescription } = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId, ShardIteratorType: position }),
      );
      this.iterators.set(shard.ShardId, ShardIterator);
    }
  }

  private async deliver(records: StreamRecord[]): Promise<void> {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const handler = await this.handler();
      const { batchItemFailures } = await asWorker(() => handler({ Records: pending } as unknown as DynamoDBStreamEvent));
      const failedAt = pending.findIndex((record) => batchItemFailures.some((failure) => failure.itemIdentifier === record.dynamodb?.SequenceNumber));
      if (failedAt < 0) return;
      if (attempt >= MAX_TRIES) {
        console.error(`Table stream record ${pending[failedAt]?.dynamodb?.SequenceNumber} failed ${MAX_TRIES} times; skipped`);
        pending = pending.slice(failedAt + 1);
        attempt = 0;
        continue;
      }
      pending = pending.slice(failedAt);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * attempt));
    }
  }
}
