import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { Severity } from './alert-topics';
import { alarmDescription, alarmName, AlarmRouting, routeAlarm } from './alarm-conventions';

/** One tier of the multi-window, multi-burn-rate policy (Google SRE workbook, chapter 5). */
export interface BurnRateTier {
  /** `fast`, `slow` or `ticket`: part of the alarm id. */
  readonly name: string;
  readonly severity: Severity;
  /** How many times faster than "exactly the budget over the SLO window" the budget is being spent. */
  readonly burnRate: number;
  readonly longWindow: Duration;
  readonly shortWindow: Duration;
  /**
   * CloudWatch allows at most 1 day of evaluation range for periods under an hour and 7 days otherwise, and a period
   * of at most 1 day. A window up to 1 day is one period of its own length; a longer one is `longWindow / longPeriod`
   * consecutive periods that must all burn (sustained burn, a slightly stricter reading of the window average).
   * @default - the long window itself
   */
  readonly longPeriod?: Duration;
}

/** The workbook's tiers for a 30-day SLO: page at 14.4× (1 h & 5 min) and 6× (6 h & 30 min), ticket at 1× (3 d & 6 h). */
export const DEFAULT_BURN_RATE_TIERS: readonly BurnRateTier[] = [
  {
    name: 'fast',
    severity: 'critical',
    burnRate: 14.4,
    longWindow: Duration.hours(1),
    shortWindow: Duration.minutes(5),
  },
  { name: 'slow', severity: 'critical', burnRate: 6, longWindow: Duration.hours(6), shortWindow: Duration.minutes(30) },
  {
    name: 'ticket',
    severity: 'warning',
    burnRate: 1,
    longWindow: Duration.days(3),
    shortWindow: Duration.hours(6),
    longPeriod: Duration.hours(6),
  },
];

export interface SloBurnRateAlarmsProps {
  /** The SLO's name, e.g. `availability`: alarms are `api-<slo>-burn-<tier>-<severity>`. */
  readonly sloName: string;
  /** Share of valid events that must be good over 30 days, 0.9–0.9999. */
  readonly target: number;
  /** Bad events (e.g. 5xx responses) as a count metric; its statistic and period are set per window. */
  readonly badEvents: (period: Duration) => cloudwatch.IMetric;
  /** Valid events (the denominator) as a count metric. */
  readonly validEvents: (period: Duration) => cloudwatch.IMetric;
  /** Fewest valid events the long window must hold to alarm; the short window needs a tenth (at least 1). */
  readonly minValidEvents: number;
  /** What a bad event is, for descriptions, e.g. `5xx responses`. */
  readonly badEventsDescription: string;
  readonly routing: AlarmRouting;
  /** Dashboard linked from every alarm. */
  readonly dashboardName: string;
  /**
   * @default DEFAULT_BURN_RATE_TIERS
   */
  readonly tiers?: readonly BurnRateTier[];
}

/** What was built for one tier: the two window alarms and the composite that notifies. */
export interface BurnRateTierAlarms {
  readonly tier: BurnRateTier;
  /** Error-ratio threshold: burn rate × error budget. */
  readonly threshold: number;
  readonly long: cloudwatch.Alarm;
  readonly short: cloudwatch.Alarm;
  readonly composite: cloudwatch.CompositeAlarm;
}

/**
 * Multi-window, multi-burn-rate alerting on an SLO: per tier, a long-window and a short-window metric-math alarm on
 * the bad/valid ratio (each zero below a minimum traffic so blips on a quiet API don't page), combined by a composite
 * alarm that fires only when both windows burn (the long window proves it matters, the short one that it is still
 * happening, so the alert also resets fast). Each faster tier suppresses the actions of the slower ones.
 */
export class SloBurnRateAlarms extends Construct {
  public readonly sloName: string;
  public readonly target: number;
  public readonly errorBudget: number;
  public readonly tiers: readonly BurnRateTierAlarms[];
  /** The SLO's event metrics at a given period, for dashboards. */
  public readonly badEvents: (period: Duration) => cloudwatch.IMetric;
  public readonly validEvents: (period: Duration) => cloudwatch.IMetric;

  constructor(scope: Construct, id: string, props: SloBurnRateAlarmsProps) {
    super(scope, id);
    if (!(props.target >= 0.9 && props.target <= 0.9999)) {
      throw new Error(`SloBurnRateAlarms: target must be between 0.9 and 0.9999, got ${props.target}`);
    }
    if (!Number.isInteger(props.minValidEvents) || props.minValidEvents < 1) {
      throw new Error(`SloBurnRateAlarms: minValidEvents must be a positive integer, got ${props.minValidEvents}`);
    }
    this.sloName = props.sloName;
    this.target = props.target;
    this.badEvents = props.badEvents;
    this.validEvents = props.validEvents;
    this.errorBudget = Math.round((1 - props.target) * 1e9) / 1e9;

    const built: BurnRateTierAlarms[] = [];
    for (const tier of props.tiers ?? DEFAULT_BURN_RATE_TIERS) {
      const threshold = Math.round(tier.burnRate * this.errorBudget * 1e9) / 1e9;
      const alarmId = `api-${props.sloName}-burn-${tier.name}-${tier.severity}`;
      const tierScope = new Construct(this, tier.name[0].toUpperCase() + tier.name.slice(1));
      const long = this.windowAlarm(
        tierScope,
        'LongWindow',
        props,
        tier.severity,
        alarmId,
        'long',
        tier.longWindow,
        tier.longPeriod,
        threshold,
        props.minValidEvents,
      );
      const short = this.windowAlarm(
        tierScope,
        'ShortWindow',
        props,
        tier.severity,
        alarmId,
        'short',
        tier.shortWindow,
        undefined,
        threshold,
        Math.max(1, Math.ceil(props.minValidEvents / 10)),
      );

      const faster = built.map((b) => b.composite);
      const composite = new cloudwatch.CompositeAlarm(tierScope, 'Alarm', {
        compositeAlarmName: alarmName(props.routing, alarmId),
        alarmRule: cloudwatch.AlarmRule.allOf(
          cloudwatch.AlarmRule.fromAlarm(long, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.fromAlarm(short, cloudwatch.AlarmState.ALARM),
        ),
        alarmDescription: alarmDescription(props.routing, {
          id: alarmId,
          severity: tier.severity,
          summary:
            `The ${props.sloName} SLO (${formatPercent(props.target)} over 30 days) is burning its error budget at ` +
            `${tier.burnRate}x or more: ${props.badEventsDescription} above ${formatPercent(threshold)} of valid requests ` +
            `over both the last ${describe(tier.longWindow)} and the last ${describe(tier.shortWindow)}.`,
          missingData: 'the window alarms treat missing data as not breaching: no traffic spends no budget.',
          dashboardName: props.dashboardName,
        }),
        // The nearest faster tier's page covers this one: don't notify twice for the same burn.
        actionsSuppressor: faster.length > 0 ? faster[faster.length - 1] : undefined,
        actionsSuppressorWaitPeriod: faster.length > 0 ? Duration.minutes(2) : undefined,
        actionsSuppressorExtensionPeriod: faster.length > 0 ? Duration.minutes(10) : undefined,
      });
      routeAlarm(composite, props.routing, tier.severity);
      built.push({ tier, threshold, long, short, composite });
    }
    this.tiers = built;
  }

  private windowAlarm(
    scope: Construct,
    id: string,
    props: SloBurnRateAlarmsProps,
    severity: Severity,
    parentId: string,
    which: 'long' | 'short',
    window: Duration,
    periodOverride: Duration | undefined,
    threshold: number,
    minValid: number,
  ): cloudwatch.Alarm {
    const period = periodOverride ?? window;
    const periods = Math.round(window.toSeconds() / period.toSeconds());
    validateRange(period, periods, `${parentId} ${which} window`);
    const ratio = new cloudwatch.MathExpression({
      // Below the minimum traffic the ratio counts as 0: a handful of requests with one failure never pages.
      expression: `IF(valid >= ${minValid}, bad / valid, 0)`,
      usingMetrics: { bad: props.badEvents(period), valid: props.validEvents(period) },
      period,
      label: `${props.sloName} bad ratio over ${describe(period)}`,
    });
    return ratio.createAlarm(scope, id, {
      alarmName: alarmName(props.routing, `${parentId.slice(0, -severity.length - 1)}-${which}-window-${severity}`),
      alarmDescription:
        `Window of ${alarmName(props.routing, parentId)}: ${props.badEventsDescription} ratio above ${formatPercent(threshold)} ` +
        `over ${describe(window)} (with at least ${minValid} valid requests). No actions of its own.\n` +
        'Missing data: not breaching (no traffic spends no budget).',
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** CloudWatch's limits on an alarm's evaluation range (period × evaluation periods). */
function validateRange(period: Duration, periods: number, what: string): void {
  const seconds = period.toSeconds();
  const range = seconds * periods;
  const limit = seconds < 3600 ? 86_400 : 604_800;
  if (seconds > 86_400 || range > limit || !Number.isInteger(periods) || periods < 1) {
    throw new Error(
      `SloBurnRateAlarms: ${what} needs ${periods} periods of ${seconds}s (${range}s); CloudWatch allows periods up to 86400s and ranges up to ${limit}s for this period`,
    );
  }
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1e6) / 1e4}%`;
}

function describe(duration: Duration): string {
  const minutes = duration.toMinutes();
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
