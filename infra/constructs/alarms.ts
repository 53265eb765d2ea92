import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  api: apigw.RestApi;
  functions: Record<string, IFunction>;
  deadLetterQueue: IQueue;
}

/**
 * Every alarm fires on the first occurrence: a 5xx is a bug, a function error
 * is a bug, and a message in the dead-letter queue is a PIN or an invitation
 * that never reached its recipient. Operators subscribe to the topic.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;

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
    const action = new SnsAction(this.topic);

    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) => {
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    };

    alarm(
      'DeadLetterMessages',
      'Outgoing messages (PINs, invitations, reset codes) failed every retry and wait in the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
    alarm(
      'Api5xx',
      'The API answered 5xx: a bug.',
      props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `The ${name} function failed (an error escaped the handler, a timeout or a crash).`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
    }
  }
}
