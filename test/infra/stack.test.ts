import { CHANGE_ACTIONS } from '#shared/events/change-events.js';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS, GUESSING_PATH_PREFIXES } from '#infra/constructs/api.js';
import type { FunctionName } from '#infra/constructs/staffgate-function.js';
import { FUNCTION_ACCESS, KEY_PREFIXES } from '#infra/grants.js';
import { entities } from '#shared/data/entities.js';
import { HEALTH_CHECK_KEY } from '#shared/data/health-check.js';
import { createTableInput, tableSchema } from '#shared/data/table-schema.js';
import { NOT_FOUND_PATH, type RouteDefinition, routePaths, routes } from '#shared/http/routes.js';
import { actionsOf, firstDeployment, logicalId, only, type Resource, resources, roleStatements, synthStacks } from './support.js';

const { stacks } = synthStacks({ context: firstDeployment() });
const stack = stacks[0];
if (!stack) throw new Error('cdk.json configures no deployment');
const template = Template.fromStack(stack);
const routeTable: readonly RouteDefinition[] = routes;
const functionNames = Object.keys(stack.functions) as FunctionName[];

const fnId = (name: FunctionName) => logicalId(stack.functions[name]);
const roleId = (name: FunctionName) => {
  const role = stack.functions[name].role;
  if (!role) throw new Error(`${name} has no role`);
  return logicalId(role);
};
const dynamoActions = (name: FunctionName) =>
  roleStatements(template, roleId(name))
    .flatMap(actionsOf)
    .filter((action) => action.startsWith('dynamodb:'));

/** API Gateway resource logical id → full path, rebuilt from PathPart/ParentId. */
function resourcePaths(): Map<string, string> {
  const all = resources(template, 'AWS::ApiGateway::Resource');
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const resource = all[id] as Resource;
    const parent = resource.Properties.ParentId as { Ref?: string };
    const path = `${parent.Ref ? pathOf(parent.Ref) : ''}/${String(resource.Properties.PathPart)}`;
    paths.set(id, path);
    return path;
  };
  Object.keys(all).forEach(pathOf);
  return paths;
}

interface MethodView {
  path: string;
  httpMethod: string;
  authorizationType: string;
  authorizerId: unknown;
  integrationUri: string;
}

const methods: MethodView[] = (() => {
  const paths = resourcePaths();
  return Object.values(resources(template, 'AWS::ApiGateway::Method')).map((method) => {
    const resourceId = method.Properties.ResourceId as { Ref?: string };
    const integration = method.Properties.Integration as { Type: string; Uri: unknown };
    expect(integration.Type).toBe('AWS_PROXY');
    return {
      path: resourceId.Ref ? (paths.get(resourceId.Ref) as string) : '/',
      httpMethod: String(method.Properties.HttpMethod),
      authorizationType: String(method.Properties.AuthorizationType),
      authorizerId: method.Properties.AuthorizerId,
      integrationUri: JSON.stringify(integration.Uri),
    };
  });
})();

const targets = (method: MethodView, functionName: FunctionName) =>
  method.integrationUri.includes(`"${fnId(functionName)}"`);

describe('the table', () => {
  const table = only(template, 'AWS::DynamoDB::Table');
  const expected = createTableInput('unused');
  const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
    String(a.AttributeName).localeCompare(String(b.AttributeName));

  it('has exactly the keys, indexes and TTL of the shared schema', () => {
    expect(table.Properties.KeySchema).toEqual(expected.KeySchema);
    expect([...(table.Properties.AttributeDefinitions as { AttributeName: string }[])].sort(byName)).toEqual(
      [...(expected.AttributeDefinitions ?? [])].sort(byName),
    );
    // No index: every access pattern reads a partition it knows (an index nothing read only cost writes).
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(expected.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: tableSchema.timeToLiveAttribute, Enabled: true });
  });

  it('is on demand, recoverable, protected and kept when the stack goes', () => {
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.Replicas).toBeUndefined();
    expect(resources(template, 'AWS::DynamoDB::GlobalTable')).toEqual({});
  });

  it('is encrypted with a customer-managed key that rotates', () => {
    const sse = table.Properties.SSESpecification as { SSEEnabled: boolean; SSEType: string; KMSMasterKeyId: { 'Fn::GetAtt': [string] } };
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const key = resources(template, 'AWS::KMS::Key')[sse.KMSMasterKeyId['Fn::GetAtt'][0]];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('has an HMAC key for the PIN index', () => {
    const key = resources(template, 'AWS::KMS::Key')[logicalId(stack.pinIndexKey)];
    expect(key?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });
});

describe('the API', () => {
  it('exposes every route of the route table with its authorization and function', () => {
    const authorizerId = Object.keys(resources(template, 'AWS::ApiGateway::Authorizer'))[0];
    for (const route of routeTable) {
      const method = methods.find((m) => m.path === route.path && m.httpMethod === route.method);
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      if (!method) continue;
      expect(targets(method, route.function), `${route.method} ${route.path} → ${route.function}`).toBe(true);
      const expectedType = { none: 'NONE', session: 'CUSTOM', operator: 'AWS_IAM' }[route.auth];
      expect(method.authorizationType, `${route.method} ${route.path}`).toBe(expectedType);
      if (route.auth === 'session') expect(method.authorizerId).toEqual({ Ref: authorizerId });
      else expect(method.authorizerId).toBeUndefined();
    }
  });

  it('answers every other method and path from the platform function, unauthenticated', () => {
    const fallbackPaths = [...routePaths(), NOT_FOUND_PATH, '/'];
    const fallbacks = methods.filter((m) => m.httpMethod === 'ANY');
    expect(fallbacks.map((m) => m.path).sort()).toEqual([...fallbackPaths].sort());
    for (const method of fallbacks) {
      expect(targets(method, 'platform'), method.path).toBe(true);
      expect(method.authorizationType).toBe('NONE');
    }
    expect(methods).toHaveLength(routeTable.length + fallbackPaths.length);
  });

  it('checks sessions with an uncached REQUEST authorizer, so a logout takes effect at once', () => {
    const authorizer = only(template, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      Type: 'REQUEST',
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: 'method.request.header.Authorization',
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(`"${fnId('authorizer')}"`);
  });

  const stage = only(template, 'AWS::ApiGateway::Stage');
  const settings = stage.Properties.MethodSettings as Record<string, unknown>[];

  it('throttles the routes that declare a throttle, and logs errors without data everywhere', () => {
    const throttled = routeTable.filter((route) => route.throttle);
    expect(throttled.length).toBeGreaterThan(0);
    for (const route of throttled) {
      expect(settings).toContainEqual({
        ResourcePath: `/${route.path.replaceAll('/', '~1')}`,
        HttpMethod: route.method,
        ThrottlingRateLimit: route.throttle?.rateLimit,
        ThrottlingBurstLimit: route.throttle?.burstLimit,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      });
    }
    expect(settings).toContainEqual({ ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'ERROR', DataTraceEnabled: false });
    for (const setting of settings) expect(setting.DataTraceEnabled).toBe(false);
    expect(stage.Properties.TracingEnabled).toBe(true);
  });

  it('writes JSON access logs with the route template, never the concrete path', () => {
    const format = (stage.Properties.AccessLogSetting as { Format: string }).Format;
    expect(format).not.toContain('$context.path');
    expect(format).toContain('"resourcePath":"$context.resourcePath"');
    const parsed = JSON.parse(format.replace(/\$context\.[\w.]+/g, '0')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(Object.keys(ACCESS_LOG_FIELDS));
    expect(parsed).toMatchObject({ requestId: '0', ip: '0', httpMethod: '0', resourcePath: '0', status: 0, latency: 0 });
  });

  it("answers API Gateway's own errors as problem details", () => {
    const responses = Object.values(resources(template, 'AWS::ApiGateway::GatewayResponse'));
    const types = responses.map((response) => response.Properties.ResponseType);
    for (const type of ['UNAUTHORIZED', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX', 'MISSING_AUTHENTICATION_TOKEN', 'THROTTLED']) {
      expect(types).toContain(type);
    }
    for (const response of responses) {
      expect(response.Properties.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" });
      const body = JSON.parse((response.Properties.ResponseTemplates as Record<string, string>)['application/json'] ?? '') as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'code']);
      expect(String(body.status)).toBe(response.Properties.StatusCode);
      expect(body.code).toMatch(/^[a-z_]+$/);
      expect(body.type).toBe(`urn:staffgate:problem:${String(body.code)}`);
    }
  });

  it('is regional and sits behind a WAF web ACL with managed rules and a per-address limit on guessing paths', () => {
    const api = only(template, 'AWS::ApiGateway::RestApi');
    expect(api.Properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });

    const acl = only(template, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('REGIONAL');
    const rules = acl.Properties.Rules as { Statement: Record<string, Record<string, unknown>> }[];
    const managed = rules.flatMap((rule) => (rule.Statement.ManagedRuleGroupStatement ? [rule.Statement.ManagedRuleGroupStatement.Name] : []));
    expect(managed).toEqual(expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']));
    const rateBased = rules.find((rule) => rule.Statement.RateBasedStatement)?.Statement.RateBasedStatement;
    expect(rateBased).toMatchObject({ AggregateKeyType: 'IP' });
    for (const prefix of GUESSING_PATH_PREFIXES) expect(JSON.stringify(rateBased?.ScopeDownStatement)).toContain(`"${prefix}"`);
    expect(GUESSING_PATH_PREFIXES).toEqual(['/v1/auth/', '/v1/terminal/']);

    const association = only(template, 'AWS::WAFv2::WebACLAssociation');
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [Object.keys(resources(template, 'AWS::WAFv2::WebACL'))[0], 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(`"${logicalId(stack.api.restApi.deploymentStage)}"`);
  });
});

describe('the functions', () => {
  const functions = resources(template, 'AWS::Lambda::Function');
  const apiFunctionNames = [...new Set(routes.map((route) => route.function))];

  it('are one per function of the route table, plus the authorizer, the message sender, the table-stream relay, the two event workers and the import worker', () => {
    expect(Object.keys(stack.functions).sort()).toEqual([...apiFunctionNames, 'authorizer', 'message-sender', 'table-stream', 'change-events', 'webhook-sender', 'staff-import'].sort());
    expect(Object.keys(functions).sort()).toEqual(functionNames.map(fnId).sort());
  });

  it('run Node 22 on arm64 with active tracing, a log group with a retention and no source-map loading at start', () => {
    for (const [id, fn] of Object.entries(functions)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
      // Measured in infra/constructs/staffgate-function.ts: --enable-source-maps costs 20-80 % of import time.
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS, id).toBeUndefined();
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources(template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
    }
  });

  it('give password hashing 1024 MB', () => {
    expect(functions[fnId('auth')]?.Properties.MemorySize).toBe(1024);
  });

  it('all receive the configuration shared/config.ts requires; only senders get the queue', () => {
    for (const name of functionNames) {
      const variables = (functions[fnId(name)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables), name).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'RESIDENCY', 'EMAIL_FROM', 'APP_BASE_URL', 'SES_CONFIGURATION_SET']),
      );
      expect('MESSAGE_QUEUE_URL' in variables, name).toBe(FUNCTION_ACCESS[name].sendsMessages);
    }
  });

  it('give the message sender the REST API’s own URL for the reset links (the hosted pages live there), and no one else', () => {
    for (const name of functionNames) {
      const variables = (functions[fnId(name)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect('ACCOUNT_PAGES_URL' in variables, name).toBe(name === 'message-sender');
    }
    const pagesUrl = JSON.stringify((functions[fnId('message-sender')]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ACCOUNT_PAGES_URL);
    const [restApiId] = Object.keys(resources(template, 'AWS::ApiGateway::RestApi'));
    expect(pagesUrl).toContain(`{"Ref":"${restApiId}"}`);
    expect(pagesUrl).toContain('.execute-api.');
  });

  it('use explicit roles without AWS managed policies', () => {
    for (const name of functionNames) {
      expect(resources(template, 'AWS::IAM::Role')[roleId(name)]?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('grants', () => {
  it('let the message sender only read tenants and put audit events (message.failed)', () => {
    expect(dynamoActions('message-sender')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('let the platform function read only the health check key, which no item has', () => {
    const statements = roleStatements(template, roleId('platform')).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    expect(statements.map(actionsOf)).toEqual([['dynamodb:GetItem']]);
    expect(statements[0]?.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [HEALTH_CHECK_KEY.pk] } });
    expect(KEY_PREFIXES.some((prefix) => HEALTH_CHECK_KEY.pk.startsWith(prefix))).toBe(false);
  });

  it('let the authorizer read sessions (with membership and policy in one batch) and touch them only: no Put, no Delete', () => {
    expect([...new Set(dynamoActions('authorizer'))].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  it('let the authorize function, the hot path, only read, but for marking an approval used (UpdateItem under TENANT#)', () => {
    expect(dynamoActions('authorize').filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual(['dynamodb:UpdateItem']);
    const writes = roleStatements(template, roleId('authorize')).filter((statement) => actionsOf(statement).includes('dynamodb:UpdateItem'));
    expect(writes.map((statement) => statement.Condition)).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*'] } }]);
  });

  it('let auth and tenants run reads, writes and transactions, never a Scan', () => {
    for (const name of ['auth', 'tenants'] as const) {
      expect(dynamoActions(name)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:BatchGetItem']),
      );
    }
    for (const name of functionNames) {
      expect(dynamoActions(name)).not.toContain('dynamodb:Scan');
    }
  });

  it('narrow every table statement to the key prefixes of the function', () => {
    const expected: Record<string, string[]> = {
      auth: ['TENANT#*', 'ACCOUNT#*', 'LOGIN#*', 'CLIENT#*'],
      tenants: ['TENANT#*', 'ACCOUNT#*', 'OPERATOR#*'],
      authorizer: ['ACCOUNT#*', 'TENANT#*'],
    };
    for (const [name, prefixes] of Object.entries(expected)) {
      const statements = roleStatements(template, roleId(name as FunctionName)).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.Condition, name).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });
      }
    }
  });

  it('cover the partition key of every item kind of the shared data model', () => {
    const sample = new Proxy({}, { get: () => 'x' }) as never;
    const keys = Object.values(entities).map((entity) => (entity.key as (key: never) => { pk: string })(sample).pk);
    for (const key of keys) {
      expect(KEY_PREFIXES.some((prefix) => key.startsWith(prefix)), key).toBe(true);
    }
  });

  it('let only the message sender send email and SMS, and only API senders enqueue messages', () => {
    const allows = (name: FunctionName, action: string) =>
      roleStatements(template, roleId(name)).some((statement) => actionsOf(statement).includes(action));
    const messageQueue = Object.keys(resources(template, 'AWS::SQS::Queue')).find((id) => id.startsWith('MessagingQueue')) as string;
    const sendsMessages = (name: FunctionName) =>
      roleStatements(template, roleId(name)).some((statement) => actionsOf(statement).includes('sqs:SendMessage') && JSON.stringify(statement.Resource).includes(messageQueue));
    for (const name of functionNames) {
      expect(allows(name, 'ses:SendEmail'), name).toBe(name === 'message-sender');
      expect(allows(name, 'sns:Publish'), name).toBe(name === 'message-sender');
      expect(sendsMessages(name), name).toBe(FUNCTION_ACCESS[name].sendsMessages);
    }
  });
});

describe('the PIN index key', () => {
  it('lets exactly the functions that set or check PINs compute MACs, and nothing else with it', () => {
    for (const name of functionNames) {
      const statements = roleStatements(template, roleId(name)).filter((statement) => actionsOf(statement).some((a) => a.startsWith('kms:GenerateMac')));
      expect(statements.length > 0, name).toBe(FUNCTION_ACCESS[name].pinIndex === true);
      for (const statement of statements) expect(actionsOf(statement)).toEqual(['kms:GenerateMac']);
    }
  });
});

describe('messaging', () => {
  const queues = Object.fromEntries(Object.entries(resources(template, 'AWS::SQS::Queue')).filter(([id]) => id.startsWith('Messaging')));
  const queue = Object.values(queues).find((q) => q.Properties.RedrivePolicy);
  const deadLetterId = (queue?.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string] } }).deadLetterTargetArn['Fn::GetAtt'][0];

  it('encrypts the queue and its dead-letter queue with a customer key, and redrives after 5 receives', () => {
    expect(Object.keys(queues)).toHaveLength(2);
    for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toHaveProperty(['Fn::GetAtt']);
    expect(queue?.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    expect(queues[deadLetterId]?.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('refuses unencrypted transport', () => {
    for (const policy of Object.values(resources(template, 'AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    expect(Object.keys(resources(template, 'AWS::SQS::QueuePolicy'))).toHaveLength(8);
  });

  it('feeds the message sender from the queue and the relay from the table stream (outbox items only), both reporting failures item by item', () => {
    const mappings = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping')).map((mapping) => mapping.Properties);
    expect(mappings).toHaveLength(5);
    expect(mappings.find((mapping) => JSON.stringify(mapping.FunctionName) === JSON.stringify({ Ref: fnId('message-sender') }))).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const relay = mappings.find((mapping) => JSON.stringify(mapping.FunctionName) === JSON.stringify({ Ref: fnId('table-stream') }));
    expect(relay).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, StartingPosition: 'TRIM_HORIZON' });
    expect(JSON.stringify(relay?.FilterCriteria)).toContain('outboxMessage');
    expect(relay?.DestinationConfig).toHaveProperty(['OnFailure', 'Destination']);
  });

  it('sends email through a configuration set with reputation metrics and TLS required', () => {
    expect(only(template, 'AWS::SES::ConfigurationSet').Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });
});

describe('change events', () => {
  const mappingOf = (name: FunctionName) =>
    Object.values(resources(template, 'AWS::Lambda::EventSourceMapping'))
      .map((mapping) => mapping.Properties)
      .find((mapping) => JSON.stringify(mapping.FunctionName) === JSON.stringify({ Ref: fnId(name) }));

  it('has one bus per region, staffgate-<region>, archived for a year', () => {
    expect(only(template, 'AWS::Events::EventBus').Properties.Name).toBe('staffgate-eu-west-1');
    expect(only(template, 'AWS::Events::Archive').Properties).toMatchObject({ RetentionDays: 365, EventPattern: { source: ['staffgate'] } });
  });

  it('feeds the change-events worker StaffGate audit events of change actions only, retried in order, failures parked', () => {
    const mapping = mappingOf('change-events');
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, StartingPosition: 'TRIM_HORIZON' });
    const pattern = JSON.parse(((mapping?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0] as { Pattern: string }).Pattern);
    expect(pattern).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['auditEvent'] }, source: { S: ['staffgate'] }, action: { S: [...CHANGE_ACTIONS] } } } });
    expect(mapping?.DestinationConfig).toHaveProperty(['OnFailure', 'Destination']);
  });

  it('lets only the change-events worker put events, on its own bus', () => {
    for (const name of functionNames) {
      const statements = roleStatements(template, roleId(name)).filter((statement) => actionsOf(statement).includes('events:PutEvents'));
      expect(statements.length > 0, name).toBe(name === 'change-events');
      for (const statement of statements) expect(JSON.stringify(statement.Resource)).toContain('EventsBus');
    }
  });

  it('lets the webhook sender alone open webhook secrets, and the webhooks API alone seal them', () => {
    const uses = (name: FunctionName, action: string) =>
      roleStatements(template, roleId(name)).some(
        (statement) => actionsOf(statement).includes(action) && JSON.stringify(statement.Condition ?? {}).includes('webhook:*'),
      );
    for (const name of functionNames) {
      expect(uses(name, 'kms:Decrypt'), name).toBe(name === 'webhook-sender');
      expect(uses(name, 'kms:Encrypt'), name).toBe(name === 'webhooks');
    }
  });

  it('drives the webhook sender from its queue, with a dead-letter queue after 5 receives', () => {
    expect(mappingOf('webhook-sender')).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const queue = Object.entries(resources(template, 'AWS::SQS::Queue')).find(([id]) => id.startsWith('EventsWebhookQueue'))?.[1];
    expect(queue?.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
  });
});

describe('alarms', () => {
  const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm'));
  // The email events topic of the SES configuration set is the other one (test/infra/messaging-alarms.test.ts).
  const [topicId, topic] = Object.entries(resources(template, 'AWS::SNS::Topic')).find(([id]) => id.startsWith('AlarmsTopic')) as [string, Resource];

  it('watch the dead-letter queue, API 5xx and every function, and notify an encrypted topic', () => {
    const metrics = alarms.map((alarm) => `${String(alarm.Properties.Namespace)}/${String(alarm.Properties.MetricName)}`);
    expect(metrics).toContain('AWS/SQS/ApproximateNumberOfMessagesVisible');
    expect(metrics).toContain('AWS/ApiGateway/5XXError');
    expect(metrics.filter((metric) => metric === 'AWS/Lambda/Errors')).toHaveLength(functionNames.length);
    for (const alarm of alarms) expect(alarm.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: topicId }] });
    // Bugs and lost messages alarm on the first occurrence; rates and ages have thresholds of their own.
    const firstOccurrence = ['AWS/SQS/ApproximateNumberOfMessagesVisible', 'AWS/ApiGateway/5XXError', 'AWS/Lambda/Errors', 'AWS/Lambda/Throttles'];
    for (const alarm of alarms.filter((a) => firstOccurrence.includes(`${String(a.Properties.Namespace)}/${String(a.Properties.MetricName)}`))) {
      expect(alarm.Properties.Threshold).toBe(0);
    }
    expect(topic.Properties.KmsMasterKeyId).toHaveProperty(['Fn::GetAtt']);
  });
});

describe('the decisions API (HTTP API)', () => {
  const api = only(template, 'AWS::ApiGatewayV2::Api');
  const routesOf = resources(template, 'AWS::ApiGatewayV2::Route');
  const integrations = resources(template, 'AWS::ApiGatewayV2::Integration');
  const targetOf = (routeKey: string) => {
    const route = Object.values(routesOf).find((candidate) => candidate.Properties.RouteKey === routeKey);
    if (!route) throw new Error(`no route ${routeKey}`);
    const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"(\w+)"/)?.[1] as string;
    return { route, integration: integrations[integrationId] as Resource };
  };

  it('is an HTTP API whose routes are exactly the decision routes and the $default fallback', () => {
    expect(api.Properties.ProtocolType).toBe('HTTP');
    expect(Object.values(routesOf).map((route) => route.Properties.RouteKey).sort()).toEqual(['$default', 'POST /v1/authorize']);
  });

  it('sends POST /v1/authorize to the authorize function in payload format 2.0, with no gateway authorizer', () => {
    const { route, integration } = targetOf('POST /v1/authorize');
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(route.Properties.AuthorizerId).toBeUndefined();
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnId('authorize'));
    expect(resources(template, 'AWS::ApiGatewayV2::Authorizer')).toEqual({});
  });

  it('answers every other path with the platform function (404/405 problems)', () => {
    expect(JSON.stringify(targetOf('$default').integration.Properties.IntegrationUri)).toContain(fnId('platform'));
  });

  it('throttles its stage and writes access logs without paths, headers or bodies', () => {
    const stage = only(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 4000 } });
    const format = JSON.parse(String((stage.Properties.AccessLogSettings as { Format: string }).Format)) as Record<string, string>;
    expect(Object.values(format)).not.toContain('$context.path');
    expect(Object.values(format).some((value) => /header|body|authorization/i.test(value))).toBe(false);
  });

  it('names its base URL in the stack outputs', () => {
    expect(Object.keys(template.findOutputs('DecisionsUrl'))).toEqual(['DecisionsUrl']);
  });
});

describe('access-snapshot signing: an ES256 key in memory, its private part made and kept encrypted by KMS', () => {
  const kmsKeys = resources(template, 'AWS::KMS::Key');
  const secretsKeyId = Object.keys(kmsKeys).find((id) => String(kmsKeys[id]?.Properties.Description).startsWith('StaffGate secrets at rest')) as string;
  const kmsStatements = (name: FunctionName) => roleStatements(template, roleId(name)).filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));

  it('lets the access-snapshot function only make key pairs and decrypt their private parts, with the secrets key, in the snapshot-key context', () => {
    const bound = kmsStatements('access-snapshot').filter((statement) => JSON.stringify(statement.Condition ?? {}).includes('snapshot-key:'));
    expect(bound).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKeyPairWithoutPlaintext'],
        Resource: { 'Fn::GetAtt': [secretsKeyId, 'Arn'] },
        Condition: { StringLike: { 'kms:EncryptionContext:owner': 'snapshot-key:*' } },
      },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'StaffGate access-snapshot',
      Environment: { Variables: Match.objectLike({ SECRETS_KEY_ID: { 'Fn::GetAtt': [secretsKeyId, 'Arn'] } }) },
    });
  });

  it('grants that context to no other function, and no KMS Sign or asymmetric KMS key anywhere (cost model: signing is in memory)', () => {
    for (const name of functionNames.filter((n) => n !== 'access-snapshot')) {
      expect(JSON.stringify(kmsStatements(name)), name).not.toContain('snapshot-key:');
    }
    expect(JSON.stringify(resources(template, 'AWS::IAM::Policy'))).not.toMatch(/kms:(Sign|GetPublicKey)"/);
    expect(Object.values(kmsKeys).map((key) => key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT')).not.toContainEqual(expect.stringMatching(/^(ECC|RSA)_/));
  });

  it('lets it write only new signing keys (SIGNING_KEY#), and read what authorize reads', () => {
    const table = roleStatements(template, roleId('access-snapshot')).filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    expect(table.map((statement) => [actionsOf(statement), statement.Condition])).toEqual([
      [['dynamodb:BatchGetItem', 'dynamodb:GetItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*', 'ACCOUNT#*'] } }],
      [['dynamodb:GetItem', 'dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SIGNING_KEY#*'] } }],
    ]);
  });
});
