/**
 * `npm run openapi`: writes openapi.json from the route table and the zod
 * schemas the handlers validate with, so the document cannot drift from what
 * runs. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from './openapi-document.js';

const file = new URL('../openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(await buildOpenApi(), null, 2)}\n`);
console.log(`Wrote ${file.pathname}`);
