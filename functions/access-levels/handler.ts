import { z } from 'zod';
import { permissionHolders } from '#shared/domain/access-levels/holders.js';
import * as levels from '#shared/domain/access-levels/manage.js';
import { CATALOG_VERSION, sections } from '#shared/domain/permissions/catalog.js';
import { templates } from '#shared/domain/permissions/templates.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { page } from '#shared/http/response-schemas.js';
import { AccessLevel, PermissionCatalog, PermissionHolder } from '#shared/http/responses/staff-and-tenants.js';
import { accessLevelName as levelName, opaqueId } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { pageOf } from '#shared/domain/pagination.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

/** Grant values are checked against the catalog in the domain (unknown_permission, forms); here only the shape. */
const grants = z.record(z.string().max(100), z.unknown()).refine((value) => Object.keys(value).length <= 500, 'Too many grants.');

const webOnlySections = z
  .array(z.enum(sections.map((section) => section.key) as [string, ...string[]]))
  .max(sections.length)
  .describe("Catalog sections whose rights work only in the web app and at terminals: a mobile-app session's checks of them answer not_granted. Absent on PUT: kept.");

const catalog = {
  version: CATALOG_VERSION,
  sections: sections.map((section) => ({
    key: section.key,
    label: section.label,
    permissions: section.permissions.map((permission) => ({
      key: permission.key,
      label: permission.label,
      forms: permission.forms,
      ...(permission.forms.includes('scope') ? { scopes: ['all', 'own', 'staff'] } : {}),
      ...(permission.parent ? { parent: permission.parent } : {}),
    })),
  })),
  templates: templates.map((template) => ({
    key: template.key,
    label: template.label,
    remoteAccess: template.remoteAccess,
    grants: template.grants,
  })),
};

export const handler = createApiHandler('access-levels', {
  getCatalog: defineOperation({
    responses: { 200: PermissionCatalog },
    handle: async () => ({ status: 200, body: catalog }),
  }),
  listAccessLevels: defineOperation({
    responses: { 200: page(AccessLevel) },
    query: listQuery,
    handle: async ({ actor, query }) => ({
      status: 200,
      body: pageOf(await levels.listAccessLevelViews(requireActor(actor).tenantId), (level) => level.id, query.limit, query.cursor),
    }),
  }),
  listPermissionHolders: defineOperation({
    responses: { 200: page(PermissionHolder) },
    query: listQuery.extend({ branchId: opaqueId.optional() }),
    handle: async ({ actor, params, query }) => ({
      status: 200,
      body: await permissionHolders(requireActor(actor).tenantId, params.permission ?? '', query.branchId, query.limit, query.cursor),
    }),
  }),
  createAccessLevel: defineOperation({
    responses: { 201: AccessLevel },
    body: z.strictObject({
      name: levelName,
      template: z.enum(templates.map((template) => template.key) as [string, ...string[]]).optional(),
      grants: grants.optional(),
      remoteAccess: z.boolean().optional(),
      webOnlySections: webOnlySections.optional(),
    }),
    handle: async ({ actor, body, request }) => ({
      status: 201,
      body: await levels.createAccessLevel(requireActor(actor), body, auditContext(request)),
    }),
  }),
  getAccessLevel: defineOperation({
    responses: { 200: AccessLevel },
    handle: async ({ actor, params }) => ({
      status: 200,
      body: await levels.getAccessLevelView(requireActor(actor).tenantId, params.accessLevelId ?? ''),
    }),
  }),
  replaceAccessLevel: defineOperation({
    responses: { 200: AccessLevel },
    body: z.strictObject({ name: levelName, grants, remoteAccess: z.boolean().optional(), webOnlySections: webOnlySections.optional() }),
    handle: async ({ actor, body, params, request }) => ({
      status: 200,
      body: await levels.replaceAccessLevel(requireActor(actor), params.accessLevelId ?? '', body, ifMatchVersion(request.headers), auditContext(request)),
    }),
  }),
  deleteAccessLevel: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await levels.deleteAccessLevel(requireActor(actor), params.accessLevelId ?? '', ifMatchVersion(request.headers), auditContext(request));
      return { status: 204 };
    },
  }),
});
