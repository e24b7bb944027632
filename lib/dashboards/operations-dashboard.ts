import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { apiMetric, DashboardSources } from '../metrics/metric-factory';

export interface OperationsDashboardProps {
  readonly dashboardName: string;
  readonly sources: DashboardSources;
  /** Alarms shown in the status widget (those that notify). */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The SLO composite alarms, shown first. */
  readonly sloAlarms: readonly cloudwatch.IAlarm[];
}

/**
 * Where on-call lands: SLO and alarm status, the golden signals per route (traffic, errors, latency percentiles),
 * and the most recent application errors.
 */
export class OperationsDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { sources } = props;
    const perRoute = (metricName: string, statistic: string) =>
      sources.routes.map((route) => apiMetric(sources, metricName, statistic, route));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'SLOs (burn-rate pages and tickets)',
            alarms: [...props.sloAlarms],
            width: 8,
            height: 6,
          }),
          new cloudwatch.AlarmStatusWidget({
            title: 'All alarms that notify',
            alarms: [...props.alarms],
            width: 16,
            height: 6,
            sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Traffic: requests per route',
            left: perRoute('Count', 'Sum'),
            width: 8,
            stacked: true,
          }),
          new cloudwatch.GraphWidget({ title: 'Errors: 5xx per route', left: perRoute('5XXError', 'Sum'), width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Errors: 4xx per route', left: perRoute('4XXError', 'Sum'), width: 8 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Latency p50 per route (ms)',
            left: perRoute('Latency', 'p50'),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Latency p90 per route (ms)',
            left: perRoute('Latency', 'p90'),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Latency p99 per route (ms)',
            left: perRoute('Latency', 'p99'),
            width: 8,
          }),
        ],
        [
          new cloudwatch.LogQueryWidget({
            title: 'Top errors (last hour, by route and error)',
            logGroupNames: sources.applicationLogGroups.map((g) => g.logGroupName),
            queryLines: [
              'filter level = "ERROR"',
              'stats count(*) as errors, latest(correlation_id) as lastRequestId by route, error.name',
              'sort errors desc',
              'limit 20',
            ],
            view: cloudwatch.LogQueryVisualizationType.TABLE,
            width: 24,
            height: 6,
          }),
        ],
      ],
    });
  }
}
