import type { AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asTheServiceSendsIt } from '#local/stream-records.js';

const recordWith = (NewImage: Record<string, AttributeValue>) => ({ eventName: 'INSERT' as const, dynamodb: { SequenceNumber: '1', NewImage } });

/** Item values as DynamoDB stores them: safe integers (unmarshall refuses others), text, flags, null, lists and maps. */
const itemValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const item = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), itemValue, { maxKeys: 5 });

describe("the local stream's records, mended", () => {
  it('give an empty map as {"M":{}}, at any depth, where DynamoDB Local gives a typeless {}', () => {
    const local = { changes: { M: { grants: { M: { before: { M: { 'clients.view': { BOOL: true } } }, after: {} } } } }, list: { L: [{}] } } as unknown as Record<string, AttributeValue>;

    const mended = asTheServiceSendsIt(recordWith(local)).dynamodb?.NewImage ?? {};

    expect(unmarshall(mended as Parameters<typeof unmarshall>[0])).toEqual({ changes: { grants: { before: { 'clients.view': true }, after: {} } }, list: [{}] });
  });

  it('leave an image as the service sends it unchanged (property)', () => {
    fc.assert(
      fc.property(item, (value) => {
        const image = marshall(value) as Record<string, AttributeValue>;
        expect(asTheServiceSendsIt(recordWith(image)).dynamodb?.NewImage).toEqual(image);
      }),
    );
  });

  it('read back as the item written, whatever empty maps DynamoDB Local left typeless (property)', () => {
    const typelessEmptyMaps = (value: AttributeValue): AttributeValue => {
      if (value.M !== undefined) return Object.keys(value.M).length === 0 ? ({} as AttributeValue) : { M: Object.fromEntries(Object.entries(value.M).map(([name, inner]) => [name, typelessEmptyMaps(inner)])) };
      if (value.L !== undefined) return { L: value.L.map(typelessEmptyMaps) };
      return value;
    };
    fc.assert(
      fc.property(item, (value) => {
        const local = Object.fromEntries(Object.entries(marshall(value) as Record<string, AttributeValue>).map(([name, inner]) => [name, typelessEmptyMaps(inner)]));
        const mended = asTheServiceSendsIt(recordWith(local)).dynamodb?.NewImage ?? {};
        expect(unmarshall(mended as Parameters<typeof unmarshall>[0])).toEqual(value);
      }),
    );
  });
});
