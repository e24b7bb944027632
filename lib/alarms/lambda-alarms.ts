import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AlarmFactory, ThresholdSpec } from './alarm-factory';
import { AlarmId } from './alarm-id';
import { functionMetric } from '../metrics/metric-factory';

export interface WatchedFunction {
  /** Short name, e.g. `list-todos`. */
  readonly name: string;
  readonly function: lambda.IFunction;
  readonly timeout: Duration;
}

export interface LambdaAlarmsProps {
  readonly functions: readonly WatchedFunction[];
  readonly alarms: AlarmFactory;
  readonly dashboardName: string;
  /** The account's concurrency limit; the alarm fires at 80% of it. */
  readonly accountConcurrencyLimit: number;
  /**
   * While this alarm is in ALARM (the API is down as a whole), the per-function composites stay silent.
   * @default - never suppressed
   */
  readonly suppressor?: cloudwatch.IAlarm;
  /**
   * Errors per function in 5 minutes that count as breaching.
   * @default 5
   */
  readonly errorThreshold?: number;
}

/**
 * Resource and error alarms for the functions: one child alarm per function and signal (no actions: they show on
 * dashboards), rolled up into one composite per signal that notifies, so a bad dependency failing every function
 * pages once, not six times, and nothing notifies while the whole API is already paging.
 */
export class LambdaAlarms extends Construct {
  public readonly errors: cloudwatch.CompositeAlarm;
  public readonly durationNearTimeout: cloudwatch.CompositeAlarm;
  public readonly throttles: cloudwatch.CompositeAlarm;
  public readonly concurrencyNearLimit: cloudwatch.Alarm;
  /** Every per-function child alarm. */
  public readonly children: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: LambdaAlarmsProps) {
    super(scope, id);
    if (props.functions.length === 0) {
      throw new Error('LambdaAlarms: functions must list at least one function, got []');
    }
    const errorThreshold = props.errorThreshold ?? 5;
    const five = Duration.minutes(5);

    this.errors = this.rollUp(props, 'Errors', 'errors', {
      perFunction: (fn) => ({
        metric: functionMetric(fn.function, 'Errors', 'Sum', five),
        threshold: errorThreshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        summary: `${fn.name} failed ${errorThreshold} or more invocations in 5 minutes, in 2 of the last 3 periods.`,
      }),
      summary: `An API function is failing: ${errorThreshold}+ errors in 5 minutes in 2 of 3 periods (see which child alarm is in ALARM).`,
      missingData: 'not breaching (no invocations, no errors).',
    });
    this.durationNearTimeout = this.rollUp(props, 'DurationNearTimeout', 'duration-near-timeout', {
      perFunction: (fn) => {
        const limitMs = Math.round(fn.timeout.toMilliseconds() * 0.8);
        return {
          metric: functionMetric(fn.function, 'Duration', 'p99', five),
          threshold: limitMs,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          summary: `${fn.name} p99 duration is above ${limitMs} ms (80% of its ${fn.timeout.toSeconds()} s timeout) for 15 minutes.`,
        };
      },
      summary: 'An API function runs close to its timeout: p99 duration above 80% of the timeout for 15 minutes.',
      missingData: 'not breaching (no invocations).',
    });
    this.throttles = this.rollUp(props, 'Throttles', 'throttles', {
      perFunction: (fn) => ({
        metric: functionMetric(fn.function, 'Throttles', 'Sum', five),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        summary: `${fn.name} was throttled in 2 of the last 3 five-minute periods.`,
      }),
      summary: 'An API function is being throttled (at least 1 throttle in 2 of 3 five-minute periods).',
      missingData: 'not breaching (no throttles reported).',
    });

    const limit = Math.floor(props.accountConcurrencyLimit * 0.8);
    this.concurrencyNearLimit = props.alarms.addAlarm(
      this,
      'ConcurrencyNearLimit',
      { component: 'lambda', signal: 'concurrency-near-limit', severity: 'warning' },
      {
        summary: `Account-wide Lambda concurrency is above ${limit} (80% of the ${props.accountConcurrencyLimit} limit) for 3 minutes.`,
        missingData: 'not breaching (no executions reported means none are running).',
        dashboardName: props.dashboardName,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName: 'ConcurrentExecutions',
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: limit,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }

  /** One child alarm per function (`lambda-<function>-<signal>-warning`) and the composite that notifies. */
  private rollUp(
    props: LambdaAlarmsProps,
    constructId: string,
    signal: string,
    spec: {
      perFunction: (fn: WatchedFunction) => Omit<ThresholdSpec, 'comparisonOperator' | 'treatMissingData'> & {
        summary: string;
      };
      summary: string;
      missingData: string;
    },
  ): cloudwatch.CompositeAlarm {
    const parent: AlarmId = { component: 'lambda', signal, severity: 'warning' };
    const signalScope = new Construct(this, signal);
    const children = props.functions.map((fn) => {
      const child = props.alarms.addChildAlarm(
        signalScope,
        fn.name,
        { component: `lambda-${fn.name}`, signal, severity: 'warning' },
        {
          ...spec.perFunction(fn),
          parent,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          missingData: spec.missingData,
        },
      );
      this.children.push(child);
      return child;
    });
    return props.alarms.addComposite(this, constructId, parent, {
      summary: spec.summary,
      missingData: `children treat missing data as ${spec.missingData}`,
      dashboardName: props.dashboardName,
      rule: cloudwatch.AlarmRule.anyOf(
        ...children.map((c) => cloudwatch.AlarmRule.fromAlarm(c, cloudwatch.AlarmState.ALARM)),
      ),
      suppression: props.suppressor ? { alarm: props.suppressor } : undefined,
    });
  }
}
