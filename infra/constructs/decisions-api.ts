import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type ApiFunctionName, decisionRoutes, findRoute } from '#shared/http/routes.js';

export interface DecisionsApiProps {
  functions: Record<ApiFunctionName, IFunction>;
}

/** What the access log records: the route, never the path, a header or a body. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  error: '$context.error.messageString',
});

/**
 * The region's decisions API (see `decisionRoutes` in shared/http/routes.ts):
 * an HTTP API, payload format 2.0, in front of the same functions as the
 * REST API, for the hot path of host integrations. No gateway authorizer:
 * the function checks the session in the read it makes anyway, so a
 * decision is one Lambda invocation at HTTP API's price. What it gives up
 * against the REST API is WAF (an HTTP API cannot carry a web ACL): it
 * serves only session-authenticated decisions, which guess no secret, and
 * keeps the stage's throttle; login, PINs and invitations stay behind WAF.
 */
export class DecisionsApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: DecisionsApiProps) {
    super(scope, id);
    const integrationOf = (fn: ApiFunctionName, name: string) =>
      new HttpLambdaIntegration(name, props.functions[fn], { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0 });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `staffgate-decisions-${Stack.of(this).region}`,
      description: 'StaffGate decisions: POST /v1/authorize with the session checked in the function',
      createDefaultStage: false,
      // Unknown paths: the platform function's 404 problem, as on the REST API.
      defaultIntegration: integrationOf('platform', 'NotFound'),
    });
    for (const decision of decisionRoutes) {
      const route = findRoute(decision.method, decision.path);
      if (!route) throw new Error(`decisionRoutes: ${decision.method} ${decision.path} is not in the route table`);
      this.httpApi.addRoutes({
        path: decision.path,
        methods: [decision.method as apigwv2.HttpMethod],
        integration: integrationOf(route.function, `${route.operation}Integration`),
      });
    }

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const [first] = decisionRoutes;
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: first.throttle.rateLimit, burstLimit: first.throttle.burstLimit },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs), format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT) },
    });

    for (const route of this.httpApi.node.children.filter((child) => child instanceof apigwv2.HttpRoute)) {
      NagSuppressions.addResourceSuppressions(
        route,
        [{ id: 'AwsSolutions-APIG4', reason: 'The function checks the session itself (shared/http/api-handler.ts, sessionInFunction); the $default route only answers 404/405 problems.' }],
        true,
      );
    }
  }

  /** The base URL hosts call `POST /v1/authorize` on. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

