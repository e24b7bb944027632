import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { testAlarms } from '../../support/alarm-fixtures';
import { LambdaAlarms, LambdaAlarmsProps } from '../../../lib/alarms/lambda-alarms';
import { flatten } from '../../support/template-text';
import { expectedAlarmRule, namedAlarm } from '../../support/alarm-metrics';

const ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE = 'AWS::CloudWatch::CompositeAlarm';
/** Function short name → timeout in seconds. */
const FUNCTIONS = { 'list-todos': 10, 'create-todo': 3 } as const;
const SIGNALS = ['errors', 'duration-near-timeout', 'throttles'] as const;

function build(props: Partial<Omit<LambdaAlarmsProps, 'alarms' | 'suppressor'>> = {}, suppress = true) {
  const stack = new Stack(new App(), 'TestStack');
  const { alarms: factory } = testAlarms(stack);
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
  const suppressor = suppress
    ? new cloudwatch.Alarm(stack, 'ApiDown', {
        alarmName: 'todo-test-api-down',
        metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Down' }),
        threshold: 1,
        evaluationPeriods: 1,
      })
    : undefined;
  const alarms = new LambdaAlarms(stack, 'LambdaAlarms', {
    functions,
    alarms: factory,
    dashboardName: 'todo-test-troubleshooting',
    accountConcurrencyLimit: 1000,
    suppressor,
    ...props,
  });
  return { stack, alarms, template: Template.fromStack(stack) };
}

const { stack, alarms: built, template } = build();
const metricAlarms = template.findResources(ALARM);
const composites = template.findResources(COMPOSITE);

const alarmNamed = (name: string) => namedAlarm(metricAlarms, name);
const compositeNamed = (name: string) => namedAlarm(composites, name);
const functionRef = (name: string) => ({
  Ref: stack.resolve(stack.getLogicalId(stack.node.findChild(`${name}-fn`).node.defaultChild as lambda.CfnFunction)),
});
const topicRef = (severity: string) => ({ Ref: Match.stringLikeRegexp(`^Topics${severity}Topic`) });

describe('LambdaAlarms', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one child alarm per function and signal, one composite per signal and the concurrency alarm', () => {
    // + the suppressor alarm of the fixture
    template.resourceCountIs(ALARM, Object.keys(FUNCTIONS).length * SIGNALS.length + 1 + 1);
    template.resourceCountIs(COMPOSITE, SIGNALS.length);
    expect(built.children).toHaveLength(Object.keys(FUNCTIONS).length * SIGNALS.length);
  });

  test('names follow {prefix}-lambda-{function}-{signal}-warning and {prefix}-lambda-{signal}-warning', () => {
    const names = Object.values(metricAlarms).map((a) => a.Properties.AlarmName);
    for (const fn of Object.keys(FUNCTIONS)) {
      for (const signal of SIGNALS) expect(names).toContain(`todo-test-lambda-${fn}-${signal}-warning`);
    }
    expect(
      Object.values(composites)
        .map((a) => a.Properties.AlarmName)
        .sort(),
    ).toEqual(SIGNALS.map((s) => `todo-test-lambda-${s}-warning`).sort());
  });

  test('child alarms have no actions of their own', () => {
    for (const child of built.children) {
      const props =
        metricAlarms[stack.resolve(stack.getLogicalId(child.node.defaultChild as cloudwatch.CfnAlarm))].Properties;
      expect(props.AlarmName).toMatch(/^todo-test-lambda-[a-z-]+-warning$/);
      expect(props.AlarmActions).toBeUndefined();
      expect(props.OKActions).toBeUndefined();
      expect(props.InsufficientDataActions).toBeUndefined();
    }
  });

  test('errors child: Sum of Errors over 5 minutes >= 5 in 2 of 3 periods, missing data not breaching', () => {
    const { props } = alarmNamed('todo-test-lambda-list-todos-errors-warning');
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: functionRef('list-todos') }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test.each([
    ['list-todos', 8000],
    ['create-todo', 2400],
  ])('duration child of %s: p99 Duration >= 80%% of its timeout (%d ms) for 3 of 3 periods', (fn, threshold) => {
    const { props } = alarmNamed(`todo-test-lambda-${fn}-duration-near-timeout-warning`);
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: functionRef(fn) }],
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(props.Statistic).toBeUndefined();
  });

  test('throttles child: any throttle (Sum >= 1) in 2 of 3 five-minute periods', () => {
    const { props } = alarmNamed('todo-test-lambda-create-todo-throttles-warning');
    expect(props).toMatchObject({
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: functionRef('create-todo') }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  test('a child description names its function, threshold and composite', () => {
    const { props } = alarmNamed('todo-test-lambda-create-todo-duration-near-timeout-warning');
    for (const fact of ['create-todo ', '2400 ms', '3 s timeout', 'todo-test-lambda-duration-near-timeout-warning']) {
      expect(props.AlarmDescription).toContain(fact);
    }
  });

  test.each(SIGNALS)('the %s composite fires when any of its children is in ALARM', (signal) => {
    const { props } = compositeNamed(`todo-test-lambda-${signal}-warning`);
    const children = Object.keys(FUNCTIONS).map(
      (fn) => alarmNamed(`todo-test-lambda-${fn}-${signal}-warning`).logicalId,
    );
    expect(children).toHaveLength(2);
    expect(props.AlarmRule['Fn::Join'][1]).toEqual(expectedAlarmRule('OR', children));
  });

  test('composites are silenced by the suppressor: 2 minutes to wait, 10 minutes extension', () => {
    const suppressor = alarmNamed('todo-test-api-down').logicalId;
    for (const composite of Object.values(composites)) {
      expect(composite.Properties).toMatchObject({
        ActionsSuppressor: { 'Fn::GetAtt': [suppressor, 'Arn'] },
        ActionsSuppressorWaitPeriod: 120,
        ActionsSuppressorExtensionPeriod: 600,
      });
    }
  });

  test('without a suppressor the composites have no suppressor settings', () => {
    const { template: unsuppressed } = build({}, false);
    unsuppressed.allResourcesProperties(COMPOSITE, {
      ActionsSuppressor: Match.absent(),
      ActionsSuppressorWaitPeriod: Match.absent(),
      ActionsSuppressorExtensionPeriod: Match.absent(),
    });
  });

  test('composites and the concurrency alarm notify the warning topic, on ALARM only', () => {
    template.allResourcesProperties(COMPOSITE, { AlarmActions: [topicRef('Warning')], OKActions: Match.absent() });
    template.hasResourceProperties(ALARM, {
      AlarmName: 'todo-test-lambda-concurrency-near-limit-warning',
      AlarmActions: [topicRef('Warning')],
      OKActions: Match.absent(),
    });
  });

  test('the errors composite states its threshold', () => {
    const { props } = compositeNamed('todo-test-lambda-errors-warning');
    expect(flatten(props.AlarmDescription).split('\n')[0]).toContain('5+ errors in 5 minutes in 2 of 3 periods');
  });

  test('the concurrency alarm fires above 80% of the account limit (Maximum per minute, 3 of 3)', () => {
    const { props } = alarmNamed('todo-test-lambda-concurrency-near-limit-warning');
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'ConcurrentExecutions',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 800,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    // Account-wide: no function dimension.
    expect(props.Dimensions).toBeUndefined();
    expect(flatten(props.AlarmDescription).split('\n')[0]).toBe(
      'Account-wide Lambda concurrency is above 800 (80% of the 1000 limit) for 3 minutes.',
    );
  });

  test('the concurrency threshold is rounded down: 80% of 1001 is 800.8, so 800', () => {
    const { alarms } = build({ accountConcurrencyLimit: 1001 });
    const cfn = alarms.concurrencyNearLimit.node.defaultChild as cloudwatch.CfnAlarm;
    expect(cfn.threshold).toBe(800);
    expect(String(cfn.alarmDescription)).toContain('above 800 (80% of the 1001 limit)');
  });

  test('errorThreshold sets the errors children threshold and the composite summary', () => {
    const { template: custom } = build({ errorThreshold: 10 });
    custom.hasResourceProperties(ALARM, {
      AlarmName: 'todo-test-lambda-list-todos-errors-warning',
      Threshold: 10,
      AlarmDescription: Match.stringLikeRegexp('^list-todos failed 10 or more invocations in 5 minutes'),
    });
    const composite = Object.values(custom.findResources(COMPOSITE)).find(
      (c) => c.Properties.AlarmName === 'todo-test-lambda-errors-warning',
    )!;
    expect(flatten(composite.Properties.AlarmDescription)).toMatch(/^An API function is failing: 10\+ errors/);
  });
});

test('fails when no function is given', () => {
  expect(() => build({ functions: [] })).toThrow('LambdaAlarms: functions must list at least one function, got []');
});
