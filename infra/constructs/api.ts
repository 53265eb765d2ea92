import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PROBLEM_CONTENT_TYPE, problemType } from '#shared/http/problem.js';
import {
  type ApiFunctionName,
  type AuthKind,
  NOT_FOUND_PATH,
  type RouteDefinition,
  routePaths,
  routes,
} from '#shared/http/routes.js';

const STAGE_NAME = 'prod';

/**
 * What the access log records. `resourcePath` is the route template; the
 * concrete path is never logged, because invitation tokens travel in it.
 * Nothing from headers or bodies is logged either.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: apigw.AccessLogField.contextRequestId(),
  requestTime: apigw.AccessLogField.contextRequestTimeEpoch(),
  ip: apigw.AccessLogField.contextIdentitySourceIp(),
  httpMethod: apigw.AccessLogField.contextHttpMethod(),
  resourcePath: apigw.AccessLogField.contextResourcePath(),
  status: apigw.AccessLogField.contextStatus(),
  latency: apigw.AccessLogField.contextResponseLatency(),
  integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
  errorType: apigw.AccessLogField.contextErrorResponseType(),
  waf: apigw.AccessLogField.contextWafResponseCode(),
};

/** Paths whose requests guess secrets (passwords, PINs); WAF counts them per client address on top of the per-route throttles. */
export const GUESSING_PATH_PREFIXES = ['/v1/auth/', '/v1/terminal/'] as const;
/**
 * Requests per client address per 5 minutes on those paths. Generous on
 * purpose: a salon's terminals and phones share one address, and so would
 * logins relayed by a server. Per-login and per-terminal lockouts do the fine-grained work.
 */
const GUESSING_RATE_LIMIT = 1000;

interface GatewayProblem {
  type: apigw.ResponseType;
  status: number;
  code: string;
  title: string;
  detail: string;
  headers?: Record<string, string>;
}

/** API Gateway's own answers, in the same RFC 9457 shape as the functions' problems. */
const GATEWAY_PROBLEMS: GatewayProblem[] = [
  {
    type: apigw.ResponseType.UNAUTHORIZED,
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail: 'A valid bearer token is required.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  {
    // Every unknown path and method reaches the platform function, so this answers only unsigned operator requests.
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail: 'This route needs a signed request.',
  },
  ...[apigw.ResponseType.ACCESS_DENIED, apigw.ResponseType.INVALID_SIGNATURE, apigw.ResponseType.EXPIRED_TOKEN].map(
    (type) => ({ type, status: 403, code: 'forbidden', title: 'Forbidden', detail: 'The credentials do not allow this request.' }),
  ),
  {
    type: apigw.ResponseType.WAF_FILTERED,
    status: 403,
    code: 'forbidden',
    title: 'Forbidden',
    detail: 'The request was blocked.',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    code: 'payload_too_large',
    title: 'Payload too large',
    detail: 'The request is too large.',
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the request body as application/json.',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    status: 429,
    code: 'too_many_requests',
    title: 'Too many requests',
    detail: 'Too many requests; wait before trying again.',
    headers: { 'Retry-After': '1' },
  },
  {
    // Any other 4xx of the gateway's own, with a status that matches the body.
    type: apigw.ResponseType.DEFAULT_4XX,
    status: 400,
    code: 'bad_request',
    title: 'Bad request',
    detail: 'The request was rejected.',
  },
  {
    // The authorizer threw: with its table and its calls bounded in time (call-budgets.ts), that is a dependency failing.
    type: apigw.ResponseType.AUTHORIZER_FAILURE,
    status: 503,
    code: 'service_unavailable',
    title: 'Service unavailable',
    detail: 'The service cannot check this request right now; retry shortly.',
    headers: { 'Retry-After': '3' },
  },
  {
    type: apigw.ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    code: 'timeout',
    title: 'Gateway timeout',
    detail: 'The request took too long; it may or may not have taken effect.',
  },
  {
    type: apigw.ResponseType.DEFAULT_5XX,
    status: 500,
    code: 'internal_error',
    title: 'Internal server error',
    detail: 'Something went wrong on our side. Quote request id $context.requestId to support.',
  },
];

export interface ApiProps {
  functions: Record<ApiFunctionName, IFunction>;
  authorizer: IFunction;
}

/**
 * The public REST API, built from the shared route table.
 *
 * A REST API rather than an HTTP API: only REST APIs can sit behind an AWS WAF
 * web ACL, validate requests, answer API Gateway's own errors in our problem
 * format (gateway responses) and trace with X-Ray. It also carries everything
 * else the routes need in one API: per-method throttling for the routes that
 * guess secrets, IAM (SigV4) for operator routes and a Lambda authorizer for
 * sessions.
 */
export class Api extends Construct {
  readonly restApi: apigw.RestApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routeTable: readonly RouteDefinition[] = routes;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });

    // Per-method settings do not inherit the stage's, so every entry repeats them.
    const logging = { loggingLevel: apigw.MethodLoggingLevel.ERROR, dataTraceEnabled: false };

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      restApiName: 'StaffGate',
      description: 'StaffGate HTTP API v1',
      // Regional: requests are served, and logged, in the deployment's own region.
      endpointTypes: [apigw.EndpointType.REGIONAL],
      failOnWarnings: true,
      // Execution logging needs the regional API Gateway account role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        // Errors only, and never data trace: it would log request bodies, which carry passwords and PINs.
        ...logging,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat()),
        // Route throttles (requests per second) for the routes that guess secrets.
        methodOptions: Object.fromEntries(
          routeTable.flatMap(({ path, method, throttle }) =>
            throttle
              ? [[`${path}/${method}`, { ...logging, throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit }]]
              : [],
          ),
        ),
      },
    });

    const requestValidator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const sessionAuthorizer = new apigw.RequestAuthorizer(this, 'SessionAuthorizer', {
      handler: props.authorizer,
      identitySources: [apigw.IdentitySource.header('Authorization')],
      // No caching: a logout, a padlock press or a suspension must end the session on the very next request.
      resultsCacheTtl: Duration.seconds(0),
    });

    const authorization: Record<AuthKind, apigw.MethodOptions> = {
      none: { authorizationType: apigw.AuthorizationType.NONE },
      session: { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: sessionAuthorizer },
      operator: { authorizationType: apigw.AuthorizationType.IAM },
    };

    // One integration (and so one invoke permission) per function, not per method: a function's resource
    // policy is capped at 20 KB, and the platform function answers for every path.
    const integrations = Object.fromEntries(
      Object.entries(props.functions).map(([name, fn]) => [name, new apigw.LambdaIntegration(fn, { scopePermissionToMethod: false })]),
    ) as Record<ApiFunctionName, apigw.LambdaIntegration>;

    for (const route of routeTable) {
      const method = this.restApi.root
        .resourceForPath(route.path)
        .addMethod(route.method, integrations[route.function], { ...authorization[route.auth], requestValidator });
      if (route.auth === 'none') publicByDesign(method, `${route.method} ${route.path} is public in the route table (auth: 'none').`);
    }

    // API Gateway prefers a resource's specific methods; ANY answers 405 (and /{proxy+} 404) from the platform function.
    const fallback: apigw.MethodOptions = { ...authorization.none, requestValidator };
    const fallbackPaths = [...routePaths(), NOT_FOUND_PATH];
    for (const resource of [this.restApi.root, ...fallbackPaths.map((path) => this.restApi.root.resourceForPath(path))]) {
      publicByDesign(
        resource.addMethod('ANY', integrations.platform, fallback),
        'Fallback: the platform function answers a 404 or 405 problem and touches no data.',
      );
    }

    for (const problem of GATEWAY_PROBLEMS) {
      this.restApi.addGatewayResponse(`Problem${problem.type.responseType}`, {
        type: problem.type,
        statusCode: String(problem.status),
        responseHeaders: Object.fromEntries(
          Object.entries({ 'Content-Type': PROBLEM_CONTENT_TYPE, ...problem.headers }).map(([name, value]) => [name, `'${value}'`]),
        ),
        templates: {
          'application/json': JSON.stringify({
            type: problemType(problem.code),
            title: problem.title,
            status: problem.status,
            detail: problem.detail,
            code: problem.code,
          }),
        },
      });
    }

    this.protectWithWaf();

    NagSuppressions.addResourceSuppressions(
      this.restApi,
      [
        {
          id: 'AwsSolutions-COG4',
          reason:
            'StaffGate is its own identity provider: sessions are opaque tokens checked by the Lambda authorizer against the table, operators use IAM. There is no Cognito user pool.',
        },
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'The regional API Gateway account role uses AmazonAPIGatewayPushToCloudWatchLogs, the AWS-maintained policy for the log groups API Gateway itself names and creates.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
        },
      ],
      true,
    );
  }

  private protectWithWaf(): void {
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (priority: number, name: string, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });
    const pathContains = (searchString: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        // Contains, not starts with: on the execute-api endpoint the path begins with the stage name.
        positionalConstraint: 'CONTAINS',
        searchString,
        textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
      },
    });
    const guessingPaths = GUESSING_PATH_PREFIXES.map(pathContains);

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('StaffGateApi'),
      customResponseBodies: {
        tooManyAttempts: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: problemType('too_many_attempts'),
            title: 'Too many requests',
            status: 429,
            detail: 'Too many attempts from this address; wait before trying again.',
            code: 'too_many_attempts',
          }),
        },
      },
      rules: [
        {
          name: 'GuessingRateLimit',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooManyAttempts' } } },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: GUESSING_RATE_LIMIT,
              scopeDownStatement: guessingPaths.length === 1 ? guessingPaths[0] : { orStatement: { statements: guessingPaths } },
            },
          },
          visibilityConfig: visibility('GuessingRateLimit'),
        },
        // The functions enforce each route's body limit; the rule set's 8 KB body cap would undercut the larger ones.
        managed(1, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}

/**
 * One JSON object per line. The values API Gateway always sets are numbers, so
 * log queries can compare them; the others may be "-" and stay strings.
 */
function accessLogFormat(): string {
  const numeric = new Set<string>(['requestTime', 'status', 'latency']);
  const fields = Object.entries(ACCESS_LOG_FIELDS).map(([name, value]) =>
    numeric.has(name) ? `"${name}":${value}` : `"${name}":"${value}"`,
  );
  return `{${fields.join(',')}}`;
}

function publicByDesign(method: apigw.Method, reason: string): void {
  NagSuppressions.addResourceSuppressions(method, [{ id: 'AwsSolutions-APIG4', reason }]);
}
