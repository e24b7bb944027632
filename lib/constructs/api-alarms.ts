import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { alarmDescription, alarmName, AlarmRouting, routeAlarm } from './alarm-conventions';

/** Route latency windows: their length, and the fewest requests a window needs for its p99 to count. */
export const ROUTE_LATENCY_PERIOD = Duration.minutes(15);
export const ROUTE_LATENCY_MIN_SAMPLES = 100;

export interface ApiRoute {
  readonly method: string;
  /** Resource path as API Gateway reports it, e.g. `/todos/{id}`. */
  readonly path: string;
}

export interface ApiAlarmsProps {
  /** `ApiName` dimension of the API Gateway metrics. */
  readonly apiName: string;
  /** `Stage` dimension. */
  readonly stageName: string;
  readonly routes: readonly ApiRoute[];
  /** p99 latency per route above this for 15 minutes is a warning (the latency SLO threshold). */
  readonly latencyThresholdMs: number;
  /** Namespace of the metrics derived from access logs (Http4xx, AuthFailures). */
  readonly logMetricsNamespace: string;
  readonly authFailuresMetricName: string;
  readonly clientErrorsMetricName: string;
  /** Name of the WAF web ACL (its `WebACL` metric dimension). */
  readonly webAclName: string;
  readonly routing: AlarmRouting;
  readonly dashboardName: string;
  /**
   * While this alarm is in ALARM (the API is down as a whole), the per-route latency composite stays silent.
   * @default - never suppressed
   */
  readonly suppressor?: cloudwatch.IAlarm;
}

/**
 * API-level alarms beyond the SLOs: slow routes (p99 per route), security signals (auth failures above their learned
 * band, a 4xx anomaly, WAF blocks).
 */
export class ApiAlarms extends Construct {
  public readonly routeLatency: cloudwatch.CompositeAlarm;
  public readonly routeLatencyChildren: cloudwatch.Alarm[];
  public readonly authFailures: cloudwatch.Alarm;
  public readonly clientErrorAnomaly: cloudwatch.Alarm;
  public readonly wafBlocked: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    if (props.routes.length === 0) {
      throw new Error('ApiAlarms: routes must list at least one route, got []');
    }
    const { routing } = props;
    const routeScope = new Construct(this, 'RouteLatency');

    this.routeLatencyChildren = props.routes.map((route) => {
      const slug = `${route.method.toLowerCase()}-${route.path.replace(/[{}]/g, '').replace(/\//g, '-').replace(/^-/, '')}`;
      const latency = (statistic: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName: 'Latency',
          dimensionsMap: { ApiName: props.apiName, Stage: props.stageName, Method: route.method, Resource: route.path },
          statistic,
          period: ROUTE_LATENCY_PERIOD,
        });
      // A p99 needs samples: a window with fewer than ROUTE_LATENCY_MIN_SAMPLES requests counts as 0 (below 100 the
      // p99 is the slowest request). Over 5 minutes the alert replay saw 28 warnings in 3 days of 2% slow requests,
      // and over 15 minutes without the minimum 3 false ones in a quiet month; as built: none, and 4.
      return new cloudwatch.MathExpression({
        expression: `IF(samples >= ${ROUTE_LATENCY_MIN_SAMPLES}, p99, 0)`,
        usingMetrics: { p99: latency('p99'), samples: latency('SampleCount') },
        period: ROUTE_LATENCY_PERIOD,
        label: `${route.method} ${route.path} p99`,
      }).createAlarm(routeScope, `${route.method} ${route.path}`, {
        alarmName: alarmName(routing, `api-route-${slug}-p99-warning`),
        alarmDescription:
          `${route.method} ${route.path} p99 latency is above ${props.latencyThresholdMs} ms in two consecutive 15-minute windows ` +
          `of at least ${ROUTE_LATENCY_MIN_SAMPLES} requests. Part of ${alarmName(routing, 'api-route-p99-warning')}; no actions of its own.`,
        threshold: props.latencyThresholdMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    });
    this.routeLatency = new cloudwatch.CompositeAlarm(this, 'RouteLatencyAlarm', {
      compositeAlarmName: alarmName(routing, 'api-route-p99-warning'),
      alarmDescription: alarmDescription(routing, {
        id: 'api-route-p99-warning',
        severity: 'warning',
        summary: `A route's p99 latency is above ${props.latencyThresholdMs} ms (the latency SLO threshold) for 30 minutes (two 15-minute windows).`,
        missingData: 'children treat missing data as not breaching (a route without traffic is not slow).',
        dashboardName: props.dashboardName,
      }),
      alarmRule: cloudwatch.AlarmRule.anyOf(
        ...this.routeLatencyChildren.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)),
      ),
      actionsSuppressor: props.suppressor,
      actionsSuppressorWaitPeriod: props.suppressor ? Duration.minutes(2) : undefined,
      actionsSuppressorExtensionPeriod: props.suppressor ? Duration.minutes(10) : undefined,
    });
    routeAlarm(this.routeLatency, routing, 'warning');

    const logMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: props.logMetricsNamespace,
        metricName,
        statistic: 'Sum',
        period: Duration.minutes(5),
      });

    this.authFailures = new cloudwatch.AnomalyDetectionAlarm(this, 'AuthFailures', {
      alarmName: alarmName(routing, 'api-auth-failures-warning'),
      alarmDescription: alarmDescription(routing, {
        id: 'api-auth-failures-warning',
        severity: 'warning',
        summary:
          '401/403 responses are above their learned band (3 standard deviations) in each of the last 3 five-minute periods.',
        missingData: 'not breaching (the metric filter publishes 0 when no request fails auth).',
        dashboardName: props.dashboardName,
      }),
      metric: logMetric(props.authFailuresMetricName),
      stdDevs: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      // 3 of 3: at 2 of 3 the alert replay's quiet month sent 12 warnings on the noise of a few 401s per 5 minutes.
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.authFailures, routing, 'warning');

    this.clientErrorAnomaly = new cloudwatch.AnomalyDetectionAlarm(this, 'ClientErrorAnomaly', {
      alarmName: alarmName(routing, 'api-4xx-anomaly-info'),
      alarmDescription: alarmDescription(routing, {
        id: 'api-4xx-anomaly-info',
        severity: 'info',
        summary:
          '4xx responses are above their learned band (3 standard deviations) in 3 consecutive five-minute periods.',
        missingData: 'not breaching (the metric filter publishes 0 when there are no 4xx).',
        dashboardName: props.dashboardName,
      }),
      metric: logMetric(props.clientErrorsMetricName),
      stdDevs: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.clientErrorAnomaly, routing, 'info');

    this.wafBlocked = new cloudwatch.Alarm(this, 'WafBlocked', {
      alarmName: alarmName(routing, 'waf-blocked-requests-info'),
      alarmDescription: alarmDescription(routing, {
        id: 'waf-blocked-requests-info',
        severity: 'info',
        summary: 'The WAF blocked more than 100 requests in 5 minutes (rate limit per IP or managed rules).',
        missingData: 'not breaching (WAF publishes no BlockedRequests datapoint when it blocks nothing).',
        dashboardName: props.dashboardName,
      }),
      metric: new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: props.webAclName, Region: Aws.REGION, Rule: 'ALL' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    routeAlarm(this.wafBlocked, routing, 'info');
  }
}
