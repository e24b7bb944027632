import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { routeName } from '../../contract/routes';
import { AlarmFactory } from './alarm-factory';
import { AlarmId } from './alarm-id';
import { apiMetric, logMetric } from '../metrics/metric-factory';

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
  readonly alarms: AlarmFactory;
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
  public readonly authFailures: cloudwatch.AnomalyDetectionAlarm;
  public readonly clientErrorAnomaly: cloudwatch.AnomalyDetectionAlarm;
  public readonly wafBlocked: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    if (props.routes.length === 0) {
      throw new Error('ApiAlarms: routes must list at least one route, got []');
    }
    const { alarms } = props;
    const routeScope = new Construct(this, 'RouteLatency');
    const routeLatency: AlarmId = { component: 'api-route', signal: 'p99', severity: 'warning' };

    this.routeLatencyChildren = props.routes.map((route) => {
      const slug = `${route.method.toLowerCase()}-${route.path.replace(/[{}]/g, '').replace(/\//g, '-').replace(/^-/, '')}`;
      const latency = (statistic: string) => apiMetric(props, 'Latency', statistic, route, ROUTE_LATENCY_PERIOD);
      // A p99 needs samples: a window with fewer than ROUTE_LATENCY_MIN_SAMPLES requests counts as 0 (below 100 the
      // p99 is the slowest request). Over 5 minutes the alert replay saw 28 warnings in 3 days of 2% slow requests,
      // and over 15 minutes without the minimum 3 false ones in a quiet month; as built: none, and 4.
      const metric = new cloudwatch.MathExpression({
        expression: `IF(samples >= ${ROUTE_LATENCY_MIN_SAMPLES}, p99, 0)`,
        usingMetrics: { p99: latency('p99'), samples: latency('SampleCount') },
        period: ROUTE_LATENCY_PERIOD,
        label: `${routeName(route)} p99`,
      });
      return alarms.addChildAlarm(
        routeScope,
        routeName(route),
        { ...routeLatency, component: `api-route-${slug}` },
        {
          parent: routeLatency,
          metric,
          summary:
            `${route.method} ${route.path} p99 latency is above ${props.latencyThresholdMs} ms in two consecutive 15-minute windows ` +
            `of at least ${ROUTE_LATENCY_MIN_SAMPLES} requests.`,
          missingData: 'not breaching (a route without traffic is not slow).',
          threshold: props.latencyThresholdMs,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    });
    this.routeLatency = alarms.addComposite(this, 'RouteLatencyAlarm', routeLatency, {
      summary: `A route's p99 latency is above ${props.latencyThresholdMs} ms (the latency SLO threshold) for 30 minutes (two 15-minute windows).`,
      missingData: 'children treat missing data as not breaching (a route without traffic is not slow).',
      dashboardName: props.dashboardName,
      rule: cloudwatch.AlarmRule.anyOf(
        ...this.routeLatencyChildren.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)),
      ),
      suppression: props.suppressor ? { alarm: props.suppressor } : undefined,
    });

    const accessLogCount = (metricName: string) => logMetric(props.logMetricsNamespace, metricName, 'Sum');

    this.authFailures = alarms.addBandAlarm(
      this,
      'AuthFailures',
      { component: 'api', signal: 'auth-failures', severity: 'warning' },
      {
        summary:
          '401/403 responses are above their learned band (3 standard deviations) in each of the last 3 five-minute periods.',
        missingData: 'not breaching (the metric filter publishes 0 when no request fails auth).',
        dashboardName: props.dashboardName,
        metric: accessLogCount(props.authFailuresMetricName),
        stdDevs: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        // 3 of 3: at 2 of 3 the alert replay's quiet month sent 12 warnings on the noise of a few 401s per 5 minutes.
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    this.clientErrorAnomaly = alarms.addBandAlarm(
      this,
      'ClientErrorAnomaly',
      { component: 'api', signal: '4xx-anomaly', severity: 'info' },
      {
        summary:
          '4xx responses are above their learned band (3 standard deviations) in 3 consecutive five-minute periods.',
        missingData: 'not breaching (the metric filter publishes 0 when there are no 4xx).',
        dashboardName: props.dashboardName,
        metric: accessLogCount(props.clientErrorsMetricName),
        stdDevs: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    this.wafBlocked = alarms.addAlarm(
      this,
      'WafBlocked',
      { component: 'waf', signal: 'blocked-requests', severity: 'info' },
      {
        summary: 'The WAF blocked more than 100 requests in 5 minutes (rate limit per IP or managed rules).',
        missingData: 'not breaching (WAF publishes no BlockedRequests datapoint when it blocks nothing).',
        dashboardName: props.dashboardName,
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
      },
    );
  }
}
