import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/http/routes.js';
import { buildOpenApi } from '../../scripts/openapi-document.js';

const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
};

describe('openapi.json', () => {
  it('is what the route table and the handlers’ schemas give today (run `npm run openapi` after changing them)', async () => {
    expect(committed).toEqual(await buildOpenApi());
  });

  it('describes every route of the route table and nothing else', () => {
    const documented = Object.entries(committed.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('marks public routes as needing no credentials and every other route as needing some', () => {
    for (const route of routes) {
      const security = committed.paths[route.path]?.[route.method.toLowerCase()]?.security;
      expect(security?.length === 0, `${route.method} ${route.path}`).toBe(route.auth === 'none');
    }
  });
});
