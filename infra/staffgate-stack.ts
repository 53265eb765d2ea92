import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Residency } from '#shared/config.js';
import { type ApiFunctionName, routes } from '#shared/http/routes.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { DecisionsApi } from './constructs/decisions-api.js';
import { ChangeEvents, WEBHOOK_SENDER_TIMEOUT } from './constructs/change-events.js';
import { Data } from './constructs/data.js';
import { MESSAGE_SENDER_TIMEOUT, Messaging } from './constructs/messaging.js';
import { STAFF_IMPORT_TIMEOUT, StaffImports } from './constructs/staff-imports.js';
import { type FunctionName, StaffGateFunction } from './constructs/staffgate-function.js';
import { FUNCTION_ACCESS, grantPinIndex, grantSecrets, grantSendMessages, grantTableAccess } from './grants.js';
import type { SesIdentity, SmsSettings } from './settings.js';

export interface StaffGateStackProps extends StackProps {
  residency: Residency;
  emailFrom: string;
  appBaseUrl: string;
  /** Defaults to creating a domain identity for `emailFrom`'s domain. */
  sesIdentity?: SesIdentity;
  /** Subscribed by email to the alarm topic (each confirms the subscription once). */
  alarmEmails?: string[];
  sms?: SmsSettings;
}

/** Functions that hash or verify passwords with argon2id (PINs are proven by their keyed MAC alone). */
const HASHING_FUNCTIONS: ReadonlySet<FunctionName> = new Set(['auth']);

/** One regional deployment: everything a tenant's data touches lives in this stack's region. */
export class StaffGateStack extends Stack {
  readonly api: Api;
  readonly decisionsApi: DecisionsApi;
  readonly functions: Record<FunctionName, StaffGateFunction>;
  /** The PIN index's HMAC key: GenerateMac for the functions that set or check PINs. */
  readonly pinIndexKey: IKey;

  constructor(scope: Construct, id: string, props: StaffGateStackProps) {
    super(scope, id, props);

    const data = new Data(this, 'Data');
    const messaging = new Messaging(this, 'Messaging', {
      emailFrom: props.emailFrom,
      sesIdentity: props.sesIdentity ?? { create: props.emailFrom.slice(props.emailFrom.lastIndexOf('@') + 1).toLowerCase() },
      ...(props.sms ? { sms: props.sms } : {}),
    });
    this.pinIndexKey = data.pinIndexKey;

    // Every function loads the same configuration at cold start (shared/config.ts), so each gets all of it.
    const configuration = {
      TABLE_NAME: data.table.tableName,
      RESIDENCY: props.residency,
      EMAIL_FROM: props.emailFrom,
      APP_BASE_URL: props.appBaseUrl,
      SES_CONFIGURATION_SET: messaging.configurationSet.configurationSetName,
    };

    const create = (name: FunctionName, timeout: Duration) => {
      const access = FUNCTION_ACCESS[name];
      const fn = new StaffGateFunction(this, constructId(name), {
        name,
        timeout,
        nativeArgon2: HASHING_FUNCTIONS.has(name),
        environment: {
          ...configuration,
          ...(access.sendsMessages ? { MESSAGE_QUEUE_URL: messaging.queue.queueUrl } : {}),
          ...(access.pinIndex ? { PIN_MAC_KEY_ID: data.pinIndexKey.keyArn } : {}),
          ...(access.secrets?.length ? { SECRETS_KEY_ID: data.secretsKey.keyArn } : {}),
        },
      });
      if (access.table) grantTableAccess(fn, data.table, data.tableKey, access.table);
      if (access.sendsMessages) grantSendMessages(fn, messaging.queue, messaging.queueKey);
      if (access.pinIndex) grantPinIndex(fn, data.pinIndexKey);
      if (access.secrets?.length) grantSecrets(fn, data.secretsKey, access.secrets);
      return fn;
    };

    const apiFunctionNames = [...new Set(routes.map((route) => route.function))];
    const apiFunctions = Object.fromEntries(
      apiFunctionNames.map((name) => [name, create(name, Duration.seconds(10))]),
    ) as Record<ApiFunctionName, StaffGateFunction>;
    const authorizer = create('authorizer', Duration.seconds(5));
    const messageSender = create('message-sender', MESSAGE_SENDER_TIMEOUT);
    messaging.attachSender(messageSender);
    const tableStream = create('table-stream', Duration.seconds(30));
    const outboxFailures = data.attachStreamConsumer(tableStream);
    const changeEvents = new ChangeEvents(this, 'Events');
    const changeEventsFn = create('change-events', Duration.seconds(30));
    changeEvents.grantPublish(changeEventsFn);
    const changeEventFailures = data.attachChangeEventsConsumer(changeEventsFn);
    const webhookSender = create('webhook-sender', WEBHOOK_SENDER_TIMEOUT);
    changeEvents.attachSender(webhookSender);
    const staffImports = new StaffImports(this, 'StaffImports');
    const staffImport = create('staff-import', STAFF_IMPORT_TIMEOUT);
    staffImports.attachWorker(staffImport);
    staffImports.grantEnqueue(apiFunctions.staff);
    this.functions = {
      ...apiFunctions,
      authorizer,
      'message-sender': messageSender,
      'table-stream': tableStream,
      'change-events': changeEventsFn,
      'webhook-sender': webhookSender,
      'staff-import': staffImport,
    };

    this.api = new Api(this, 'Api', { functions: apiFunctions, authorizer, appBaseUrl: props.appBaseUrl });
    // Reset links lead to the hosted pages, which this API serves (docs/account-pages.md).
    messageSender.addEnvironment('ACCOUNT_PAGES_URL', this.api.restApi.url);
    this.decisionsApi = new DecisionsApi(this, 'DecisionsApi', { functions: apiFunctions });

    // API Gateway writes execution logs (level ERROR) to a group it creates on first use, kept forever. Made
    // here first, with a retention, and before the stage, so API Gateway finds it instead of making its own.
    const stage = this.api.restApi.deploymentStage;
    // The stage's name as written, not `stage.stageName`: that is a Ref to the stage, which waits for this group.
    const stageName = (stage.node.defaultChild as apigw.CfnStage).stageName;
    const executionLogs = new logs.LogGroup(this, 'ApiExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApi.restApiId}/${stageName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    stage.node.addDependency(executionLogs);

    // Both handles come from here, where the API and its authorizer function are made, not from inside Api.
    const alarms = new Alarms(this, 'Alarms', {
      api: this.api.restApi,
      functions: this.functions,
      authorizer,
      messageSender,
      queue: messaging.queue,
      deadLetterQueue: messaging.deadLetterQueue,
      parkedWork: [
        {
          id: 'OutboxStreamFailures',
          description: 'Outbox records of the table stream failed every retry: the messages they carry were not queued (their positions wait in the queue).',
          queue: outboxFailures,
        },
        {
          id: 'ChangeEventStreamFailures',
          description: 'Audit records of the table stream failed every retry: their change events were not published (their positions wait in the queue).',
          queue: changeEventFailures,
        },
        { id: 'StaffImportFailures', description: 'Staff import slices failed five receives: their jobs stopped where they were (status running; the rows written stand).', queue: staffImports.deadLetterQueue },
        { id: 'WebhookJobFailures', description: 'Webhook jobs failed five receives on StaffGate\'s side (not the receiver\'s): their deliveries are stuck pending.', queue: changeEvents.webhookDeadLetterQueue },
      ],
      table: data.table,
      configurationSetName: messaging.configurationSet.configurationSetName,
      alarmEmails: props.alarmEmails ?? [],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'DecisionsUrl', { value: this.decisionsApi.url, description: 'POST /v1/authorize here: the same contract, HTTP API pricing, session checked in the function' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'EmailEventsTopicArn', { value: messaging.emailEvents.topicArn });
    new CfnOutput(this, 'DashboardName', { value: alarms.dashboard.dashboardName });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: changeEvents.bus.eventBusName, description: 'Change events for host apps (docs/events.md): add your rules here, in this region' });
    new CfnOutput(this, 'PinIndexKeyArn', { value: data.pinIndexKey.keyArn });
  }
}

/** `message-sender` → `MessageSender`. */
function constructId(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
