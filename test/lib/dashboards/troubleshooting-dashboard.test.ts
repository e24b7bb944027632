import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DYNAMODB_OPERATIONS } from '../../../contract/telemetry';
import { DashboardSources } from '../../../lib/metrics/metric-factory';
import { LogMetricFilters } from '../../../lib/telemetry/log-metric-filters';
import { TroubleshootingDashboard } from '../../../lib/dashboards/troubleshooting-dashboard';
import { dashboardBody, widgetTitled as widgetTitledIn } from '../../support/dashboard-body';

/** Function short name → timeout in seconds. */
const FUNCTIONS = { 'list-todos': 10, 'create-todo': 3 } as const;
const ROUTES = [
  { method: 'GET', path: '/todos' },
  { method: 'POST', path: '/todos' },
];
const TRACE_GROUPS = ['todo-test-faults', 'todo-test-slow-requests'];

const stack = new Stack(new App(), 'TestStack');
const functions = Object.entries(FUNCTIONS).map(([name, seconds]) => ({
  name,
  timeout: Duration.seconds(seconds),
  function: new lambda.Function(stack, `${name}-fn`, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    timeout: Duration.seconds(seconds),
  }),
}));
const table = new dynamodb.TableV2(stack, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
});
const sources: DashboardSources = {
  apiName: 'todo-test-api',
  stageName: 'test',
  routes: ROUTES,
  functions,
  table,
  applicationLogGroups: [new logs.LogGroup(stack, 'AppLogs')],
  accessLogGroup: new logs.LogGroup(stack, 'AccessLogs'),
  metricsNamespace: 'TodoTest',
  serviceName: 'todo-api',
  logMetricsNamespace: 'TodoTest/Logs',
};
new TroubleshootingDashboard(stack, 'Troubleshooting', {
  dashboardName: 'todo-test-troubleshooting',
  sources,
  traceGroups: TRACE_GROUPS,
  initDurationMetric: LogMetricFilters.METRICS.initDuration,
  maxMemoryMetric: LogMetricFilters.METRICS.maxMemoryUsed,
});
const template = Template.fromStack(stack);

const { widgets } = dashboardBody(template);
const widgetTitled = (title: string) => widgetTitledIn(widgets, title);
const functionRef = (name: string) =>
  `<Ref:${stack.resolve(stack.getLogicalId(stack.node.findChild(`${name}-fn`).node.defaultChild as lambda.CfnFunction))}>`;
const tableRef = `<Ref:${stack.resolve(stack.getLogicalId(table.node.defaultChild as dynamodb.CfnGlobalTable))}>`;

/**
 * A dashboard metric array: namespace, name, dimension name/value pairs, then the options object. The options are
 * normalised: the statistic CloudWatch defaults to (Average) is made explicit, and the account and region of the
 * stack itself (the table's metrics carry them) are dropped.
 */
function parseMetric(entry: unknown[]) {
  const last = (typeof entry[entry.length - 1] === 'object' ? entry[entry.length - 1] : {}) as Record<string, unknown>;
  const { accountId, region, ...rest } = last;
  expect(accountId ?? '<Ref:AWS::AccountId>').toBe('<Ref:AWS::AccountId>');
  expect(region ?? '<Ref:AWS::Region>').toBe('<Ref:AWS::Region>');
  const options = { ...rest, stat: rest.stat ?? 'Average' };
  const [namespace, metricName, ...pairs] = entry.filter((e) => typeof e !== 'object') as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
  return { namespace, metricName, dimensions, options };
}
const metricsOf = (title: string) => (widgetTitled(title).properties.metrics as unknown[][]).map(parseMetric);

describe('TroubleshootingDashboard', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one dashboard with the given name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'todo-test-troubleshooting' });
  });

  test('links every X-Ray trace group and the trace map in the deployment region', () => {
    const [text] = widgets.filter((w) => w.type === 'text');
    const markdown = text.properties.markdown!;
    for (const group of TRACE_GROUPS) {
      expect(markdown).toContain(
        `[${group}](https://<Ref:AWS::Region>.console.aws.amazon.com/cloudwatch/home?region=<Ref:AWS::Region>#xray:traces/query?~(query~(expression~'group*3d*22${group}*22))`,
      );
    }
    expect(markdown).toContain('[Trace map](https://<Ref:AWS::Region>.console.aws.amazon.com/');
  });

  test.each(Object.entries(FUNCTIONS))('%s duration graph: p50 and p99 with timeout and 80%% annotations', (fn, s) => {
    const widget = widgetTitled(`${fn}: duration vs timeout (ms)`);
    expect((widget.properties.metrics as unknown[][]).map(parseMetric)).toEqual(
      ['p50', 'p99'].map((stat) => ({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: { FunctionName: functionRef(fn) },
        options: { label: stat, stat },
      })),
    );
    expect(widget.properties.annotations!.horizontal).toEqual([
      { value: s * 1000, label: 'timeout', color: expect.any(String), yAxis: 'left' },
      { value: s * 800, label: '80% (alarm)', color: expect.any(String), yAxis: 'left' },
    ]);
  });

  test.each([
    ['Errors per function', 'Errors', 'Sum'],
    ['Throttles per function', 'Throttles', 'Sum'],
    ['Concurrent executions per function (max)', 'ConcurrentExecutions', 'Maximum'],
  ])('"%s" graphs %s (%s) of each function', (title, metricName, stat) => {
    expect(metricsOf(title)).toEqual(
      Object.keys(FUNCTIONS).map((fn) => ({
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: { FunctionName: functionRef(fn) },
        options: { label: fn, stat },
      })),
    );
  });

  test('cold starts come from the handlers ColdStart EMF metric of the service', () => {
    expect(metricsOf('Cold starts (ColdStart metric)')).toEqual([
      {
        namespace: 'TodoTest',
        metricName: 'ColdStart',
        dimensions: { service: 'todo-api' },
        options: { label: 'ColdStart', stat: 'Sum' },
      },
    ]);
  });

  test.each([
    ['Init duration per function (ms, cold starts)', LogMetricFilters.METRICS.initDuration, 'Average'],
    ['Max memory used per function (MB)', LogMetricFilters.METRICS.maxMemoryUsed, 'Maximum'],
  ])('"%s" reads each function metric from the log-metrics namespace', (title, metricName, stat) => {
    expect(metricsOf(title)).toEqual(
      Object.keys(FUNCTIONS).map((fn) => ({
        namespace: 'TodoTest/Logs',
        metricName: metricName(fn),
        dimensions: {},
        options: { label: fn, stat },
      })),
    );
  });

  test('handler latency per route: p99 RequestLatency with the service and route dimensions', () => {
    expect(metricsOf('Handler latency per route (ms, p99)')).toEqual(
      ROUTES.map((r) => ({
        namespace: 'TodoTest',
        metricName: 'RequestLatency',
        dimensions: { service: 'todo-api', route: `${r.method} ${r.path}` },
        options: { label: `${r.method} ${r.path}`, stat: 'p99' },
      })),
    );
  });

  test('DynamoDB latency, handler view: p99 DynamoDbLatency per operation (EMF operation dimension)', () => {
    expect(metricsOf('DynamoDB latency per operation (handler view, p99 ms)')).toEqual(
      DYNAMODB_OPERATIONS.map((operation) => ({
        namespace: 'TodoTest',
        metricName: 'DynamoDbLatency',
        dimensions: { service: 'todo-api', operation },
        options: { label: operation, stat: 'p99' },
      })),
    );
  });

  test('DynamoDB latency, service view: average SuccessfulRequestLatency per table operation', () => {
    expect(metricsOf('DynamoDB latency per operation (service view, avg ms)')).toEqual(
      DYNAMODB_OPERATIONS.map((Operation) => ({
        namespace: 'AWS/DynamoDB',
        metricName: 'SuccessfulRequestLatency',
        dimensions: { TableName: tableRef, Operation },
        options: { label: Operation, stat: 'Average' },
      })),
    );
  });

  test('DynamoDB errors per operation and the table read and write throttles', () => {
    const metrics = metricsOf('DynamoDB errors and throttles');
    expect(metrics.slice(0, DYNAMODB_OPERATIONS.length)).toEqual(
      DYNAMODB_OPERATIONS.map((operation) => ({
        namespace: 'TodoTest',
        metricName: 'DynamoDbError',
        dimensions: { service: 'todo-api', operation },
        options: { label: operation, stat: 'Sum' },
      })),
    );
    expect(metrics.slice(DYNAMODB_OPERATIONS.length)).toEqual(
      ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) => ({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensions: { TableName: tableRef },
        options: { label: expect.stringMatching(/^(read|write) throttles$/), stat: 'Sum' },
      })),
    );
  });

  test('every metric in a graph is distinct (no duplicated series within a widget)', () => {
    for (const widget of widgets.filter((w) => w.type === 'metric')) {
      const keys = (widget.properties.metrics as unknown[][]).map((m) => JSON.stringify(m));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
