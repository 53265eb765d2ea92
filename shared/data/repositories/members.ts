import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { type AccessLevelItem, entities, type MembershipItem, type StaffItem } from '../entities.js';

const table = () => config().tableName;

async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await ddb.send(new GetCommand({ TableName: table(), Key: key }));
  return Item as T | undefined;
}

export function getMembership(accountId: string, tenantId: string): Promise<MembershipItem | undefined> {
  return get(entities.membership.key({ accountId, tenantId }));
}

export function getStaff(tenantId: string, staffId: string): Promise<StaffItem | undefined> {
  return get(entities.staff.key({ tenantId, staffId }));
}

export function getAccessLevel(tenantId: string, accessLevelId: string): Promise<AccessLevelItem | undefined> {
  return get(entities.accessLevel.key({ tenantId, accessLevelId }));
}
