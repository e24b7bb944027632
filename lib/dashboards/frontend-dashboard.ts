import { Duration } from 'aws-cdk-lib';
import { cloudWatchConsole } from '../alarms/alarm-description';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { rumMetric } from '../metrics/metric-factory';
import { WebAlarms } from '../alarms/web-alarms';
import { WEB_INTERACTIONS, webInteractionMetric } from '../web/web-interaction-metrics';

export interface FrontendDashboardProps {
  readonly dashboardName: string;
  /** The web client's CloudWatch RUM app monitor: the `application_name` dimension of its `AWS/RUM` metrics. */
  readonly appMonitorName: string;
  /** The error-rate expression the JavaScript error alarm evaluates (errors per 100 page views). */
  readonly jsErrorRate: cloudwatch.IMetric;
  /** That alarm's threshold, drawn on the graph. */
  readonly jsErrorRateThresholdPercent: number;
  /** The frontend alarms, shown in a status widget. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The API stage's X-Ray service name (`<api name>/<stage>`), named in the trace walkthrough. */
  readonly apiTraceName: string;
  /** Logs Insights folder of the saved queries (`{app}-{stage}`), named in the trace walkthrough. */
  readonly savedQueriesFolder: string;
}

/** Core Web Vitals thresholds (web.dev): "good" up to the first value, "poor" above the second, assessed at p75. */
const CORE_WEB_VITALS: Record<'lcp' | 'inp' | 'cls', VitalBounds> = {
  lcp: { good: 2500, poor: 4000, format: (ms) => `${ms / 1000} s` },
  inp: { good: 200, poor: 500, format: (ms) => `${ms} ms` },
  cls: { good: 0.1, poor: 0.25, format: String },
};

interface VitalBounds {
  readonly good: number;
  readonly poor: number;
  readonly format: (value: number) => string;
}

/**
 * What users of the web client experience, from the metrics CloudWatch RUM vends for its app monitor (`AWS/RUM`):
 * the Core Web Vitals at p75 against their good/poor boundaries, JavaScript and HTTP errors, the error rate the alarm
 * evaluates, sessions, page views and page-load satisfaction, what users do (custom events as metrics), the frontend
 * alarms, and how to go from a RUM session to the X-Ray trace of a failing request.
 */
export class FrontendDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: FrontendDashboardProps) {
    super(scope, id);
    const app = props.appMonitorName;
    const five = Duration.minutes(5);
    // Vitals at the alarms' 15-minute period: the graph shows the datapoints the LCP alarm evaluates.
    const fifteen = WebAlarms.PERIOD;
    const rum = (metricName: string, statistic: string, label: string, period: Duration = five) =>
      rumMetric(app, metricName, statistic, period, label);
    const vital = (title: string, metricName: string, bounds: VitalBounds) =>
      new cloudwatch.GraphWidget({
        title,
        left: [rum(metricName, 'p75', 'p75', fifteen)],
        right: [rum(metricName, 'SampleCount', 'measurements', fifteen)],
        leftAnnotations: [
          { value: bounds.good, label: `good ≤ ${bounds.format(bounds.good)}`, color: cloudwatch.Color.GREEN },
          { value: bounds.poor, label: `poor > ${bounds.format(bounds.poor)}`, color: cloudwatch.Color.RED },
        ],
        leftYAxis: { min: 0 },
        rightYAxis: { min: 0, showUnits: false },
        width: 8,
      });
    const home = cloudWatchConsole();

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: [
              '### From a RUM session to its X-Ray trace',
              `1. Open the app monitor [${app}](${home}#rum:dashboard/${app}) → **Sessions** → the session ` +
                '(from **Errors** or **HTTP requests**, filter by page, browser or error message).',
              "2. In the session's events, open the failing `com.amazon.rum.http_event`: it carries the request's " +
                '`trace_id`.',
              `3. Open the trace: [X-Ray traces](${home}#xray:traces/query), or \`…#xray:traces/<trace_id>\`. Its root ` +
                `segment is the browser's request (origin \`AWS::RUM::AppMonitor\`); below it API Gateway ` +
                `\`${props.apiTraceName}\` → the route's Lambda function → DynamoDB. The red or longest node is where ` +
                'it failed or waited.',
              `4. Every log line of that request: saved query \`${props.savedQueriesFolder}/trace-by-id\` with the ` +
                'trace id (Logs Insights → Saved queries).',
            ].join('\n'),
            width: 16,
            height: 6,
          }),
          new cloudwatch.AlarmStatusWidget({
            title: 'Frontend alarms',
            alarms: [...props.alarms],
            width: 8,
            height: 6,
          }),
        ],
        [
          vital('Largest Contentful Paint p75 (ms)', 'WebVitalsLargestContentfulPaint', CORE_WEB_VITALS.lcp),
          vital('Interaction to Next Paint p75 (ms)', 'WebVitalsInteractionToNextPaint', CORE_WEB_VITALS.inp),
          vital('Cumulative Layout Shift p75', 'WebVitalsCumulativeLayoutShift', CORE_WEB_VITALS.cls),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'JS errors per 100 page views (alarm expression)',
            left: [props.jsErrorRate],
            leftAnnotations: [
              {
                value: props.jsErrorRateThresholdPercent,
                label: `alarm > ${props.jsErrorRateThresholdPercent}`,
                color: cloudwatch.Color.ORANGE,
              },
            ],
            leftYAxis: { min: 0 },
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'JS errors',
            left: [rum('JsErrorCount', 'Sum', 'JS errors')],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'HTTP errors seen by browsers',
            left: [rum('Http4xxCount', 'Sum', '4xx'), rum('Http5xxCount', 'Sum', '5xx')],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Sessions and page views',
            left: [rum('SessionCount', 'Sum', 'sessions'), rum('PageViewCount', 'Sum', 'page views')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Page loads: satisfied < 2 s, tolerated, frustrated ≥ 8 s',
            left: [
              rum('NavigationSatisfiedTransaction', 'Sum', 'satisfied'),
              rum('NavigationToleratedTransaction', 'Sum', 'tolerated'),
              rum('NavigationFrustratedTransaction', 'Sum', 'frustrated'),
            ],
            stacked: true,
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'What users do in the web client (RUM custom events, sampled sessions only)',
            left: WEB_INTERACTIONS.map((interaction) => webInteractionMetric(app, interaction)),
            width: 24,
          }),
        ],
      ],
    });
  }
}
