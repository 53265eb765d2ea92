import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export type IdPrefix = 'ten' | 'acc' | 'stf' | 'lvl' | 'inv' | 'ses' | 'brn' | 'trm' | 'evt' | 'apr' | 'rst' | 'msg' | 'whk' | 'prg' | 'imp';

/** Opaque, sortable, prefixed ids: the prefix tells a reader (and a log) what kind of thing it names. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid().toLowerCase()}`;
}

/** A random secret of `bytes` bytes, base64url. 32 bytes = 256 bits. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Bearer tokens are `<ownerId>.<recordId>.<secret>`. The owner (tenant or
 * account) and record id let a single GetItem find the record; only the
 * SHA-256 of the secret is stored, and it is compared in constant time.
 */
export interface ParsedToken {
  ownerId: string;
  recordId: string;
  secret: string;
}

const TOKEN_PART = /^[A-Za-z0-9_-]+$/;

export function composeToken(ownerId: string, recordId: string, secret: string): string {
  return `${ownerId}.${recordId}.${secret}`;
}

export function parseToken(token: string): ParsedToken | undefined {
  if (token.length > 256) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [ownerId, recordId, secret] = parts as [string, string, string];
  if (![ownerId, recordId, secret].every((part) => TOKEN_PART.test(part))) return undefined;
  return { ownerId, recordId, secret };
}
