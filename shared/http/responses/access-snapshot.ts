import { z } from 'zod';
import { timestamp } from '../response-schemas.js';

/** issueSnapshot (shared/domain/access-snapshot/issue.ts). The claims are described in docs/api.md, *Access snapshot claims and verification*. */
export const AccessSnapshot = z
  .strictObject({
    snapshot: z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/).describe('A compact JWS (ES256, `typ` staffgate-access-snapshot+jwt) of the caller\'s compiled access.'),
    expiresAt: timestamp.describe('The snapshot\'s `exp`: ask for a new one before then.'),
  })
  .meta({ id: 'AccessSnapshot' });

/** One P-256 public key (RFC 7517). */
const Jwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

/** jwks (shared/domain/access-snapshot/issue.ts): the keys that verify this region's snapshots now. */
export const JsonWebKeySet = z
  .strictObject({ keys: z.array(Jwk) })
  .meta({ id: 'JsonWebKeySet', description: 'The region\'s snapshot signing keys: the current one, the next one, and the previous one during an overlap after a rotation.' });
