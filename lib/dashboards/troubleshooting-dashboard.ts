import { Duration } from 'aws-cdk-lib';
import { cloudWatchConsole } from '../alarms/alarm-description';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { routeName } from '../../contract/routes';
import { DYNAMODB_OPERATIONS } from '../../contract/telemetry';
import { DashboardSources, functionMetric, logMetric, serviceMetric, tableMetric } from '../metrics/metric-factory';

export interface TroubleshootingDashboardProps {
  readonly dashboardName: string;
  readonly sources: DashboardSources;
  /** Names of the X-Ray groups for faults and slow requests, linked from the dashboard. */
  readonly traceGroups: readonly string[];
  /** Metric names (in the log-metrics namespace) of each function's init duration and memory high-water mark. */
  readonly initDurationMetric: (fn: string) => string;
  readonly maxMemoryMetric: (fn: string) => string;
}

/**
 * Finding the cause: per-function duration against the timeout, errors, throttles and concurrency, cold starts and
 * init time, memory, DynamoDB latency and throttles per operation, and links to the X-Ray trace groups.
 */
export class TroubleshootingDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TroubleshootingDashboardProps) {
    super(scope, id);
    const { sources } = props;
    const fns = sources.functions;
    const five = Duration.minutes(5);
    const logsMetric = (metricName: string, statistic: string, label: string) =>
      logMetric(sources.logMetricsNamespace, metricName, statistic, five, label);

    const durationWidgets = fns.map(
      (fn) =>
        new cloudwatch.GraphWidget({
          title: `${fn.name}: duration vs timeout (ms)`,
          left: [
            functionMetric(fn.function, 'Duration', 'p50', five, 'p50'),
            functionMetric(fn.function, 'Duration', 'p99', five, 'p99'),
          ],
          leftAnnotations: [
            { value: fn.timeout.toMilliseconds(), label: 'timeout', color: cloudwatch.Color.RED },
            { value: fn.timeout.toMilliseconds() * 0.8, label: '80% (alarm)', color: cloudwatch.Color.ORANGE },
          ],
          width: 8,
        }),
    );
    const traceLinks = props.traceGroups
      .map(
        (group) => `[${group}](${cloudWatchConsole()}#xray:traces/query?~(query~(expression~'group*3d*22${group}*22))`,
      )
      .join(' · ');

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `**Traces:** ${traceLinks} · [Trace map](${cloudWatchConsole()}#xray:service-map/map)`,
            width: 24,
            height: 1,
          }),
        ],
        durationWidgets,
        [
          new cloudwatch.GraphWidget({
            title: 'Errors per function',
            left: fns.map((fn) => functionMetric(fn.function, 'Errors', 'Sum', five, fn.name)),
            width: 6,
          }),
          new cloudwatch.GraphWidget({
            title: 'Throttles per function',
            left: fns.map((fn) => functionMetric(fn.function, 'Throttles', 'Sum', five, fn.name)),
            width: 6,
          }),
          new cloudwatch.GraphWidget({
            title: 'Concurrent executions per function (max)',
            left: fns.map((fn) => functionMetric(fn.function, 'ConcurrentExecutions', 'Maximum', five, fn.name)),
            width: 6,
          }),
          new cloudwatch.GraphWidget({
            title: 'Cold starts (ColdStart metric)',
            left: [serviceMetric(sources, 'ColdStart', 'Sum')],
            width: 6,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Init duration per function (ms, cold starts)',
            left: fns.map((fn) => logsMetric(props.initDurationMetric(fn.name), 'Average', fn.name)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Max memory used per function (MB)',
            left: fns.map((fn) => logsMetric(props.maxMemoryMetric(fn.name), 'Maximum', fn.name)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Handler latency per route (ms, p99)',
            left: sources.routes.map((r) => serviceMetric(sources, 'RequestLatency', 'p99', { route: routeName(r) })),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'DynamoDB latency per operation (handler view, p99 ms)',
            left: DYNAMODB_OPERATIONS.map((op) => serviceMetric(sources, 'DynamoDbLatency', 'p99', { operation: op })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'DynamoDB latency per operation (service view, avg ms)',
            left: DYNAMODB_OPERATIONS.map((op) =>
              tableMetric(sources.table, 'SuccessfulRequestLatency', 'Average', { operation: op, label: op }),
            ),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'DynamoDB errors and throttles',
            left: [
              ...DYNAMODB_OPERATIONS.map((op) => serviceMetric(sources, 'DynamoDbError', 'Sum', { operation: op })),
              tableMetric(sources.table, 'ReadThrottleEvents', 'Sum', { label: 'read throttles' }),
              tableMetric(sources.table, 'WriteThrottleEvents', 'Sum', { label: 'write throttles' }),
            ],
            width: 8,
          }),
        ],
      ],
    });
  }
}
