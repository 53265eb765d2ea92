import type { AttributeValue, _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

/**
 * DynamoDB Local's stream gives an empty map as a typeless `{}` where the
 * service gives `{"M":{}}`: an access level saved with no grants left an
 * audit record whose `changes.grants.after` `unmarshall` refuses ("No value
 * defined"), so its change event was retried and dropped locally only.
 * Records are mended to what the deployed event source hands the same
 * handlers.
 */
export function asTheServiceSendsIt(record: StreamRecord): StreamRecord {
  const dynamodb = record.dynamodb;
  if (!dynamodb) return record;
  return {
    ...record,
    dynamodb: {
      ...dynamodb,
      ...(dynamodb.Keys ? { Keys: mendMap(dynamodb.Keys) } : {}),
      ...(dynamodb.NewImage ? { NewImage: mendMap(dynamodb.NewImage) } : {}),
      ...(dynamodb.OldImage ? { OldImage: mendMap(dynamodb.OldImage) } : {}),
    },
  };
}

function mendMap(map: Record<string, AttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, mendValue(value)]));
}

function mendValue(value: AttributeValue): AttributeValue {
  if (value.M !== undefined) return { M: mendMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(mendValue) };
  return Object.keys(value).length === 0 ? { M: {} } : value;
}
