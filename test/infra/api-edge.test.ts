import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_RATE_LIMITS,
  CLIENT_RATE_WINDOW_SECONDS,
  FREE_TEXT_BODY_PATHS,
  operatorRoleName,
  PER_TOKEN_RATE_LIMIT,
  SENSITIVE_PATHS,
  WAF_EXCLUSIONS,
  wafPathEnding,
} from '#infra/constructs/api.js';
import { createLocalServer } from '#local/server.js';
import { NotFoundError } from '#shared/errors.js';
import { type EdgeAnswer, GATEWAY_RESPONSES, type GatewayResponseType, gatewayProblems, renderProblem, WAF_RATE_LIMITED } from '#shared/http/gateway-responses.js';
import { errorToResponse } from '#shared/http/problem.js';
import { type RouteDefinition, routes } from '#shared/http/routes.js';
import { cdkContext, firstDeployment, logicalId, only, type Resource, resources, roleStatements, synthStacks } from './support.js';

const { stacks } = synthStacks({ context: firstDeployment() });
const stack = stacks[0];
if (!stack) throw new Error('cdk.json configures no deployment');
const template = Template.fromStack(stack);
const routeTable: readonly RouteDefinition[] = routes;

type Statement = Record<string, unknown>;
interface WafRule {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: unknown;
  Statement: Record<string, Record<string, unknown>>;
}

const acl = only(template, 'AWS::WAFv2::WebACL');
const rules = acl.Properties.Rules as WafRule[];
const rule = (name: string): WafRule => {
  const found = rules.find((candidate) => candidate.Name === name);
  if (!found) throw new Error(`no WAF rule ${name}`);
  return found;
};

/** The URI-path endings a statement matches with ENDS_WITH, wherever they sit inside it. */
function endings(statement: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const match = (node as { ByteMatchStatement?: { PositionalConstraint: string; SearchString: string; FieldToMatch: unknown } }).ByteMatchStatement;
    if (match) {
      expect(match.FieldToMatch).toEqual({ UriPath: {} });
      if (match.PositionalConstraint === 'ENDS_WITH') found.push(match.SearchString);
    }
    Object.values(node).forEach(walk);
  };
  walk(statement);
  return found.sort();
}

const stage = only(template, 'AWS::ApiGateway::Stage');
const methodSettings = stage.Properties.MethodSettings as Record<string, unknown>[];
const regionalLimit = (method: string, path: string) =>
  methodSettings.find((setting) => setting.ResourcePath === `/${path.replaceAll('/', '~1')}` && setting.HttpMethod === method) as
    | { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    | undefined;

describe('regional throttles: a safety net sized to capacity', () => {
  it('gives login and unlock 120 rps (burst 240) and approve 60 (burst 120) for the whole region', () => {
    expect(regionalLimit('POST', '/v1/auth/login')).toMatchObject({ ThrottlingRateLimit: 120, ThrottlingBurstLimit: 240 });
    expect(regionalLimit('POST', '/v1/terminal/unlock')).toMatchObject({ ThrottlingRateLimit: 120, ThrottlingBurstLimit: 240 });
    expect(regionalLimit('POST', '/v1/terminal/approve')).toMatchObject({ ThrottlingRateLimit: 60, ThrottlingBurstLimit: 120 });
  });

  it('gives terminal pairing starts 10 rps (burst 20) and pairing token fetches 40 (burst 80) for the whole region', () => {
    expect(regionalLimit('POST', '/v1/terminal/pairing')).toMatchObject({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    expect(regionalLimit('POST', '/v1/terminal/pairing/{pairingId}/token')).toMatchObject({ ThrottlingRateLimit: 40, ThrottlingBurstLimit: 80 });
  });

  it('stays within the capacity budget the comment in api.ts works out (410 rps in all)', () => {
    const total = routeTable.reduce((sum, route) => sum + (route.throttle?.rateLimit ?? 0), 0);
    expect(total).toBe(410);
  });

  it('takes at least 90 client addresses, each at its WAF limit, to exhaust any throttled route for the region', () => {
    for (const route of routeTable.filter((candidate) => candidate.throttle)) {
      const limit = CLIENT_RATE_LIMITS.find((candidate) => candidate.paths.includes(route.path));
      expect(limit, `${route.method} ${route.path} has no per-address WAF limit`).toBeDefined();
      const addresses = ((route.throttle?.rateLimit ?? 0) * CLIENT_RATE_WINDOW_SECONDS) / (limit?.perAddress ?? 1);
      expect(addresses, `${route.method} ${route.path}`).toBeGreaterThanOrEqual(90);
    }
    const login = CLIENT_RATE_LIMITS.find((limit) => limit.paths.includes('/v1/auth/login'));
    expect((120 * CLIENT_RATE_WINDOW_SECONDS) / (login?.perAddress ?? 1)).toBe(180);
  });
});

describe('WAF per-client limits', () => {
  it('covers login, unlock, approve, password reset, and invitation lookup and accept', () => {
    expect(SENSITIVE_PATHS).toEqual(
      expect.arrayContaining([
        '/v1/auth/login',
        '/v1/terminal/unlock',
        '/v1/terminal/approve',
        '/v1/auth/password-reset',
        '/v1/auth/password-reset/confirm',
        '/v1/invitations/lookup',
        '/v1/invitations/accept',
        '/v1/terminal/pairing',
        '/v1/terminal/pairing/{pairingId}/token',
      ]),
    );
  });

  it('matches a path with parameters by its literal tail, which ends no other route', () => {
    expect(wafPathEnding('/v1/terminal/pairing/{pairingId}/token')).toBe('/token');
    expect(wafPathEnding('/v1/auth/login')).toBe('/v1/auth/login');
    const paths = routeTable.map((route) => route.path);
    for (const path of SENSITIVE_PATHS) expect(paths.filter((other) => other.endsWith(wafPathEnding(path))), path).toEqual(paths.filter((other) => other === path));
  });

  it.each(CLIENT_RATE_LIMITS.map((limit) => [limit.name, limit] as const))('%s counts per source address over 5 minutes', (name, limit) => {
    const found = rule(name);
    expect(found.Action).toMatchObject({ Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'tooManyAttempts' } } });
    const statement = found.Statement.RateBasedStatement;
    expect(statement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: limit.perAddress });
    expect(endings(statement?.ScopeDownStatement)).toEqual(limit.paths.map(wafPathEnding).sort());
    // Matched decoded: a percent-encoded path is still counted.
    expect(JSON.stringify(statement?.ScopeDownStatement)).not.toContain('"NONE"');
  });

  it('counts per Authorization header value on every sensitive route, so one token cannot spend the others’ budget', () => {
    const found = rule('SensitivePerToken');
    expect(found.Action).toMatchObject({ Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'tooManyAttempts' } } });
    const statement = found.Statement.RateBasedStatement;
    expect(statement).toMatchObject({
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
      EvaluationWindowSec: 300,
      Limit: PER_TOKEN_RATE_LIMIT,
    });
    expect(PER_TOKEN_RATE_LIMIT).toBe(100);
    expect(endings(statement?.ScopeDownStatement)).toEqual(SENSITIVE_PATHS.map(wafPathEnding).sort());
  });

  it('says when to retry, and lets the host app read the 429, on every rate limit (the gateway’s responses never see a WAF block)', () => {
    const appOrigin = new URL(cdkContext().appBaseUrl as string).origin;
    for (const name of [...CLIENT_RATE_LIMITS.map((limit) => limit.name), 'SensitivePerToken']) {
      const headers = (rule(name).Action as { Block: { CustomResponse: { ResponseHeaders: { Name: string; Value: string }[] } } }).Block.CustomResponse.ResponseHeaders;
      expect(headers, name).toEqual(
        expect.arrayContaining([
          { Name: 'Retry-After', Value: '300' },
          { Name: 'Access-Control-Allow-Origin', Value: appOrigin },
        ]),
      );
    }
  });

  it('answers a rate-limited request with the shared 429 problem', () => {
    const bodies = acl.Properties.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    expect(bodies.tooManyAttempts?.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(bodies.tooManyAttempts?.Content ?? '')).toEqual(WAF_RATE_LIMITED.problem);
  });

  it('evaluates the rate limits before the managed rules', () => {
    const crs = rule('AWSManagedRulesCommonRuleSet').Priority;
    for (const name of [...CLIENT_RATE_LIMITS.map((limit) => limit.name), 'SensitivePerToken']) expect(rule(name).Priority).toBeLessThan(crs);
    const priorities = rules.map((candidate) => candidate.Priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });
});

describe('WAF managed-rule exclusions', () => {
  const crs = rule('AWSManagedRulesCommonRuleSet');
  const overrides = (crs.Statement.ManagedRuleGroupStatement?.RuleActionOverrides ?? []) as { Name: string; ActionToUse: unknown }[];

  it('sets exactly the excluded rules of the common rule set to Count, each with a reason', () => {
    expect(overrides.map((override) => override.Name).sort()).toEqual(WAF_EXCLUSIONS.map((exclusion) => exclusion.rule).sort());
    for (const override of overrides) expect(override.ActionToUse).toEqual({ Count: {} });
    for (const exclusion of WAF_EXCLUSIONS) expect(exclusion.reason.length, exclusion.rule).toBeGreaterThanOrEqual(40);
    expect(WAF_EXCLUSIONS.map((exclusion) => exclusion.rule)).toEqual(
      expect.arrayContaining(['NoUserAgent_HEADER', 'SizeRestrictions_BODY', 'CrossSiteScripting_BODY', 'GenericLFI_BODY']),
    );
  });

  it('lets requests without a User-Agent through only on /v1/authorize', () => {
    expect(WAF_EXCLUSIONS.find((exclusion) => exclusion.rule === 'NoUserAgent_HEADER')?.exemptPaths).toEqual(['/v1/authorize']);
  });

  it('lets XSS- and path-looking bodies through only where passwords and audit details travel', () => {
    expect([...FREE_TEXT_BODY_PATHS].sort()).toEqual(
      ['/v1/audit', '/v1/auth/login', '/v1/auth/password-reset/confirm', '/v1/auth/totp', '/v1/invitations/accept'].sort(),
    );
    for (const name of ['CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY']) {
      expect(WAF_EXCLUSIONS.find((exclusion) => exclusion.rule === name)?.exemptPaths, name).toEqual(FREE_TEXT_BODY_PATHS);
    }
  });

  it.each(WAF_EXCLUSIONS.filter((exclusion) => exclusion.exemptPaths !== 'everywhere').map((exclusion) => [exclusion.rule, exclusion] as const))(
    'still blocks %s everywhere else, after the rule group that labels it',
    (name, exclusion) => {
      const found = rule(`${name}_OutsideExemptPaths`);
      expect(found.Action).toEqual({ Block: {} });
      expect(found.Priority).toBeGreaterThan(crs.Priority);
      const [label, not] = (found.Statement.AndStatement?.Statements ?? []) as Statement[];
      expect(label).toEqual({ LabelMatchStatement: { Scope: 'LABEL', Key: exclusion.label } });
      expect(exclusion.label).toMatch(/^awswaf:managed:aws:core-rule-set:[A-Za-z0-9]+_[A-Za-z]+$/);
      expect(not).toHaveProperty('NotStatement');
      expect(endings(not)).toEqual([...(exclusion.exemptPaths as readonly string[])].sort());
      // Matched as sent: a percent-encoded path does not earn the exemption.
      expect(JSON.stringify(not)).not.toContain('URL_DECODE');
    },
  );

  it('keeps the known-bad-inputs rule set in force everywhere, after the common rule set', () => {
    const knownBad = rule('AWSManagedRulesKnownBadInputsRuleSet');
    expect(knownBad.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toBeUndefined();
    expect(knownBad.Priority).toBeGreaterThan(crs.Priority);
  });
});

describe('gateway responses: one problem table for local mode and the template', () => {
  const responses = Object.values(resources(template, 'AWS::ApiGateway::GatewayResponse'));
  const byType = (type: string): Resource => {
    const found = responses.find((response) => response.Properties.ResponseType === type);
    if (!found) throw new Error(`no gateway response ${type}`);
    return found;
  };
  const bodyOf = (type: string) => JSON.parse((byType(type).Properties.ResponseTemplates as Record<string, string>)['application/json'] ?? '') as unknown;

  it('deploys every entry of the table with its text, status and headers, and nothing else', () => {
    expect(responses.map((response) => response.Properties.ResponseType).sort()).toEqual(Object.keys(GATEWAY_RESPONSES).sort());
    for (const [type, answer] of Object.entries(GATEWAY_RESPONSES) as [GatewayResponseType, EdgeAnswer][]) {
      expect(bodyOf(type), type).toEqual(renderProblem(answer.problem, '$context.requestId'));
      expect(byType(type).Properties.StatusCode).toBe(String(answer.problem.status));
      for (const [name, value] of Object.entries(answer.headers ?? {})) {
        expect(byType(type).Properties.ResponseParameters, type).toMatchObject({ [`gatewayresponse.header.${name}`]: `'${value}'` });
      }
    }
  });

  it('lets the host app read every gateway answer: its origin, the one the deployment names, on each', () => {
    const appOrigin = new URL(cdkContext().appBaseUrl as string).origin;
    for (const response of responses) {
      expect(response.Properties.ResponseParameters, String(response.Properties.ResponseType)).toMatchObject({ 'gatewayresponse.header.Access-Control-Allow-Origin': `'${appOrigin}'` });
    }
  });

  it('answers paths without a method (/v1, /v1/auth, /v1/tenants…) 404 with the platform function’s not_found body, as local mode does', () => {
    expect(byType('MISSING_AUTHENTICATION_TOKEN').Properties.StatusCode).toBe('404');
    expect(bodyOf('MISSING_AUTHENTICATION_TOKEN')).toEqual(JSON.parse(errorToResponse(new NotFoundError(), 'request-id').body));
  });

  it('still answers real authentication failures 401 (and IAM denials 403)', () => {
    expect(byType('UNAUTHORIZED').Properties.StatusCode).toBe('401');
    expect(byType('UNAUTHORIZED').Properties.ResponseParameters).toMatchObject({ 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" });
    expect(byType('ACCESS_DENIED').Properties.StatusCode).toBe('403');
  });

  it('quotes the request id in the deployed 500, where local mode quotes its own', () => {
    expect((bodyOf('DEFAULT_5XX') as { detail: string }).detail).toContain('$context.requestId');
    expect(renderProblem(gatewayProblems.internal, 'abc').detail).toContain('Quote request id abc to support.');
  });

  it('gives local mode the very same problem objects', () => {
    expect(gatewayProblems.unauthorized).toBe(GATEWAY_RESPONSES.UNAUTHORIZED.problem);
    expect(gatewayProblems.payloadTooLarge).toBe(GATEWAY_RESPONSES.REQUEST_TOO_LARGE.problem);
    expect(gatewayProblems.throttled).toBe(GATEWAY_RESPONSES.THROTTLED.problem);
    expect(gatewayProblems.internal).toBe(GATEWAY_RESPONSES.DEFAULT_5XX.problem);
    expect(gatewayProblems.authorizerUnavailable).toBe(GATEWAY_RESPONSES.AUTHORIZER_FAILURE.problem);
    // The local server writes no problem text of its own.
    const source = readFileSync(new URL('../../local/server.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/\b(title|detail):\s*['"`]/);
  });

  describe('the local server', () => {
    const server = createLocalServer({ operatorToken: 'operator-token-for-tests', outbox: { read: async () => ({}) as never }, events: { list: async () => [] } });
    let base = '';
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('answers a missing credential with the body the template deploys for UNAUTHORIZED', async () => {
      const response = await fetch(`${base}/v1/operator/tenants`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toEqual(bodyOf('UNAUTHORIZED'));
    });
  });
});

describe('operator routes', () => {
  const api = only(template, 'AWS::ApiGateway::RestApi');
  const roleId = logicalId(stack.api.operatorRole);
  const operatorRoutes = routeTable.filter((route) => route.auth === 'operator');
  const statements = (api.Properties.Policy as { Statement: Statement[] }).Statement;

  it('have an operator role, named per region and assumable by principals of the account an admin allows', () => {
    expect(operatorRoutes.length).toBeGreaterThan(0);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: operatorRoleName(stack.region),
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':root$')])] } },
          }),
        ],
      },
    });
    expect(operatorRoleName('eu-west-1')).toBe('StaffGateOperator-eu-west-1');
  });

  it('deny execute-api:Invoke on every operator route to everyone but the operator role', () => {
    const deny = statements.find((statement) => statement.Effect === 'Deny');
    expect(deny).toEqual({
      Sid: 'OperatorRoutesOnlyForOperatorRole',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'execute-api:Invoke',
      Resource: expect.any(Array),
      Condition: { StringNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [roleId, 'Arn'] } } },
    });
    expect([...(deny?.Resource as string[])].sort()).toEqual(
      operatorRoutes.map((route) => `execute-api:/*/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`).sort(),
    );
    expect(operatorRoutes.every((route) => route.path.startsWith('/v1/operator/'))).toBe(true);
  });

  it('allow everything else, so public and session routes still work', () => {
    expect(statements).toContainEqual({ Sid: 'AllowInvoke', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' });
    expect(statements).toHaveLength(2);
  });

  it('let the operator role invoke exactly the operator routes', () => {
    const granted = roleStatements(template, roleId);
    expect(granted).toHaveLength(1);
    expect(granted[0]?.Action).toBe('execute-api:Invoke');
    const resourcesJson = JSON.stringify(granted[0]?.Resource);
    for (const route of operatorRoutes) expect(resourcesJson).toContain(`/prod/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`);
    expect(resourcesJson.match(/\/prod\//g)).toHaveLength(operatorRoutes.length);
  });

  it('output the operator role ARN', () => {
    const outputs = template.findOutputs('*', { Value: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    expect(Object.keys(outputs)).toHaveLength(1);
  });
});

describe('tokens stay out of logs and traces', () => {
  it('logs the route template (resourcePath), never the request path, and no header', () => {
    const format = JSON.stringify((stage.Properties.AccessLogSetting as { Format: unknown }).Format);
    expect(format).toContain('$context.resourcePath');
    expect(format).not.toMatch(/\$context\.path|\$input|\$method\.request\.header|authorization/i);
  });

  it('keeps execution logs to errors without request or response data', () => {
    for (const setting of methodSettings) expect(setting.DataTraceEnabled ?? false).toBe(false);
  });

  it('takes no token in any path parameter: invitation and reset tokens travel in bodies', () => {
    for (const route of routeTable) expect(route.path).not.toMatch(/\{[^}]*token[^}]*\}/i);
  });

  it('redacts the Authorization header from any WAF log it configures', () => {
    for (const config of Object.values(resources(template, 'AWS::WAFv2::LoggingConfiguration'))) {
      expect(JSON.stringify(config)).toMatch(/"RedactedFields":\[[^\]]*authorization/i);
    }
  });
});
