import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BusinessDashboard } from '../../../lib/dashboards/business-dashboard';
import { DashboardSources } from '../../../lib/metrics/metric-factory';
import { dashboardBody, widgetTitled as widgetTitledIn } from '../../support/dashboard-body';

const RULE = 'todo-test-active-users';

const stack = new Stack(new App(), 'TestStack');
const accessLogGroup = new logs.LogGroup(stack, 'AccessLogs');
const appLogGroup = new logs.LogGroup(stack, 'AppLogs');
const sources: DashboardSources = {
  apiName: 'todo-test-api',
  stageName: 'test',
  routes: [{ method: 'GET', path: '/todos' }],
  functions: [
    {
      name: 'list-todos',
      timeout: Duration.seconds(10),
      function: new lambda.Function(stack, 'ListTodos', {
        runtime: lambda.Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      }),
    },
  ],
  table: new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
  applicationLogGroups: [appLogGroup],
  accessLogGroup,
  metricsNamespace: 'TodoTest',
  serviceName: 'todo-api',
  logMetricsNamespace: 'TodoTest/Logs',
};
new BusinessDashboard(stack, 'Business', { dashboardName: 'todo-test-business', sources, activeUsersRuleName: RULE });
const template = Template.fromStack(stack);

const { widgets } = dashboardBody(template);
const widgetTitled = (title: string) => widgetTitledIn(widgets, title);
const refOf = (group: logs.LogGroup) =>
  `<Ref:${stack.resolve(stack.getLogicalId(group.node.defaultChild as logs.CfnLogGroup))}>`;

describe('BusinessDashboard', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one dashboard with the given name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'todo-test-business' });
  });

  test('graphs todos created, completed and deleted per hour from the service EMF metrics', () => {
    const widget = widgetTitled('Todos per hour');
    expect(widget.properties.metrics).toEqual(
      ['TodoCreated', 'TodoCompleted', 'TodoDeleted'].map((name) => [
        'TodoTest',
        name,
        'service',
        'todo-api',
        { label: name, period: 3600, stat: 'Sum' },
      ]),
    );
  });

  test('active users are the UniqueContributors of the Contributor Insights rule, per hour', () => {
    const widget = widgetTitled('Active users (distinct, per hour)');
    expect(widget.properties.metrics).toHaveLength(1);
    const [[query]] = widget.properties.metrics!;
    expect(query).toMatchObject({
      expression: `INSIGHT_RULE_METRIC('${RULE}', 'UniqueContributors')`,
      label: 'active users',
      period: 3600,
    });
  });

  test('list sizes returned by GET /todos: average and p99 of TodoListSize', () => {
    const widget = widgetTitled('List size returned by GET /todos');
    const stats = (widget.properties.metrics as unknown[][]).map((m) => {
      expect(m.slice(0, 4)).toEqual(['TodoTest', 'TodoListSize', 'service', 'todo-api']);
      return (m[4] as { stat?: string }).stat ?? 'Average';
    });
    expect(stats).toEqual(['Average', 'p99']);
  });

  test('top callers: a Logs Insights table over the access log only, counting requests by user', () => {
    const widget = widgetTitled('Top callers (last hour)');
    expect(widget.type).toBe('log');
    expect(widget.properties.view).toBe('table');
    expect((widget.properties.query as string).split('\n| ')).toEqual([
      `SOURCE '${refOf(accessLogGroup)}' | filter ispresent(user) and user != ""`,
      'stats count(*) as requests by user',
      'sort requests desc',
      'limit 10',
    ]);
    expect(widget.properties.query).not.toContain(refOf(appLogGroup));
  });

  test('every row is at most 24 units wide', () => {
    const rows = new Map<number, number>();
    for (const w of widgets) rows.set(w.y, (rows.get(w.y) ?? 0) + w.width);
    for (const width of rows.values()) expect(width).toBeLessThanOrEqual(24);
  });
});
