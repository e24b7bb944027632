import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { AlarmFactory } from '../alarms/alarm-factory';
import { AlarmId } from '../alarms/alarm-id';

/** The page of the canaries: `api-canary-failed-critical`. */
export const CANARY_ALARM: AlarmId = { component: 'api-canary', signal: 'failed', severity: 'critical' };

export interface CanaryPageProps {
  readonly alarms: AlarmFactory;
  readonly journey: synthetics.Canary;
  readonly heartbeat: synthetics.Canary;
  readonly journeyRate: Duration;
  readonly heartbeatRate: Duration;
  readonly dashboardName: string;
  /** While this alarm is in ALARM the page is held back (it already pages for what the canaries see). */
  readonly suppressor?: cloudwatch.IAlarm;
}

export interface CanaryPage {
  readonly alarm: cloudwatch.CompositeAlarm;
  readonly journeyFailed: cloudwatch.Alarm;
  readonly heartbeatFailed: cloudwatch.Alarm;
}

/**
 * The page: the journey failed its last 3 runs, or the heartbeat 2 of its last 3. The journey makes 7 calls a run:
 * at 0.02% background errors two failed runs in three happen by chance about once in 20 months (the alert replay's
 * quiet month drew one), three never; the heartbeat makes one call a minute. Built in `scope` (the ApiCanary).
 */
export function addCanaryPage(scope: Construct, props: CanaryPageProps): CanaryPage {
  const failedRuns = (id: string, canary: synthetics.Canary, which: string, rate: Duration, runs: number) =>
    // SuccessPercent is 0 or 100 per run; the period is the canary's rate, so each period holds one run: below 100
    // in `runs` of 3 periods = that many failed runs of the last 3 (one flaky run never pages).
    props.alarms.addChildAlarm(
      scope,
      id,
      { ...CANARY_ALARM, signal: `${CANARY_ALARM.signal}-${which}` },
      {
        parent: CANARY_ALARM,
        summary: `The ${which} canary failed in ${runs} of its last 3 runs (SuccessPercent below 100 per ${rate.toHumanString()}).`,
        missingData: 'breaching (a canary that stops reporting is a failure).',
        metric: canary.metricSuccessPercent({ period: rate, statistic: 'Average' }),
        threshold: 100,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: runs,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
    );
  const journeyFailed = failedRuns('JourneyFailed', props.journey, 'journey', props.journeyRate, 3);
  const heartbeatFailed = failedRuns('HeartbeatFailed', props.heartbeat, 'heartbeat', props.heartbeatRate, 2);
  const alarm = props.alarms.addComposite(scope, 'Alarm', CANARY_ALARM, {
    rule: cloudwatch.AlarmRule.anyOf(
      cloudwatch.AlarmRule.fromAlarm(journeyFailed, cloudwatch.AlarmState.ALARM),
      cloudwatch.AlarmRule.fromAlarm(heartbeatFailed, cloudwatch.AlarmState.ALARM),
    ),
    summary:
      `Synthetic users cannot use the API: the journey canary (every ${props.journeyRate.toHumanString()}) or the ` +
      `heartbeat canary (every ${props.heartbeatRate.toHumanString()}) failed: the journey its last 3 runs, the ` +
      'heartbeat 2 of its last 3.',
    missingData: 'breaching: a canary that stops reporting (stopped, broken role, runtime gone) is a failure.',
    dashboardName: props.dashboardName,
    suppression: props.suppressor ? { alarm: props.suppressor, extensionPeriod: Duration.minutes(5) } : undefined,
  });
  return { alarm, journeyFailed, heartbeatFailed };
}
