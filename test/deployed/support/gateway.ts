import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.js';
import { evaluate, globMatch } from './policy.js';
import { ACCOUNT_ID, Intrinsics } from './template.js';

/**
 * API Gateway (REST, Lambda proxy) emulated from the template alone: the resource tree
 * (AWS::ApiGateway::Resource), methods with their authorization and integration function
 * (AWS::ApiGateway::Method, Integration.Uri), the REQUEST authorizer (AWS::ApiGateway::Authorizer,
 * identity sources) and the gateway responses (AWS::ApiGateway::GatewayResponse).
 *
 * AWS_IAM methods: this emulation checks no SigV4 signature. A request carrying the header
 * OPERATOR_ROLE_HEADER stands for one signed by the operator role (its value is the caller ARN);
 * without it the gateway answers MISSING_AUTHENTICATION_TOKEN, as API Gateway does for an unsigned request.
 */
export const OPERATOR_ROLE_HEADER = 'x-deployed-test-operator-role';

export type Invoke = (functionLogicalId: string, event: unknown) => Promise<any>;

interface MethodSpec {
  logicalId: string;
  httpMethod: string;
  authorizationType: string;
  authorizerId: string | undefined;
  functionLogicalId: string;
}

interface ResourceSpec {
  path: string;
  segments: string[];
  methods: Map<string, MethodSpec>;
}

interface GatewayResponseSpec {
  statusCode: number;
  headers: Record<string, string>;
  template: string | undefined;
}

const lambdaFunctionIn = (intrinsics: Intrinsics, value: unknown): string => {
  const found = [...Intrinsics.references(value)].filter((id) => intrinsics.resource(id).Type === 'AWS::Lambda::Function');
  if (new Set(found).size !== 1) throw new Error(`expected one function in ${JSON.stringify(value)}`);
  return found[0] as string;
};

export class EmulatedGateway {
  readonly stage: string;
  readonly apiId = 'deployedtest';
  private readonly resources: ResourceSpec[] = [];
  private readonly authorizers = new Map<string, { functionLogicalId: string; identitySources: string[]; type: string }>();
  private readonly responses = new Map<string, GatewayResponseSpec>();
  private readonly server = new LocalServer();
  url = '';
  /** Every request the gateway answered: route template, status, and which of its own responses it used. */
  readonly log: { method: string; resource: string | undefined; status: number; gatewayResponse?: string }[] = [];

  constructor(
    private readonly intrinsics: Intrinsics,
    private readonly invoke: Invoke,
  ) {
    const [[restApiId]] = intrinsics.ofType('AWS::ApiGateway::RestApi') as [[string, unknown]];
    const [, stage] = intrinsics.ofType('AWS::ApiGateway::Stage')[0] ?? [];
    this.stage = String(stage?.Properties?.StageName ?? 'prod');
    const parents = new Map<string, { parent: string; part: string }>();
    for (const [id, resource] of intrinsics.ofType('AWS::ApiGateway::Resource')) {
      const parent = resource.Properties?.ParentId as any;
      parents.set(id, { parent: parent?.Ref ?? 'ROOT', part: String(resource.Properties?.PathPart) });
    }
    const pathOf = (id: string): string[] => {
      if (id === 'ROOT') return [];
      const entry = parents.get(id);
      if (!entry) throw new Error(`unknown API resource ${id}`);
      return [...pathOf(entry.parent), entry.part];
    };
    const byId = new Map<string, ResourceSpec>();
    const resourceFor = (id: string) => {
      let spec = byId.get(id);
      if (!spec) {
        const segments = pathOf(id);
        spec = { path: `/${segments.join('/')}`, segments, methods: new Map() };
        byId.set(id, spec);
        this.resources.push(spec);
      }
      return spec;
    };
    for (const [logicalId, method] of intrinsics.ofType('AWS::ApiGateway::Method')) {
      const p = method.Properties ?? {};
      if (JSON.stringify(p.RestApiId) !== JSON.stringify({ Ref: restApiId })) continue;
      const resourceId = p.ResourceId?.Ref ?? (p.ResourceId?.['Fn::GetAtt']?.[1] === 'RootResourceId' ? 'ROOT' : undefined);
      if (!resourceId) throw new Error(`method ${logicalId} has no resource`);
      if (p.Integration?.Type !== 'AWS_PROXY') throw new Error(`method ${logicalId}: integration ${p.Integration?.Type} is not emulated`);
      resourceFor(resourceId).methods.set(String(p.HttpMethod), {
        logicalId,
        httpMethod: String(p.HttpMethod),
        authorizationType: String(p.AuthorizationType ?? 'NONE'),
        authorizerId: p.AuthorizerId?.Ref,
        functionLogicalId: lambdaFunctionIn(intrinsics, p.Integration.Uri),
      });
    }
    for (const [logicalId, authorizer] of intrinsics.ofType('AWS::ApiGateway::Authorizer')) {
      const p = authorizer.Properties ?? {};
      this.authorizers.set(logicalId, {
        type: String(p.Type),
        functionLogicalId: lambdaFunctionIn(intrinsics, p.AuthorizerUri),
        identitySources: String(p.IdentitySource ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      });
    }
    for (const [, response] of intrinsics.ofType('AWS::ApiGateway::GatewayResponse')) {
      const p = response.Properties ?? {};
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries((p.ResponseParameters ?? {}) as Record<string, string>)) {
        const header = /^gatewayresponse\.header\.(.+)$/.exec(name)?.[1];
        if (header) headers[header] = value.replace(/^'(.*)'$/, '$1');
      }
      this.responses.set(String(p.ResponseType), {
        statusCode: Number(p.StatusCode),
        headers,
        template: (p.ResponseTemplates as Record<string, string> | undefined)?.['application/json'],
      });
    }
  }

  /** Route templates the template defines: `METHOD /path`. */
  routes(): string[] {
    return this.resources.flatMap((resource) => [...resource.methods.keys()].map((method) => `${method} ${resource.path}`));
  }

  async start(): Promise<string> {
    const base = await this.server.listen(
      (request, response) => this.handle(request, response),
      (error, request, response) => {
        console.error('gateway emulation failed', error);
        this.gatewayResponse(response, 'DEFAULT_5XX', randomUUID(), { method: request.method ?? '', resource: undefined });
      },
    );
    this.url = `${base}/${this.stage}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  /**
   * The most specific resource whose template matches the path and that has the method (or ANY):
   * literal segments before `{param}`, `{param}` before a greedy `{proxy+}`.
   */
  match(method: string, segments: string[]): { resource: ResourceSpec; method: MethodSpec; pathParameters: Record<string, string> | null } | undefined {
    let best: { score: number[]; resource: ResourceSpec; method: MethodSpec; pathParameters: Record<string, string> } | undefined;
    for (const resource of this.resources) {
      const chosen = resource.methods.get(method) ?? resource.methods.get('ANY');
      if (!chosen) continue;
      const parameters: Record<string, string> = {};
      const score: number[] = [];
      let ok = true;
      for (let i = 0; i < resource.segments.length; i += 1) {
        const part = resource.segments[i] as string;
        const greedy = /^\{(\w+)\+\}$/.exec(part);
        if (greedy) {
          if (i !== resource.segments.length - 1 || segments.length <= i) ok = false;
          else parameters[greedy[1] as string] = segments.slice(i).map(decodeURIComponent).join('/');
          score.push(1);
          break;
        }
        const segment = segments[i];
        if (segment === undefined) {
          ok = false;
          break;
        }
        const variable = /^\{(\w+)\}$/.exec(part);
        if (variable) {
          parameters[variable[1] as string] = decodeURIComponent(segment);
          score.push(2);
        } else if (part === segment) score.push(3);
        else {
          ok = false;
          break;
        }
      }
      const greedyLast = /\+\}$/.test(resource.segments.at(-1) ?? '');
      if (!ok || (!greedyLast && resource.segments.length !== segments.length)) continue;
      score.push(resource.methods.has(method) ? 1 : 0);
      if (!best || compareScores(score, best.score) > 0) best = { score, resource, method: chosen, pathParameters: parameters };
    }
    if (!best) return undefined;
    return { resource: best.resource, method: best.method, pathParameters: Object.keys(best.pathParameters).length ? best.pathParameters : null };
  }

  private gatewayResponse(response: ServerResponse, type: string, requestId: string, log: { method: string; resource: string | undefined }): void {
    // A type the template does not override falls back to DEFAULT_4XX / DEFAULT_5XX, as API Gateway does.
    const statusDefaults: Record<string, number> = {
      UNAUTHORIZED: 401, MISSING_AUTHENTICATION_TOKEN: 403, ACCESS_DENIED: 403, AUTHORIZER_FAILURE: 500,
      AUTHORIZER_CONFIGURATION_ERROR: 500, DEFAULT_5XX: 500, DEFAULT_4XX: 400, INTEGRATION_FAILURE: 504,
    };
    const fallback = (statusDefaults[type] ?? 500) >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
    const spec = this.responses.get(type) ?? this.responses.get(fallback);
    const status = spec?.statusCode ?? statusDefaults[type] ?? 500;
    const body = (spec?.template ?? JSON.stringify({ message: type })).replaceAll('$context.requestId', requestId);
    response.writeHead(status, { 'content-type': 'application/json', ...spec?.headers, 'x-amzn-requestid': requestId, 'x-amzn-errortype': type });
    response.end(body);
    this.log.push({ ...log, status, gatewayResponse: type });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://gateway');
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const stagePrefix = `/${this.stage}`;
    if (!(url.pathname === stagePrefix || url.pathname.startsWith(`${stagePrefix}/`))) {
      return this.gatewayResponse(response, 'MISSING_AUTHENTICATION_TOKEN', requestId, { method, resource: undefined });
    }
    const path = url.pathname.slice(stagePrefix.length) || '/';
    const segments = path.split('/').filter(Boolean);
    const matched = this.match(method, segments);
    if (!matched) return this.gatewayResponse(response, 'MISSING_AUTHENTICATION_TOKEN', requestId, { method, resource: undefined });
    const logEntry = { method, resource: matched.resource.path };

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i] as string;
      const value = request.rawHeaders[i + 1] as string;
      if (name.toLowerCase() === OPERATOR_ROLE_HEADER || name.toLowerCase() === 'host' || name.toLowerCase() === 'connection') continue;
      headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
      (multiValueHeaders[name] ??= []).push(value);
    }
    // The client address: the first X-Forwarded-For entry (tests stand in for distinct clients with it), else the socket's.
    const sourceIp = String(request.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() || request.socket.remoteAddress || '127.0.0.1';
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) {
      query[key] = value;
      (multiQuery[key] ??= []).push(value);
    }
    const hasQuery = Object.keys(query).length > 0;
    const identity = {
      accessKey: null as string | null, accountId: null as string | null, apiKey: null, apiKeyId: null, caller: null as string | null,
      clientCert: null, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
      cognitoIdentityPoolId: null, principalOrgId: null, sourceIp, user: null as string | null,
      userAgent: request.headers['user-agent'] ?? null, userArn: null as string | null,
    };
    const now = Date.now();
    const requestContext = {
      accountId: ACCOUNT_ID,
      apiId: this.apiId,
      authorizer: null as Record<string, unknown> | null,
      domainName: request.headers.host ?? 'localhost',
      httpMethod: method,
      identity,
      path: url.pathname,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourceId: matched.method.logicalId,
      resourcePath: matched.resource.path,
      stage: this.stage,
    };
    const methodArn = `arn:aws:execute-api:${this.intrinsics.region}:${ACCOUNT_ID}:${this.apiId}/${this.stage}/${method}${path}`;

    switch (matched.method.authorizationType) {
      case 'NONE':
        break;
      case 'AWS_IAM': {
        const role = request.headers[OPERATOR_ROLE_HEADER];
        if (!role) return this.gatewayResponse(response, 'MISSING_AUTHENTICATION_TOKEN', requestId, logEntry);
        // The RestApi's resource policy, if any: `execute-api:/` is this API's ARN prefix; the caller is the role in the header.
        const [[, restApi]] = this.intrinsics.ofType('AWS::ApiGateway::RestApi') as [[string, any]];
        if (restApi.Properties?.Policy) {
          const prefix = `arn:aws:execute-api:${this.intrinsics.region}:${ACCOUNT_ID}:${this.apiId}/`;
          const statements = (this.intrinsics.resolve(restApi.Properties.Policy).Statement as any[]).map((st) => ({
            ...st,
            Resource: [st.Resource].flat().map((r: string) => r.replace(/^execute-api:\//, prefix)),
          }));
          const decision = evaluate(statements, { action: 'execute-api:Invoke', resource: methodArn, keys: { 'aws:PrincipalArn': String(role) } });
          if (!decision.allowed) return this.gatewayResponse(response, 'ACCESS_DENIED', requestId, logEntry);
        }
        identity.userArn = String(role).replace(/^arn:aws:iam::(\d+):role\/(.+)$/, 'arn:aws:sts::$1:assumed-role/$2/deployed-test');
        identity.caller = `AROADEPLOYEDTEST:deployed-test`;
        identity.user = identity.caller;
        identity.accountId = ACCOUNT_ID;
        identity.accessKey = 'ASIADEPLOYEDTEST';
        break;
      }
      case 'CUSTOM': {
        const authorizer = this.authorizers.get(matched.method.authorizerId ?? '');
        if (!authorizer || authorizer.type !== 'REQUEST') throw new Error(`method ${matched.method.logicalId}: authorizer not emulated`);
        for (const source of authorizer.identitySources) {
          const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1];
          const queryName = /^method\.request\.querystring\.(.+)$/.exec(source)?.[1];
          const present = header ? request.headers[header.toLowerCase()] : queryName ? url.searchParams.get(queryName) : undefined;
          if (!present) return this.gatewayResponse(response, 'UNAUTHORIZED', requestId, logEntry);
        }
        let result: any;
        try {
          result = await this.invoke(authorizer.functionLogicalId, {
            type: 'REQUEST',
            methodArn,
            resource: matched.resource.path,
            path,
            httpMethod: method,
            headers,
            multiValueHeaders,
            queryStringParameters: hasQuery ? query : null,
            multiValueQueryStringParameters: hasQuery ? multiQuery : null,
            pathParameters: matched.pathParameters,
            stageVariables: null,
            requestContext,
          });
        } catch (error) {
          if ((error as Error).message === 'Unauthorized') return this.gatewayResponse(response, 'UNAUTHORIZED', requestId, logEntry);
          return this.gatewayResponse(response, 'AUTHORIZER_FAILURE', requestId, logEntry);
        }
        const statements: any[] = result?.policyDocument?.Statement ?? [];
        const applies = (s: any) =>
          [s.Action].flat().some((a: string) => globMatch(a, 'execute-api:Invoke', true)) && [s.Resource].flat().some((r: string) => globMatch(r, methodArn));
        if (!result?.principalId) return this.gatewayResponse(response, 'AUTHORIZER_CONFIGURATION_ERROR', requestId, logEntry);
        if (statements.some((s) => s.Effect === 'Deny' && applies(s)) || !statements.some((s) => s.Effect === 'Allow' && applies(s))) {
          return this.gatewayResponse(response, 'ACCESS_DENIED', requestId, logEntry);
        }
        requestContext.authorizer = { ...(result.context ?? {}), principalId: result.principalId, integrationLatency: 0 };
        break;
      }
      default:
        throw new Error(`authorization type ${matched.method.authorizationType} is not emulated`);
    }

    let result: any;
    try {
      result = await this.invoke(matched.method.functionLogicalId, {
        resource: matched.resource.path,
        path,
        httpMethod: method,
        headers,
        multiValueHeaders,
        queryStringParameters: hasQuery ? query : null,
        multiValueQueryStringParameters: hasQuery ? multiQuery : null,
        pathParameters: matched.pathParameters,
        stageVariables: null,
        requestContext,
        body: rawBody === '' ? null : rawBody,
        isBase64Encoded: false,
      });
    } catch {
      // A function error is a 502 from API Gateway; its gateway response here is the template's DEFAULT_5XX.
      return this.gatewayResponse(response, 'DEFAULT_5XX', requestId, logEntry);
    }
    if (!result || typeof result.statusCode !== 'number') return this.gatewayResponse(response, 'DEFAULT_5XX', requestId, logEntry);
    const out: Record<string, string | string[]> = { 'x-amzn-requestid': requestId };
    for (const [name, value] of Object.entries((result.headers ?? {}) as Record<string, unknown>)) out[name] = String(value);
    for (const [name, values] of Object.entries((result.multiValueHeaders ?? {}) as Record<string, unknown[]>)) out[name] = values.map(String);
    response.writeHead(result.statusCode, out);
    response.end(result.body === undefined || result.body === null ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : String(result.body));
    this.log.push({ ...logEntry, status: result.statusCode });
  }
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
