import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRoute, matchRoute, methodsFor, routePaths, routes, type RouteMatch } from '#shared/http/routes.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A concrete path for a route: each `{param}` replaced by a value. */
function concrete(path: string, value: (name: string) => string): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => value(name));
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

function isMatch(result: ReturnType<typeof matchRoute>): result is RouteMatch {
  return result !== undefined && 'route' in result;
}

const routeCases = routes.map((route) => [`${route.method} ${route.path}`, route] as const);

describe('matchRoute', () => {
  it.each(routeCases)('finds %s with its path parameters', (_name, route) => {
    const path = concrete(route.path, (name) => `${name}-value_1`);
    const expected = Object.fromEntries(paramNames(route.path).map((name) => [name, `${name}-value_1`]));
    expect(matchRoute(route.method, path)).toEqual({ route, pathParameters: expected });
  });

  it.each(routeCases)('finds %s for any parameter values and decodes them', (_name, route) => {
    const names = paramNames(route.path);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: names.length, maxLength: names.length }), (values) => {
        const byName = Object.fromEntries(names.map((name, i) => [name, values[i] as string]));
        const path = concrete(route.path, (name) => encodeURIComponent(byName[name] as string));
        const match = matchRoute(route.method, path);
        expect(isMatch(match) && match.route).toBe(route);
        expect(isMatch(match) && match.pathParameters).toEqual(byName);
      }),
      { numRuns: 50 },
    );
  });

  it('decodes a percent-encoded parameter', () => {
    expect(matchRoute('GET', '/v1/tenants/ten%5F1%20x')).toMatchObject({ pathParameters: { tenantId: 'ten_1 x' } });
  });

  it('keeps the dots of an id in one parameter', () => {
    expect(matchRoute('GET', '/v1/tenants/ten_1.x/staff/stf_2.y')).toMatchObject({
      route: { operation: 'getStaff' },
      pathParameters: { tenantId: 'ten_1.x', staffId: 'stf_2.y' },
    });
  });

  it('takes the literal parts of a route as written: a dot matches only a dot', () => {
    expect(matchRoute('GET', '/.well-known/jwks.json')).toMatchObject({ route: { operation: 'jwks' } });
    expect(matchRoute('GET', '/x.well-known/jwksxjson')).toBeUndefined();
    expect(matchRoute('GET', '/Xwell-known/jwks.json')).toBeUndefined();
  });

  it('has no route that takes a token in its path', () => {
    for (const route of routes) expect(route.path).not.toMatch(/\{token\}/);
  });

  it('gives an empty parameter object to a route without parameters', () => {
    expect(matchRoute('GET', '/health')).toEqual({ route: findRoute('GET', '/health'), pathParameters: {} });
  });

  it.each(routeCases)('answers { allowed, resource } for %s with a method it does not accept', (_name, route) => {
    const path = concrete(route.path, () => 'x1');
    const allowed = methodsFor(route.path);
    for (const method of METHODS.filter((m) => !allowed.includes(m))) {
      expect(matchRoute(method, path)).toEqual({ allowed, resource: route.path });
    }
  });

  it('lists the accepted methods of a known path for a wrong method', () => {
    expect(matchRoute('GET', '/v1/auth/login')).toEqual({ allowed: ['POST'], resource: '/v1/auth/login' });
  });

  it('treats a lowercase method as a different method', () => {
    expect(matchRoute('get', '/health')).toEqual({ allowed: ['GET'], resource: '/health' });
  });

  it.each([
    ['an unknown path', '/v1/nothing-here'],
    ['the root', '/'],
    ['the empty path', ''],
    ['a trailing slash', '/v1/me/'],
    ['a missing parameter', '/v1/tenants/'],
    ['an extra segment', '/v1/tenants/ten_1/extra'],
    ['a parameter spanning two segments', '/v1/auth/sessions/a/b'],
    ['no /v1 prefix', '/auth/login'],
    ['a different case', '/V1/ME'],
    ['a path with a query string', '/health?x=1'],
    ['a malformed percent-escape in a parameter', '/v1/invitations/%a'],
  ])('answers undefined for %s', (_label, path) => {
    expect(matchRoute('GET', path)).toBeUndefined();
  });

  it('never throws on any path, whatever the method', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...METHODS), fc.string()),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.constantFrom(...routes.map((route) => route.path)).chain((template) =>
            fc.string({ unit: 'binary', minLength: 1 }).map((value) => concrete(template, () => value)),
          ),
        ),
        (method, path) => {
          expect(() => matchRoute(method, path)).not.toThrow();
        },
      ),
    );
  });
});

describe('findRoute', () => {
  it.each(routeCases)('finds %s by method and resource template', (_name, route) => {
    expect(findRoute(route.method, route.path)).toBe(route);
  });

  it('does not match a concrete path against a template', () => {
    expect(findRoute('GET', '/v1/tenants/ten_1')).toBeUndefined();
  });

  it('answers undefined for a wrong method', () => {
    expect(findRoute('DELETE', '/health')).toBeUndefined();
  });
});

describe('methodsFor', () => {
  it.each(routePaths())('lists exactly the methods of the routes on %s', (path) => {
    const expected = routes.filter((route) => route.path === path).map((route) => route.method);
    expect(methodsFor(path).sort()).toEqual([...expected].sort());
    expect(methodsFor(path).length).toBeGreaterThan(0);
  });

  it('answers no methods for an unknown path', () => {
    expect(methodsFor('/v1/unknown')).toEqual([]);
  });

  it('answers the single method of a one-method resource', () => {
    expect(methodsFor('/v1/auth/login')).toEqual(['POST']);
  });
});

describe('the route table', () => {
  it.each(routeCases)('%s lives under /v1/, is /health, a well-known URI (RFC 8615: the JWKS) or a hosted account page (/account/)', (_name, route) => {
    expect(route.path === '/health' || route.path.startsWith('/v1/') || route.path === '/.well-known/jwks.json' || route.path.startsWith('/account/')).toBe(true);
  });

  it('has no two routes with the same method and path', () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has unique operation names within each function', () => {
    const keys = routes.map((route) => `${route.function}.${route.operation}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('matches each template first for its own concrete paths: a literal segment (staff/export) is listed before the parameter it also fits', () => {
    for (const route of routes) {
      const path = concrete(route.path, () => 'x1');
      const matching = routePaths().filter((template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
      expect(matching[0]).toBe(route.path);
    }
  });

  it('lists every distinct path once in routePaths', () => {
    expect(routePaths().sort()).toEqual([...new Set(routes.map((route) => route.path))].sort());
  });

  it('exposes GET /health publicly', () => {
    expect(findRoute('GET', '/health')).toMatchObject({ auth: 'none' });
  });
});
