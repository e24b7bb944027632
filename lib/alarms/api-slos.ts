import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { StageConfig } from '../config/stage-config';
import { apiMetric, DashboardSources } from '../metrics/metric-factory';
import { SloBurnRateAlarms } from './slo-burn-rate-alarms';

export interface ApiSlosProps {
  readonly sources: Pick<DashboardSources, 'apiName' | 'stageName'>;
  readonly slo: StageConfig['slo'];
  readonly alarms: AlarmFactory;
  readonly dashboardName: string;
}

/** The API's two SLOs, each with its burn-rate alarms, built in `scope` (the monitoring stack). */
export interface ApiSlos {
  readonly availability: SloBurnRateAlarms;
  readonly latency: SloBurnRateAlarms;
}

/** Availability: 5xx among valid (non-4xx) requests. Latency: requests slower than the threshold among all. */
export function addApiSlos(scope: Construct, props: ApiSlosProps): ApiSlos {
  const { slo, sources } = props;
  const stageMetric = (name: string, statistic: string) => (period: Duration) =>
    apiMetric(sources, name, statistic, undefined, period);
  const availability = new SloBurnRateAlarms(scope, 'AvailabilitySlo', {
    sloName: 'availability',
    target: slo.availabilityTarget,
    badEvents: stageMetric('5XXError', 'Sum'),
    // Ids carry the period: a dashboard widget may hold several periods and ids must be unique in it.
    validEvents: (period) => {
      const [requests, clientErrors] = [`requests${period.toSeconds()}`, `clientErrors${period.toSeconds()}`];
      return new cloudwatch.MathExpression({
        expression: `${requests} - ${clientErrors}`,
        usingMetrics: {
          [requests]: stageMetric('Count', 'Sum')(period),
          [clientErrors]: stageMetric('4XXError', 'Sum')(period),
        },
        period,
      });
    },
    badEventsDescription: '5xx responses',
    minValidEvents: slo.minRequestsPerWindow,
    alarms: props.alarms,
    dashboardName: props.dashboardName,
  });
  const latency = new SloBurnRateAlarms(scope, 'LatencySlo', {
    sloName: 'latency',
    target: slo.latencyTarget,
    // Trimmed count above the threshold = requests slower than it; SampleCount = every request.
    badEvents: stageMetric('Latency', `TC(${slo.latencyThresholdMs}:)`),
    validEvents: stageMetric('Latency', 'SampleCount'),
    badEventsDescription: `requests slower than ${slo.latencyThresholdMs} ms`,
    minValidEvents: slo.minRequestsPerWindow,
    alarms: props.alarms,
    dashboardName: props.dashboardName,
  });
  return { availability, latency };
}
