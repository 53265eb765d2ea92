import { createCipheriv, createDecipheriv, createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.js';
import { type AccessRequest, type ConditionKeys, evaluate, type Statement } from './policy.js';

/**
 * The AWS endpoints of one emulated deployment, at the network layer: every SDK call of every
 * function reaches this server (AWS_ENDPOINT_URL_<SERVICE>), which knows the caller from the SigV4
 * credential (access key id = the function's name), evaluates the caller's role policy from the
 * template, records a denial and answers AccessDenied as AWS would, or serves the call: DynamoDB
 * is forwarded to DynamoDB Local, KMS / SQS / SES v2 / SNS are answered by local stand-ins.
 */

export interface Caller {
  functionName: string;
  statements: Statement[];
}

export interface Check {
  caller: string;
  service: string;
  operation: string;
  action: string;
  resource: string;
  keys: ConditionKeys;
}

export interface Denial extends Check {
  reason: string;
}

export interface SentEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  configurationSet: string | undefined;
  headers: Record<string, string>;
}

export interface SentSms {
  phoneNumber: string;
  message: string;
  attributes: Record<string, string>;
}

export interface QueuedMessage {
  messageId: string;
  body: string;
  md5: string;
  sentAt: number;
  receiveCount: number;
  /** SendMessage's DelaySeconds: no consumer receives it before this (epoch ms). */
  visibleAt: number;
}

/** An event put on a bus with PutEvents. */
export interface PutEvent {
  busName: string;
  source: string;
  detailType: string;
  detail: string;
}

export interface StandInOptions {
  region: string;
  accountId: string;
  dynamoEndpoint: string;
  callers: Map<string, Caller>;
  /** Table name → its ARN and key attributes (table and indexes). */
  tables: Map<string, { arn: string; partitionKey: string; indexPartitionKeys: Record<string, string> }>;
  /** Key ARN → what the key is. */
  keys: Map<string, { spec: 'HMAC_256' | 'SYMMETRIC_DEFAULT' }>;
  /** Queue URL → its ARN. */
  queues: Map<string, { arn: string }>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

class AccessDenied extends Error {}

export class AwsStandIn {
  readonly checks: Check[] = [];
  readonly denials: Denial[] = [];
  readonly emails: SentEmail[] = [];
  readonly sms: SentSms[] = [];
  readonly queues = new Map<string, QueuedMessage[]>();
  readonly busEvents: PutEvent[] = [];
  /** Calls the stand-in does not emulate (a service or operation no function should use). */
  readonly unsupported: string[] = [];
  private readonly keyMaterial = new Map<string, Buffer>();
  private readonly server = new LocalServer();
  url = '';

  /** The maps in `options` may be filled after start(): queue URLs name this server, so they come after its port. */
  constructor(readonly options: StandInOptions) {}

  private material(arn: string): Buffer {
    let key = this.keyMaterial.get(arn);
    if (!key) this.keyMaterial.set(arn, (key = randomBytes(32)));
    return key;
  }

  queue(url: string): QueuedMessage[] {
    let messages = this.queues.get(url);
    if (!messages) this.queues.set(url, (messages = []));
    return messages;
  }

  async start(): Promise<string> {
    this.url = await this.server.listen(
      (request, response) => this.handle(request, response),
      (error, _request, response) => {
        this.unsupported.push(`internal error: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
      },
    );
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  /** Evaluates one action of `caller` (also used for what Lambda's event source mappings do with the role). */
  check(callerKey: string, service: string, operation: string, access: AccessRequest): void {
    const caller = this.options.callers.get(callerKey);
    const check: Check = { caller: caller?.functionName ?? callerKey, service, operation, action: access.action, resource: access.resource, keys: access.keys ?? {} };
    if (!caller) {
      this.denials.push({ ...check, reason: 'unknown credentials' });
      throw new AccessDenied(`unknown access key ${callerKey}`);
    }
    const decision = evaluate(caller.statements, access);
    if (!decision.allowed) {
      this.denials.push({ ...check, reason: decision.reason });
      throw new AccessDenied(
        `User: arn:aws:sts::${this.options.accountId}:assumed-role/${caller.functionName}/${caller.functionName} is not authorized to perform: ${access.action} on resource: ${access.resource} because ${decision.reason}`,
      );
    }
    this.checks.push(check);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const credential = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(String(request.headers.authorization ?? ''));
    if (!credential) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }));
      return;
    }
    const [, accessKeyId, , service] = credential as unknown as [string, string, string, string];
    const target = String(request.headers['x-amz-target'] ?? '');
    try {
      if (service === 'dynamodb') return await this.dynamo(accessKeyId, target, request, body, response);
      if (service === 'kms') return this.kms(accessKeyId, target, body, response);
      if (service === 'sqs') return this.sqs(accessKeyId, target, body, response);
      if (service === 'ses' && request.url?.startsWith('/v2/email/outbound-emails')) return this.ses(accessKeyId, body, response);
      if (service === 'sns') return this.sns(accessKeyId, body, response);
      if (service === 'events') return this.events(accessKeyId, target, body, response);
      this.unsupported.push(`${service} ${request.method} ${request.url} ${target}`);
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ __type: 'UnsupportedOperation', message: `${service} ${target || request.url} is not emulated` }));
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      this.accessDenied(service, error.message, response);
    }
  }

  private accessDenied(service: string, message: string, response: ServerResponse): void {
    if (service === 'sns') {
      response.writeHead(403, { 'content-type': 'text/xml' });
      response.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    } else if (service === 'ses') {
      response.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
      response.end(JSON.stringify({ message }));
    } else {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'AccessDenied;Sender' });
      response.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message, message }));
    }
  }

  // --- DynamoDB: every item touched is checked with its leading key, then the request goes to DynamoDB Local.

  private tableOf(name: string) {
    const table = this.options.tables.get(name);
    if (!table) throw new Error(`request for table ${name}, which is not the stack's table`);
    return table;
  }

  private dynamoAccess(operation: string, input: any): AccessRequest[] {
    const pkOf = (tableName: string, item: any): string => {
      const attribute = item?.[this.tableOf(tableName).partitionKey];
      return String(attribute?.S ?? attribute?.N ?? attribute?.B ?? '');
    };
    const single = (action: string, tableName: string, leadingKeys: string[] | undefined): AccessRequest => ({
      action: `dynamodb:${action}`,
      resource: this.tableOf(tableName).arn,
      keys: { 'dynamodb:LeadingKeys': leadingKeys },
    });
    switch (operation) {
      case 'GetItem':
      case 'DeleteItem':
      case 'UpdateItem':
        return [single(operation, input.TableName, [pkOf(input.TableName, input.Key)])];
      case 'PutItem':
        return [single(operation, input.TableName, [pkOf(input.TableName, input.Item)])];
      case 'Query': {
        const table = this.tableOf(input.TableName);
        const partitionKey = input.IndexName ? table.indexPartitionKeys[input.IndexName] : table.partitionKey;
        if (!partitionKey) throw new Error(`Query on unknown index ${input.IndexName}`);
        const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
        const values: Record<string, any> = input.ExpressionAttributeValues ?? {};
        const leading: string[] = [];
        for (const match of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
          const name = names[match[1] as string] ?? match[1];
          if (name === partitionKey) leading.push(String(values[match[2] as string]?.S ?? ''));
        }
        return [
          {
            action: 'dynamodb:Query',
            resource: input.IndexName ? `${table.arn}/index/${input.IndexName}` : table.arn,
            keys: { 'dynamodb:LeadingKeys': leading },
          },
        ];
      }
      case 'Scan':
        return [{ action: 'dynamodb:Scan', resource: input.IndexName ? `${this.tableOf(input.TableName).arn}/index/${input.IndexName}` : this.tableOf(input.TableName).arn }];
      case 'BatchGetItem':
        return Object.entries(input.RequestItems ?? {}).map(([tableName, request]: [string, any]) =>
          single('BatchGetItem', tableName, list(request.Keys).map((key) => pkOf(tableName, key))),
        );
      case 'BatchWriteItem':
        return Object.entries(input.RequestItems ?? {}).map(([tableName, requests]: [string, any]) =>
          single(
            'BatchWriteItem',
            tableName,
            list(requests).map((r: any) => pkOf(tableName, r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
          ),
        );
      case 'TransactWriteItems':
        return list(input.TransactItems).map((item: any) => {
          const [kind, body] = Object.entries(item)[0] as [string, any];
          const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
          if (!action) throw new Error(`unknown transact item ${kind}`);
          return single(action, body.TableName, [pkOf(body.TableName, body.Item ?? body.Key)]);
        });
      case 'TransactGetItems':
        return list(input.TransactItems).map((item: any) => single('GetItem', item.Get.TableName, [pkOf(item.Get.TableName, item.Get.Key)]));
      default:
        return [{ action: `dynamodb:${operation}`, resource: input.TableName ? this.tableOf(input.TableName).arn : '*' }];
    }
  }

  private async dynamo(caller: string, target: string, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    const operation = target.split('.')[1] ?? '';
    const input = JSON.parse(body.toString('utf8') || '{}');
    for (const access of this.dynamoAccess(operation, input)) this.check(caller, 'dynamodb', operation, access);
    const forwarded = await fetch(this.options.dynamoEndpoint, {
      method: 'POST',
      headers: {
        'content-type': String(request.headers['content-type'] ?? 'application/x-amz-json-1.0'),
        'x-amz-target': target,
        'x-amz-date': String(request.headers['x-amz-date'] ?? ''),
        // DynamoDB Local wants an alphanumeric access key id and checks no signature.
        authorization: 'AWS4-HMAC-SHA256 Credential=deployedtest/20250101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body,
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'x-amzn-requestid', 'x-amz-crc32']) {
      const value = forwarded.headers.get(name);
      if (value) headers[name] = value;
    }
    response.writeHead(forwarded.status, headers);
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  }

  // --- KMS: GenerateMac with HMAC-SHA256, Encrypt/Decrypt with AES-256-GCM bound to the encryption context,
  // and P-256 data key pairs whose private key comes back only as such a ciphertext.

  private keyArnOf(keyId: string): string {
    if (this.options.keys.has(keyId)) return keyId;
    const found = [...this.options.keys.keys()].find((arn) => arn.endsWith(`:key/${keyId}`));
    if (!found) throw new KmsError('NotFoundException', `Key '${keyId}' does not exist`);
    return found;
  }

  private kms(caller: string, target: string, body: Buffer, response: ServerResponse): void {
    const operation = target.split('.')[1] ?? '';
    const input = JSON.parse(body.toString('utf8') || '{}');
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    const contextKeys = (context: Record<string, string> = {}): ConditionKeys => ({
      ...Object.fromEntries(Object.entries(context).map(([name, value]) => [`kms:EncryptionContext:${name}`, value])),
      'kms:EncryptionContextKeys': Object.keys(context),
      'kms:CallerAccount': this.options.accountId,
    });
    try {
      if (operation === 'GenerateMac' || operation === 'VerifyMac') {
        const arn = this.keyArnOf(input.KeyId);
        this.check(caller, 'kms', operation, { action: `kms:${operation}`, resource: arn, keys: { 'kms:MacAlgorithm': input.MacAlgorithm } });
        if (this.options.keys.get(arn)?.spec !== 'HMAC_256' || input.MacAlgorithm !== 'HMAC_SHA_256') throw new KmsError('InvalidKeyUsageException', 'not an HMAC_256 key');
        const mac = createHmac('sha256', this.material(arn)).update(Buffer.from(input.Message, 'base64')).digest();
        if (operation === 'GenerateMac') return reply(200, { KeyId: arn, MacAlgorithm: input.MacAlgorithm, Mac: mac.toString('base64') });
        if (!mac.equals(Buffer.from(input.Mac, 'base64'))) throw new KmsError('KMSInvalidMacException', 'invalid MAC');
        return reply(200, { KeyId: arn, MacAlgorithm: input.MacAlgorithm, MacValid: true });
      }
      if (operation === 'Encrypt') {
        const arn = this.keyArnOf(input.KeyId);
        this.check(caller, 'kms', operation, { action: 'kms:Encrypt', resource: arn, keys: contextKeys(input.EncryptionContext) });
        if (this.options.keys.get(arn)?.spec !== 'SYMMETRIC_DEFAULT') throw new KmsError('InvalidKeyUsageException', 'not an encryption key');
        const blob = this.seal(arn, Buffer.from(input.Plaintext, 'base64'), input.EncryptionContext);
        return reply(200, { KeyId: arn, CiphertextBlob: blob, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      }
      if (operation === 'GenerateDataKeyPairWithoutPlaintext') {
        const arn = this.keyArnOf(input.KeyId);
        this.check(caller, 'kms', operation, {
          action: 'kms:GenerateDataKeyPairWithoutPlaintext',
          resource: arn,
          keys: { ...contextKeys(input.EncryptionContext), 'kms:DataKeyPairSpec': input.KeyPairSpec },
        });
        if (this.options.keys.get(arn)?.spec !== 'SYMMETRIC_DEFAULT') throw new KmsError('InvalidKeyUsageException', 'not an encryption key');
        if (input.KeyPairSpec !== 'ECC_NIST_P256') throw new KmsError('ValidationException', `key pair spec ${input.KeyPairSpec} is not emulated`);
        const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return reply(200, {
          KeyId: arn,
          KeyPairSpec: input.KeyPairSpec,
          PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          PrivateKeyCiphertextBlob: this.seal(arn, pair.privateKey.export({ format: 'der', type: 'pkcs8' }), input.EncryptionContext),
        });
      }
      if (operation === 'Decrypt') {
        let parsed: { k: string; iv: string; t: string; c: string };
        try {
          parsed = JSON.parse(Buffer.from(input.CiphertextBlob, 'base64').toString('utf8'));
        } catch {
          throw new KmsError('InvalidCiphertextException', 'not a ciphertext of this emulation');
        }
        const arn = this.keyArnOf(parsed.k);
        this.check(caller, 'kms', operation, { action: 'kms:Decrypt', resource: arn, keys: contextKeys(input.EncryptionContext) });
        if (input.KeyId && this.keyArnOf(input.KeyId) !== arn) throw new KmsError('IncorrectKeyException', 'wrong key');
        try {
          const decipher = createDecipheriv('aes-256-gcm', this.material(arn), Buffer.from(parsed.iv, 'base64'));
          decipher.setAAD(Buffer.from(canonicalContext(input.EncryptionContext)));
          decipher.setAuthTag(Buffer.from(parsed.t, 'base64'));
          const plaintext = Buffer.concat([decipher.update(Buffer.from(parsed.c, 'base64')), decipher.final()]);
          return reply(200, { KeyId: arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
        } catch {
          throw new KmsError('InvalidCiphertextException', 'the ciphertext or its encryption context does not match');
        }
      }
      this.unsupported.push(`kms ${operation}`);
      throw new KmsError('UnsupportedOperationException', `kms:${operation} is not emulated`);
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      reply(400, { __type: error.type, message: error.message });
    }
  }

  /** A ciphertext blob of this emulation (what Decrypt opens): AES-256-GCM under the key's material, bound to the context. */
  private seal(arn: string, plaintext: Buffer, context: Record<string, string> | undefined): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.material(arn), iv);
    cipher.setAAD(Buffer.from(canonicalContext(context)));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.from(JSON.stringify({ k: arn, iv: iv.toString('base64'), t: cipher.getAuthTag().toString('base64'), c: ciphertext.toString('base64') })).toString('base64');
  }

  // --- SQS (JSON protocol): SendMessage into an in-memory queue that the deployment hands to the consumer.

  private sqs(caller: string, target: string, body: Buffer, response: ServerResponse): void {
    const operation = target.split('.')[1] ?? '';
    const input = JSON.parse(body.toString('utf8') || '{}');
    const queue = this.options.queues.get(input.QueueUrl);
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(payload));
    };
    if (!queue) return reply(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: `no queue ${input.QueueUrl}` });
    if (operation !== 'SendMessage') {
      this.unsupported.push(`sqs ${operation}`);
      return reply(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `sqs:${operation} is not emulated` });
    }
    this.check(caller, 'sqs', operation, { action: 'sqs:SendMessage', resource: queue.arn });
    const md5 = createHash('md5').update(String(input.MessageBody)).digest('hex');
    const delayMs = Math.min(900, Math.max(0, Number(input.DelaySeconds ?? 0))) * 1000;
    const message: QueuedMessage = { messageId: randomUUID(), body: String(input.MessageBody), md5, sentAt: Date.now(), receiveCount: 0, visibleAt: Date.now() + delayMs };
    this.queue(input.QueueUrl).push(message);
    reply(200, { MessageId: message.messageId, MD5OfMessageBody: md5 });
  }

  // --- EventBridge PutEvents (JSON protocol): each entry authorised against its bus, then kept.

  private events(caller: string, target: string, body: Buffer, response: ServerResponse): void {
    const operation = target.split('.')[1] ?? '';
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    if (operation !== 'PutEvents') {
      this.unsupported.push(`events ${operation}`);
      return reply(400, { __type: 'UnsupportedOperation', message: `events:${operation} is not emulated` });
    }
    const entries = list(JSON.parse(body.toString('utf8') || '{}').Entries) as { EventBusName?: string; Source?: string; DetailType?: string; Detail?: string }[];
    for (const entry of entries) {
      const busName = entry.EventBusName ?? 'default';
      const busArn = busName.startsWith('arn:') ? busName : `arn:aws:events:${this.options.region}:${this.options.accountId}:event-bus/${busName}`;
      this.check(caller, 'events', operation, { action: 'events:PutEvents', resource: busArn });
    }
    for (const entry of entries) {
      this.busEvents.push({ busName: entry.EventBusName ?? 'default', source: String(entry.Source), detailType: String(entry.DetailType), detail: String(entry.Detail) });
    }
    reply(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
  }

  // --- SES v2 SendEmail (REST JSON): authorised against the From identity (address or its domain) and the configuration set.

  private ses(caller: string, body: Buffer, response: ServerResponse): void {
    const input = JSON.parse(body.toString('utf8') || '{}');
    // SES authorises the address alone: a display name (`"Salon" <no-reply@…>`) is not part of the identity nor of ses:FromAddress.
    const fromHeader = String(input.FromEmailAddress ?? '');
    const from = /<([^<>]+)>$/.exec(fromHeader)?.[1] ?? fromHeader;
    const arn = (resource: string) => `arn:aws:ses:${this.options.region}:${this.options.accountId}:${resource}`;
    const keys = { 'ses:FromAddress': from, 'ses:ApiVersion': '2' };
    const identities = [arn(`identity/${from}`), arn(`identity/${from.slice(from.indexOf('@') + 1)}`)];
    // The identity SES sends as must be allowed (the address if verified, else its domain: either grant works here).
    const denialsBefore = this.denials.length;
    let identityAllowed = false;
    for (const identity of identities) {
      try {
        this.check(caller, 'ses', 'SendEmail', { action: 'ses:SendEmail', resource: identity, keys });
        identityAllowed = true;
        break;
      } catch (error) {
        if (!(error instanceof AccessDenied)) throw error;
      }
    }
    if (identityAllowed) this.denials.splice(denialsBefore);
    else throw new AccessDenied(`not authorized to perform ses:SendEmail on ${identities.join(' or ')}`);
    if (input.ConfigurationSetName) {
      this.check(caller, 'ses', 'SendEmail', { action: 'ses:SendEmail', resource: arn(`configuration-set/${input.ConfigurationSetName}`), keys });
    }
    const simple = input.Content?.Simple ?? {};
    this.emails.push({
      from: fromHeader,
      to: list(input.Destination?.ToAddresses),
      subject: String(simple.Subject?.Data ?? ''),
      text: String(simple.Body?.Text?.Data ?? ''),
      configurationSet: input.ConfigurationSetName,
      headers: Object.fromEntries(list(simple.Headers).map((header: any) => [header.Name, header.Value])),
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ MessageId: randomUUID() }));
  }

  // --- SNS (query protocol) Publish to a phone number: an SMS outbox.

  private sns(caller: string, body: Buffer, response: ServerResponse): void {
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    if (action !== 'Publish' || !params.get('PhoneNumber')) {
      this.unsupported.push(`sns ${action} ${params.get('TopicArn') ?? ''}`);
      response.writeHead(400, { 'content-type': 'text/xml' });
      response.end(`<ErrorResponse><Error><Code>InvalidAction</Code><Message>not emulated</Message></Error></ErrorResponse>`);
      return;
    }
    // Publishing to a phone number has no resource ARN: IAM authorises it against "*".
    this.check(caller, 'sns', 'Publish', { action: 'sns:Publish', resource: '*' });
    const attributes: Record<string, string> = {};
    for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i += 1) {
      attributes[params.get(`MessageAttributes.entry.${i}.Name`) as string] = params.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    }
    this.sms.push({ phoneNumber: params.get('PhoneNumber') as string, message: params.get('Message') ?? '', attributes });
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function canonicalContext(context: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}
