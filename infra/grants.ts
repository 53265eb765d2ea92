import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { tableSchema } from '#shared/data/table-schema.js';
import type { FunctionName } from './constructs/staffgate-function.js';

/**
 * Partition-key prefixes of the single table (see `shared/data/entities.ts`;
 * a test keeps the two in step). Index partition keys lead with one of them too.
 */
export type KeyPrefix = 'TENANT#' | 'ACCOUNT#' | 'LOGIN#' | 'CLIENT#';
export const KEY_PREFIXES: readonly KeyPrefix[] = ['TENANT#', 'ACCOUNT#', 'LOGIN#', 'CLIENT#'];

/**
 * Transactions have no IAM actions of their own: TransactWriteItems and
 * TransactGetItems are authorised item by item as PutItem, UpdateItem,
 * DeleteItem, GetItem and ConditionCheckItem. Scan is never granted: it has no
 * leading keys, and `ForAllValues` over an empty set is true, so the prefix
 * condition would not restrict it.
 */
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

export interface TableAccess {
  actions: readonly string[];
  prefixes: readonly KeyPrefix[];
}

export interface FunctionAccess {
  table?: TableAccess;
  /** May put messages (PINs, invitation links, reset codes) on the outgoing-message queue. */
  sendsMessages: boolean;
  /** May compute PIN index digests with the KMS HMAC key (GenerateMac only). */
  pinIndex?: boolean;
  /** May encrypt and decrypt secrets at rest (TOTP) with the secrets key. */
  secrets?: boolean;
}

/**
 * What each function may touch. Exhaustive on purpose: a function added to the
 * route table does not typecheck until someone decides what it may do.
 */
export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  platform: { sendsMessages: false },
  auth: { table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: KEY_PREFIXES }, sendsMessages: true, secrets: true },
  tenants: {
    table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#', 'LOGIN#'] },
    sendsMessages: true,
  },
  'access-levels': { table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: false },
  // Sets PINs (digest + argon2id verifier) and sends them by SMS or email.
  staff: { table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: true, pinIndex: true },
  // Terminals, PIN unlock and approvals, lockouts; ends back-office sessions on the padlock too.
  terminals: { table: { actions: [...TABLE_READ, ...TABLE_WRITE], prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: false, pinIndex: true },
  // The hot path: reads the caller's membership fallback and compiled levels; writes nothing.
  authorize: { table: { actions: TABLE_READ, prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: false },
  audit: { table: { actions: [...TABLE_READ, 'dynamodb:PutItem'], prefixes: ['TENANT#', 'ACCOUNT#'] }, sendsMessages: false },
  // Reads a session (with the caller's membership and the tenant's level versions, in one BatchGetItem) and
  // touches its last-seen time; sessions live under accounts (back office) and tenants (terminals).
  authorizer: {
    table: { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], prefixes: ['ACCOUNT#', 'TENANT#'] },
    sendsMessages: false,
  },
  'message-sender': { sendsMessages: false },
};

/**
 * Item-level access: the actions only on items whose partition key (of the
 * table, or of the index being queried) starts with one of the prefixes.
 * Query is the only action that reads an index, so only it reaches them.
 */
export function grantTableAccess(grantee: iam.IGrantable, table: ITable, tableKey: IKey, access: TableAccess): void {
  const leadingKeys = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.prefixes.map((prefix) => `${prefix}*`) } };
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: [...access.actions], resources: [table.tableArn], conditions: leadingKeys }),
  );
  if (access.actions.includes('dynamodb:Query')) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.values(tableSchema.indexes).map((index) => `${table.tableArn}/index/${index.indexName}`),
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

/** Encrypt and Decrypt with the secrets key, only with an encryption context naming an account. */
export function grantSecrets(grantee: iam.IGrantable, key: IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringLike: { 'kms:EncryptionContext:owner': 'acc_*' } },
    }),
  );
}
