import { UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../clients/dynamodb.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { isConditionalCheckFailed } from '../../data/conditions.js';
import { entities, type Locale, type LockoutPolicy, type StaffItem, type TenantItem, type TenantSettings } from '../../data/entities.js';
import { deleteRetiredPinDigests } from '../../data/repositories/pins.js';
import { getTenant } from '../../data/repositories/tenants.js';
import { getAccount } from '../../data/repositories/accounts.js';
import { getStaff } from '../../data/repositories/staff.js';
import { totpOnCheck } from '../../data/repositories/two-factor.js';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../../errors.js';
import { getAccessLevel } from '../../data/repositories/access-levels.js';
import type { Actor } from '../access/actor.js';
import { assertCoversLevel, EscalationDeniedError, managesSomeBranches } from '../access/escalation.js';
import { type AuditContext, type AuditInput, staffActor } from '../audit/audit.js';
import { effectSteps } from '../effects.js';
import { type Step, transactWrite } from '../../data/transaction.js';
import { tenantView } from '../views.js';
import { salonTimeZone } from './settings.js';

export interface SettingsPatch {
  pinsEnabled?: boolean | undefined;
  pinLength?: 4 | 6 | undefined;
  autoLogoutSeconds?: number | undefined;
  lockout?: Partial<LockoutPolicy> | undefined;
  auditRetentionDays?: number | undefined;
  requireTwoFactorForAdmins?: boolean | undefined;
  snapshotLifetimeSeconds?: number | undefined;
  /** null turns the PIN age limit off. */
  pinMaxAgeDays?: number | null | undefined;
  /** A canonical IANA zone (the edge has checked it with Intl). */
  timeZone?: string | undefined;
  /** The salon's message language: a top-level tenant attribute, changed with the settings. */
  locale?: Locale | undefined;
  /** null: no desk sessions. */
  deskAccessLevelId?: string | null | undefined;
}

export class PinsRequiredError extends ConflictError {
  constructor() {
    super('pins_required', 'PIN codes cannot be turned off in an EU deployment (GDPR: every action must be attributable).');
  }
}

export class TwoFactorRequiredFirstError extends ConflictError {
  constructor() {
    super(
      'two_factor_required_first',
      'Turn on two-factor login for your own account before requiring it of the salon\'s admins: you could not meet the rule yourself.',
    );
  }
}

/**
 * Turning `requireTwoFactorForAdmins` on needs two-factor login on the
 * actor's own account: a back-office session's account, or the account
 * linked to the staff member at a terminal (none: refused, as they could
 * not meet the rule themselves). Returns the check that commits with the
 * settings, so the factor cannot be turned off in between.
 */
async function ownSecondFactorCheck(actor: Actor): Promise<Step> {
  const accountId = actor.accountId ?? (await getStaff(actor.tenantId, actor.staffId))?.accountId;
  const account = accountId === undefined ? undefined : await getAccount(accountId);
  if (!account?.totp) throw new TwoFactorRequiredFirstError();
  return totpOnCheck(account.accountId, () => new TwoFactorRequiredFirstError());
}

export class UnknownDeskLevelError extends ValidationError {
  constructor() {
    super([{ path: 'deskAccessLevelId', message: 'No access level of this salon has this id.' }]);
  }
}

/**
 * The desk level a manager chooses: a level of the salon (it must still be
 * there when the settings commit: the POLICY item's condition), all of whose
 * rights they hold, set by someone who manages every branch, as every
 * branch's terminals act with it.
 */
async function assertMayChooseDeskLevel(actor: Actor, accessLevelId: string): Promise<void> {
  const level = await getAccessLevel(actor.tenantId, accessLevelId);
  if (!level) throw new UnknownDeskLevelError();
  if (managesSomeBranches(actor)) throw new EscalationDeniedError("The desk level applies at every branch's terminals; you manage only some branches.");
  assertCoversLevel(actor, level);
}

/** The level the salon's terminals act with in desk sessions under these settings, if any. */
function deskInEffect(settings: TenantSettings): string | undefined {
  return settings.pinsEnabled ? undefined : settings.deskAccessLevelId;
}

/**
 * The new settings, the tenant's PIN epoch, the POLICY item's copies of the
 * two-factor rule, the time zone, the PIN switch and the desk level (read with
 * every session check) and `also` in ONE transaction: the salon never shows
 * a rule it does not enforce, and a desk level is never one deleted meanwhile.
 * `deskSince`: when the desk began acting with its current level (a new
 * instant whenever it starts or changes, so no desk session of an earlier
 * time works again; `keep` when unchanged; undefined when no desk acts).
 */
async function writeSettings(
  tenant: TenantItem,
  settings: TenantSettings,
  locale: Locale,
  pinEpoch: number,
  expectedVersion: number,
  deskSince: string | 'keep' | undefined,
  also: Step[],
): Promise<TenantItem> {
  const next: TenantItem = { ...tenant, settings, locale, pinEpoch, updatedAt: clock.now().toISOString(), version: expectedVersion + 1 };
  const desk = settings.deskAccessLevelId;
  const sets = ['requireTwoFactorForAdmins = :required', '#zone = :zone', 'pinsEnabled = :pins'];
  const removes: string[] = [];
  if (desk) sets.push('deskAccessLevelId = :desk');
  else removes.push('deskAccessLevelId');
  if (deskSince === undefined) removes.push('deskSince');
  else if (deskSince !== 'keep') sets.push('deskSince = :since');
  await transactWrite([
    {
      item: {
        Put: {
          TableName: config().tableName,
          Item: next,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      onFail: () => new VersionConflictError(),
    },
    {
      item: {
        Update: {
          TableName: config().tableName,
          Key: entities.tenantPolicy.key({ tenantId: tenant.tenantId }),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ...(desk ? { ConditionExpression: 'attribute_exists(levels.#desk)' } : {}),
          // TIMEZONE is a DynamoDB reserved word.
          ExpressionAttributeNames: { '#zone': 'timeZone', ...(desk ? { '#desk': desk } : {}) },
          ExpressionAttributeValues: {
            ':required': settings.requireTwoFactorForAdmins,
            ':zone': salonTimeZone(settings.timeZone),
            ':pins': settings.pinsEnabled,
            ...(desk ? { ':desk': desk } : {}),
            ...(deskSince && deskSince !== 'keep' ? { ':since': deskSince } : {}),
          },
        },
      },
      onFail: () => new UnknownDeskLevelError(),
    },
    ...also,
  ]);
  return next;
}

/**
 * After a PIN length switch: every staff member with a PIN of an older epoch
 * loses it and is marked as needing a new one. The PINs already stopped
 * working when the epoch moved (unlock compares it); this makes the staff
 * records say so and removes the digests. Returns how many PINs were retired:
 * staff records or digest items, whichever is more (a retry finds the staff
 * records of a failed attempt done and only its digests left).
 */
async function retirePins(tenantId: string, epoch: number): Promise<number> {
  let retired = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_exists(pin)',
        ExpressionAttributeValues: { ':pk': entities.tenant.key({ tenantId }).pk, ':prefix': 'STAFF#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const staff of (page.Items ?? []) as StaffItem[]) {
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: config().tableName,
            Key: entities.staff.key(staff),
            UpdateExpression: 'REMOVE pin SET needsNewPin = :true, version = version + :one',
            ConditionExpression: 'pin.#epoch < :epoch',
            ExpressionAttributeNames: { '#epoch': 'epoch' },
            ExpressionAttributeValues: { ':true': true, ':one': 1, ':epoch': epoch },
          }),
        );
        retired += 1;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return Math.max(retired, await deleteRetiredPinDigests(tenantId, epoch));
}

export async function updateSettings(actor: Actor, patch: SettingsPatch, ifMatch: number | undefined, context: AuditContext) {
  const tenant = await getTenant(actor.tenantId);
  if (!tenant) throw new NotFoundError();
  if (patch.pinsEnabled === false && (tenant.residency === 'EU' || config().residency === 'EU')) throw new PinsRequiredError();
  // Only turning the rule on is checked: on again when on, or off, never is.
  const turningOnTwoFactor = patch.requireTwoFactorForAdmins === true && !tenant.settings.requireTwoFactorForAdmins;
  const ownFactor = turningOnTwoFactor ? [await ownSecondFactorCheck(actor)] : [];
  const settings: TenantSettings = {
    ...tenant.settings,
    ...(patch.pinsEnabled !== undefined ? { pinsEnabled: patch.pinsEnabled } : {}),
    ...(patch.pinLength !== undefined ? { pinLength: patch.pinLength } : {}),
    ...(patch.autoLogoutSeconds !== undefined ? { autoLogoutSeconds: patch.autoLogoutSeconds } : {}),
    ...(patch.auditRetentionDays !== undefined ? { auditRetentionDays: patch.auditRetentionDays } : {}),
    ...(patch.requireTwoFactorForAdmins !== undefined ? { requireTwoFactorForAdmins: patch.requireTwoFactorForAdmins } : {}),
    ...(patch.snapshotLifetimeSeconds !== undefined ? { snapshotLifetimeSeconds: patch.snapshotLifetimeSeconds } : {}),
    // Off is stored as no attribute (the write drops undefined), as on salons that never set it.
    ...(patch.pinMaxAgeDays !== undefined ? { pinMaxAgeDays: patch.pinMaxAgeDays ?? undefined } : {}),
    ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
    ...(patch.deskAccessLevelId !== undefined ? { deskAccessLevelId: patch.deskAccessLevelId ?? undefined } : {}),
    lockout: { ...tenant.settings.lockout, ...patch.lockout },
  };
  // Whoever makes the desk act with a level (turning PINs off with one chosen, or choosing one with PINs off) must be able to give it.
  const deskBefore = deskInEffect(tenant.settings);
  const deskAfter = deskInEffect(settings);
  if (deskAfter !== undefined && deskAfter !== deskBefore) await assertMayChooseDeskLevel(actor, deskAfter);
  else if (settings.deskAccessLevelId && settings.deskAccessLevelId !== tenant.settings.deskAccessLevelId) await assertMayChooseDeskLevel(actor, settings.deskAccessLevelId);
  const lengthChanged = settings.pinLength !== tenant.settings.pinLength;
  const epoch = (tenant.pinEpoch ?? 0) + (lengthChanged ? 1 : 0);
  const event = (action: string, rest: Partial<AuditInput>): AuditInput => ({
    tenantId: actor.tenantId,
    actor: staffActor(actor),
    action,
    target: { type: 'tenant', id: actor.tenantId },
    context,
    ...rest,
  });
  const locale = patch.locale ?? tenant.locale;
  const changes: Record<string, { before: unknown; after: unknown }> = { settings: { before: tenant.settings, after: settings } };
  if (locale !== tenant.locale) changes.locale = { before: tenant.locale, after: locale };
  const audit = await effectSteps({ audit: [event('settings.updated', { changes })] });
  const deskSince = deskAfter === undefined ? undefined : deskAfter === deskBefore ? 'keep' : clock.now().toISOString();
  const updated = await writeSettings(tenant, settings, locale, epoch, ifMatch ?? tenant.version, deskSince, [...ownFactor, ...audit]);
  // Every PIN of an older epoch stopped working with the commit above; this makes the staff records say so.
  // A request that failed after that commit answered 503: the client's retry (the same pinLength again) finishes the job.
  let retiredPins = 0;
  const retrying = !lengthChanged && patch.pinLength !== undefined && epoch > 0;
  if (lengthChanged || retrying) {
    retiredPins = await retirePins(actor.tenantId, epoch);
    if (lengthChanged || retiredPins > 0) {
      await transactWrite(await effectSteps({ audit: [event('pin.retired', { details: { retiredPins, pinLength: settings.pinLength } })] }));
    }
  }
  return { ...tenantView(updated), retiredPins };
}
