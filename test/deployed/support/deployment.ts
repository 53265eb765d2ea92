import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { LocalTableStream } from '#local/table-stream.js';
import { secretsInText } from '#shared/messages/templates.js';
import { AwsStandIn, type Denial, type QueuedMessage } from './aws-stand-in.js';
import { EmulatedGateway, OPERATOR_ROLE_HEADER } from './gateway.js';
import { EmulatedHttpApi } from './http-api.js';
import { EmulatedFunction } from './lambda-runtime.js';
import type { Statement } from './policy.js';
import type { SynthesizedStack } from './synth.js';
import { ACCOUNT_ID, fakeKeyId, Intrinsics } from './template.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Send it to the decisions API (HTTP API, output DecisionsUrl) instead of the REST API. */
  api?: 'decisions';
}

export interface SentMessage {
  channel: 'email' | 'sms';
  to: string;
  text: string;
  kind: string | undefined;
  token?: string;
  pin?: string;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Does a Lambda event filter pattern (EventBridge syntax, the subset CDK emits: value lists, nesting) match? */
export function matchesFilter(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => (allowed !== null && typeof allowed === 'object' ? false : allowed === value));
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, inner]) => matchesFilter(inner, (value as Record<string, unknown>)[key]));
  }
  return pattern === value;
}

/**
 * One stack of the cloud assembly, running offline: its table in DynamoDB Local, its functions
 * (workers over the bundled assets), the AWS stand-in that enforces each role's policy, the event
 * source mappings (table stream → table-stream, queue → message-sender) and the API Gateway emulation.
 */
export class Deployment {
  readonly functions = new Map<string, EmulatedFunction>();
  /** Function short name (`auth`, from the Description "StaffGate auth") → logical id. */
  readonly byName = new Map<string, string>();
  readonly notes: string[] = [];
  readonly deadLetters: { body: string; receiveCount: number }[] = [];
  readonly streamFailures: string[] = [];
  readonly invocationErrors: string[] = [];
  readonly clientIp = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  /** One per stream event source mapping (the outbox relay and the change-events worker), as Lambda polls each apart. */
  private readonly streams: LocalTableStream[] = [];
  private queueConsumers: { url: string; functionLogicalId: string; batchSize: number; maxReceives: number; arn: string }[] = [];
  private constructor(
    readonly stack: SynthesizedStack,
    readonly intrinsics: Intrinsics,
    readonly standIn: AwsStandIn,
    readonly gateway: EmulatedGateway,
    private readonly dynamoEndpoint: string,
    readonly tableName: string,
    private readonly workDir: string,
  ) {}

  /** The decisions API (HTTP API), emulated from the template like the REST API. */
  readonly decisions!: EmulatedHttpApi;

  get url(): string {
    return this.gateway.url;
  }

  get denials(): Denial[] {
    return this.standIn.denials;
  }

  static async start(stack: SynthesizedStack, outdir: string, dynamoEndpoint: string): Promise<Deployment> {
    const { region, stackName, template } = stack;
    const intrinsics = new Intrinsics(template, region, stackName);
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT_ID}:${resource}`;

    // The table, from the template's AWS::DynamoDB::Table.
    const [[tableId, tableResource]] = intrinsics.ofType('AWS::DynamoDB::Table') as [[string, any]];
    const tableName = `deployed_${stackName}_${randomBytes(4).toString('hex')}`;
    const tableArn = arn('dynamodb', `table/${tableName}`);
    const tp = tableResource.Properties;
    const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'local', credentials: localCredentials });
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: tp.BillingMode ?? 'PAY_PER_REQUEST',
        KeySchema: tp.KeySchema as KeySchemaElement[],
        AttributeDefinitions: tp.AttributeDefinitions as AttributeDefinition[],
        ...(tp.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: tp.GlobalSecondaryIndexes as GlobalSecondaryIndex[] } : {}),
        ...(tp.StreamSpecification ? { StreamSpecification: { StreamEnabled: true, StreamViewType: tp.StreamSpecification.StreamViewType } } : {}),
      }),
    );
    if (tp.TimeToLiveSpecification?.Enabled) {
      await dynamo.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: tp.TimeToLiveSpecification }));
    }
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    dynamo.destroy();
    const localStreamArn = Table?.LatestStreamArn;
    const streamArn = `${tableArn}/stream/2025-01-01T00:00:00.000`;
    intrinsics.physical.set(tableId, { ref: tableName, attributes: { Arn: tableArn, StreamArn: streamArn } });
    const hashOf = (schema: KeySchemaElement[]) => String(schema.find((k) => k.KeyType === 'HASH')?.AttributeName);

    const indexPartitionKeys = Object.fromEntries(
      ((tp.GlobalSecondaryIndexes ?? []) as GlobalSecondaryIndex[]).map((index) => [index.IndexName as string, hashOf(index.KeySchema as KeySchemaElement[])]),
    );
    const standIn = new AwsStandIn({
      region,
      accountId: ACCOUNT_ID,
      dynamoEndpoint,
      callers: new Map(),
      tables: new Map([[tableName, { arn: tableArn, partitionKey: hashOf(tp.KeySchema), indexPartitionKeys }]]),
      keys: new Map(),
      queues: new Map(),
    });
    const awsUrl = await standIn.start();
    // Keys, queues, the configuration set, functions and roles: fake physical ids in this account and region.
    const { keys, queues, callers } = standIn.options;
    for (const [id, key] of intrinsics.ofType('AWS::KMS::Key')) {
      const keyArn = arn('kms', `key/${fakeKeyId(stackName, id)}`);
      intrinsics.physical.set(id, { ref: fakeKeyId(stackName, id), attributes: { Arn: keyArn, KeyId: fakeKeyId(stackName, id) } });
      keys.set(keyArn, { spec: key.Properties?.KeySpec === 'HMAC_256' ? 'HMAC_256' : 'SYMMETRIC_DEFAULT' });
    }
    for (const [id] of intrinsics.ofType('AWS::SQS::Queue')) {
      const name = `${stackName}-${id}`;
      // The SDK sends to the QueueUrl's host, so the local equivalent of the URL names the stand-in.
      const url = `${awsUrl}/${ACCOUNT_ID}/${name}`;
      intrinsics.physical.set(id, { ref: url, attributes: { Arn: arn('sqs', name), QueueUrl: url, QueueName: name } });
      queues.set(url, { arn: arn('sqs', name) });
    }
    for (const [id, bus] of intrinsics.ofType('AWS::Events::EventBus')) {
      const name = String(bus.Properties?.Name);
      intrinsics.physical.set(id, { ref: name, attributes: { Name: name, Arn: arn('events', `event-bus/${name}`) } });
    }
    for (const [id] of intrinsics.ofType('AWS::SES::ConfigurationSet')) intrinsics.physical.set(id, { ref: `${stackName}-${id}`.toLowerCase(), attributes: {} });
    for (const [id] of intrinsics.ofType('AWS::Lambda::Function')) {
      const name = `${stackName}-${id}`;
      intrinsics.physical.set(id, { ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } });
    }
    for (const [id] of intrinsics.ofType('AWS::IAM::Role')) {
      intrinsics.physical.set(id, { ref: `${stackName}-${id}`, attributes: { Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${stackName}-${id}`, RoleId: `AROA${id}` } });
    }
    for (const [id] of intrinsics.ofType('AWS::Logs::LogGroup')) {
      intrinsics.physical.set(id, { ref: `/aws/lambda/${stackName}-${id}`, attributes: { Arn: arn('logs', `log-group:/aws/lambda/${stackName}-${id}:*`) } });
    }

    // Each function's role policy (every AWS::IAM::Policy attached to its role), resolved.
    const policies = intrinsics.ofType('AWS::IAM::Policy');
    const functionIds = intrinsics.ofType('AWS::Lambda::Function').map(([id]) => id);
    for (const id of functionIds) {
      const roleId = intrinsics.resource(id).Properties?.Role?.['Fn::GetAtt']?.[0] as string;
      const statements = policies
        .filter(([, policy]) => (policy.Properties?.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
        .flatMap(([, policy]) => intrinsics.resolve(policy.Properties?.PolicyDocument).Statement as Statement[]);
      callers.set(intrinsics.ref(id), { functionName: intrinsics.ref(id), statements });
    }

    const workDir = mkdtempSync(join(tmpdir(), `staffgate-${stackName}-`));
    const baseEnvironment: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      // Every AWS call leaves through the stand-in: per service (the names SDK v3 reads), and the catch-all.
      AWS_ENDPOINT_URL: awsUrl,
      AWS_ENDPOINT_URL_DYNAMODB: awsUrl,
      AWS_ENDPOINT_URL_KMS: awsUrl,
      AWS_ENDPOINT_URL_SQS: awsUrl,
      AWS_ENDPOINT_URL_SESV2: awsUrl,
      AWS_ENDPOINT_URL_SNS: awsUrl,
      AWS_ENDPOINT_URL_EVENTBRIDGE: awsUrl,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    };
    const deployment = new Deployment(stack, intrinsics, standIn, undefined as unknown as EmulatedGateway, dynamoEndpoint, tableName, workDir);
    for (const id of functionIds) {
      const fn = EmulatedFunction.prepare({ logicalId: id, intrinsics, outdir, workDir, baseEnvironment, notes: deployment.notes });
      fn.withCredentials(fn.spec.name);
      deployment.functions.set(id, fn);
      const description = String(intrinsics.resource(id).Properties?.Description ?? '');
      deployment.byName.set(description.replace(/^StaffGate /, ''), id);
    }
    (deployment as { gateway: EmulatedGateway }).gateway = new EmulatedGateway(intrinsics, (id, event) => deployment.invoke(id, event));
    await deployment.gateway.start();
    (deployment as { decisions: EmulatedHttpApi }).decisions = new EmulatedHttpApi(intrinsics, (id, event) => deployment.invoke(id, event));
    await deployment.decisions.start();
    await deployment.startEventSources(localStreamArn);
    return deployment;
  }

  async invoke(logicalId: string, event: unknown): Promise<any> {
    const fn = this.functions.get(logicalId);
    if (!fn) throw new Error(`no function ${logicalId}`);
    try {
      return await fn.invoke(event);
    } catch (error) {
      const e = error as Error & { remoteStack?: string };
      this.invocationErrors.push(`${fn.spec.name}: ${e.message}${e.message === 'Unauthorized' ? '' : `\n${e.remoteStack ?? ''}`}`);
      throw error;
    }
  }

  /** The template's event source mappings, with the permissions Lambda's pollers use checked against the function's role. */
  private async startEventSources(localStreamArn: string | undefined): Promise<void> {
    const esmCheck = (caller: string, action: string, resource: string, keys = {}) => {
      try {
        this.standIn.check(caller, 'lambda:event-source-mapping', action, { action, resource, keys });
      } catch {
        // recorded as a denial
      }
    };
    for (const [, mapping] of this.intrinsics.ofType('AWS::Lambda::EventSourceMapping')) {
      const p = mapping.Properties ?? {};
      const functionLogicalId = p.FunctionName?.Ref as string;
      const fn = this.functions.get(functionLogicalId);
      if (!fn) throw new Error('event source mapping for an unknown function');
      const sourceArn = this.intrinsics.resolve(p.EventSourceArn) as string;
      const patterns = ((p.FilterCriteria?.Filters ?? []) as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern) as unknown);
      if (sourceArn.includes(':dynamodb:')) {
        for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) esmCheck(fn.spec.name, action, sourceArn);
        esmCheck(fn.spec.name, 'dynamodb:ListStreams', '*');
        const onFailure = p.DestinationConfig?.OnFailure?.Destination;
        if (onFailure) esmCheck(fn.spec.name, 'sqs:SendMessage', this.intrinsics.resolve(onFailure));
        if (!localStreamArn) throw new Error('the table has no stream');
        const handler = async (event: { Records: StreamRecord[] }) => {
          const records = event.Records.map((record) => ({
            ...JSON.parse(JSON.stringify(record)),
            eventSourceARN: sourceArn,
            awsRegion: this.stack.region,
            dynamodb: {
              ...JSON.parse(JSON.stringify(record.dynamodb ?? {})),
              ApproximateCreationDateTime: Math.floor(new Date(record.dynamodb?.ApproximateCreationDateTime ?? Date.now()).getTime() / 1000),
            },
          }));
          // Lambda drops filtered-out records before batching; the function never sees them.
          const wanted = records.filter((record) => patterns.length === 0 || patterns.some((pattern) => matchesFilter(pattern, record)));
          if (wanted.length === 0) return { batchItemFailures: [] };
          try {
            const result = (await this.invoke(functionLogicalId, { Records: wanted })) as { batchItemFailures?: { itemIdentifier: string }[] };
            for (const failure of result?.batchItemFailures ?? []) this.streamFailures.push(failure.itemIdentifier);
            return { batchItemFailures: result?.batchItemFailures ?? [] };
          } catch {
            this.streamFailures.push('whole batch');
            return { batchItemFailures: wanted.slice(0, 1).map((r) => ({ itemIdentifier: String(r.dynamodb?.SequenceNumber) })) };
          }
        };
        const stream = new LocalTableStream(this.dynamoEndpoint, localStreamArn, async () => handler as never);
        await stream.start();
        this.streams.push(stream);
      } else if (sourceArn.includes(':sqs:')) {
        for (const action of ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:DeleteMessage']) esmCheck(fn.spec.name, action, sourceArn);
        const [queueId] = [...Intrinsics.references(p.EventSourceArn)];
        const queue = this.intrinsics.resource(queueId as string).Properties ?? {};
        const keyArn = queue.KmsMasterKeyId ? this.intrinsics.resolve(queue.KmsMasterKeyId) : undefined;
        if (typeof keyArn === 'string' && keyArn.startsWith('arn:')) {
          esmCheck(fn.spec.name, 'kms:Decrypt', keyArn, { 'kms:ViaService': `sqs.${this.stack.region}.amazonaws.com` });
        }
        this.queueConsumers.push({
          url: this.intrinsics.ref(queueId as string),
          arn: sourceArn,
          functionLogicalId,
          batchSize: Number(p.BatchSize ?? 10),
          maxReceives: Number(queue.RedrivePolicy?.maxReceiveCount ?? 1),
        });
      }
    }
  }

  /** Hands queued messages to their consumers once; returns how many were handled. */
  private async pollQueues(): Promise<number> {
    let handled = 0;
    for (const consumer of this.queueConsumers) {
      const queue = this.standIn.queue(consumer.url);
      for (;;) {
        // Messages sent with a delay wait in the queue until they are due, as SQS keeps them.
        const now = Date.now();
        const batch: QueuedMessage[] = [];
        for (let index = 0; index < queue.length && batch.length < consumer.batchSize; ) {
          if ((queue[index] as QueuedMessage).visibleAt <= now) batch.push(...queue.splice(index, 1));
          else index += 1;
        }
        if (batch.length === 0) break;
        for (const message of batch) message.receiveCount += 1;
        let failed = new Set<string>();
        try {
          const result = (await this.invoke(consumer.functionLogicalId, {
            Records: batch.map((message) => ({
              messageId: message.messageId,
              receiptHandle: `rh-${message.messageId}-${message.receiveCount}`,
              body: message.body,
              attributes: {
                ApproximateReceiveCount: String(message.receiveCount),
                SentTimestamp: String(message.sentAt),
                SenderId: 'AROADEPLOYEDTEST',
                ApproximateFirstReceiveTimestamp: String(Date.now()),
              },
              messageAttributes: {},
              md5OfBody: message.md5,
              eventSource: 'aws:sqs',
              eventSourceARN: consumer.arn,
              awsRegion: this.stack.region,
            })),
          })) as { batchItemFailures?: { itemIdentifier: string }[] };
          failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch {
          failed = new Set(batch.map((message) => message.messageId));
        }
        handled += batch.length;
        for (const message of batch) {
          if (!failed.has(message.messageId)) continue;
          if (message.receiveCount >= consumer.maxReceives) this.deadLetters.push({ body: message.body, receiveCount: message.receiveCount });
          else queue.push(message);
        }
      }
    }
    return handled;
  }

  /** Waits until the stream and the queue are drained: everything committed so far was relayed and sent. */
  async settle(): Promise<void> {
    for (let round = 0; round < 50; round += 1) {
      await this.catchUpStreams();
      const handled = await this.pollQueues();
      if (handled === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await this.catchUpStreams();
        if ((await this.pollQueues()) === 0) return;
      }
    }
    throw new Error('the stream and queue did not settle');
  }

  private async catchUpStreams(): Promise<void> {
    for (const stream of this.streams) await stream.catchUp();
  }

  /** What SES and SNS received, newest first, with the token or PIN each carries. */
  async sent(to?: string): Promise<SentMessage[]> {
    await this.settle();
    const messages: SentMessage[] = [
      ...this.standIn.emails.flatMap((email) =>
        email.to.map((address) => ({ channel: 'email' as const, to: address, text: email.text, kind: email.headers['X-StaffGate-Kind'] ?? Object.values(email.headers)[0], ...secretsInText(email.text) })),
      ),
      ...this.standIn.sms.map((sms) => ({ channel: 'sms' as const, to: sms.phoneNumber, text: sms.message, kind: Object.entries(sms.attributes).find(([n]) => !n.startsWith('AWS.'))?.[1], ...secretsInText(sms.message) })),
    ];
    const wanted = to?.toLowerCase();
    return messages.filter((m) => !wanted || m.to.toLowerCase() === wanted).reverse();
  }

  async latestToken(to: string): Promise<string> {
    const token = (await this.sent(to)).find((message) => message.token)?.token;
    if (!token) throw new Error(`no token sent to ${to}`);
    return token;
  }

  async latestPin(to: string): Promise<string> {
    const pin = (await this.sent(to)).find((message) => message.pin)?.pin;
    if (!pin) throw new Error(`no PIN sent to ${to}`);
    return pin;
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.clientIp, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const base = options.api === 'decisions' ? this.decisions.url : this.url;
    const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  /** An operator route, as signed by the operator role (see OPERATOR_ROLE_HEADER). */
  operator<T = any>(method: string, path: string, json?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>(method, path, { headers: { [OPERATOR_ROLE_HEADER]: this.operatorRoleArn() }, ...(json === undefined ? {} : { json }) });
  }

  /** The role operators assume (the template's IAM role named StaffGateOperator*), else a stand-in ARN. */
  operatorRoleArn(): string {
    const found = this.intrinsics.ofType('AWS::IAM::Role').find(([, role]) => String(role.Properties?.RoleName ?? '').startsWith('StaffGateOperator'));
    return found ? (this.intrinsics.resolve({ 'Fn::GetAtt': [found[0], 'Arn'] }) as string) : `arn:aws:iam::${ACCOUNT_ID}:role/StaffGateOperator`;
  }

  async stop(): Promise<void> {
    for (const stream of this.streams) await stream.stop();
    await this.gateway.stop();
    await this.decisions?.stop();
    await Promise.all([...this.functions.values()].map((fn) => fn.stop()));
    await this.standIn.stop();
    const dynamo = new DynamoDBClient({ endpoint: this.dynamoEndpoint, region: 'local', credentials: localCredentials });
    await dynamo.send(new DeleteTableCommand({ TableName: this.tableName })).catch(() => undefined);
    dynamo.destroy();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
