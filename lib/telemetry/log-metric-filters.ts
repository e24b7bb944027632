import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The filter patterns, kept as exact strings so tests can evaluate them against real log lines. Application lines
 * are Powertools JSON (`level`, `route`, `error.name`); platform lines are Lambda's JSON `platform.report` records;
 * access lines are the API stage's JSON format (numeric `status`).
 */
export const FILTER_PATTERNS = {
  applicationError: '{ $.level = "ERROR" }',
  platformReport: '{ $.type = "platform.report" }',
  coldStartReport: '{ $.type = "platform.report" && $.record.metrics.initDurationMs > 0 }',
  clientError: '{ $.status >= 400 && $.status < 500 }',
  serverError: '{ $.status >= 500 }',
  authFailure: '{ $.status = 401 || $.status = 403 }',
} as const;

export interface FunctionLogGroup {
  /** Short function name, e.g. `list-todos`: part of the per-function metric names. */
  readonly name: string;
  readonly logGroup: logs.ILogGroup;
}

export interface LogMetricFiltersProps {
  /** Namespace of every metric the filters publish, e.g. `TodoObservability/Logs`. */
  readonly namespace: string;
  readonly functionLogGroups: readonly FunctionLogGroup[];
  readonly accessLogGroup: logs.ILogGroup;
}

/**
 * Turns logs into metrics: application errors (total and per route and error name), each function's memory high-water
 * mark and init duration from the platform report, and from the access log the 4xx, 5xx and auth-failure (401/403)
 * counts that the error and security alarms use. Dimensions are only low-cardinality fields (route, error name).
 */
export class LogMetricFilters extends Construct {
  /** Metric names, for alarms and dashboards. */
  public static readonly METRICS = {
    applicationErrors: 'ApplicationErrors',
    applicationErrorsByRoute: 'ApplicationErrorsByRoute',
    clientErrors: 'Http4xx',
    serverErrors: 'Http5xx',
    authFailures: 'AuthFailures',
    maxMemoryUsed: (fn: string) => `MaxMemoryUsedMB-${fn}`,
    initDuration: (fn: string) => `InitDurationMs-${fn}`,
  } as const;

  constructor(scope: Construct, id: string, props: LogMetricFiltersProps) {
    super(scope, id);
    const M = LogMetricFilters.METRICS;
    const filter = (
      logGroup: logs.ILogGroup,
      filterId: string,
      pattern: string,
      options: Omit<logs.MetricFilterOptions, 'filterPattern' | 'metricNamespace'>,
    ) =>
      new logs.MetricFilter(this, filterId, {
        logGroup,
        filterPattern: logs.FilterPattern.literal(pattern),
        metricNamespace: props.namespace,
        ...options,
      });

    for (const { name, logGroup } of props.functionLogGroups) {
      const prefix = pascal(name);
      filter(logGroup, `${prefix}Errors`, FILTER_PATTERNS.applicationError, {
        metricName: M.applicationErrors,
        metricValue: '1',
        defaultValue: 0,
      });
      filter(logGroup, `${prefix}ErrorsByRoute`, FILTER_PATTERNS.applicationError, {
        metricName: M.applicationErrorsByRoute,
        metricValue: '1',
        dimensions: { route: '$.route', errorName: '$.error.name' },
      });
      filter(logGroup, `${prefix}MaxMemoryUsed`, FILTER_PATTERNS.platformReport, {
        metricName: M.maxMemoryUsed(name),
        metricValue: '$.record.metrics.maxMemoryUsedMB',
      });
      filter(logGroup, `${prefix}InitDuration`, FILTER_PATTERNS.coldStartReport, {
        metricName: M.initDuration(name),
        metricValue: '$.record.metrics.initDurationMs',
      });
    }

    filter(props.accessLogGroup, 'ClientErrors', FILTER_PATTERNS.clientError, {
      metricName: M.clientErrors,
      metricValue: '1',
      defaultValue: 0,
    });
    filter(props.accessLogGroup, 'ServerErrors', FILTER_PATTERNS.serverError, {
      metricName: M.serverErrors,
      metricValue: '1',
      defaultValue: 0,
    });
    filter(props.accessLogGroup, 'AuthFailures', FILTER_PATTERNS.authFailure, {
      metricName: M.authFailures,
      metricValue: '1',
      defaultValue: 0,
    });
  }
}

function pascal(kebab: string): string {
  return kebab
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
