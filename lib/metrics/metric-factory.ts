import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { routeName } from '../../contract/routes';
import { ApiMetricName } from '../../contract/telemetry';

/**
 * Metric factories: every metric an alarm evaluates comes from here, and so does the dashboard graph of it, so a
 * graph and its alarm cannot drift apart.
 */

/** What the dashboards and alarms read: the API's metric dimensions, functions, table, log groups and metric namespaces. */
export interface DashboardSources {
  readonly apiName: string;
  readonly stageName: string;
  readonly routes: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  readonly functions: ReadonlyArray<{
    readonly name: string;
    readonly function: lambda.IFunction;
    readonly timeout: Duration;
  }>;
  readonly table: dynamodb.ITableV2;
  readonly applicationLogGroups: readonly logs.ILogGroup[];
  readonly accessLogGroup: logs.ILogGroup;
  /** Namespace and service dimension of the handlers' EMF metrics. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  /** Namespace of the metrics derived from logs by metric filters. */
  readonly logMetricsNamespace: string;
}

/** An API Gateway metric of one route (detailed metrics are on), or of the whole stage without `route`. */
export function apiMetric(
  sources: Pick<DashboardSources, 'apiName' | 'stageName'>,
  metricName: string,
  statistic: string,
  route?: { method: string; path: string },
  period: Duration = Duration.minutes(5),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: {
      ApiName: sources.apiName,
      Stage: sources.stageName,
      ...(route ? { Method: route.method, Resource: route.path } : {}),
    },
    statistic,
    period,
    label: route ? routeName(route) : undefined,
  });
}

/** One of the handlers' EMF metrics (dimension `service`, plus one allow-listed dimension if given). */
export function serviceMetric(
  sources: Pick<DashboardSources, 'metricsNamespace' | 'serviceName'>,
  metricName: ApiMetricName,
  statistic: string,
  dimension?: Record<string, string>,
  /** `unlabelled`: no label (a metric that only feeds an expression, which carries the label). */
  options: { readonly period?: Duration; readonly unlabelled?: boolean } = {},
): cloudwatch.Metric {
  const label = dimension ? Object.values(dimension).join(' ') : metricName;
  return new cloudwatch.Metric({
    namespace: sources.metricsNamespace,
    metricName,
    dimensionsMap: { service: sources.serviceName, ...dimension },
    statistic,
    period: options.period ?? Duration.minutes(5),
    label: options.unlabelled ? undefined : label,
  });
}

/** A metric CloudWatch Logs derives from log lines (the app's metric filters: no dimensions). */
export function logMetric(
  namespace: string,
  metricName: string,
  statistic: string,
  period: Duration = Duration.minutes(5),
  label?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, statistic, period, label });
}

/** An `AWS/Lambda` metric of one function (its `FunctionName` dimension). */
export function functionMetric(
  fn: lambda.IFunction,
  metricName: string,
  statistic: string,
  period: Duration = Duration.minutes(5),
  label?: string,
): cloudwatch.Metric {
  return fn.metric(metricName, { statistic, period, label });
}

/** An `AWS/DynamoDB` metric of the table (its `TableName` dimension, plus `Operation` when given). */
export function tableMetric(
  table: dynamodb.ITableV2,
  metricName: string,
  statistic: string,
  options: { readonly period?: Duration; readonly label?: string; readonly operation?: string } = {},
): cloudwatch.Metric {
  return table.metric(metricName, {
    statistic,
    period: options.period ?? Duration.minutes(5),
    label: options.label,
    ...(options.operation ? { dimensionsMap: { TableName: table.tableName, Operation: options.operation } } : {}),
  });
}

/**
 * A metric CloudWatch RUM vends for the web client's app monitor: namespace `AWS/RUM`, dimension `application_name`
 * = the app monitor's name (CloudWatch RUM metrics reference: every AWS/RUM metric carries it).
 */
export function rumMetric(
  appMonitorName: string,
  metricName: string,
  statistic: string,
  period: Duration = Duration.minutes(5),
  label?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/RUM',
    metricName,
    dimensionsMap: { application_name: appMonitorName },
    statistic,
    period,
    label,
  });
}
