import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/http/routes.js';
import { buildOpenApi } from '../../scripts/openapi-document.js';

const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; security: unknown[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

describe('openapi.json', () => {
  it('is what the route table and the handlers’ schemas give today (run `npm run openapi` after changing them)', async () => {
    expect(committed).toEqual(await buildOpenApi());
  });

  it('describes every route of the route table and nothing else', () => {
    const documented = Object.entries(committed.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('marks public routes as needing no credentials and every other route as needing some, including the two whose function checks a bearer token itself', () => {
    for (const route of routes) {
      const security = committed.paths[route.path]?.[route.method.toLowerCase()]?.security;
      expect(security?.length === 0, `${route.method} ${route.path}`).toBe(route.auth === 'none' && !('bearerInFunction' in route));
    }
    expect(committed.paths['/v1/terminal/unlock']?.post?.security).toEqual([{ bearer: [] }]);
    expect(committed.paths['/v1/session']?.get?.security).toEqual([{ bearer: [] }]);
  });

  it('states every operation’s success statuses exactly (no generic 2XX)', () => {
    for (const route of routes) {
      const statuses = Object.keys(committed.paths[route.path]?.[route.method.toLowerCase()]?.responses ?? {});
      expect(statuses.filter((status) => status.startsWith('2')), `${route.method} ${route.path}`).not.toEqual([]);
      expect(statuses, `${route.method} ${route.path}`).not.toContain('2XX');
    }
  });

  it('refers only to schemas it defines', () => {
    const refs = [...JSON.stringify(committed).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(committed.components.schemas, ref).toHaveProperty([ref.split('/').at(-1) as string]);
    }
  });
});
