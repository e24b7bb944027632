import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { testAlarms } from '../../support/alarm-fixtures';
import { WebAlarms, WebAlarmsProps } from '../../../lib/alarms/web-alarms';
import { flatten } from '../../support/template-text';
import { MetricDataQuery, namedAlarm } from '../../support/alarm-metrics';

const ALARM = 'AWS::CloudWatch::Alarm';
const APP_MONITOR = 'todo-test-web';

function build(overrides: Partial<WebAlarmsProps> = {}) {
  const stack = new Stack(new App(), 'TestStack');
  const { alarms: factory } = testAlarms(stack);
  const web = new WebAlarms(stack, 'WebAlarms', {
    appMonitorName: APP_MONITOR,
    alarms: factory,
    dashboardName: 'todo-test-frontend',
    ...overrides,
  });
  return { web, template: Template.fromStack(stack) };
}

const alarmNamed = (template: Template, name: string) => namedAlarm(template.findResources(ALARM), name).props;

/** The alarm's queries: the one returned expression and its inputs by id. */
function queriesOf(alarm: Record<string, unknown>) {
  const metrics = alarm.Metrics as MetricDataQuery[];
  const returned = metrics.filter((m) => m.ReturnData !== false);
  expect(returned).toHaveLength(1);
  const inputs = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m]));
  for (const input of Object.values(inputs)) expect(input.ReturnData).toBe(false);
  return { expression: returned[0].Expression!, inputs };
}

const rum = (metricName: string, stat: string) => ({
  Metric: {
    Namespace: 'AWS/RUM',
    MetricName: metricName,
    Dimensions: [{ Name: 'application_name', Value: APP_MONITOR }],
  },
  Stat: stat,
  Period: 900,
});

const { template } = build();
const jsErrors = alarmNamed(template, 'todo-test-web-js-error-rate-warning');
const lcp = alarmNamed(template, 'todo-test-web-lcp-p75-warning');

describe('WebAlarms', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates two metric alarms and no composite (nothing suppresses them)', () => {
    template.resourceCountIs(ALARM, 2);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
  });

  describe('web-js-error-rate-warning', () => {
    const { expression, inputs } = queriesOf(jsErrors);

    test('reads the Sum of JsErrorCount and PageViewCount of the app monitor per 15 minutes', () => {
      expect(Object.keys(inputs).sort()).toEqual(['errors', 'views']);
      expect(inputs.errors.MetricStat).toEqual(rum('JsErrorCount', 'Sum'));
      expect(inputs.views.MetricStat).toEqual(rum('PageViewCount', 'Sum'));
    });

    test('is errors per 100 page views, 0 below 50 page views, missing errors counted as 0', () => {
      expect(expression).toBe('IF(views >= 50, 100 * FILL(errors, 0) / views, 0)');
    });

    test('breaches above 5 in 3 of 3 periods; missing data is not breaching', () => {
      expect(jsErrors).toMatchObject({
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
      });
    });

    test('the summary states the threshold and the traffic guard', () => {
      const summary = flatten(jsErrors.AlarmDescription).split('\n')[0];
      expect(summary).toContain('more than 5 JavaScript errors per 100 page views');
      expect(summary).toContain('at least 50 page views');
    });
  });

  describe('web-lcp-p75-warning', () => {
    const { expression, inputs } = queriesOf(lcp);

    test('reads the p75 and the SampleCount of WebVitalsLargestContentfulPaint per 15 minutes', () => {
      expect(Object.keys(inputs).sort()).toEqual(['lcp', 'samples']);
      expect(inputs.lcp.MetricStat).toEqual(rum('WebVitalsLargestContentfulPaint', 'p75'));
      expect(inputs.samples.MetricStat).toEqual(rum('WebVitalsLargestContentfulPaint', 'SampleCount'));
    });

    test('counts the p75 only in windows with at least 20 measurements', () => {
      expect(expression).toBe('IF(samples >= 20, lcp, 0)');
    });

    test('breaches above 2500 ms in 3 of 4 periods; missing data is not breaching', () => {
      expect(lcp).toMatchObject({
        Threshold: 2500,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 4,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
      });
    });

    test('the summary states the threshold and the sample guard', () => {
      const summary = flatten(lcp.AlarmDescription).split('\n')[0];
      expect(summary).toContain('above 2500 ms');
      expect(summary).toContain('at least 20 page loads');
    });
  });

  test('both notify the warning topic on ALARM only', () => {
    for (const alarm of [jsErrors, lcp]) {
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^TopicsWarningTopic/) }]);
      expect(alarm.OKActions).toBeUndefined();
    }
    template.allResourcesProperties(ALARM, { AlarmActions: [{ Ref: Match.stringLikeRegexp('^TopicsWarningTopic') }] });
  });

  test('exposes the guarded expressions and thresholds for the dashboard', () => {
    const { web } = build();
    expect(web.jsErrorRateMetric.expression).toBe('IF(views >= 50, 100 * FILL(errors, 0) / views, 0)');
    expect(web.lcpMetric.expression).toBe('IF(samples >= 20, lcp, 0)');
    expect([web.jsErrorRatePercent, web.lcpThresholdMs]).toEqual([5, 2500]);
  });

  test('thresholds and guards come from the props when given', () => {
    const custom = build({ jsErrorRatePercent: 2.5, minPageViews: 200, lcpThresholdMs: 4000, minLcpSamples: 100 });
    const errors = alarmNamed(custom.template, 'todo-test-web-js-error-rate-warning');
    const slow = alarmNamed(custom.template, 'todo-test-web-lcp-p75-warning');
    expect(errors.Threshold).toBe(2.5);
    expect(queriesOf(errors).expression).toBe('IF(views >= 200, 100 * FILL(errors, 0) / views, 0)');
    expect(slow.Threshold).toBe(4000);
    expect(queriesOf(slow).expression).toBe('IF(samples >= 100, lcp, 0)');
  });

  test.each([0, -1, Number.NaN])('fails when jsErrorRatePercent is %p', (jsErrorRatePercent) => {
    expect(() => build({ jsErrorRatePercent })).toThrow(
      `WebAlarms: jsErrorRatePercent must be a number of errors per 100 page views above 0, got ${jsErrorRatePercent}`,
    );
  });

  test.each([0, -2500])('fails when lcpThresholdMs is %p', (lcpThresholdMs) => {
    expect(() => build({ lcpThresholdMs })).toThrow(
      `WebAlarms: lcpThresholdMs must be a number of milliseconds above 0, got ${lcpThresholdMs}`,
    );
  });

  test.each([
    ['minPageViews', 0],
    ['minPageViews', 10.5],
    ['minLcpSamples', 0],
    ['minLcpSamples', -20],
  ] as const)('fails when %s is %p', (prop, value) => {
    expect(() => build({ [prop]: value })).toThrow(`WebAlarms: ${prop} must be an integer of at least 1, got ${value}`);
  });

  test('fails when the app monitor name is empty', () => {
    expect(() => build({ appMonitorName: '' })).toThrow(
      'WebAlarms: appMonitorName must name the RUM app monitor, got ""',
    );
  });
});
