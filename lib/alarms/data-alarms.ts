import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DYNAMODB_OPERATIONS } from '../../contract/telemetry';
import { AlarmFactory } from './alarm-factory';
import { AlarmId } from './alarm-id';
import { functionMetric, tableMetric } from '../metrics/metric-factory';

export interface DataAlarmsProps {
  readonly table: dynamodb.ITableV2;
  readonly auditProcessor: lambda.IFunction;
  /** Where failed stream batches land. */
  readonly auditDeadLetterQueue: sqs.IQueue;
  /** Where undeliverable alert notifications land. */
  readonly alertDeadLetterQueue: sqs.IQueue;
  readonly alarms: AlarmFactory;
  readonly dashboardName: string;
  /**
   * The audit processor may lag this far behind the stream before paging (the stream keeps records 24 hours).
   * @default Duration.hours(1)
   */
  readonly maxIteratorAge?: Duration;
}

const tableWarning = (signal: string): AlarmId => ({ component: 'dynamodb', signal, severity: 'warning' });

/** Alarms on the data path: the table's health and the audit trail's completeness, and alert delivery itself. */
export class DataAlarms extends Construct {
  public readonly systemErrors: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;
  public readonly auditIteratorAge: cloudwatch.Alarm;
  public readonly auditDeadLetters: cloudwatch.Alarm;
  public readonly alertsUndelivered: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const { alarms } = props;
    const maxIteratorAge = props.maxIteratorAge ?? Duration.hours(1);
    const fiveMinutes = Duration.minutes(5);

    const perOperation = Object.fromEntries(
      // SystemErrors are reported per operation: one series per operation the API issues.
      DYNAMODB_OPERATIONS.map((operation) => [
        operation.toLowerCase(),
        tableMetric(props.table, 'SystemErrors', 'Sum', { operation }),
      ]),
    );
    const systemErrors = new cloudwatch.MathExpression({
      expression: `SUM([${Object.keys(perOperation).join(', ')}])`,
      usingMetrics: perOperation,
      period: fiveMinutes,
      label: 'DynamoDB system errors',
    });
    this.systemErrors = alarms.addAlarm(this, 'SystemErrors', tableWarning('system-errors'), {
      metric: systemErrors,
      summary:
        'DynamoDB returned server-side errors (SystemErrors) on the todo table in 2 of the last 3 five-minute periods.',
      missingData: 'not breaching (DynamoDB publishes SystemErrors only when they happen).',
      dashboardName: props.dashboardName,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const throttles = new cloudwatch.MathExpression({
      // Each series exists only while it throttles; FILL keeps one-sided throttling from summing to nothing.
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: tableMetric(props.table, 'ReadThrottleEvents', 'Sum'),
        writes: tableMetric(props.table, 'WriteThrottleEvents', 'Sum'),
      },
      period: fiveMinutes,
      label: 'DynamoDB throttle events',
    });
    this.throttles = alarms.addAlarm(this, 'Throttles', tableWarning('throttles'), {
      metric: throttles,
      summary: 'The todo table throttled reads or writes in 2 of the last 3 five-minute periods.',
      missingData: 'not breaching (no throttle events reported means none happened).',
      dashboardName: props.dashboardName,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.auditIteratorAge = alarms.addAlarm(
      this,
      'AuditIteratorAge',
      { component: 'audit-stream', signal: 'iterator-age', severity: 'critical' },
      {
        summary:
          `The audit processor is more than ${maxIteratorAge.toHumanString()} behind the table stream for 10 minutes; ` +
          'the stream keeps records 24 hours, after which unaudited changes are lost.',
        missingData: 'not breaching (no stream records means nothing to fall behind on).',
        dashboardName: props.dashboardName,
        metric: functionMetric(props.auditProcessor, 'IteratorAge', 'Maximum', fiveMinutes),
        threshold: maxIteratorAge.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    this.auditDeadLetters = this.queueNotEmpty(
      'AuditDeadLetters',
      props,
      props.auditDeadLetterQueue,
      { component: 'audit-dlq', signal: 'not-empty', severity: 'warning' },
      'A stream batch failed after retries and bisecting: its context is in the audit dead-letter queue and those changes are not yet audited.',
    );
    this.alertsUndelivered = this.queueNotEmpty(
      'AlertsUndelivered',
      props,
      props.alertDeadLetterQueue,
      { component: 'alerts', signal: 'undelivered', severity: 'warning' },
      'SNS could not deliver alert notifications (PagerDuty or e-mail endpoint failing): they wait in the alerts dead-letter queue and paging may be broken.',
    );
  }

  private queueNotEmpty(
    id: string,
    props: DataAlarmsProps,
    queue: sqs.IQueue,
    alarmId: AlarmId,
    summary: string,
  ): cloudwatch.Alarm {
    return props.alarms.addAlarm(this, id, alarmId, {
      summary: `${summary} Threshold: at least 1 visible message.`,
      missingData: 'not breaching (SQS reports the queue depth every minute; a gap is not a failure).',
      dashboardName: props.dashboardName,
      metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
