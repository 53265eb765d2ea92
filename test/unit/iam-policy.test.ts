import { describe, expect, it } from 'vitest';
import { evaluate, type Statement } from '../deployed/support/policy.js';

/**
 * The deployed-mode suite trusts this evaluator to refuse what a role does
 * not grant: these are its refusals, on statements shaped as CDK writes them.
 */
const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/staffgate';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234';
const tableAccess: Statement = {
  Effect: 'Allow',
  Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  Resource: TABLE,
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*', 'ACCOUNT#*'] } },
};
const mac: Statement = { Effect: 'Allow', Action: 'kms:GenerateMac', Resource: KEY };

describe('the IAM evaluator of the deployed-mode suite', () => {
  it('allows a granted action on the granted resource with keys under the granted prefixes', () => {
    expect(evaluate([tableAccess], { action: 'dynamodb:GetItem', resource: TABLE, keys: { 'dynamodb:LeadingKeys': ['TENANT#t1'] } }).allowed).toBe(true);
  });

  it('refuses an action no statement names (implicit deny)', () => {
    expect(evaluate([tableAccess], { action: 'dynamodb:UpdateItem', resource: TABLE, keys: { 'dynamodb:LeadingKeys': ['TENANT#t1'] } })).toEqual({
      allowed: false,
      reason: 'no statement allows it',
    });
  });

  it('refuses a partition key outside the LeadingKeys prefixes, even beside allowed ones', () => {
    const keys = { 'dynamodb:LeadingKeys': ['TENANT#t1', 'LOGIN#someone'] };
    expect(evaluate([tableAccess], { action: 'dynamodb:BatchGetItem', resource: TABLE, keys }).allowed).toBe(false);
  });

  it('refuses another table, an index of it the statement does not name, and another key', () => {
    expect(evaluate([tableAccess], { action: 'dynamodb:GetItem', resource: `${TABLE}-other`, keys: { 'dynamodb:LeadingKeys': ['TENANT#t1'] } }).allowed).toBe(false);
    expect(evaluate([tableAccess], { action: 'dynamodb:GetItem', resource: `${TABLE}/index/gsi1`, keys: { 'dynamodb:LeadingKeys': ['TENANT#t1'] } }).allowed).toBe(false);
    expect(evaluate([mac], { action: 'kms:GenerateMac', resource: 'arn:aws:kms:eu-west-1:123456789012:key/other' }).allowed).toBe(false);
  });

  it('lets an explicit deny win over an allow', () => {
    const deny: Statement = { Effect: 'Deny', Action: 'kms:*', Resource: '*' };
    expect(evaluate([mac, deny], { action: 'kms:GenerateMac', resource: KEY })).toEqual({ allowed: false, reason: 'explicit deny' });
  });

  it('matches actions case-insensitively and resources case-sensitively, as IAM does', () => {
    expect(evaluate([mac], { action: 'KMS:generatemac', resource: KEY }).allowed).toBe(true);
    expect(evaluate([mac], { action: 'kms:GenerateMac', resource: KEY.toUpperCase() }).allowed).toBe(false);
  });

  it('refuses a condition operator it does not know instead of ignoring it', () => {
    const odd: Statement = { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { NumericLessThan: { 'aws:Epoch': '1' } } };
    expect(() => evaluate([odd], { action: 'sqs:SendMessage', resource: 'q', keys: { 'aws:Epoch': '0' } })).toThrow(/not emulated/);
  });
});
