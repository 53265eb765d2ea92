import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  type EdgeAnswer,
  GATEWAY_RESPONSES,
  type GatewayResponseType,
  renderProblem,
  WAF_RATE_LIMITED,
} from '#shared/http/gateway-responses.js';
import { PROBLEM_CONTENT_TYPE } from '#shared/http/problem.js';
import { edgeCorsHeaders } from '#shared/http/cors.js';
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

/*
 * ─── The edge's limits, and what it takes to deny service ────────────────────
 * (docs/edge.md says the same in prose; keep the numbers in step.)
 *
 * Three layers, narrowest first:
 *
 * 1. The application's attempt budgets (DynamoDB, per key, rolling windows):
 *    10 failed logins per login and 100 per client address per 15 min;
 *    5 password-reset requests per login and 30 per address per 15 min;
 *    PINs: `lockout.maxAttempts` (default 5) in a row per terminal and
 *    `tenantFailuresPerHour` (default 20) per salon per hour; typed terminal
 *    pairing codes: 10 per salon per hour.
 * 2. WAF per-client rate limits (CLIENT_RATE_LIMITS, PER_TOKEN_RATE_LIMIT
 *    below, 5-minute windows): per source address on each group of sensitive
 *    routes, and per Authorization header value on all of them, so one
 *    address, terminal or session cannot spend what the others need.
 * 3. The stage's per-route throttles (`throttle` in shared/http/routes.ts):
 *    a regional safety net shared by every client, sized to what the backend
 *    absorbs, not to what one client should get:
 *      login 120 rps (burst 240), unlock 120 (240), approve 60 (120),
 *      invitation accept 20 (40), password reset and its confirm 10 (20) each,
 *      TOTP confirm and disable 10 (20) each, terminal pairing start 10 (20)
 *      and its token fetch 40 (80); 410 rps in all.
 *    - Lambda: the region's default 1,000 concurrent executions are shared by
 *      all eleven functions. argon2id routes (login, reset confirm, accept,
 *      TOTP) at ≤ 0.5 s each on 1,024 MB: (120 + 10 + 20 + 20) × 0.5 ≈ 85;
 *      unlock and approve at ≤ 0.15 s: 180 × 0.15 ≈ 27; reset ≈ 2; pairing
 *      (one PutItem, or a GetItem and once a KMS Decrypt and UpdateItem, at
 *      ≤ 0.1 s): 50 × 0.1 ≈ 5. About 120 executions, leaving ~880 for the
 *      authorizer and every other route.
 *    - DynamoDB on demand: a new table absorbs 4,000 WCU/s without warm-up.
 *      A sensitive request writes ≤ 10 WCU (two small transactions at 2 WCU
 *      an item); a failed attempt, which is what a flood is, ≈ 4 WCU; a
 *      pairing request ≤ 1 WCU. 410 rps is ≤ 3,650 WCU/s if every request
 *      succeeded, ≈ 1,450 WCU/s as a flood.
 *    - SES: a password-reset request may send one email; 10 rps stays under
 *      SES's default production sending rate of 14 emails/s.
 *    - API Gateway's own account limit (10,000 rps, burst 5,000 per region) is
 *      far above all of this.
 *
 * How many clients it takes (W = 300 s window, at the per-address limit L a
 * client sends L / 300 rps; a route's regional cap R rps falls at R × 300 / L):
 * - Deny the region's logins or unlocks (R = 120, L = 200): 180 addresses.
 *   Approvals (R = 60, L = 200): 90. Invitation accepts (R = 20, L = 60): 100.
 *   Password resets or confirms (R = 10, L = 20): 150. TOTP (R = 10, L = 20): 150.
 *   Pairing starts (R = 10, L = 30) and token fetches (R = 40, L = 120): 100 each.
 *   Before this change, 16 addresses at the old 1,000-per-address limit took
 *   every salon's logins down (50 rps). A real token adds nothing: one token
 *   is held to 100 per 5 min (0.33 rps) whatever address it comes from.
 * - Deny one salon without denying the region: the regional caps are shared,
 *   so the gateway offers no cheaper way; the per-client limits bind only the
 *   address or token that exceeds them. What remains is the application's
 *   budgets, by design: one client locks one login with 10 failed attempts per
 *   15 min; locking all N logins of a salon takes N × 10 failures per 15 min,
 *   and with 100 failures per address per 15 min that is ⌈N / 10⌉ addresses
 *   (2 for a 20-login salon). The PIN budgets need one of the salon's own
 *   terminal tokens (one client, 20 wrong PINs in an hour; a manager may lift
 *   the lock). A client sharing the salon's public address (same NAT) can
 *   exhaust that address's WAF allowance: 200 sensitive requests in 5 min.
 */

/** Paths whose requests guess secrets (passwords, PINs); WAF counts them per client address, a broad net under the per-route limits below. */
export const GUESSING_PATH_PREFIXES = ['/v1/auth/', '/v1/terminal/'] as const;
/** Requests per client address per 5 minutes on those paths: generous, as a salon's terminals and phones share one address. */
const GUESSING_RATE_LIMIT = 1000;

/** WAF rate-based rules count over this window (seconds). */
export const CLIENT_RATE_WINDOW_SECONDS = 300;

export interface ClientRateLimit {
  /** The WAF rule's name and metric. */
  name: string;
  /** Route paths (from the route table) the limit counts, any method. */
  paths: readonly string[];
  /** Requests per client address per window. */
  perAddress: number;
  why: string;
}

/** Per-address limits on the sensitive routes, by how often a salon's shared address legitimately calls them. */
export const CLIENT_RATE_LIMITS: readonly ClientRateLimit[] = [
  {
    name: 'SignInPerAddress',
    paths: ['/v1/auth/login', '/v1/terminal/unlock', '/v1/terminal/approve'],
    perAddress: 200,
    why: 'A busy salon behind one address (8 terminals, 40 staff) unlocks about 40 times and signs in about 20 times in 5 minutes: 200 leaves headroom for a shared NAT.',
  },
  {
    name: 'AccountChangesPerAddress',
    paths: ['/v1/auth/password-reset', '/v1/auth/password-reset/confirm', '/v1/auth/totp', '/v1/auth/totp/confirm'],
    perAddress: 20,
    why: 'Rare per address; the application already stops resets at 30 per address per 15 minutes (10 per 5), so WAF only cuts a flood.',
  },
  {
    name: 'InvitationsPerAddress',
    paths: ['/v1/invitations/lookup', '/v1/invitations/accept'],
    perAddress: 60,
    why: 'A salon onboarding its team from its own network: about 10 people looking up and accepting, with retries, in 5 minutes.',
  },
  {
    name: 'PairingStartsPerAddress',
    paths: ['/v1/terminal/pairing'],
    perAddress: 30,
    why: 'A salon setting up its devices from its own network: about 10 terminals, each maybe starting over twice, in 5 minutes.',
  },
  {
    name: 'PairingFetchesPerAddress',
    paths: ['/v1/terminal/pairing/{pairingId}/token'],
    perAddress: 120,
    why: 'A waiting device polls every 5 s (60 in 5 minutes): two devices paired side by side behind one address.',
  },
];

/**
 * What WAF matches (ENDS_WITH) for a route path: the path itself, or for a
 * path with parameters the literal tail after the last one (`/token`), which
 * no other route's path may end with (checked when the web ACL is built).
 */
export function wafPathEnding(path: string): string {
  return path.slice(path.lastIndexOf('}') + 1);
}

/**
 * Requests per Authorization header value per window, over every sensitive
 * route: one terminal (its device token on unlock) or one session (approve,
 * TOTP) cannot spend what the others need. A terminal unlocks at most every
 * few seconds; 100 in 5 minutes is one every 3 s, sustained. Requests without
 * the header (login, resets, invitations) are not counted by this rule.
 */
export const PER_TOKEN_RATE_LIMIT = 100;

/** Every path a per-client limit counts. */
export const SENSITIVE_PATHS = [...new Set(CLIENT_RATE_LIMITS.flatMap((limit) => limit.paths))];

/** Request bodies that carry free-form text by design: passwords (any printable characters) and audit details. */
export const FREE_TEXT_BODY_PATHS = [
  '/v1/auth/login', // password
  '/v1/auth/password-reset/confirm', // newPassword
  '/v1/auth/totp', // password (start enrolment, disable)
  '/v1/invitations/accept', // password
  '/v1/audit', // details: free-form text recorded by the salon's own systems
] as const;

export interface WafExclusion {
  /** The rule of AWSManagedRulesCommonRuleSet, set to Count. */
  rule: string;
  /** The label it leaves on a request it matches. */
  label: string;
  /** Where it stays Count; everywhere else a rule after the group blocks on its label. `everywhere`: never re-blocked. */
  exemptPaths: readonly string[] | 'everywhere';
  reason: string;
}

const crsLabel = (name: string) => `awswaf:managed:aws:core-rule-set:${name}`;
const passwordsAndAudit =
  'Passwords may hold any printable characters (NIST SP 800-63B), so a password like "<b>x</b>", "../../etc/passwd1" or "http://169.254.169.254/" is valid, and audit details are free text; these bodies are stored or hashed, never rendered or resolved as paths or URLs.';

/** Managed rules that misfire on StaffGate's own traffic, and where they are scoped out. */
export const WAF_EXCLUSIONS: readonly WafExclusion[] = [
  {
    rule: 'SizeRestrictions_BODY',
    label: crsLabel('SizeRestrictions_Body'),
    exemptPaths: 'everywhere',
    reason:
      "The functions enforce each route's body limit (DEFAULT_BODY_LIMIT 16 KB and per-route bodyLimit); the rule set's 8 KB cap would undercut the larger ones.",
  },
  {
    rule: 'NoUserAgent_HEADER',
    label: crsLabel('NoUserAgent_Header'),
    exemptPaths: ['/v1/authorize'],
    reason:
      "Salon back ends call /v1/authorize server to server, and many HTTP clients send no User-Agent; the caller's session token, checked by the authorizer, is what identifies it.",
  },
  { rule: 'CrossSiteScripting_BODY', label: crsLabel('CrossSiteScripting_Body'), exemptPaths: FREE_TEXT_BODY_PATHS, reason: passwordsAndAudit },
  { rule: 'GenericLFI_BODY', label: crsLabel('GenericLFI_Body'), exemptPaths: FREE_TEXT_BODY_PATHS, reason: passwordsAndAudit },
  { rule: 'GenericRFI_BODY', label: crsLabel('GenericRFI_Body'), exemptPaths: FREE_TEXT_BODY_PATHS, reason: passwordsAndAudit },
  { rule: 'EC2MetaDataSSRF_BODY', label: crsLabel('EC2MetaDataSSRF_Body'), exemptPaths: FREE_TEXT_BODY_PATHS, reason: passwordsAndAudit },
];

/** The operator role's name in a region: operators assume it to call the `auth: 'operator'` routes. */
export function operatorRoleName(region: string): string {
  return `StaffGateOperator-${region}`;
}

/** A route path as an execute-api resource: path parameters become wildcards. */
function executeApiPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

export interface ApiProps {
  functions: Record<ApiFunctionName, IFunction>;
  authorizer: IFunction;
  /** The host app (the deployment's `appBaseUrl`): the one origin whose pages may read answers (shared/http/cors.ts). */
  appBaseUrl: string;
}

/**
 * The public REST API, built from the shared route table.
 *
 * A REST API rather than an HTTP API: only REST APIs can sit behind an AWS WAF
 * web ACL, validate requests, answer API Gateway's own errors in our problem
 * format (gateway responses) and trace with X-Ray. It also carries everything
 * else the routes need in one API: per-method regional throttles for the
 * routes that guess secrets, IAM (SigV4) plus a resource policy for operator
 * routes and a Lambda authorizer for sessions.
 */
export class Api extends Construct {
  readonly restApi: apigw.RestApi;
  /** The only principal the resource policy lets call the operator routes. */
  readonly operatorRole: iam.Role;
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routeTable: readonly RouteDefinition[] = routes;
    const operatorRoutes = routeTable.filter((route) => route.auth === 'operator');
    requireRoutePaths([...SENSITIVE_PATHS, ...WAF_EXCLUSIONS.flatMap((exclusion) => (exclusion.exemptPaths === 'everywhere' ? [] : exclusion.exemptPaths))]);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });

    // Per-method settings do not inherit the stage's, so every entry repeats them.
    const logging = { loggingLevel: apigw.MethodLoggingLevel.ERROR, dataTraceEnabled: false };

    // Operators are whoever an administrator lets assume this role (an IAM policy allowing sts:AssumeRole on it):
    // trusting the account root delegates that choice to the account's IAM, as for any role.
    this.operatorRole = new iam.Role(this, 'OperatorRole', {
      roleName: operatorRoleName(Stack.of(this).region),
      assumedBy: new iam.AccountRootPrincipal(),
      description: "StaffGate operators: the only principal the API's resource policy lets call the operator routes (IAM auth).",
      maxSessionDuration: Duration.hours(1),
    });

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      restApiName: 'StaffGate',
      description: 'StaffGate HTTP API v1',
      // Regional: requests are served, and logged, in the deployment's own region.
      endpointTypes: [apigw.EndpointType.REGIONAL],
      failOnWarnings: true,
      // Execution logging needs the regional API Gateway account role.
      cloudWatchRole: true,
      policy: new iam.PolicyDocument({
        statements: [
          // Public and session routes: anyone may reach them; the authorizer and the functions decide.
          new iam.PolicyStatement({
            sid: 'AllowInvoke',
            effect: iam.Effect.ALLOW,
            principals: [new iam.AnyPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
          }),
          // IAM auth alone would let any principal of the account with execute-api:Invoke (or of another account,
          // given the Allow above) create tenants. Deny the operator routes to everyone but the operator role;
          // aws:PrincipalArn is the role's ARN for every session of it, and absent (so denied) for anyone unsigned.
          new iam.PolicyStatement({
            sid: 'OperatorRoutesOnlyForOperatorRole',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: operatorRoutes.map((route) => `execute-api:/*/${route.method}${executeApiPath(route.path)}`),
            conditions: { StringNotEquals: { 'aws:PrincipalArn': this.operatorRole.roleArn } },
          }),
        ],
      }),
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        // Errors only, and never data trace: it would log request bodies, which carry passwords and PINs.
        ...logging,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat()),
        // Regional safety nets (requests per second, all clients together) for the routes that guess secrets;
        // sized to capacity in the comment at the top of this file. Per-client limits are WAF's.
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
    // Intermediate resources (/v1, /v1/auth, /v1/tenants/{tenantId}…) have no method: API Gateway answers those
    // itself with MISSING_AUTHENTICATION_TOKEN, which the gateway responses turn into the same 404 problem.
    const fallback: apigw.MethodOptions = { ...authorization.none, requestValidator };
    const fallbackPaths = [...routePaths(), NOT_FOUND_PATH];
    for (const resource of [this.restApi.root, ...fallbackPaths.map((path) => this.restApi.root.resourceForPath(path))]) {
      publicByDesign(
        resource.addMethod('ANY', integrations.platform, fallback),
        'Fallback: the platform function answers a 404 or 405 problem and touches no data.',
      );
    }

    // The operator role's own permission: exactly the operator routes, on this API's stage.
    this.operatorRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:Invoke'],
        resources: operatorRoutes.map((route) => this.restApi.arnForExecuteApi(route.method, executeApiPath(route.path), STAGE_NAME)),
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.operatorRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The wildcards stand for path parameters ({tenantId}) of the operator routes: the role may invoke exactly those methods and paths, for any tenant.',
          appliesTo: [{ regex: '/^Resource::arn:[^:]+:execute-api:.*\\/prod\\/[A-Z]+\\/v1\\/operator\\/.*$/g' }],
        },
      ],
      true,
    );
    new CfnOutput(this, 'OperatorRoleArn', {
      description: 'Assume this role (grant sts:AssumeRole on it to operators) to call the operator routes with SigV4.',
      value: this.operatorRole.roleArn,
    });

    for (const [type, answer] of Object.entries(GATEWAY_RESPONSES) as [GatewayResponseType, EdgeAnswer][]) {
      const problem = renderProblem(answer.problem, '$context.requestId');
      this.restApi.addGatewayResponse(`Problem${type}`, {
        type: gatewayResponseType(type),
        statusCode: String(problem.status),
        responseHeaders: Object.fromEntries(
          Object.entries({ 'Content-Type': PROBLEM_CONTENT_TYPE, ...answer.headers, ...edgeCorsHeaders(props.appBaseUrl) }).map(([name, value]) => [name, `'${value}'`]),
        ),
        templates: { 'application/json': JSON.stringify(problem) },
      });
    }

    this.webAcl = this.protectWithWaf(props.appBaseUrl);

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

  private protectWithWaf(appBaseUrl: string): wafv2.CfnWebACL {
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const pathMatch = (
      positionalConstraint: 'CONTAINS' | 'ENDS_WITH',
      searchString: string,
      transformation: 'URL_DECODE' | 'NONE' = 'URL_DECODE',
    ): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        // Never STARTS_WITH or EXACTLY: on the execute-api endpoint the path begins with the stage name.
        positionalConstraint,
        searchString,
        textTransformations: [{ priority: 0, type: transformation }],
      },
    });
    const anyOf = (statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty =>
      statements.length === 1 ? (statements[0] as wafv2.CfnWebACL.StatementProperty) : { orStatement: { statements } };
    // What a limit counts is matched decoded, so a percent-encoded path cannot dodge it.
    const onPaths = (paths: readonly string[]) => anyOf(paths.map((path) => pathMatch('ENDS_WITH', wafPathEnding(path))));
    // An exemption is matched as sent: an encoded path only loses the exemption (and each match costs 2 WCU, not 12).
    const onExemptPaths = (paths: readonly string[]) => anyOf(paths.map((path) => pathMatch('ENDS_WITH', path, 'NONE')));
    // The block answers for itself (the gateway's responses never see it): when to retry, and the host app's CORS grant.
    const rateLimited = {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: 'tooManyAttempts',
          responseHeaders: Object.entries({ 'Retry-After': String(CLIENT_RATE_WINDOW_SECONDS), ...edgeCorsHeaders(appBaseUrl) }).map(([name, value]) => ({ name, value })),
        },
      },
    };

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'GuessingRateLimit',
        action: rateLimited,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: CLIENT_RATE_WINDOW_SECONDS,
            limit: GUESSING_RATE_LIMIT,
            scopeDownStatement: anyOf(GUESSING_PATH_PREFIXES.map((prefix) => pathMatch('CONTAINS', prefix))),
          },
        },
        visibilityConfig: visibility('GuessingRateLimit'),
        priority: 0,
      },
      ...CLIENT_RATE_LIMITS.map((limit) => ({
        name: limit.name,
        action: rateLimited,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: CLIENT_RATE_WINDOW_SECONDS,
            limit: limit.perAddress,
            scopeDownStatement: onPaths(limit.paths),
          },
        },
        visibilityConfig: visibility(limit.name),
        priority: 0,
      })),
      {
        // Keyed by the Authorization header's value as sent (no transformation): one token, one budget.
        name: 'SensitivePerToken',
        action: rateLimited,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'CUSTOM_KEYS',
            customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
            evaluationWindowSec: CLIENT_RATE_WINDOW_SECONDS,
            limit: PER_TOKEN_RATE_LIMIT,
            scopeDownStatement: onPaths(SENSITIVE_PATHS),
          },
        },
        visibilityConfig: visibility('SensitivePerToken'),
        priority: 0,
      },
      {
        name: 'AWSManagedRulesCommonRuleSet',
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            // Count, not Block: each leaves its label, and the rules below block on it outside the exempt paths.
            ruleActionOverrides: WAF_EXCLUSIONS.map((exclusion) => ({ name: exclusion.rule, actionToUse: { count: {} } })),
          },
        },
        visibilityConfig: visibility('AWSManagedRulesCommonRuleSet'),
        priority: 0,
      },
      // Must come after the rule group, whose labels they read.
      ...WAF_EXCLUSIONS.flatMap((exclusion) =>
        exclusion.exemptPaths === 'everywhere'
          ? []
          : [
              {
                name: `${exclusion.rule}_OutsideExemptPaths`,
                action: { block: {} },
                statement: {
                  andStatement: {
                    statements: [
                      { labelMatchStatement: { scope: 'LABEL', key: exclusion.label } },
                      { notStatement: { statement: onExemptPaths(exclusion.exemptPaths) } },
                    ],
                  },
                },
                visibilityConfig: visibility(`${exclusion.rule}_OutsideExemptPaths`),
                priority: 0,
              },
            ],
      ),
      {
        name: 'AWSManagedRulesKnownBadInputsRuleSet',
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
        visibilityConfig: visibility('AWSManagedRulesKnownBadInputsRuleSet'),
        priority: 0,
      },
    ];

    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('StaffGateApi'),
      customResponseBodies: {
        tooManyAttempts: { contentType: 'APPLICATION_JSON', content: JSON.stringify(WAF_RATE_LIMITED.problem) },
      },
      // Evaluated in this order. Capacity, by AWS's published costs, is roughly 1,200 WCU (the two rule groups
      // 900; each decoded path match 12, each exemption match 2), under the 1,500 a web ACL includes.
      rules: rules.map((rule, priority) => ({ ...rule, priority })),
    });

    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    return webAcl;
  }
}

/** Fails synthesis when a WAF rule names a path the route table no longer has: its limit or exemption would silently lapse. */
function requireRoutePaths(paths: readonly string[]): void {
  const known = new Set(routePaths());
  const missing = paths.filter((path) => !known.has(path));
  if (missing.length > 0) throw new Error(`infra/constructs/api.ts: WAF rules name paths the route table does not have: ${missing.join(', ')}`);
  const shared = paths.filter((path) => path !== wafPathEnding(path) && [...known].some((other) => other !== path && other.endsWith(wafPathEnding(path))));
  if (shared.length > 0) throw new Error(`infra/constructs/api.ts: WAF would match other routes too for: ${shared.join(', ')}`);
}

function gatewayResponseType(type: GatewayResponseType): apigw.ResponseType {
  return apigw.ResponseType.of(type);
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
