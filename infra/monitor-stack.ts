import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput, ContextAttribute } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeployableConfig } from '../shared/domain/config.js';
import { INDEX } from '../shared/store/table.js';
import { RiposteFunction } from './riposte-function.js';

export interface MonitorStackProps extends StackProps {
  table: ITableV2;
  /** The config file, validated at synth: secrets are references only. */
  deployable: DeployableConfig;

  /** Minutes between scheduled ticks (context riposte:pollEveryMinutes, default 5). */
  pollEveryMinutes: number;
  /** Where operators' alarm notifications go (context riposte:alarmEmail); none: subscribe to the topic yourself. */
  alarmEmail?: string;
  /** X-Ray active tracing on every function (context riposte:tracing). */
  tracing?: boolean;
}

/** Worker timeout: a feed, its new articles (each fetch has its own deadline) and webhooks with their retries. */
const WORKER_TIMEOUT = Duration.minutes(3);
/** Work messages per worker invocation (at most: the event source may hand over fewer). */
export const WORKER_BATCH_SIZE = 50;
export const METRICS_NAMESPACE = 'Riposte';

/**
 * The stateless part, replaceable at every deploy:
 * Scheduler tick → schedule function (plans the tick) → work queue (one message per due feed)
 * → feed worker (fetch, extract, store, match, alert: the `riposte poll` use case per feed),
 * with dead-letter queues; the IAM-authorised HTTP API → query function; the SES identity; the
 * alarms and the operators' topic.
 *
 * Alerts are sent by the worker that stores the answering event, not by a separate dispatch
 * function: `dispatchAlerts` records every (event, subscriber, channel) before sending, so sending
 * is already exactly once whichever worker gets there; a queue or the table's stream in between
 * would add a function, a queue and its DLQ, and a second place that rebuilds rounds (the stream
 * sees items, not the matches). A delivery that keeps failing is a `failed` record in the table
 * (the alerts' dead-letter store), counted by the alertsFailed metric and alarmed.
 */
export class MonitorStack extends Stack {
  readonly scheduleFunction: IFunction;
  readonly workerFunction: IFunction;
  readonly queryFunction: IFunction;
  readonly workQueue: Queue;
  readonly workDeadLetters: Queue;
  readonly alarmTopic: Topic;
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    const { table, deployable } = props;
    const config = deployable.config;
    const indexArns = Object.values(INDEX).map((name) => `${table.tableArn}/index/${name}`);

    // Queues. SSE with SQS-owned keys (free); TLS only.
    this.workDeadLetters = new Queue(this, 'WorkDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.workQueue = new Queue(this, 'WorkQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.hours(1),
      deadLetterQueue: { queue: this.workDeadLetters, maxReceiveCount: 3 },
    });
    const scheduleDeadLetters = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const dlq of [this.workDeadLetters, scheduleDeadLetters]) {
      Validations.of(dlq).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue.' });
    }

    // The schedule function: reads feed state, queues the tick's work. No secret, no email, no write.
    const schedule = new RiposteFunction(this, 'Schedule', {
      trigger: 'schedule',
      description: 'Riposte: plans each tick, one work message per due feed',
      memorySize: 256,
      timeout: Duration.minutes(1),
      deployedConfigJson: JSON.stringify(deployable),
      tracing: props.tracing,
      environment: {
        RIPOSTE_TABLE: table.tableName,
        RIPOSTE_WORK_QUEUE_URL: this.workQueue.queueUrl,
        RIPOSTE_POLL_EVERY_MINUTES: String(props.pollEveryMinutes),
      },
    });
    this.scheduleFunction = schedule.function;
    this.workQueue.grantSendMessages(schedule.function);
    schedule.function.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${INDEX.byType}`] }),
    );

    // The feed worker: the whole poll use case for one feed at a time, alerts included.
    const worker = new RiposteFunction(this, 'Worker', {
      trigger: 'sqs',
      description: 'Riposte: polls a batch of feeds at once, one per message (fetch, extract, store, match, alert)',
      memorySize: 512,
      timeout: WORKER_TIMEOUT,
      deployedConfigJson: JSON.stringify(deployable),
      tracing: props.tracing,
      environment: { RIPOSTE_TABLE: table.tableName },
    });
    this.workerFunction = worker.function;
    // Up to 50 feeds an invocation, polled at once: each invocation waits for its slowest feed,
    // so fewer, larger batches cost less waiting. The schedule sends a tick's messages within a
    // fraction of a second; the 5-second window lets the event source gather them.
    worker.function.addEventSource(
      new SqsEventSource(this.workQueue, { batchSize: WORKER_BATCH_SIZE, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }),
    );
    worker.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [table.tableArn, ...indexArns],
      }),
    );
    for (const [i, name] of [...new Set(deployable.secretRefs.map((r) => r.secretName))].entries()) {
      Secret.fromSecretNameV2(this, `WebhookSecret${i}`, name).grantRead(worker.function);
    }
    if (config.email) {
      new EmailIdentity(this, 'SenderIdentity', { identity: Identity.email(config.email.from) });
      // In the SES sandbox, SendEmail is also checked against each recipient's verified identity.
      const addresses = [config.email.from, ...config.subscribers.flatMap((s) => (s.email ? [s.email] : []))];
      const identities = [...new Set(addresses.flatMap((a) => [a, a.split('@')[1]!]))];
      worker.function.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: identities.map((identity) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
        }),
      );
    }

    // The query API: IAM-authorised, read-only over the table.
    const query = new RiposteFunction(this, 'Query', {
      trigger: 'http',
      description: 'Riposte: GET /events and GET /events/{id}',
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: props.tracing,
      environment: { RIPOSTE_TABLE: table.tableName },
    });
    this.queryFunction = query.function;
    query.function.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [table.tableArn, ...indexArns] }),
    );
    this.api = new HttpApi(this, 'Api', {
      description: 'Riposte query API (IAM: sign requests with SigV4)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Query', query.function);
    this.api.addRoutes({ path: '/events', methods: [HttpMethod.GET], integration });
    this.api.addRoutes({ path: '/events/{id}', methods: [HttpMethod.GET], integration });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    const stage = new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    // The schedule: a ScheduledEvent-shaped payload; a failed invocation is kept in its own DLQ.
    new Schedule(this, 'PollSchedule', {
      description: `Riposte tick every ${props.pollEveryMinutes} minutes`,
      schedule: ScheduleExpression.rate(Duration.minutes(props.pollEveryMinutes)),
      target: new LambdaInvoke(schedule.function, {
        retryAttempts: 2,
        maxEventAge: Duration.minutes(props.pollEveryMinutes),
        deadLetterQueue: scheduleDeadLetters,
        input: ScheduleTargetInput.fromObject({
          'detail-type': 'Scheduled Event',
          source: 'aws.scheduler',
          time: ContextAttribute.scheduledTime,
          resources: [ContextAttribute.scheduleArn],
          detail: {},
        }),
      }),
    });

    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(schedule.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'The Scheduler role may invoke the schedule function and its versions (the ARN with :*); that function only.',
    });

    // Operators: one topic, ten alarms (CloudWatch's free tier holds ten).
    this.alarmTopic = new Topic(this, 'OperatorAlarms', { displayName: 'Riposte alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry no data beyond alarm names and metric values. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key ($1/month) would cost more than the rest of the deployment.',
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);
    const alarm = (name: string, metric: IMetric, description: string, threshold = 1, periods = 1) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    const fifteenMinutes = { period: Duration.minutes(15), statistic: 'Maximum' };
    alarm('WorkDeadLettersAlarm', this.workDeadLetters.metricApproximateNumberOfMessagesVisible(fifteenMinutes), 'Work messages failed three times (the store unreachable, or a bug): see the worker logs, then redrive the DLQ.');
    alarm('ScheduleDeadLettersAlarm', scheduleDeadLetters.metricApproximateNumberOfMessagesVisible(fifteenMinutes), 'Scheduler could not invoke the schedule function.');
    alarm('WorkQueueAgeAlarm', this.workQueue.metricApproximateAgeOfOldestMessage(fifteenMinutes), 'Work waits longer than a tick: workers are throttled or failing.', props.pollEveryMinutes * 60 * 3);
    alarm('ScheduleErrorsAlarm', schedule.function.metricErrors(fiveMinutes), 'The schedule function failed: ticks are not planned.');
    alarm('ScheduleThrottlesAlarm', schedule.function.metricThrottles(fiveMinutes), 'The schedule function was throttled.');
    alarm('WorkerErrorsAlarm', worker.function.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }), 'Feed worker invocations failed (partial batch failures are retried, then dead-lettered).', 3);
    alarm('WorkerThrottlesAlarm', worker.function.metricThrottles(fiveMinutes), 'Feed workers were throttled: raise the account concurrency or lower the batch.');
    alarm('QueryErrorsAlarm', query.function.metricErrors(fiveMinutes), 'The query API function failed.');
    alarm('QueryThrottlesAlarm', query.function.metricThrottles(fiveMinutes), 'The query API function was throttled.');
    alarm(
      'AlertsFailedAlarm',
      new Metric({ namespace: METRICS_NAMESPACE, metricName: 'alertsFailed', dimensionsMap: { service: 'riposte-worker' }, ...fiveMinutes }),
      'Alert deliveries failed after their retries: kept as failed records; fix the subscriber, then `riposte alerts retry`.',
    );

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Query API base URL (SigV4, IAM auth)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'WorkDeadLetterQueueUrl', { value: this.workDeadLetters.queueUrl });
  }
}
