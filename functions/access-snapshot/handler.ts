import { z } from 'zod';
import { issueAccessSnapshot, publicSigningKeys } from '#shared/domain/access-snapshot/issue.js';
import { tenantForCheck } from '#shared/domain/authorization/authorize.js';
import { UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { opaqueId } from '#shared/http/fields.js';
import { AccessSnapshot, JsonWebKeySet } from '#shared/http/responses/access-snapshot.js';

/**
 * Verifiers may keep the key set this long: a key is published a whole
 * rotation period before it signs (shared/domain/access-snapshot/key-rotation.ts),
 * so a cached set knows every key that can sign meanwhile.
 */
const JWKS_MAX_AGE_SECONDS = 3600;

export const handler = createApiHandler('access-snapshot', {
  issueSnapshot: defineOperation({
    body: z.strictObject({ tenantId: opaqueId.optional() }),
    responses: { 200: AccessSnapshot },
    handle: async ({ principal, body }) => {
      if (!principal) throw new UnauthorizedError();
      return { status: 200, body: await issueAccessSnapshot(principal, tenantForCheck(principal, body.tenantId)) };
    },
  }),
  jwks: defineOperation({
    responses: { 200: JsonWebKeySet },
    handle: async () => ({
      status: 200,
      body: await publicSigningKeys(),
      headers: { 'Cache-Control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` },
    }),
  }),
});
