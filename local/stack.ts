import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sesLocal from 'aws-ses-v2-local';
import { ensureTable, startDynamoLocal } from './dynamodb-local.js';
import { EventLog } from './event-log.js';
import { DEPLOYED_QUEUE, InProcessQueue, retryScale } from './local-queue.js';
import { outboxReader } from './outbox.js';
import { SmsOutbox } from './sms-outbox.js';
import { ensureStream, LocalTableStream } from './table-stream.js';
import { InProcessWebhookQueue } from './webhook-queue.js';
import { InProcessImportQueue } from './staff-import-queue.js';

export interface LocalStackOptions {
  port: number;
  /** A directory to keep data in between runs, or undefined for memory only. */
  dataDir: string | undefined;
  operatorToken: string;
  region: string;
  residency: string;
  /** Reuse a DynamoDB Local that is already running (tests start one per run). */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Tests only: see LocalServerOptions.trustForwardedFor. */
  trustForwardedFor?: boolean;
}

export interface LocalStack {
  url: string;
  sesUrl: string;
  dynamoEndpoint: string;
  queue: InProcessQueue;
  /** The staff import jobs' queue (functions/staff-import). */
  importQueue: InProcessImportQueue;
  /** The local stand-in for the region's event bus (`GET /_local/events`). */
  events: EventLog;
  /** Resolves when every message committed so far has been delivered or dead-lettered. */
  drainMessages(): Promise<void>;
  /** Resolves when every change committed so far is on the event log and its webhook deliveries have had the attempts due within `withinMs`. */
  drainEvents(withinMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts everything local mode needs: DynamoDB Local, aws-ses-v2-local, the
 * SMS outbox, the in-process queue and the HTTP server. Environment variables
 * are set before any handler module loads, exactly as Lambda would set them.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // Bound first and held: handlers read ACCOUNT_PAGES_URL (message links) and APP_BASE_URL once, at load, and a
    // port only chosen here could be taken by another process (another test file's stack) before it was bound.
    const { port, serve, close } = await bindEarly(options.port);
    stops.push(close);
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoLocal(options.dataDir ? resolve(options.dataDir, 'dynamodb') : undefined);
      stops.push(dynamo.stop);
      dynamoEndpoint = dynamo.endpoint;
    }
    const tableName = options.tableName ?? 'staffgate';
    await ensureTable(dynamoEndpoint, tableName);
    const streamArn = await ensureStream(dynamoEndpoint, tableName);

    // A CommonJS module: Node's ESM loader hands its exports object over as the default.
    const startSes = (typeof sesLocal === 'function' ? sesLocal : sesLocal.default) as typeof sesLocal.default;
    const sesServer = (await startSes({ port: 0, host: '127.0.0.1' })) as Server;
    stops.push(() => new Promise<void>((done) => sesServer.close(() => done())));
    const sesUrl = `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}`;

    // The PIN index key: kept with the data, or (memory mode) in a private temporary folder removed on stop.
    let pinKeyFile = options.dataDir ? join(resolve(options.dataDir), 'pin-index.key') : undefined;
    if (!pinKeyFile) {
      const folder = mkdtempSync(join(tmpdir(), 'staffgate-'));
      stops.push(async () => rmSync(folder, { recursive: true, force: true }));
      pinKeyFile = join(folder, 'pin-index.key');
    }

    Object.assign(process.env, {
      PIN_MAC_KEY_FILE: pinKeyFile,
      SECRETS_KEY_FILE: join(dirname(pinKeyFile), 'secrets.key'),
      SNAPSHOT_KEY_FILE: join(dirname(pinKeyFile), 'snapshot-signing.key'),
      TABLE_NAME: tableName,
      AWS_REGION: options.region,
      RESIDENCY: options.residency,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      SES_ENDPOINT: sesUrl,
      MESSAGE_MAX_RECEIVES: String(DEPLOYED_QUEUE.maxReceiveCount),
      EMAIL_FROM: 'no-reply@staffgate.local',
      // The pages the message links lead to are the local server's; they hand on to the demo host page there.
      ACCOUNT_PAGES_URL: `http://127.0.0.1:${port}`,
      APP_BASE_URL: `http://127.0.0.1:${port}/_local/demo/`,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // Node 20 locally, nodejs22.x on Lambda; the SDK versions are pinned in package-lock.json.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Every success answer checked against its operation's schema (shared/http/api-handler.ts): the document cannot drift.
      STAFFGATE_CHECK_RESPONSES: '1',
      // A host developer's receiver on this machine; deployed, webhooks are https to public addresses only.
      WEBHOOKS_ALLOW_LOOPBACK: '1',
      // The 24 h webhook retry schedule, shortened like the message queue's (LOCAL_RETRY_SCALE: minutes, not a day).
      WEBHOOK_RETRY_SCALE: process.env.WEBHOOK_RETRY_SCALE ?? String(Math.min(1, retryScale())),
    });
    delete process.env.EVENT_BUS_NAME;
    delete process.env.WEBHOOK_QUEUE_URL;
    delete process.env.STAFF_IMPORT_QUEUE_URL;
    delete process.env.MESSAGE_QUEUE_URL;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;

    const [{ useSmsPublisher }, { useLocalQueue }, { useLocalEventLog }, { useLocalWebhookQueue }, { useLocalImportQueue }, { localRequestListener }] = await Promise.all([
      import('#shared/clients/sns.js'),
      import('#shared/messages/queue.js'),
      import('#shared/events/publish.js'),
      import('#shared/domain/webhooks/queue.js'),
      import('#shared/domain/staff/import-queue.js'),
      import('./server.js'),
    ]);
    const sms = new SmsOutbox(options.dataDir ? join(resolve(options.dataDir), 'sms-outbox.jsonl') : undefined);
    useSmsPublisher(sms);
    const queue = new InProcessQueue(() => import('#functions/message-sender/handler.js'), {
      deadLetterFile: options.dataDir ? join(resolve(options.dataDir), 'dead-letters.jsonl') : undefined,
    });
    useLocalQueue(queue);
    stops.push(() => queue.stop());
    const stream = new LocalTableStream(dynamoEndpoint, streamArn, async () => (await import('#functions/table-stream/handler.js')).handler);
    await stream.start();
    stops.push(() => stream.stop());
    // Messages reach the queue from the table's stream: catch up with it, then wait for the queue.
    const delivery = { drain: async () => (await stream.catchUp(), await queue.drain()) };

    const events = new EventLog(options.dataDir ? join(resolve(options.dataDir), 'events.jsonl') : undefined);
    useLocalEventLog(events);
    const webhookQueue = new InProcessWebhookQueue(async () => (await import('#functions/webhook-sender/handler.js')).handler);
    useLocalWebhookQueue(webhookQueue);
    stops.push(() => webhookQueue.stop());
    const importQueue = new InProcessImportQueue(async () => (await import('#functions/staff-import/handler.js')).handler);
    useLocalImportQueue(importQueue);
    stops.push(() => importQueue.stop());
    // The deployed stack has a second event source mapping on the same stream (infra/constructs/data.ts); so does this.
    // Polled less often than the outbox: nothing waits on events (drainEvents and /_local/events catch up first), and every test process runs both.
    const changeStream = new LocalTableStream(dynamoEndpoint, streamArn, async () => (await import('#functions/change-events/handler.js')).handler, { pollMs: 500 });
    await changeStream.start();
    stops.push(() => changeStream.stop());
    const drainEvents = async (withinMs = 0) => {
      await changeStream.catchUp();
      await webhookQueue.settled(withinMs);
    };

    serve(
      localRequestListener({
        operatorToken: options.operatorToken,
        outbox: outboxReader(sesUrl, sms, queue, () => stream.catchUp()),
        events: { list: async (tenantId) => (await changeStream.catchUp(), events.list(tenantId)) },
        trustForwardedFor: options.trustForwardedFor ?? false,
      }),
    );
    // Closed first too: no request may reach the queues and streams that stop after it.
    stops.push(close);
    return { url: `http://127.0.0.1:${port}`, sesUrl, dynamoEndpoint, queue, importQueue, events, drainMessages: delivery.drain, drainEvents, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Listens on `port` (0: one the OS picks) before anything knows the address.
 * Requests that arrive before `serve` is given the listener wait for it.
 */
async function bindEarly(port: number): Promise<{ port: number; serve(listener: RequestListener): void; close(): Promise<void> }> {
  let serve: (listener: RequestListener) => void = () => undefined;
  const ready = new Promise<RequestListener>((resolve) => (serve = resolve));
  const server = createServer((req, res) => void ready.then((listener) => listener(req, res)));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  const close = () =>
    new Promise<void>((done) => {
      if (!server.listening) return done();
      server.closeAllConnections();
      server.close(() => done());
    });
  return { port: (server.address() as AddressInfo).port, serve, close };
}
