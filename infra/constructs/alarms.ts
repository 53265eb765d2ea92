import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  api: apigw.RestApi;
  functions: Record<string, IFunction>;
  /** The session authorizer's function: when it fails, every session route answers 500. */
  authorizer: IFunction;
  /** Its log group carries the per-message failures, which never surface as Lambda errors. */
  messageSender: LambdaFunction;
  queue: IQueue;
  deadLetterQueue: IQueue;
  /** Where work other than outgoing messages lands after its retries: stream records (outbox, change events) and webhook jobs. */
  parkedWork: { id: string; description: string; queue: IQueue }[];
  table: dynamodb.ITable;
  /** SES publishes reputation metrics per configuration set. */
  configurationSetName: string;
  /** Email subscriptions of the alarm topic. */
  alarmEmails: string[];
}

/** `logger.warn`/`logger.error` messages of functions/message-sender/handler.ts for a record that was not sent. */
export const SEND_FAILURE_LOG_PREFIX = 'Message not sent';
/** An outgoing message older than this is stuck: retries alone take 5 × 3 minutes before the dead-letter queue. */
export const QUEUE_AGE_ALARM = Duration.minutes(20);
/** Client errors as a share of requests, over 15 minutes with at least 100 requests: throttling or an attack, not a typo. */
export const CLIENT_ERROR_RATE_ALARM = 0.25;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Most alarms fire on the first occurrence: a 5xx is a bug, a function error
 * is a bug, and a message in the dead-letter queue is a PIN or an invitation
 * that never reached its recipient. The topic emails the configured operators.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'StaffGate alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes to an encrypted topic only if the key lets it.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'StaffGate alarms', masterKey: topicKey, enforceSSL: true });
    for (const email of props.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    const action = new SnsAction(this.topic);

    const alarm = (
      alarmId: string,
      description: string,
      metric: cloudwatch.IMetric,
      options: { threshold?: number; evaluationPeriods?: number } = {},
    ): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: options.threshold ?? 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      return created;
    };

    // --- Messages -----------------------------------------------------------------------------------------
    alarm(
      'DeadLetterMessages',
      'Outgoing messages (PINs, invitations, reset codes) failed every retry and wait in the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    );
    for (const parked of props.parkedWork) {
      alarm(parked.id, parked.description, parked.queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }));
    }
    // The sender reports a failed record back to SQS instead of throwing, so Lambda counts no error for it.
    const sendFailures = new logs.MetricFilter(this, 'SendFailuresFilter', {
      logGroup: props.messageSender.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', `${SEND_FAILURE_LOG_PREFIX}*`),
      metricNamespace: 'StaffGate',
      metricName: 'MessageSendFailures',
      metricValue: '1',
      defaultValue: 0,
    });
    alarm(
      'MessageSendFailures',
      'SES or SNS refused or failed outgoing messages in three 5-minute periods in a row (each is retried; see the message-sender logs for the reason).',
      sendFailures.metric({ period: FIVE_MINUTES, statistic: 'Sum' }),
      { evaluationPeriods: 3 },
    );
    alarm(
      'MessageQueueAge',
      `An outgoing message has waited more than ${QUEUE_AGE_ALARM.toMinutes()} minutes: the sender is down, throttled or failing.`,
      props.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      { threshold: QUEUE_AGE_ALARM.toSeconds() },
    );
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    // SES reviews an account above 5 % bounces or 0.1 % complaints and may pause its sending; these fire before that.
    alarm('EmailBounceRate', 'Email bounce rate above 4 %: SES pauses sending at 10 %.', reputation('Reputation.BounceRate'), { threshold: 0.04 });
    alarm('EmailComplaintRate', 'Email complaint rate above 0.08 %: SES pauses sending at 0.5 %.', reputation('Reputation.ComplaintRate'), {
      threshold: 0.0008,
    });

    // --- API ---------------------------------------------------------------------------------------------
    alarm('Api5xx', 'The API answered 5xx: a bug.', props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }));
    // 429s from stage and method throttling are 4XXErrors too (API Gateway has no metric of its own for them).
    alarm(
      'ApiClientErrorRate',
      `More than ${CLIENT_ERROR_RATE_ALARM * 100} % of requests answered 4xx for 15 minutes: throttling (429) or someone probing the API.`,
      new cloudwatch.MathExpression({
        expression: 'IF(requests >= 100, errors / requests, 0)',
        usingMetrics: {
          requests: props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
          errors: props.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: '4xx share',
      }),
      { threshold: CLIENT_ERROR_RATE_ALARM, evaluationPeriods: 3 },
    );

    // --- Functions ---------------------------------------------------------------------------------------
    const special = new Map<IFunction, string>([
      [props.authorizer, 'The session authorizer failed: API Gateway answers 500 to every session route while it does.'],
      [props.messageSender, 'The message sender failed as a whole (a crash or a timeout): a batch of messages goes back to the queue.'],
    ]);
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        special.get(fn) ?? `The ${name} function failed (an error escaped the handler, a timeout or a crash).`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
      alarm(
        `${name}Throttles`,
        `The ${name} function was throttled: the region's Lambda concurrency is exhausted and requests fail.`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
    }

    this.dashboard = this.buildDashboard(props);
  }

  private buildDashboard(props: AlarmsProps): cloudwatch.Dashboard {
    const period = FIVE_MINUTES;
    const functions = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction) => cloudwatch.IMetric) =>
      functions.map(([name, fn]) => {
        const m = metric(fn) as cloudwatch.Metric;
        return m.with({ label: name });
      });
    const graph = (title: string, left: cloudwatch.IMetric[], width = 12) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6, period });

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `StaffGate-${Stack.of(this).region}`,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      graph('API requests', [props.api.metricCount({ period, statistic: 'Sum', label: 'requests' })], 8),
      graph(
        'API latency',
        [props.api.metricLatency({ period, statistic: 'p50', label: 'p50' }), props.api.metricLatency({ period, statistic: 'p99', label: 'p99' })],
        8,
      ),
      graph(
        'API 4xx / 5xx',
        [props.api.metricClientError({ period, statistic: 'Sum', label: '4xx' }), props.api.metricServerError({ period, statistic: 'Sum', label: '5xx' })],
        8,
      ),
    );
    dashboard.addWidgets(
      graph('Lambda errors', perFunction((fn) => fn.metricErrors({ period, statistic: 'Sum' })), 8),
      graph('Lambda throttles', perFunction((fn) => fn.metricThrottles({ period, statistic: 'Sum' })), 8),
      graph('Lambda duration p99', perFunction((fn) => fn.metricDuration({ period, statistic: 'p99' })), 8),
    );
    dashboard.addWidgets(
      graph(
        'DynamoDB throttles',
        [
          props.table.metric('ReadThrottleEvents', { period, statistic: 'Sum', label: 'read' }),
          props.table.metric('WriteThrottleEvents', { period, statistic: 'Sum', label: 'write' }),
        ],
        8,
      ),
      graph(
        'Message queue',
        [
          props.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'depth' }),
          props.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: 'oldest (s)' }),
        ],
        8,
      ),
      graph('Dead-letter queue depth', [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'depth' })], 8),
    );
    return dashboard;
  }
}
