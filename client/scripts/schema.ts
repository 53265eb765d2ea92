/**
 * What `npm run schema` writes from the repo's openapi.json: the client's
 * types (openapi-typescript) and the operations that honour an
 * Idempotency-Key, which the client needs at run time to know where to add
 * one and which requests it may safely send again. A test fails when the
 * committed files differ from what this renders.
 */
import { readFileSync } from 'node:fs';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const openApiFile = new URL('../../openapi.json', import.meta.url);
export const schemaFile = new URL('../src/schema.ts', import.meta.url);
export const idempotentRoutesFile = new URL('../src/idempotent-routes.ts', import.meta.url);

const HEADER = '// Generated from openapi.json by `npm run schema -w client` (also run by the root `npm run openapi`). Do not edit.\n';

function readOpenApi(): OpenAPI3 {
  return JSON.parse(readFileSync(openApiFile, 'utf8')) as OpenAPI3;
}

export async function renderSchema(): Promise<string> {
  return `${HEADER}\n${astToString(await openapiTS(readOpenApi(), { silent: true }))}`;
}

interface Parameter {
  in?: string;
  name?: string;
}

export function renderIdempotentRoutes(): string {
  const routes = Object.entries(readOpenApi().paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { parameters?: Parameter[] }>)
      .filter(([, operation]) => operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name?.toLowerCase() === 'idempotency-key'))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
  const lines = routes.sort().map((route) => `  '${route}',`);
  return `${HEADER}\n/** \`METHOD /path\` of every operation that takes an Idempotency-Key: it creates or sends, and a repeat with the same key changes nothing. */\nexport const idempotentRoutes: ReadonlySet<string> = new Set([\n${lines.join('\n')}\n]);\n`;
}
