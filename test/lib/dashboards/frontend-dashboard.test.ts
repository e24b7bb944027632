import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { testAlarms } from '../../support/alarm-fixtures';
import { FrontendDashboard } from '../../../lib/dashboards/frontend-dashboard';
import { WebAlarms } from '../../../lib/alarms/web-alarms';
import { dashboardBody, widgetTitled as widgetTitledIn } from '../../support/dashboard-body';

const APP_MONITOR = 'todo-test-web';

const stack = new Stack(new App(), 'TestStack');
const { alarms: factory } = testAlarms(stack);
// The real alarms: the dashboard graphs the very expression the error-rate alarm evaluates.
const web = new WebAlarms(stack, 'WebAlarms', {
  appMonitorName: APP_MONITOR,
  alarms: factory,
  dashboardName: 'todo-test-frontend',
});
new FrontendDashboard(stack, 'Frontend', {
  dashboardName: 'todo-test-frontend',
  appMonitorName: APP_MONITOR,
  jsErrorRate: web.jsErrorRateMetric,
  jsErrorRateThresholdPercent: web.jsErrorRatePercent,
  alarms: [web.jsErrorRate, web.lcp],
  apiTraceName: 'todo-test-api/test',
  savedQueriesFolder: 'todo-test',
});
const template = Template.fromStack(stack);

const { widgets } = dashboardBody(template);
const widgetTitled = (title: string) => widgetTitledIn(widgets, title);
const arnOf = (alarm: cloudwatch.Alarm) =>
  `<${stack.resolve(stack.getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm))}.Arn>`;

/** A dashboard metric array: namespace, name, dimension name/value pairs, then the options object. */
function parseMetric(entry: unknown[]) {
  const last = entry[entry.length - 1];
  const options = (typeof last === 'object' ? last : {}) as Record<string, unknown>;
  const [namespace, metricName, ...pairs] = entry.filter((e) => typeof e !== 'object') as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
  return { namespace, metricName, dimensions, options };
}
const metricsOf = (title: string) => (widgetTitled(title).properties.metrics as unknown[][]).map(parseMetric);
const rum = (metricName: string, options: Record<string, unknown>) => ({
  namespace: 'AWS/RUM',
  metricName,
  dimensions: { application_name: APP_MONITOR },
  options,
});

describe('FrontendDashboard', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('graphs what users do from the RUM custom-event metrics, hourly sums per app monitor', () => {
    const interaction = (metricName: string, label: string) => ({
      namespace: 'RUM/CustomMetrics/TodoWeb',
      metricName,
      dimensions: { application_name: APP_MONITOR },
      options: { label, period: 3600, stat: 'Sum' },
    });
    expect(metricsOf('What users do in the web client (RUM custom events, sampled sessions only)')).toEqual([
      interaction('TodosAdded', 'todos added'),
      interaction('TodosCompleted', 'todos completed'),
      interaction('TodosDeleted', 'todos deleted'),
      interaction('SignIns', 'sign-ins'),
    ]);
  });

  test('creates one dashboard with the given name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'todo-test-frontend' });
  });

  test.each([
    ['Largest Contentful Paint p75 (ms)', 'WebVitalsLargestContentfulPaint', [2500, '2.5 s'], [4000, '4 s']],
    ['Interaction to Next Paint p75 (ms)', 'WebVitalsInteractionToNextPaint', [200, '200 ms'], [500, '500 ms']],
    ['Cumulative Layout Shift p75', 'WebVitalsCumulativeLayoutShift', [0.1, '0.1'], [0.25, '0.25']],
  ] as const)('"%s": p75 of %s per 15 min with its sample count, good/poor at %p/%p', (title, name, good, poor) => {
    expect(metricsOf(title)).toEqual([
      rum(name, { label: 'p75', period: 900, stat: 'p75' }),
      rum(name, { label: 'measurements', period: 900, stat: 'SampleCount', yAxis: 'right' }),
    ]);
    expect(widgetTitled(title).properties.annotations!.horizontal).toEqual([
      { value: good[0], label: `good ≤ ${good[1]}`, color: '#2ca02c', yAxis: 'left' },
      { value: poor[0], label: `poor > ${poor[1]}`, color: '#d62728', yAxis: 'left' },
    ]);
  });

  test("graphs the error-rate alarm's own expression with its threshold", () => {
    const widget = widgetTitled('JS errors per 100 page views (alarm expression)');
    const rows = widget.properties.metrics as unknown[][];
    const expression = rows.find((row) => (row[0] as { expression?: string }).expression);
    expect(expression![0]).toMatchObject({
      expression: 'IF(views >= 50, 100 * FILL(errors, 0) / views, 0)',
      label: 'JS errors per 100 page views',
      period: 900,
    });
    const inputs = rows.filter((row) => row !== expression).map(parseMetric);
    expect(inputs).toEqual([
      rum('JsErrorCount', { id: 'errors', period: 900, stat: 'Sum', visible: false }),
      rum('PageViewCount', { id: 'views', period: 900, stat: 'Sum', visible: false }),
    ]);
    expect(widget.properties.annotations!.horizontal).toEqual([
      { value: 5, label: 'alarm > 5', color: expect.any(String), yAxis: 'left' },
    ]);
  });

  test('JS errors, HTTP 4xx/5xx, sessions and page views are 5-minute sums of the app monitor', () => {
    const sum = (metricName: string, label: string) => rum(metricName, { label, stat: 'Sum' });
    expect(metricsOf('JS errors')).toEqual([sum('JsErrorCount', 'JS errors')]);
    expect(metricsOf('HTTP errors seen by browsers')).toEqual([sum('Http4xxCount', '4xx'), sum('Http5xxCount', '5xx')]);
    expect(metricsOf('Sessions and page views')).toEqual([
      sum('SessionCount', 'sessions'),
      sum('PageViewCount', 'page views'),
    ]);
    expect(metricsOf('Page loads: satisfied < 2 s, tolerated, frustrated ≥ 8 s')).toEqual([
      sum('NavigationSatisfiedTransaction', 'satisfied'),
      sum('NavigationToleratedTransaction', 'tolerated'),
      sum('NavigationFrustratedTransaction', 'frustrated'),
    ]);
  });

  test('every RUM metric is in AWS/RUM or the custom-event namespace, with only the app monitor as dimension', () => {
    const all = widgets
      .flatMap((w) => (w.properties.metrics ?? []) as unknown[][])
      .filter((row) => typeof row[0] === 'string')
      .map(parseMetric);
    expect(all.length).toBeGreaterThan(10);
    for (const m of all) {
      expect(['AWS/RUM', 'RUM/CustomMetrics/TodoWeb']).toContain(m.namespace);
      expect(m.dimensions).toEqual({ application_name: APP_MONITOR });
    }
  });

  test('the alarm status widget shows exactly the two frontend alarms', () => {
    const widget = widgetTitled('Frontend alarms');
    expect(widget.type).toBe('alarm');
    expect(widget.properties.alarms).toEqual([arnOf(web.jsErrorRate), arnOf(web.lcp)]);
  });

  test('the text widget walks from a RUM session to the X-Ray trace and its logs', () => {
    const markdown = widgets.find((w) => w.type === 'text')!.properties.markdown!;
    expect(markdown).toContain('### From a RUM session to its X-Ray trace');
    expect(markdown).toContain(
      `[${APP_MONITOR}](https://<Ref:AWS::Region>.console.aws.amazon.com/cloudwatch/home?region=<Ref:AWS::Region>#rum:dashboard/${APP_MONITOR})`,
    );
    expect(markdown).toContain('**Sessions**');
    expect(markdown).toContain('`com.amazon.rum.http_event`');
    expect(markdown).toContain('#xray:traces/query');
    expect(markdown).toMatch(
      /root segment is the browser's request.*API Gateway `todo-test-api\/test` → the route's Lambda function → DynamoDB/s,
    );
    expect(markdown).toContain('`todo-test/trace-by-id`');
  });

  test('every row is at most 24 units wide', () => {
    const rows = new Map<number, number>();
    for (const w of widgets) rows.set(w.y, (rows.get(w.y) ?? 0) + w.width);
    for (const width of rows.values()) expect(width).toBeLessThanOrEqual(24);
  });
});
