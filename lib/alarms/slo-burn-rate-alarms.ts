import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { Severity } from './alert-topics';
import { AlarmFactory } from './alarm-factory';
import { AlarmId } from './alarm-id';

/** One tier of the multi-window, multi-burn-rate policy (Google SRE workbook, chapter 5). */
export interface BurnRateTier {
  /** `fast`, `slow` or `ticket`: part of the alarm id. */
  readonly name: string;
  readonly severity: Severity;
  /** How many times faster than "exactly the budget over the SLO window" the budget is being spent. */
  readonly burnRate: number;
  /** Each window is one alarm period of its own length, so the alarm reads the window's average ratio. */
  readonly longWindow: Duration;
  readonly shortWindow: Duration;
}

/**
 * The short window confirms the burn goes on at half the tier's rate or more (hysteresis): at the tier's own rate it
 * flapped with the noise of a few hundred requests per 5 minutes — the alert replay paged 5 times for one 2-hour burn
 * at 2% errors. Once the errors stop, the short window still drops below it within its own length.
 */
export const SHORT_WINDOW_THRESHOLD_FACTOR = 0.5;

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
  { name: 'ticket', severity: 'warning', burnRate: 1, longWindow: Duration.days(3), shortWindow: Duration.hours(6) },
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
  /**
   * Fewest valid events the long window must hold to alarm, and a tenth of it as the fewest bad events (so a handful
   * of failures on a quiet night never pages); the short window needs a tenth of each (at least 1).
   */
  readonly minValidEvents: number;
  /** What a bad event is, for descriptions, e.g. `5xx responses`. */
  readonly badEventsDescription: string;
  readonly alarms: AlarmFactory;
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
  /** The composite's id, `api-<slo>-burn-<tier>-<severity>`. */
  readonly id: AlarmId;
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
      const alarmId: AlarmId = {
        component: `api-${props.sloName}`,
        signal: `burn-${tier.name}`,
        severity: tier.severity,
      };
      const tierScope = new Construct(this, tier.name[0].toUpperCase() + tier.name.slice(1));
      const atLeast = (n: number) => Math.max(1, Math.ceil(n));
      const long = this.windowAlarm(tierScope, 'LongWindow', props, alarmId, 'long', tier.longWindow, threshold, {
        valid: props.minValidEvents,
        bad: atLeast(props.minValidEvents / 10),
      });
      const shortThreshold = Math.round(threshold * SHORT_WINDOW_THRESHOLD_FACTOR * 1e9) / 1e9;
      const short = this.windowAlarm(
        tierScope,
        'ShortWindow',
        props,
        alarmId,
        'short',
        tier.shortWindow,
        shortThreshold,
        {
          valid: atLeast(props.minValidEvents / 10),
          bad: atLeast(props.minValidEvents / 100),
        },
      );

      const faster = built.map((b) => b.composite);
      const composite = props.alarms.addComposite(tierScope, 'Alarm', alarmId, {
        rule: cloudwatch.AlarmRule.allOf(
          cloudwatch.AlarmRule.fromAlarm(long, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.fromAlarm(short, cloudwatch.AlarmState.ALARM),
        ),
        summary:
          `The ${props.sloName} SLO (${formatPercent(props.target)} over 30 days) is burning its error budget at ` +
          `${tier.burnRate}x or more: ${props.badEventsDescription} above ${formatPercent(threshold)} of valid requests ` +
          `over the last ${describe(tier.longWindow)}, and still above ${formatPercent(shortThreshold)} over the last ` +
          `${describe(tier.shortWindow)}.`,
        missingData: 'the window alarms treat missing data as not breaching: no traffic spends no budget.',
        dashboardName: props.dashboardName,
        // The nearest faster tier's page covers this one: don't notify twice for the same burn. The extension lasts
        // this tier's short window, the time it needs to reset once the burn stops: with 10 minutes the replay saw the
        // slow tier page again 10 minutes after a 30-minute outage had resolved.
        suppression:
          faster.length > 0 ? { alarm: faster[faster.length - 1], extensionPeriod: tier.shortWindow } : undefined,
      });
      built.push({ tier, id: alarmId, threshold, long, short, composite });
    }
    this.tiers = built;
  }

  private windowAlarm(
    scope: Construct,
    id: string,
    props: SloBurnRateAlarmsProps,
    parent: AlarmId,
    which: 'long' | 'short',
    window: Duration,
    threshold: number,
    minimum: { readonly valid: number; readonly bad: number },
  ): cloudwatch.Alarm {
    const period = window;
    const periods = 1;
    validateRange(period, periods, `${props.alarms.alarmName(parent)} ${which} window`);
    const ratio = new cloudwatch.MathExpression({
      // Below the minimum traffic, or with only a handful of failures, the ratio counts as 0: never a page at 3 a.m.
      // for a few failed requests.
      expression: `IF(valid >= ${minimum.valid} AND bad >= ${minimum.bad}, bad / valid, 0)`,
      usingMetrics: { bad: props.badEvents(period), valid: props.validEvents(period) },
      period,
      label: `${props.sloName} bad ratio over ${describe(period)}`,
    });
    const windowId: AlarmId = { ...parent, signal: `${parent.signal}-${which}-window` };
    return props.alarms.addChildAlarm(scope, id, windowId, {
      parent,
      metric: ratio,
      summary:
        `${props.badEventsDescription} ratio above ${formatPercent(threshold)} over ${describe(window)} ` +
        `(with at least ${minimum.valid} valid requests, ${minimum.bad} of them bad).`,
      missingData: 'not breaching (no traffic spends no budget).',
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/**
 * CloudWatch's limits on an alarm (PutMetricAlarm): a period is a multiple of 60 s, and "Period multiplied by
 * EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of less than one hour (3,600
 * seconds), the total evaluation period can't be longer than one day" — so a 3-day window is one 3-day period.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
function validateRange(period: Duration, periods: number, what: string): void {
  const seconds = period.toSeconds();
  const range = seconds * periods;
  const limit = seconds < 3600 ? 86_400 : 604_800;
  if (seconds % 60 !== 0 || range > limit || !Number.isInteger(periods) || periods < 1) {
    throw new Error(
      `SloBurnRateAlarms: ${what} needs ${periods} periods of ${seconds}s (${range}s); CloudWatch allows whole minutes and ranges up to ${limit}s for this period`,
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
