import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { rumMetric } from '../metrics/metric-factory';

export interface WebAlarmsProps {
  /** Name of the web client's CloudWatch RUM app monitor: the `application_name` dimension of its metrics. */
  readonly appMonitorName: string;
  readonly alarms: AlarmFactory;
  readonly dashboardName: string;
  /**
   * JavaScript errors per 100 page views above which a 15-minute window breaches.
   * @default 5
   */
  readonly jsErrorRatePercent?: number;
  /**
   * Fewest page views a 15-minute window needs before its error rate may breach; below, the rate counts as 0.
   * @default 50
   */
  readonly minPageViews?: number;
  /**
   * p75 Largest Contentful Paint (ms) above which a 15-minute window breaches.
   * @default 2500 - the Core Web Vitals "good" boundary
   */
  readonly lcpThresholdMs?: number;
  /**
   * Fewest LCP measurements a 15-minute window needs before its p75 may breach; below, the p75 counts as 0.
   * @default 20
   */
  readonly minLcpSamples?: number;
}

/**
 * Warnings on what users of the web client experience, from the metrics CloudWatch RUM vends (`AWS/RUM`): JavaScript
 * errors per page view and the p75 Largest Contentful Paint. Both route to the warning topic (a ticket, not a page:
 * the API SLOs and canaries page when users cannot work at all).
 *
 * Neither is suppressed by the "API is down" composite: a broken bundle, a CDN problem or a slow asset is independent
 * of the API and must not go quiet while the API pages. During an API outage the error rate may fire as well (failed
 * requests can surface as unhandled rejections); a second e-mail next to the page is the smaller cost.
 *
 * RUM samples sessions (`sessionSampleRate`); both signals are ratios or percentiles of the sampled sessions, so the
 * thresholds hold at any sample rate, while the traffic guards count sampled page views and measurements only.
 */
export class WebAlarms extends Construct {
  /** The evaluation period of both alarms (and of the frontend dashboard's vitals). */
  public static readonly PERIOD = Duration.minutes(15);

  /**
   * `todo-<stage>-web-js-error-rate-warning`: by default more than 5 JavaScript errors per 100 page views in 3 of 3
   * windows of 15 minutes (45 minutes sustained), counted only in windows with at least 50 page views.
   *
   * - Errors per page view, not per session: RUM vends no "sessions with errors" metric, and `SessionCount` counts
   *   sessions *started* in the window, while a window's errors come from every session open in it (a session lasts
   *   up to 30 minutes of activity); page views and errors of a window are the same population. `PageViewCount`
   *   also does not depend on the app monitor's cookie setting, which decides what a session is.
   * - 5 %: a healthy single-page app throws close to never; the background of browser extensions, old browsers and
   *   dropped connections stays around 1 %. One error in 20 page views is a regression (typically a release).
   * - 3 of 3 × 15 min: one user stuck in a reload loop or one bad quarter-hour does not open a ticket.
   * - Traffic guard `IF(views >= 50, …, 0)`: 1 error in 2 page views is 50 % and means nothing; from 50 page views
   *   on, breaching takes at least 3 errors. Below the guard the rate counts as 0, so quiet windows evaluate OK.
   */
  public readonly jsErrorRate: cloudwatch.Alarm;
  /** JavaScript errors per 100 page views, guarded as the alarm evaluates it (15-minute period). */
  public readonly jsErrorRateMetric: cloudwatch.MathExpression;
  /**
   * `todo-<stage>-web-lcp-p75-warning`: by default the 75th percentile of Largest Contentful Paint above 2500 ms in 3
   * of 4 windows of 15 minutes, counted only in windows with at least 20 LCP measurements.
   *
   * - p75 and 2500 ms: Core Web Vitals assess each vital at the 75th percentile of page loads, and 2.5 s is the upper
   *   edge of "good" LCP (4 s starts "poor"). Alarming at the edge of good catches a regression before it is poor.
   * - 3 of 4 × 15 min: a slow hour with one recovered window still alarms; a single slow window (a cold CDN edge
   *   after a deploy, one user on a bad network) does not.
   * - Guard on the LCP metric's own SampleCount, not on sessions: it is exactly the number of measurements the p75
   *   is computed from (LCP is reported once per full page load and not for pages opened in the background), and a
   *   p75 of fewer than 20 loads is decided by its 5 slowest. Below the guard the p75 counts as 0.
   */
  public readonly lcp: cloudwatch.Alarm;
  /** p75 Largest Contentful Paint (ms), guarded as the alarm evaluates it (15-minute period). */
  public readonly lcpMetric: cloudwatch.MathExpression;
  /** The JavaScript error rate threshold, errors per 100 page views. */
  public readonly jsErrorRatePercent: number;
  public readonly lcpThresholdMs: number;

  constructor(scope: Construct, id: string, props: WebAlarmsProps) {
    super(scope, id);
    const jsErrorRatePercent = props.jsErrorRatePercent ?? 5;
    const minPageViews = props.minPageViews ?? 50;
    const lcpThresholdMs = props.lcpThresholdMs ?? 2500;
    const minLcpSamples = props.minLcpSamples ?? 20;
    positive('jsErrorRatePercent', jsErrorRatePercent, 'a number of errors per 100 page views above 0');
    positive('lcpThresholdMs', lcpThresholdMs, 'a number of milliseconds above 0');
    count('minPageViews', minPageViews);
    count('minLcpSamples', minLcpSamples);
    if (!props.appMonitorName) {
      throw new Error('WebAlarms: appMonitorName must name the RUM app monitor, got ""');
    }
    this.jsErrorRatePercent = jsErrorRatePercent;
    this.lcpThresholdMs = lcpThresholdMs;
    const period = WebAlarms.PERIOD;
    const rum = (metricName: string, statistic: string) =>
      rumMetric(props.appMonitorName, metricName, statistic, period);

    this.jsErrorRateMetric = new cloudwatch.MathExpression({
      // JsErrorCount publishes nothing in a window without errors: FILL makes that 0 errors, not a gap.
      expression: `IF(views >= ${minPageViews}, 100 * FILL(errors, 0) / views, 0)`,
      usingMetrics: { errors: rum('JsErrorCount', 'Sum'), views: rum('PageViewCount', 'Sum') },
      period,
      label: 'JS errors per 100 page views',
    });
    this.jsErrorRate = props.alarms.addAlarm(
      this,
      'JsErrorRate',
      { component: 'web', signal: 'js-error-rate', severity: 'warning' },
      {
        metric: this.jsErrorRateMetric,
        summary:
          `The web client throws more than ${jsErrorRatePercent} JavaScript errors per 100 page views ` +
          `(windows with at least ${minPageViews} page views) in 3 consecutive 15-minute periods.`,
        missingData: 'not breaching (no page views means no evidence; windows below the traffic guard evaluate as 0).',
        dashboardName: props.dashboardName,
        threshold: jsErrorRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );

    this.lcpMetric = new cloudwatch.MathExpression({
      expression: `IF(samples >= ${minLcpSamples}, lcp, 0)`,
      usingMetrics: {
        lcp: rum('WebVitalsLargestContentfulPaint', 'p75'),
        samples: rum('WebVitalsLargestContentfulPaint', 'SampleCount'),
      },
      period,
      label: 'LCP p75 (ms)',
    });
    this.lcp = props.alarms.addAlarm(
      this,
      'LcpP75',
      { component: 'web', signal: 'lcp-p75', severity: 'warning' },
      {
        metric: this.lcpMetric,
        summary:
          `The web client's p75 Largest Contentful Paint is above ${lcpThresholdMs} ms ` +
          `(windows with at least ${minLcpSamples} page loads) in 3 of the last 4 15-minute periods.`,
        missingData: 'not breaching (no page loads means no evidence; windows below the sample guard evaluate as 0).',
        dashboardName: props.dashboardName,
        threshold: lcpThresholdMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 4,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }
}

function positive(prop: string, value: number, allowed: string): void {
  if (!Token.isUnresolved(value) && !(Number.isFinite(value) && value > 0)) {
    throw new Error(`WebAlarms: ${prop} must be ${allowed}, got ${value}`);
  }
}

function count(prop: string, value: number): void {
  if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value >= 1)) {
    throw new Error(`WebAlarms: ${prop} must be an integer of at least 1, got ${value}`);
  }
}
