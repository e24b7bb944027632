import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { API_FUNCTIONS } from '../../../contract/routes';
import { testAlarms } from '../../support/alarm-fixtures';
import { DYNAMODB_OPERATIONS } from '../../../contract/telemetry';
import { DataAlarms } from '../../../lib/alarms/data-alarms';
import { flatten } from '../../support/template-text';
import { MetricDataQuery, namedAlarm } from '../../support/alarm-metrics';

const ALARM = 'AWS::CloudWatch::Alarm';

function build(maxIteratorAge?: Duration) {
  const stack = new Stack(new App(), 'TestStack');
  const { topics, alarms: factory } = testAlarms(stack);
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const auditProcessor = new lambda.Function(stack, 'AuditProcessor', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  });
  const auditDeadLetterQueue = new sqs.Queue(stack, 'AuditDlq');
  new DataAlarms(stack, 'DataAlarms', {
    table,
    auditProcessor,
    auditDeadLetterQueue,
    alertDeadLetterQueue: topics.deliveryFailures,
    alarms: factory,
    dashboardName: 'todo-test-troubleshooting',
    maxIteratorAge,
  });
  return { stack, template: Template.fromStack(stack) };
}

const { template } = build();
const alarms = template.findResources(ALARM);
const tableRef = { Ref: Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0] };

const alarmNamed = (name: string, from = alarms) => namedAlarm(from, name).props;
const logicalIdOf = (type: string) => Object.keys(template.findResources(type));
const topicRef = (severity: string) => ({ Ref: Match.stringLikeRegexp(`^Topics${severity}Topic`) });

describe('DataAlarms', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates five alarms, all notifying', () => {
    template.resourceCountIs(ALARM, 5);
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  test('SystemErrors sums exactly one SystemErrors metric per table operation', () => {
    const metrics = alarmNamed('todo-test-dynamodb-system-errors-warning').Metrics as MetricDataQuery[];
    const expression = metrics.filter((m) => m.Expression);
    const inputs = metrics.filter((m) => m.MetricStat);
    expect(expression).toHaveLength(1);
    expect(expression[0].ReturnData).not.toBe(false);
    const ids = /^SUM\(\[(.*)\]\)$/.exec(expression[0].Expression!)![1].split(', ');
    expect(ids.sort()).toEqual(inputs.map((m) => m.Id).sort());
    expect(inputs.map((m) => m.MetricStat!.Metric.Dimensions)).toEqual(
      DYNAMODB_OPERATIONS.map((operation) => [
        { Name: 'Operation', Value: operation },
        { Name: 'TableName', Value: tableRef },
      ]),
    );
    for (const input of inputs) {
      expect(input.ReturnData).toBe(false);
      expect(input.MetricStat).toMatchObject({
        Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'SystemErrors' },
        Stat: 'Sum',
        Period: 300,
      });
    }
  });

  test('DYNAMODB_OPERATIONS are exactly the operations the API functions may issue on the table', () => {
    const granted = new Set(API_FUNCTIONS.flatMap((fn) => fn.tableActions).map((a) => a.replace(/^dynamodb:/, '')));
    expect([...DYNAMODB_OPERATIONS].sort()).toEqual([...granted].sort());
  });

  test('SystemErrors: at least 1 in 2 of 3 five-minute periods, missing data not breaching', () => {
    expect(alarmNamed('todo-test-dynamodb-system-errors-warning')).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('throttles: read plus write throttle events of the table, at least 1 in 2 of 3 periods', () => {
    const props = alarmNamed('todo-test-dynamodb-throttles-warning');
    const metrics = props.Metrics as MetricDataQuery[];
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('FILL(reads, 0) + FILL(writes, 0)');
    const byId = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!]));
    expect(byId).toEqual({
      reads: {
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: 'ReadThrottleEvents',
          Dimensions: [{ Name: 'TableName', Value: tableRef }],
        },
        Stat: 'Sum',
        Period: 300,
      },
      writes: {
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: 'WriteThrottleEvents',
          Dimensions: [{ Name: 'TableName', Value: tableRef }],
        },
        Stat: 'Sum',
        Period: 300,
      },
    });
    expect(props).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('audit iterator age: Maximum above 1 hour (in ms) for 2 of 2 five-minute periods', () => {
    const [processor] = logicalIdOf('AWS::Lambda::Function');
    expect(alarmNamed('todo-test-audit-stream-iterator-age-critical')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: processor } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 3_600_000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('audit iterator age pages: the critical topic, on ALARM and on OK', () => {
    template.hasResourceProperties(ALARM, {
      AlarmName: 'todo-test-audit-stream-iterator-age-critical',
      AlarmActions: [topicRef('Critical')],
      OKActions: [topicRef('Critical')],
    });
  });

  test('maxIteratorAge sets the iterator age threshold and its summary', () => {
    const custom = build(Duration.minutes(30)).template.findResources(ALARM);
    const props = alarmNamed('todo-test-audit-stream-iterator-age-critical', custom);
    expect(props.Threshold).toBe(1_800_000);
    expect(flatten(props.AlarmDescription)).toMatch(/^The audit processor is more than 30 minutes behind/);
  });

  test.each([
    ['todo-test-audit-dlq-not-empty-warning', 'AuditDlq'],
    ['todo-test-alerts-undelivered-warning', 'TopicsDeliveryFailures'],
  ])('%s: at least 1 visible message (Maximum per minute) in its queue', (name, queuePrefix) => {
    const queue = logicalIdOf('AWS::SQS::Queue').find((id) => id.startsWith(queuePrefix));
    expect(queue).toBeDefined();
    expect(alarmNamed(name)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('warning alarms notify the warning topic on ALARM only', () => {
    const warnings = Object.values(alarms).filter((a) => a.Properties.AlarmName.endsWith('-warning'));
    expect(warnings).toHaveLength(4);
    for (const alarm of warnings) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^TopicsWarningTopic/) }]);
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
  });

  test('summaries state their thresholds', () => {
    const summary = (name: string) => flatten(alarmNamed(name).AlarmDescription).split('\n')[0];
    expect(summary('todo-test-audit-stream-iterator-age-critical')).toContain('more than 1 hour behind');
    expect(summary('todo-test-audit-dlq-not-empty-warning')).toMatch(/Threshold: at least 1 visible message\.$/);
    expect(summary('todo-test-alerts-undelivered-warning')).toMatch(/Threshold: at least 1 visible message\.$/);
    expect(summary('todo-test-dynamodb-system-errors-warning')).toContain('in 2 of the last 3 five-minute periods');
  });
});
