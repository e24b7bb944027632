import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory, ThresholdSpec } from '../../../lib/alarms/alarm-factory';
import { AlarmId } from '../../../lib/alarms/alarm-id';
import { SEVERITIES } from '../../../lib/alarms/alert-topics';
import { testAlarms, TEST_RUNBOOKS } from '../../support/alarm-fixtures';
import { flatten } from '../../support/template-text';
import { namedAlarm } from '../../support/alarm-metrics';

const ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE = 'AWS::CloudWatch::CompositeAlarm';

const spec = (): ThresholdSpec & { summary: string; missingData: string; dashboardName: string } => ({
  metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Signal', period: Duration.minutes(5) }),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  summary: 'Something failed at least once in 5 minutes.',
  missingData: 'not breaching (nothing happened).',
  dashboardName: 'todo-test-operations',
});

/** One notifying alarm per severity, a child, a silent alarm, a composite and a silent composite. */
function build() {
  const stack = new Stack(new App(), 'TestStack');
  const { alarms, topics } = testAlarms(stack);
  const bySeverity = SEVERITIES.map((severity) =>
    alarms.addAlarm(stack, `${severity}Alarm`, { component: 'test', signal: 'signal', severity }, spec()),
  );
  const parent: AlarmId = { component: 'test', signal: 'rollup', severity: 'warning' };
  const child = alarms.addChildAlarm(
    stack,
    'Child',
    { component: 'test-part', signal: 'rollup', severity: 'warning' },
    { ...spec(), parent },
  );
  const silent = alarms.addSilentAlarm(
    stack,
    'Silent',
    { component: 'test', signal: 'deploy', severity: 'info' },
    { ...spec(), runbookUrl: 'https://runbooks.example.com/incident/rollback.md' },
  );
  const suppressor = alarms.addSilentComposite(
    stack,
    'Down',
    { component: 'test', signal: 'down', severity: 'critical' },
    { rule: cloudwatch.AlarmRule.fromAlarm(bySeverity[0], cloudwatch.AlarmState.ALARM), summary: 'Down.' },
  );
  const composite = alarms.addComposite(stack, 'Rollup', parent, {
    ...spec(),
    rule: cloudwatch.AlarmRule.fromAlarm(child, cloudwatch.AlarmState.ALARM),
    suppression: { alarm: suppressor },
  });
  return { stack, alarms, topics, bySeverity, child, silent, composite, template: Template.fromStack(stack) };
}

const built = build();
const { template } = built;
const resourceNamed = (type: string, name: string) => namedAlarm(template.findResources(type), name).props;

describe('AlarmFactory', () => {
  test('names alarms {prefix}-{component}-{signal}-{severity} and links the runbook named after the id', () => {
    const id: AlarmId = { component: 'lambda', signal: 'errors', severity: 'warning' };
    expect(built.alarms.alarmName(id)).toBe('todo-test-lambda-errors-warning');
    expect(built.alarms.runbookUrl(id)).toBe(`${TEST_RUNBOOKS}/alarms/lambda-errors-warning.md`);
  });

  test.each([
    ['component', { component: 'Lambda', signal: 'errors' }],
    ['signal', { component: 'lambda', signal: 'errors_5xx' }],
    ['component', { component: 'lambda-', signal: 'errors' }],
  ])('rejects an id whose %s is not kebab-case', (part, id) => {
    expect(() => built.alarms.alarmName({ ...id, severity: 'info' })).toThrow(
      new RegExp(`Alarm id ${part} must be lower-case kebab-case`),
    );
  });

  test('a notifying alarm reads: summary, Severity, Runbook, Dashboard and Missing data lines, in order', () => {
    const lines = flatten(resourceNamed(ALARM, 'todo-test-test-signal-warning').AlarmDescription).split('\n');
    expect(lines).toEqual([
      'Something failed at least once in 5 minutes.',
      'Severity: warning',
      `Runbook: ${TEST_RUNBOOKS}/alarms/test-signal-warning.md`,
      expect.stringMatching(/^Dashboard: https:\/\/.*#dashboards\/dashboard\/todo-test-operations$/),
      'Missing data: not breaching (nothing happened).',
    ]);
  });

  test.each(SEVERITIES)('a %s alarm notifies its own topic; only critical also notifies OK', (severity) => {
    const props = resourceNamed(ALARM, `todo-test-test-signal-${severity}`);
    const topic = built.stack.resolve(built.topics.topic(severity).topicArn);
    expect(props.AlarmActions).toEqual([topic]);
    expect(props.OKActions).toEqual(severity === 'critical' ? [topic] : undefined);
  });

  test('the registry holds exactly the alarms that notify, in the order they were built', () => {
    expect(built.alarms.notifying().map((n) => n.alarm)).toEqual([...built.bySeverity, built.composite]);
    expect(built.alarms.notifying().map((n) => n.name)).toEqual([
      'todo-test-test-signal-critical',
      'todo-test-test-signal-warning',
      'todo-test-test-signal-info',
      'todo-test-test-rollup-warning',
    ]);
  });

  test('a child alarm has no actions and names its parent in the one child wording', () => {
    const props = resourceNamed(ALARM, 'todo-test-test-part-rollup-warning');
    expect(props.AlarmActions).toBeUndefined();
    expect(props.OKActions).toBeUndefined();
    expect(props.AlarmDescription).toBe(
      'Something failed at least once in 5 minutes. Part of todo-test-test-rollup-warning; no actions of its own.\n' +
        'Missing data: not breaching (nothing happened).',
    );
  });

  test('a silent alarm is documented like any other but links the runbook it is given and has no actions', () => {
    const props = resourceNamed(ALARM, 'todo-test-test-deploy-info');
    expect(props.AlarmActions).toBeUndefined();
    expect(flatten(props.AlarmDescription)).toContain('Runbook: https://runbooks.example.com/incident/rollback.md');
  });

  test('a composite with a suppressor waits 2 minutes and extends 10 by default', () => {
    const props = resourceNamed(COMPOSITE, 'todo-test-test-rollup-warning');
    expect(props.ActionsSuppressorWaitPeriod).toBe(120);
    expect(props.ActionsSuppressorExtensionPeriod).toBe(600);
    const silent = resourceNamed(COMPOSITE, 'todo-test-test-down-critical');
    expect(silent.AlarmActions).toBeUndefined();
    expect(silent.AlarmDescription).toBe('Down.');
  });

  test('suppression periods can be overridden', () => {
    const stack = new Stack(new App(), 'Override');
    const { alarms } = testAlarms(stack);
    const base = alarms.addAlarm(stack, 'A', { component: 'a', signal: 'b', severity: 'info' }, spec());
    alarms.addComposite(
      stack,
      'C',
      { component: 'a', signal: 'c', severity: 'warning' },
      {
        ...spec(),
        rule: cloudwatch.AlarmRule.fromAlarm(base, cloudwatch.AlarmState.ALARM),
        suppression: { alarm: base, waitPeriod: Duration.minutes(1), extensionPeriod: Duration.minutes(5) },
      },
    );
    Template.fromStack(stack).hasResourceProperties(COMPOSITE, {
      ActionsSuppressorWaitPeriod: 60,
      ActionsSuppressorExtensionPeriod: 300,
    });
  });

  test('a factory without topics builds silent alarms but refuses one that notifies, naming it', () => {
    const stack = new Stack(new App(), 'NoTopics');
    const alarms = new AlarmFactory({ namePrefix: 'todo-test', runbookBaseUrl: TEST_RUNBOOKS });
    expect(() =>
      alarms.addSilentAlarm(
        stack,
        'S',
        { component: 'a', signal: 'b', severity: 'info' },
        { ...spec(), runbookUrl: 'x' },
      ),
    ).not.toThrow();
    expect(() => alarms.addAlarm(stack, 'N', { component: 'a', signal: 'c', severity: 'warning' }, spec())).toThrow(
      'AlarmFactory: todo-test-a-c-warning notifies, but the factory has no topics',
    );
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});
