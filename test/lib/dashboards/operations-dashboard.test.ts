import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DashboardSources } from '../../../lib/metrics/metric-factory';
import { OperationsDashboard } from '../../../lib/dashboards/operations-dashboard';
import { dashboardBody, Widget, widgetTitled as widgetTitledIn } from '../../support/dashboard-body';

const ROUTES = [
  { method: 'GET', path: '/todos' },
  { method: 'POST', path: '/todos' },
  { method: 'GET', path: '/todos/{id}' },
];

const stack = new Stack(new App(), 'TestStack');
const fn = new lambda.Function(stack, 'ListTodos', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
const sources: DashboardSources = {
  apiName: 'todo-test-api',
  stageName: 'test',
  routes: ROUTES,
  functions: [{ name: 'list-todos', function: fn, timeout: Duration.seconds(10) }],
  table: new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
  applicationLogGroups: [new logs.LogGroup(stack, 'ListTodosLogs'), new logs.LogGroup(stack, 'CreateTodoLogs')],
  accessLogGroup: new logs.LogGroup(stack, 'AccessLogs'),
  metricsNamespace: 'TodoTest',
  serviceName: 'todo-api',
  logMetricsNamespace: 'TodoTest/Logs',
};
const alarm = (id: string) =>
  new cloudwatch.Alarm(stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'Test', metricName: id }),
    threshold: 1,
    evaluationPeriods: 1,
  });
const sloAlarms = [alarm('SloFast'), alarm('SloSlow')];
const alarms = [...sloAlarms, alarm('LambdaErrors'), alarm('DataThrottles')];
new OperationsDashboard(stack, 'Operations', { dashboardName: 'todo-test-operations', sources, alarms, sloAlarms });
const template = Template.fromStack(stack);

const { widgets } = dashboardBody(template);
const widgetTitled = (title: string) => widgetTitledIn(widgets, title);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.resolve(stack.getLogicalId(construct.node.defaultChild as cloudwatch.CfnAlarm));
const arnOf = (a: cloudwatch.Alarm) => `<${logicalIdOf(a)}.Arn>`;

/** A dashboard metric array: namespace, name, dimension name/value pairs, then the options object. */
function parseMetric(entry: unknown[]) {
  const options = (typeof entry[entry.length - 1] === 'object' ? entry[entry.length - 1] : {}) as Record<
    string,
    unknown
  >;
  const fields = entry.filter((e) => typeof e !== 'object') as string[];
  const [namespace, metricName, ...pairs] = fields;
  const dimensions: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
  return { namespace, metricName, dimensions, options };
}

describe('OperationsDashboard', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one dashboard with the given name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'todo-test-operations' });
  });

  test('the SLO status widget shows exactly the SLO alarms', () => {
    const widget = widgetTitled('SLOs (burn-rate pages and tickets)');
    expect(widget.type).toBe('alarm');
    expect(widget.properties.alarms).toEqual(sloAlarms.map(arnOf));
  });

  test('the alarm status widget shows every given alarm, most recently changed first', () => {
    const widget = widgetTitled('All alarms that notify');
    expect(widget.type).toBe('alarm');
    expect(widget.properties.alarms).toEqual(alarms.map(arnOf));
    expect(widget.properties.sortBy).toBe('stateUpdatedTimestamp');
  });

  test.each([
    ['Traffic: requests per route', 'Count', 'Sum'],
    ['Errors: 5xx per route', '5XXError', 'Sum'],
    ['Errors: 4xx per route', '4XXError', 'Sum'],
    ['Latency p50 per route (ms)', 'Latency', 'p50'],
    ['Latency p90 per route (ms)', 'Latency', 'p90'],
    ['Latency p99 per route (ms)', 'Latency', 'p99'],
  ])('"%s" graphs one %s (%s) metric per route with the API Gateway route dimensions', (title, name, stat) => {
    const widget = widgetTitled(title);
    expect(widget.type).toBe('metric');
    const metrics = (widget.properties.metrics as unknown[][]).map(parseMetric);
    expect(metrics).toEqual(
      ROUTES.map((route) => ({
        namespace: 'AWS/ApiGateway',
        metricName: name,
        dimensions: { ApiName: 'todo-test-api', Stage: 'test', Method: route.method, Resource: route.path },
        // No period: CloudWatch's default of 300 seconds.
        options: { label: `${route.method} ${route.path}`, stat },
      })),
    );
  });

  test('traffic per route is stacked', () => {
    expect(widgetTitled('Traffic: requests per route').properties.stacked).toBe(true);
  });

  test('the top errors widget queries every application log group for level = "ERROR"', () => {
    const widget = widgetTitled('Top errors (last hour, by route and error)');
    expect(widget.type).toBe('log');
    const [head, ...lines] = (widget.properties.query as string).split('\n| ');
    const refs = sources.applicationLogGroups.map((g) => `<Ref:${logicalIdOf(g as logs.LogGroup)}>`);
    expect(head).toBe(`SOURCE '${refs[0]}' | SOURCE '${refs[1]}' | filter level = "ERROR"`);
    expect(lines).toEqual([
      'stats count(*) as errors, latest(correlation_id) as lastRequestId by route, error.name',
      'sort errors desc',
      'limit 20',
    ]);
    expect(widget.properties.view).toBe('table');
  });

  test('the access log group is not queried for application errors', () => {
    const widget = widgetTitled('Top errors (last hour, by route and error)');
    expect(widget.properties.query).not.toContain(logicalIdOf(sources.accessLogGroup as logs.LogGroup));
  });

  test('every row is at most 24 units wide', () => {
    const rows = new Map<number, number>();
    for (const w of widgets as Array<Widget & { y: number }>) rows.set(w.y, (rows.get(w.y) ?? 0) + w.width);
    for (const width of rows.values()) expect(width).toBeLessThanOrEqual(24);
  });
});
