import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FILTER_PATTERNS, LogMetricFilters } from '../../../lib/telemetry/log-metric-filters';

// What the patterns match in real log lines is tested in test/telemetry/log-metric-filters.test.ts.
const METRIC_FILTER = 'AWS::Logs::MetricFilter';
const FUNCTIONS = ['list-todos', 'delete-all-todos'];

const stack = new Stack(new App(), 'TestStack');
new LogMetricFilters(stack, 'LogMetrics', {
  namespace: 'TodoTest/Logs',
  functionLogGroups: FUNCTIONS.map((name) => ({
    name,
    logGroup: new logs.LogGroup(stack, `Logs-${name}`, { logGroupName: `/aws/lambda/todo-test-${name}` }),
  })),
  accessLogGroup: new logs.LogGroup(stack, 'AccessLogs', { logGroupName: '/aws/apigateway/todo-test-api/access' }),
});
const template = Template.fromStack(stack);

const refTo = (logGroupName: string) => ({
  Ref: Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: logGroupName } }))[0],
});

interface Transformation {
  MetricName: string;
  DefaultValue?: number;
  Dimensions?: unknown[];
}
/** Metric names published from the log group named `logGroupName`. */
function metricsOn(logGroupName: string): string[] {
  return Object.values(template.findResources(METRIC_FILTER, { Properties: { LogGroupName: refTo(logGroupName) } }))
    .flatMap((r) => r.Properties.MetricTransformations as Transformation[])
    .map((t) => t.MetricName)
    .sort();
}
const transformations = (): Transformation[] =>
  Object.values(template.findResources(METRIC_FILTER)).flatMap((r) => r.Properties.MetricTransformations);

describe('LogMetricFilters', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates four filters per function and three on the access log', () => {
    template.resourceCountIs(METRIC_FILTER, 4 * FUNCTIONS.length + 3);
  });

  test('each function log group feeds the error counts and its own memory and init-duration metrics', () => {
    expect(metricsOn('/aws/lambda/todo-test-list-todos')).toEqual([
      'ApplicationErrors',
      'ApplicationErrorsByRoute',
      'InitDurationMs-list-todos',
      'MaxMemoryUsedMB-list-todos',
    ]);
    expect(metricsOn('/aws/lambda/todo-test-delete-all-todos')).toEqual([
      'ApplicationErrors',
      'ApplicationErrorsByRoute',
      'InitDurationMs-delete-all-todos',
      'MaxMemoryUsedMB-delete-all-todos',
    ]);
  });

  test('the access log feeds the 4xx, 5xx and auth-failure counts', () => {
    expect(metricsOn('/aws/apigateway/todo-test-api/access')).toEqual(['AuthFailures', 'Http4xx', 'Http5xx']);
  });

  test('every filter pattern is a literal from FILTER_PATTERNS', () => {
    template.allResourcesProperties(METRIC_FILTER, {
      FilterPattern: Match.stringLikeRegexp('^\\{ .* \\}$'),
    });
    const patterns = Object.values(template.findResources(METRIC_FILTER)).map((r) => r.Properties.FilterPattern);
    expect(new Set(patterns)).toEqual(new Set(Object.values(FILTER_PATTERNS)));
  });

  test('counts default to 0 so alarms see a datapoint every period', () => {
    const counts = ['ApplicationErrors', 'Http4xx', 'Http5xx', 'AuthFailures'];
    const countFilters = transformations().filter((t) => counts.includes(t.MetricName));
    expect(new Set(countFilters.map((t) => t.MetricName))).toEqual(new Set(counts));
    for (const t of countFilters) {
      expect(t.DefaultValue).toBe(0);
    }
  });

  test('dimensioned and measured metrics have no default (CloudWatch rejects a default with dimensions)', () => {
    for (const t of transformations().filter((t) => t.Dimensions !== undefined || /-/.test(t.MetricName))) {
      expect(t.DefaultValue).toBeUndefined();
    }
    expect(transformations().filter((t) => t.Dimensions !== undefined)).toHaveLength(FUNCTIONS.length);
  });

  test('METRICS names what the filters publish', () => {
    const M = LogMetricFilters.METRICS;
    expect([M.applicationErrors, M.applicationErrorsByRoute, M.clientErrors, M.serverErrors, M.authFailures]).toEqual([
      'ApplicationErrors',
      'ApplicationErrorsByRoute',
      'Http4xx',
      'Http5xx',
      'AuthFailures',
    ]);
    expect(M.maxMemoryUsed('list-todos')).toBe('MaxMemoryUsedMB-list-todos');
    expect(M.initDuration('list-todos')).toBe('InitDurationMs-list-todos');
    // …and the filters publish exactly those names.
    const published = transformations().map((t) => t.MetricName);
    for (const name of [
      M.applicationErrors,
      M.applicationErrorsByRoute,
      M.clientErrors,
      M.serverErrors,
      M.authFailures,
    ]) {
      expect(published).toContain(name);
    }
    for (const fn of FUNCTIONS) {
      expect(published).toContain(M.maxMemoryUsed(fn));
      expect(published).toContain(M.initDuration(fn));
    }
  });
});
