import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { HEALTH_CHECK_KEY } from '#shared/data/health-check.js';
import { tableSchema } from '#shared/data/table-schema.js';
import type { FunctionName } from './constructs/staffgate-function.js';

/**
 * Partition-key prefixes of the single table (see `shared/data/entities.ts`;
 * a test keeps the two in step). Index partition keys lead with one of them too.
 */
export type KeyPrefix = 'TENANT#' | 'ACCOUNT#' | 'LOGIN#' | 'CLIENT#' | 'OPERATOR#' | 'SIGNING_KEY#' | 'PAIRING#';
export const KEY_PREFIXES: readonly KeyPrefix[] = ['TENANT#', 'ACCOUNT#', 'LOGIN#', 'CLIENT#', 'OPERATOR#', 'SIGNING_KEY#', 'PAIRING#'];

/**
 * Transactions have no IAM actions of their own: TransactWriteItems and
 * TransactGetItems are authorised item by item as PutItem, UpdateItem,
 * DeleteItem, GetItem and ConditionCheckItem. Scan is never granted: it has no
 * leading keys, and `ForAllValues` over an empty set is true, so the prefix
 * condition would not restrict it.
 */
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

/**
 * The items a function may touch: those whose partition key starts with one
 * of `prefixes`, or (the health check) the one partition key `exactKey`.
 */
export type TableAccess = { actions: readonly string[] } & ({ prefixes: readonly KeyPrefix[] } | { exactKey: string }) & {
  /** Further item-level grants, each narrower than the main one (an action on fewer or other prefixes). */
  also?: readonly { actions: readonly string[]; prefixes: readonly KeyPrefix[] }[];
};

export interface FunctionAccess {
  table?: TableAccess;
  /** May put messages (PINs, invitation links, reset codes) on the outgoing-message queue. */
  sendsMessages: boolean;
  /** May compute PIN index digests with the KMS HMAC key (GenerateMac only). */
  pinIndex?: boolean;
  /** What it may do with the secrets key, by encryption context (see SECRET_USES). */
  secrets?: readonly SecretUse[];
}

/**
 * Uses of the secrets key, each bound to its encryption context: TOTP
 * secrets (`acc_…`), outbox messages (`outbox:…`, sealed by the function
 * that commits them, opened only by the table-stream relay), the answers
 * kept for Idempotency-Keys (`request:…`), webhook signing secrets
 * (`webhook:…`, sealed by the webhooks API, opened only by the webhook
 * sender) and paired terminals' device tokens waiting for their device
 * (`pairing:…`, sealed and opened by the terminals function).
 */
export const SECRET_USES = {
  totp: { context: 'acc_*', actions: ['kms:Encrypt', 'kms:Decrypt'] },
  sealOutbox: { context: 'outbox:*', actions: ['kms:Encrypt'] },
  openOutbox: { context: 'outbox:*', actions: ['kms:Decrypt'] },
  idempotency: { context: 'request:*', actions: ['kms:Encrypt', 'kms:Decrypt'] },
  sealWebhookSecret: { context: 'webhook:*', actions: ['kms:Encrypt'] },
  openWebhookSecret: { context: 'webhook:*', actions: ['kms:Decrypt'] },
  terminalPairing: { context: 'pairing:*', actions: ['kms:Encrypt', 'kms:Decrypt'] },
  // Access-snapshot signing keys: KMS makes each key pair and returns its private part encrypted only.
  snapshotKeys: { context: 'snapshot-key:*', actions: ['kms:GenerateDataKeyPairWithoutPlaintext', 'kms:Decrypt'] },
} as const;
export type SecretUse = keyof typeof SECRET_USES;

/**
 * What each function may touch. Exhaustive on purpose: a function added to the
 * route table does not typecheck until someone decides what it may do.
 */
export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  // The health check's GetItem of a key no item has (shared/data/health-check.ts): it can read no data.
  platform: { table: { actions: ['dynamodb:GetItem'], exactKey: HEALTH_CHECK_KEY.pk }, sendsMessages: false },
  // Messages leave through the table's outbox (committed with the change), never straight to the queue.
  auth: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#', 'LOGIN#', 'CLIENT#'] },
    sendsMessages: false,
    secrets: ['totp', 'sealOutbox', 'idempotency'],
  },
  tenants: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#', 'OPERATOR#'] },
    sendsMessages: false,
    secrets: ['sealOutbox', 'idempotency'],
  },
  'access-levels': {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] },
    sendsMessages: false,
    secrets: ['idempotency'],
  },
  // Sets PINs (their keyed digests) and sends them by SMS or email.
  staff: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] },
    sendsMessages: false,
    pinIndex: true,
    secrets: ['sealOutbox', 'idempotency'],
  },
  // Terminals, PIN unlock and approvals, lockouts; ends back-office sessions on the padlock too.
  // Pairings (PAIRING#) wait for a device before any salon is known; their device tokens are sealed.
  terminals: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#', 'PAIRING#'] },
    sendsMessages: false,
    pinIndex: true,
    secrets: ['idempotency', 'terminalPairing'],
  },
  // The hot path: reads the caller's membership (another salon's: one BatchGetItem with its POLICY) and
  // compiled levels; no Query, no transaction. Its one write marks a terminal approval used
  // (consumeApproval: a conditional UpdateItem of the approval, under TENANT#).
  authorize: {
    table: {
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
      prefixes: ['TENANT#', 'ACCOUNT#'],
      also: [{ actions: ['dynamodb:UpdateItem'], prefixes: ['TENANT#'] }],
    },
    sendsMessages: false,
  },
  audit: { table: { actions: [...TABLE_READ, 'dynamodb:PutItem'], prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: false },
  // Reads what authorize reads (membership of another salon, levels) and the salon's snapshot lifetime; reads the
  // region's signing keys and stores a new one when a rotation period needs it (a conditional PutItem).
  'access-snapshot': {
    table: {
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
      prefixes: ['TENANT#', 'ACCOUNT#'],
      also: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], prefixes: ['SIGNING_KEY#'] }],
    },
    sendsMessages: false,
    secrets: ['snapshotKeys'],
  },
  // The hosted account pages: HTML, script and stylesheet built into the code; the pages call the API from the browser.
  pages: { sendsMessages: false },
  // Reads a session (with the caller's membership and the tenant's level versions, in one BatchGetItem) and
  // touches its last-seen time; sessions live under accounts (back office) and tenants (terminals).
  authorizer: {
    table: { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], prefixes: ['ACCOUNT#', 'TENANT#'] },
    sendsMessages: false,
  },
  // Records `message.failed` in the tenant's audit trail (reading the tenant's retention first).
  // Reads the table's stream (granted with the event source) and relays committed outbox messages to the queue.
  // Runs password-reset requests too: reads the login (LOGIN#), the account's profile (ACCOUNT#, Query) and its
  // first salon's locale (TENANT#), then commits the reset, the account's latestResetId and the link's sealed
  // outbox item (ACCOUNT#; a TransactWriteItems of PutItem and UpdateItem).
  'table-stream': {
    table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], prefixes: ['LOGIN#', 'ACCOUNT#', 'TENANT#'] },
    sendsMessages: true,
    secrets: ['openOutbox', 'sealOutbox'],
  },
  'message-sender': { table: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], prefixes: ['TENANT#'] }, sendsMessages: false },
  // Webhook endpoints: seals each new secret (never opens one: the sender does); the rotation moves the sealed one over as it is.
  webhooks: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] },
    sendsMessages: false,
    secrets: ['sealWebhookSecret', 'idempotency'],
  },
  // Reads the table's stream (granted with the event source); lists a salon's webhooks (Query) and writes each
  // delivery once (conditional PutItem, then GetItem when it exists). The bus and the webhook queue are granted
  // by ChangeEvents.
  'change-events': { table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], prefixes: ['TENANT#'] }, sendsMessages: false },
  // Reads a delivery and its webhook, claims and records attempts (UpdateItem); a delivery failing for 24 h
  // disables its webhook in a transaction with the audit event (UpdateItem, PutItem; the tenant's retention: GetItem).
  'webhook-sender': {
    table: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], prefixes: ['TENANT#'] },
    sendsMessages: false,
    secrets: ['openWebhookSecret'],
  },
  // Writes an import job's rows as the staff API writes members (createStaff/updateStaff: the staff item, level counts,
  // external ids, tags, the membership copy under ACCOUNT#, the audit event) and moves the job (UpdateItem, under TENANT#);
  // reads the importer's membership (ACCOUNT#) and the job's chunks. The import queue is granted by StaffImports.
  'staff-import': {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] },
    sendsMessages: false,
  },
};

/**
 * Item-level access: the actions only on items whose partition key (of the
 * table, or of the index being queried) starts with one of the prefixes, or
 * is the exact key. Query is the only action that reads an index, so only it
 * reaches them.
 */
export function grantTableAccess(grantee: iam.IGrantable, table: ITable, tableKey: IKey, access: TableAccess): void {
  const leadingKeys =
    'prefixes' in access
      ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.prefixes.map((prefix) => `${prefix}*`) } }
      : { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [access.exactKey] } };
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...access.actions], resources: [table.tableArn], conditions: leadingKeys }),
  );
  for (const extra of access.also ?? []) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...extra.actions],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': extra.prefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
  }
  const indexes = Object.values(tableSchema.indexes);
  if (access.actions.includes('dynamodb:Query') && indexes.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
        conditions: leadingKeys,
      }),
    );
  }
  grantKeyVia(grantee, tableKey, 'dynamodb', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']);
}

/** SendMessage on an SSE-KMS queue: the producer asks KMS for a data key through SQS. */
export function grantSendMessages(grantee: iam.IGrantable, queue: IQueue, queueKey: IKey): void {
  queue.grant(grantee, 'sqs:SendMessage');
  grantKeyVia(grantee, queueKey, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']);
}

/** Key use only through the service that owns the data, never a direct KMS call from the function. */
function grantKeyVia(grantee: iam.IGrantable, key: IKey, service: string, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions,
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(key).region}.amazonaws.com` } },
    }),
  );
}

/** GenerateMac on the PIN index key, nothing else: the key never leaves KMS and cannot be used to decrypt. */
export function grantPinIndex(grantee: iam.IGrantable, key: IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [key.keyArn] }));
}

/** The secrets key, for each use only with that use's encryption context. */
export function grantSecrets(grantee: iam.IGrantable, key: IKey, uses: readonly SecretUse[]): void {
  for (const use of uses) {
    const { context, actions } = SECRET_USES[use];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [key.keyArn],
        conditions: { StringLike: { 'kms:EncryptionContext:owner': context } },
      }),
    );
  }
}
