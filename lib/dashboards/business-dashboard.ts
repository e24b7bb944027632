import { ApiMetricName } from '../../contract/telemetry';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DashboardSources, serviceMetric } from '../metrics/metric-factory';

export interface BusinessDashboardProps {
  readonly dashboardName: string;
  readonly sources: DashboardSources;
  /** Name of the Contributor Insights rule counting distinct users. */
  readonly activeUsersRuleName: string;
}

/** How the product is used: todos created, completed and deleted, active users, list sizes and top callers. */
export class BusinessDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: BusinessDashboardProps) {
    super(scope, id);
    const { sources } = props;
    const hourly = (metricName: ApiMetricName) =>
      serviceMetric(sources, metricName, 'Sum').with({ period: Duration.hours(1) });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Todos per hour',
            left: [hourly('TodoCreated'), hourly('TodoCompleted'), hourly('TodoDeleted')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Active users (distinct, per hour)',
            left: [
              new cloudwatch.MathExpression({
                expression: `INSIGHT_RULE_METRIC('${props.activeUsersRuleName}', 'UniqueContributors')`,
                period: Duration.hours(1),
                label: 'active users',
              }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'List size returned by GET /todos',
            left: [serviceMetric(sources, 'TodoListSize', 'Average'), serviceMetric(sources, 'TodoListSize', 'p99')],
            width: 12,
          }),
          new cloudwatch.LogQueryWidget({
            title: 'Top callers (last hour)',
            logGroupNames: [sources.accessLogGroup.logGroupName],
            queryLines: [
              'filter ispresent(user) and user != ""',
              'stats count(*) as requests by user',
              'sort requests desc',
              'limit 10',
            ],
            view: cloudwatch.LogQueryVisualizationType.TABLE,
            width: 12,
          }),
        ],
      ],
    });
  }
}
