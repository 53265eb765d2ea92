import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalServer } from './local-server.js';
import type { Invoke } from './gateway.js';
import { Intrinsics } from './template.js';

interface RouteSpec {
  routeKey: string;
  method: string | undefined;
  path: string | undefined;
  functionLogicalId: string;
  payloadFormatVersion: string;
}

/**
 * API Gateway HTTP API (payload format 2.0, Lambda proxy) emulated from the template alone:
 * AWS::ApiGatewayV2::Route (route keys, authorization), the AWS::ApiGatewayV2::Integration it
 * targets (function, payload format), and the AWS::Lambda::Permission that lets this API invoke
 * that function — a route whose function lacks the permission answers 500, as it does on AWS.
 * Not emulated: throttling, access logs, path parameters (the decisions API has none).
 */
export class EmulatedHttpApi {
  private readonly routes: RouteSpec[] = [];
  private readonly server = new LocalServer();
  url = '';
  readonly log: { routeKey: string; status: number }[] = [];

  constructor(
    intrinsics: Intrinsics,
    private readonly invoke: Invoke,
  ) {
    const [[apiId]] = intrinsics.ofType('AWS::ApiGatewayV2::Api') as [[string, unknown]];
    const permitted = new Set(
      intrinsics
        .ofType('AWS::Lambda::Permission')
        .filter(([, permission]) => permission.Properties?.Principal === 'apigateway.amazonaws.com' && Intrinsics.references(permission.Properties?.SourceArn).has(apiId))
        .flatMap(([, permission]) => [...Intrinsics.references(permission.Properties?.FunctionName)]),
    );
    for (const [, route] of intrinsics.ofType('AWS::ApiGatewayV2::Route')) {
      const properties = route.Properties ?? {};
      if ((properties.AuthorizationType ?? 'NONE') !== 'NONE') throw new Error(`authorization type ${String(properties.AuthorizationType)} is not emulated`);
      const [integrationId] = [...Intrinsics.references(properties.Target)];
      const integration = intrinsics.resource(integrationId as string).Properties ?? {};
      const [functionLogicalId] = [...Intrinsics.references(integration.IntegrationUri)].filter((id) => intrinsics.resource(id).Type === 'AWS::Lambda::Function');
      if (!functionLogicalId) throw new Error(`route ${String(properties.RouteKey)} targets no function`);
      const routeKey = String(properties.RouteKey);
      const [method, path] = routeKey === '$default' ? [undefined, undefined] : routeKey.split(' ');
      this.routes.push({
        routeKey,
        method,
        path,
        functionLogicalId: permitted.has(functionLogicalId) ? functionLogicalId : '',
        payloadFormatVersion: String(integration.PayloadFormatVersion ?? '1.0'),
      });
    }
  }

  routeKeys(): string[] {
    return this.routes.map((route) => route.routeKey);
  }

  async start(): Promise<string> {
    this.url = await this.server.listen(
      (request, response) => this.handle(request, response),
      (error, _request, response) => {
        console.error('HTTP API emulation failed', error);
        this.answer(response, 500, { message: 'Internal Server Error' });
      },
    );
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  private answer(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulated');
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const route =
      this.routes.find((candidate) => candidate.method === method && candidate.path === url.pathname) ?? this.routes.find((candidate) => candidate.routeKey === '$default');
    if (!route) return this.answer(response, 404, { message: 'Not Found' });
    // No permission for this API to invoke the function: API Gateway answers 500 and logs the error.
    if (!route.functionLogicalId) return this.answer(response, 500, { message: 'Internal Server Error' });
    if (route.payloadFormatVersion !== '2.0') throw new Error(`payload format ${route.payloadFormatVersion} is not emulated`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    const query = Object.fromEntries(url.searchParams);
    const requestId = randomUUID();
    const result = await this.invoke(route.functionLogicalId, {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: '123456789012',
        apiId: 'decisionstest',
        domainName: url.host,
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: headers['x-forwarded-for'] ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey: route.routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      ...(rawBody === '' ? {} : { body: rawBody }),
      isBase64Encoded: false,
    }).catch(() => undefined);
    if (!result || typeof result.statusCode !== 'number') return this.answer(response, 500, { message: 'Internal Server Error' });
    const out: Record<string, string> = { 'apigw-requestid': requestId };
    for (const [name, value] of Object.entries((result.headers ?? {}) as Record<string, unknown>)) out[name] = String(value);
    response.writeHead(result.statusCode, out);
    response.end(result.body === undefined || result.body === null ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : String(result.body));
    this.log.push({ routeKey: route.routeKey, status: result.statusCode });
  }
}
