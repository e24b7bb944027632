import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmDescription, alarmName, AlarmRouting, routeAlarm } from './alarm-conventions';

/** The DynamoDB operations the API issues: SystemErrors are reported per operation. */
export const TABLE_OPERATIONS = ['Query', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] as const;

export interface DataAlarmsProps {
  readonly table: dynamodb.ITableV2;
  readonly auditProcessor: lambda.IFunction;
  /** Where failed stream batches land. */
  readonly auditDeadLetterQueue: sqs.IQueue;
  /** Where undeliverable alert notifications land. */
  readonly alertDeadLetterQueue: sqs.IQueue;
  readonly routing: AlarmRouting;
  readonly dashboardName: string;
  /**
   * The audit processor may lag this far behind the stream before paging (the stream keeps records 24 hours).
   * @default Duration.hours(1)
   */
  readonly maxIteratorAge?: Duration;
}

/** Alarms on the data path: the table's health and the audit trail's completeness, and alert delivery itself. */
export class DataAlarms extends Construct {
  public readonly systemErrors: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;
  public readonly auditIteratorAge: cloudwatch.Alarm;
  public readonly auditDeadLetters: cloudwatch.Alarm;
  public readonly alertsUndelivered: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const { routing } = props;
    const maxIteratorAge = props.maxIteratorAge ?? Duration.hours(1);
    const fiveMinutes = Duration.minutes(5);

    const perOperation = Object.fromEntries(
      TABLE_OPERATIONS.map((operation) => [
        operation.toLowerCase(),
        props.table.metric('SystemErrors', {
          dimensionsMap: { TableName: props.table.tableName, Operation: operation },
          statistic: 'Sum',
          period: fiveMinutes,
        }),
      ]),
    );
    this.systemErrors = new cloudwatch.MathExpression({
      expression: `SUM([${Object.keys(perOperation).join(', ')}])`,
      usingMetrics: perOperation,
      period: fiveMinutes,
      label: 'DynamoDB system errors',
    }).createAlarm(this, 'SystemErrors', {
      alarmName: alarmName(routing, 'dynamodb-system-errors-warning'),
      alarmDescription: alarmDescription(routing, {
        id: 'dynamodb-system-errors-warning',
        severity: 'warning',
        summary:
          'DynamoDB returned server-side errors (SystemErrors) on the todo table in 2 of the last 3 five-minute periods.',
        missingData: 'not breaching (DynamoDB publishes SystemErrors only when they happen).',
        dashboardName: props.dashboardName,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.systemErrors, routing, 'warning');

    this.throttles = new cloudwatch.MathExpression({
      // Each series exists only while it throttles; FILL keeps one-sided throttling from summing to nothing.
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: props.table.metric('ReadThrottleEvents', { statistic: 'Sum', period: fiveMinutes }),
        writes: props.table.metric('WriteThrottleEvents', { statistic: 'Sum', period: fiveMinutes }),
      },
      period: fiveMinutes,
      label: 'DynamoDB throttle events',
    }).createAlarm(this, 'Throttles', {
      alarmName: alarmName(routing, 'dynamodb-throttles-warning'),
      alarmDescription: alarmDescription(routing, {
        id: 'dynamodb-throttles-warning',
        severity: 'warning',
        summary: 'The todo table throttled reads or writes in 2 of the last 3 five-minute periods.',
        missingData: 'not breaching (no throttle events reported means none happened).',
        dashboardName: props.dashboardName,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.throttles, routing, 'warning');

    this.auditIteratorAge = new cloudwatch.Alarm(this, 'AuditIteratorAge', {
      alarmName: alarmName(routing, 'audit-stream-iterator-age-critical'),
      alarmDescription: alarmDescription(routing, {
        id: 'audit-stream-iterator-age-critical',
        severity: 'critical',
        summary:
          `The audit processor is more than ${maxIteratorAge.toHumanString()} behind the table stream for 10 minutes; ` +
          'the stream keeps records 24 hours, after which unaudited changes are lost.',
        missingData: 'not breaching (no stream records means nothing to fall behind on).',
        dashboardName: props.dashboardName,
      }),
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: props.auditProcessor.functionName },
        statistic: 'Maximum',
        period: fiveMinutes,
      }),
      threshold: maxIteratorAge.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.auditIteratorAge, routing, 'critical');

    this.auditDeadLetters = this.queueNotEmpty(
      'AuditDeadLetters',
      props,
      props.auditDeadLetterQueue,
      'audit-dlq-not-empty-warning',
      'A stream batch failed after retries and bisecting: its context is in the audit dead-letter queue and those changes are not yet audited.',
    );
    this.alertsUndelivered = this.queueNotEmpty(
      'AlertsUndelivered',
      props,
      props.alertDeadLetterQueue,
      'alerts-undelivered-warning',
      'SNS could not deliver alert notifications (PagerDuty or e-mail endpoint failing): they wait in the alerts dead-letter queue and paging may be broken.',
    );
  }

  private queueNotEmpty(
    id: string,
    props: DataAlarmsProps,
    queue: sqs.IQueue,
    alarmId: string,
    summary: string,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: alarmName(props.routing, alarmId),
      alarmDescription: alarmDescription(props.routing, {
        id: alarmId,
        severity: 'warning',
        summary: `${summary} Threshold: at least 1 visible message.`,
        missingData: 'not breaching (SQS reports the queue depth every minute; a gap is not a failure).',
        dashboardName: props.dashboardName,
      }),
      metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(alarm, props.routing, 'warning');
    return alarm;
  }
}
