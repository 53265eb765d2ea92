import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idempotentRoutesFile, renderIdempotentRoutes, renderSchema, schemaFile } from '../scripts/schema.js';

describe('the client’s generated files', () => {
  it('src/schema.ts is what openapi.json gives today (run `npm run openapi` after changing routes)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await renderSchema());
  });

  it('src/idempotent-routes.ts lists the operations of openapi.json that take an Idempotency-Key today (run `npm run openapi`)', () => {
    expect(readFileSync(idempotentRoutesFile, 'utf8')).toBe(renderIdempotentRoutes());
  });
});
