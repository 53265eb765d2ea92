import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { config } from '../../config.js';
import { holdingSteps } from './holdings.js';
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.js';
import { batchGetAll, pick } from '../batch-get.js';
import { type Step, transactWrite } from '../transaction.js';
import {
  type AccountAttributes,
  entities,
  type InvitationItem,
  type MembershipAttributes,
  type SessionAttributes,
  type StaffItem,
  type TenantItem,
} from '../entities.js';
import { sessionStartSteps, type SlotClaim } from './sessions.js';

const table = () => config().tableName;

export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('invitation_not_found', 'This invitation is unknown, used, revoked or expired.');
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('already_member', 'This staff member already has an account.');
  }
}

export class LoginTakenError extends ConflictError {
  constructor() {
    super('login_taken', 'An account with this login exists already; accept with your login and password to attach it.');
  }
}

export async function getInvitation(tenantId: string, invitationId: string): Promise<InvitationItem | undefined> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table(), Key: entities.invitation.key({ tenantId, invitationId }), ConsistentRead: true }),
  );
  return Item as InvitationItem | undefined;
}

/** The tenant and staff member an invitation is for, in one request. */
export async function getInvitationContext(tenantId: string, staffId: string): Promise<{ tenant?: TenantItem; staff?: StaffItem }> {
  const tenantKey = entities.tenant.key({ tenantId });
  const staffKey = entities.staff.key({ tenantId, staffId });
  const items = await batchGetAll([tenantKey, staffKey], true);
  return { tenant: pick<TenantItem>(items, tenantKey), staff: pick<StaffItem>(items, staffKey) };
}

export interface AcceptanceWrite {
  invitation: InvitationItem;
  staff: StaffItem;
  membership: MembershipAttributes;
  session: SessionAttributes & { accountId: string };
  /** The account's session slot the session takes. */
  slot: SlotClaim;
  now: string;
  /** The staff member's level is an admin level, as read: accepting makes them an active holder of it. */
  adminLevel: boolean;
  /** Present when the invitation creates the account; absent when an existing account attaches. */
  newAccount?: { account: AccountAttributes; login: string };
}

/**
 * Accepting an invitation is one transaction: the invitation is used (once),
 * the staff member gains the account, the account gains the membership and a
 * session (in `slot`); for a new account, the account and its unique login too. The
 * failed condition names the reason.
 */
export async function writeAcceptance(input: AcceptanceWrite, also: Step[]): Promise<void> {
  const { invitation, staff, membership, session, slot, now, newAccount, adminLevel } = input;
  const items: Step[] = [
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.invitation.key(invitation),
          UpdateExpression: 'SET #status = :accepted, acceptedAt = :now',
          ConditionExpression: '#status = :pending AND tokenHash = :hash AND expiresAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':accepted': 'accepted', ':pending': 'pending', ':hash': invitation.tokenHash, ':now': now },
        },
      },
      onFail: () => new InvitationNotFoundError(),
    },
    {
      item: {
        Update: {
          TableName: table(),
          Key: entities.staff.key(staff),
          // The membership copy below is written from the staff item read before; the version guards it.
          UpdateExpression: 'SET accountId = :account, #status = :active, updatedAt = :now ADD version :one',
          ConditionExpression: 'attribute_not_exists(accountId) AND #status IN (:invited, :active) AND version = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':account': membership.accountId,
            ':active': 'active',
            ':invited': 'invited',
            ':now': now,
            ':one': 1,
            ':version': staff.version,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onFail: (old) => (old?.accountId ? new AlreadyMemberError() : old ? new VersionConflictError() : new InvitationNotFoundError()),
    },
    {
      item: {
        Put: {
          TableName: table(),
          Item: entities.membership.item(membership, membership),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onFail: () => new AlreadyMemberError(),
    },
  ];
  const holding = { accessLevelId: staff.accessLevelId, admin: adminLevel, ending: Boolean(staff.endsOn) };
  items.push(...holdingSteps(staff.tenantId, { ...holding, status: staff.status }, { ...holding, status: 'active' }));
  // The PIN's digest item carries the holder's status for unlock: accepting makes it active there too.
  if (staff.pin) {
    items.push({
      item: {
        Update: {
          TableName: table(),
          Key: entities.pinDigest.key({ tenantId: staff.tenantId, digest: staff.pin.digest }),
          UpdateExpression: 'SET holder.#status = :active',
          ConditionExpression: 'staffId = :staff',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ':staff': staff.staffId },
        },
      },
      onFail: () => new VersionConflictError(),
    });
  }
  if (newAccount) {
    items.push(
      {
        item: {
          Put: {
            TableName: table(),
            Item: entities.account.item(newAccount.account, newAccount.account),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFail: () => new Error('account id collision'),
      },
      {
        item: {
          Put: {
            TableName: table(),
            Item: entities.login.item({ login: newAccount.login }, { accountId: newAccount.account.accountId }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFail: () => new LoginTakenError(),
      },
    );
  }
  await transactWrite(sessionStartSteps(session, slot, [...items, ...also]));
}
