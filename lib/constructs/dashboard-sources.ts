import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/** What the dashboards read: the API's metric dimensions, functions, table, log groups and metric namespaces. */
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
  sources: DashboardSources,
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
    label: route ? `${route.method} ${route.path}` : undefined,
  });
}

/** One of the handlers' EMF metrics (dimension `service`, plus one allow-listed dimension if given). */
export function serviceMetric(
  sources: DashboardSources,
  metricName: string,
  statistic: string,
  dimension?: Record<string, string>,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: sources.metricsNamespace,
    metricName,
    dimensionsMap: { service: sources.serviceName, ...dimension },
    statistic,
    period: Duration.minutes(5),
    label: dimension ? Object.values(dimension).join(' ') : metricName,
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
