/** `npm run schema -w client`: regenerates the client's types and idempotent-route list from openapi.json. */
import { writeFileSync } from 'node:fs';
import { idempotentRoutesFile, renderIdempotentRoutes, renderSchema, schemaFile } from './schema.js';

writeFileSync(schemaFile, await renderSchema());
writeFileSync(idempotentRoutesFile, renderIdempotentRoutes());
console.log(`Wrote ${schemaFile.pathname} and ${idempotentRoutesFile.pathname}`);
