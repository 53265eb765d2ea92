import { clock } from '../../clock.js';
import type { AccessLevelItem } from '../../data/entities.js';
import * as repository from '../../data/repositories/access-levels.js';
import { BadRequestError, NotFoundError, ValidationError } from '../../errors.js';
import type { Actor } from '../access/actor.js';
import { assertCoversLevel, EscalationDeniedError, managesSomeBranches } from '../access/escalation.js';
import { effectSteps } from '../effects.js';
import { type AuditContext, diff, staffActor } from '../audit/audit.js';
import { checkGrants, type Grants } from '../permissions/grants.js';
import { sections } from '../permissions/catalog.js';
import { findTemplate } from '../permissions/templates.js';
import { compile } from '../permissions/compiled.js';
import { accessLevelView, isAdminLevel, newAccessLevel, storeCompiled } from './records.js';

export class UnknownPermissionError extends BadRequestError {
  constructor(readonly keys: string[]) {
    super('unknown_permission', `Not in the permission catalog: ${keys.join(', ')}.`);
  }
}

function validGrants(input: Record<string, unknown>): Grants {
  const { grants, problems } = checkGrants(input);
  if (problems.unknown.length) throw new UnknownPermissionError(problems.unknown);
  if (problems.invalid.length) throw new ValidationError(problems.invalid);
  return grants;
}

/** Web-only sections once each, in catalog order (the edge has checked they are sections). */
const sectionSet = (keys: string[]): string[] => sections.map((section) => section.key).filter((key) => keys.includes(key));

/**
 * A level's holders (and, with PINs off, every terminal: the desk level)
 * may work at any branch: a manager limited to some branches would change
 * rights where they hold none, so only a manager of every branch edits or
 * deletes one. Creating one changes nobody's rights.
 */
function assertMayChangeSalonLevels(actor: Actor): void {
  if (managesSomeBranches(actor)) {
    throw new EscalationDeniedError("An access level applies at every branch its holders work in; you manage only some branches.");
  }
}

async function existing(tenantId: string, accessLevelId: string): Promise<AccessLevelItem> {
  const level = await repository.getAccessLevel(tenantId, accessLevelId);
  if (!level) throw new NotFoundError();
  return level;
}

export async function createAccessLevel(
  actor: Actor,
  input: {
    name: string;
    template?: string | undefined;
    grants?: Record<string, unknown> | undefined;
    remoteAccess?: boolean | undefined;
    webOnlySections?: string[] | undefined;
  },
  context: AuditContext,
) {
  const template = input.template === undefined ? undefined : findTemplate(input.template);
  if (input.template !== undefined && !template) {
    throw new ValidationError([{ path: 'template', message: `Unknown template ${input.template}.` }]);
  }
  // With a template, the given grants are overlaid on the template's: a key given replaces the
  // template's grant for it (narrower or wider), `false` removes the template's right, and every
  // other key keeps the template's grant (so `grants:{}` is the template as it is). The result is
  // validated and checked for escalation as a whole, and the level keeps the template's name as
  // where it started from. Without a template, the grants are the level's grants.
  const grants = validGrants({ ...template?.grants, ...input.grants });
  const remoteAccess = input.remoteAccess ?? template?.remoteAccess ?? actor.level.remoteAccess;
  // Like remote access, web-only sections default to the creator's own: the level is then never more than theirs.
  const webOnlySections = sectionSet(input.webOnlySections ?? actor.level.webOnlySections);
  assertCoversLevel(actor, { grants, remoteAccess, webOnlySections });
  const level = newAccessLevel(actor.tenantId, { name: input.name, template: template?.key, grants, remoteAccess, webOnlySections }, clock.now().toISOString());
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'access_level.created',
        target: { type: 'access_level', id: level.accessLevelId },
        details: { name: level.name, template: level.template ?? null, remoteAccess: level.remoteAccess, webOnlySections, grants: level.grants },
        context,
      },
    ],
  });
  await repository.createAccessLevel(level, audit);
  return accessLevelView(level);
}

export async function getAccessLevelView(tenantId: string, accessLevelId: string) {
  return accessLevelView(await existing(tenantId, accessLevelId));
}

export async function listAccessLevelViews(tenantId: string) {
  const levels = await repository.listAccessLevels(tenantId);
  return levels.sort((a, b) => a.name.localeCompare(b.name)).map(accessLevelView);
}

export async function replaceAccessLevel(
  actor: Actor,
  accessLevelId: string,
  input: { name: string; grants: Record<string, unknown>; remoteAccess?: boolean | undefined; webOnlySections?: string[] | undefined },
  ifMatch: number | undefined,
  context: AuditContext,
) {
  const previous = await existing(actor.tenantId, accessLevelId);
  const grants = validGrants(input.grants);
  const remoteAccess = input.remoteAccess ?? previous.remoteAccess;
  const webOnlySections = input.webOnlySections === undefined ? (previous.webOnlySections ?? []) : sectionSet(input.webOnlySections);
  // Editing a level moves rights both ways: the actor must hold what it grants now and what it granted before.
  assertMayChangeSalonLevels(actor);
  assertCoversLevel(actor, previous);
  assertCoversLevel(actor, { grants, remoteAccess, webOnlySections });
  const expected = ifMatch ?? previous.version;
  const next = {
    ...previous,
    name: input.name,
    grants,
    compiled: storeCompiled(compile(grants)),
    remoteAccess,
    webOnlySections,
    admin: isAdminLevel(grants),
    version: expected + 1,
    updatedAt: clock.now().toISOString(),
  };
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'access_level.updated',
        target: { type: 'access_level', id: accessLevelId },
        changes: diff(previous, next, ['name', 'grants', 'remoteAccess', 'webOnlySections']),
        context,
      },
    ],
  });
  await repository.replaceAccessLevel(previous, next, expected, audit);
  return accessLevelView(next);
}

export async function deleteAccessLevel(actor: Actor, accessLevelId: string, ifMatch: number | undefined, context: AuditContext) {
  const level = await existing(actor.tenantId, accessLevelId);
  assertMayChangeSalonLevels(actor);
  assertCoversLevel(actor, level);
  const audit = await effectSteps({
    audit: [
      {
        tenantId: actor.tenantId,
        actor: staffActor(actor),
        action: 'access_level.deleted',
        target: { type: 'access_level', id: accessLevelId },
        details: { name: level.name },
        context,
      },
    ],
  });
  await repository.deleteAccessLevel(level, ifMatch ?? level.version, audit);
}
