import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { alarmDescription, alarmName, AlarmRouting, routeAlarm } from './alarm-conventions';

export interface WatchedFunction {
  /** Short name, e.g. `list-todos`. */
  readonly name: string;
  readonly function: lambda.IFunction;
  readonly timeout: Duration;
}

export interface LambdaAlarmsProps {
  readonly functions: readonly WatchedFunction[];
  readonly routing: AlarmRouting;
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
    const { routing } = props;

    const errors = this.perFunction(props, 'errors', (fn) => ({
      metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: errorThreshold,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      summary: `${fn.name} failed ${errorThreshold} or more invocations in 5 minutes, in 2 of the last 3 periods.`,
    }));
    this.errors = this.composite('Errors', props, 'lambda-errors-warning', errors, {
      summary: `An API function is failing: ${errorThreshold}+ errors in 5 minutes in 2 of 3 periods (see which child alarm is in ALARM).`,
      missingData: 'children treat missing data as not breaching (no invocations, no errors).',
    });

    const duration = this.perFunction(props, 'duration-near-timeout', (fn) => {
      const limitMs = Math.round(fn.timeout.toMilliseconds() * 0.8);
      return {
        metric: fn.function.metricDuration({ period: Duration.minutes(5), statistic: 'p99' }),
        threshold: limitMs,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        summary: `${fn.name} p99 duration is above ${limitMs} ms (80% of its ${fn.timeout.toSeconds()} s timeout) for 15 minutes.`,
      };
    });
    this.durationNearTimeout = this.composite(
      'DurationNearTimeout',
      props,
      'lambda-duration-near-timeout-warning',
      duration,
      {
        summary: 'An API function runs close to its timeout: p99 duration above 80% of the timeout for 15 minutes.',
        missingData: 'children treat missing data as not breaching (no invocations).',
      },
    );

    const throttles = this.perFunction(props, 'throttles', (fn) => ({
      metric: fn.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      summary: `${fn.name} was throttled in 2 of the last 3 five-minute periods.`,
    }));
    this.throttles = this.composite('Throttles', props, 'lambda-throttles-warning', throttles, {
      summary: 'An API function is being throttled (at least 1 throttle in 2 of 3 five-minute periods).',
      missingData: 'children treat missing data as not breaching (no throttles reported).',
    });

    const limit = Math.floor(props.accountConcurrencyLimit * 0.8);
    this.concurrencyNearLimit = new cloudwatch.Alarm(this, 'ConcurrencyNearLimit', {
      alarmName: alarmName(routing, 'lambda-concurrency-near-limit-warning'),
      alarmDescription: alarmDescription(routing, {
        id: 'lambda-concurrency-near-limit-warning',
        severity: 'warning',
        summary: `Account-wide Lambda concurrency is above ${limit} (80% of the ${props.accountConcurrencyLimit} limit) for 3 minutes.`,
        missingData: 'not breaching (no executions reported means none are running).',
        dashboardName: props.dashboardName,
      }),
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
    });
    routeAlarm(this.concurrencyNearLimit, routing, 'warning');
  }

  private perFunction(
    props: LambdaAlarmsProps,
    signal: string,
    spec: (fn: WatchedFunction) => {
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods: number;
      datapointsToAlarm: number;
      summary: string;
    },
  ): cloudwatch.Alarm[] {
    const signalScope = new Construct(this, signal);
    return props.functions.map((fn) => {
      const s = spec(fn);
      const alarm = new cloudwatch.Alarm(signalScope, fn.name, {
        alarmName: alarmName(props.routing, `lambda-${fn.name}-${signal}-warning`),
        alarmDescription: `${s.summary} Part of ${alarmName(props.routing, `lambda-${signal}-warning`)}; no actions of its own.`,
        metric: s.metric,
        threshold: s.threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: s.evaluationPeriods,
        datapointsToAlarm: s.datapointsToAlarm,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.children.push(alarm);
      return alarm;
    });
  }

  private composite(
    id: string,
    props: LambdaAlarmsProps,
    alarmId: string,
    children: cloudwatch.Alarm[],
    doc: { summary: string; missingData: string },
  ): cloudwatch.CompositeAlarm {
    const composite = new cloudwatch.CompositeAlarm(this, id, {
      compositeAlarmName: alarmName(props.routing, alarmId),
      alarmDescription: alarmDescription(props.routing, {
        id: alarmId,
        severity: 'warning',
        dashboardName: props.dashboardName,
        ...doc,
      }),
      alarmRule: cloudwatch.AlarmRule.anyOf(
        ...children.map((c) => cloudwatch.AlarmRule.fromAlarm(c, cloudwatch.AlarmState.ALARM)),
      ),
      actionsSuppressor: props.suppressor,
      actionsSuppressorWaitPeriod: props.suppressor ? Duration.minutes(2) : undefined,
      actionsSuppressorExtensionPeriod: props.suppressor ? Duration.minutes(10) : undefined,
    });
    routeAlarm(composite, props.routing, 'warning');
    return composite;
  }
}
