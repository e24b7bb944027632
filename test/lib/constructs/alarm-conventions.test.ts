import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  alarmDescription,
  AlarmDocumentation,
  alarmName,
  AlarmRouting,
  dashboardUrl,
  routeAlarm,
  runbookUrl,
} from '../../../lib/constructs/alarm-conventions';
import { AlertTopics, SEVERITIES, Severity } from '../../../lib/constructs/alert-topics';
import { flatten } from '../../support/template-text';

const ALARM = 'AWS::CloudWatch::Alarm';
const RUNBOOKS = 'https://runbooks.example.com';

/** A stack with the alert topics and one alarm per severity, each routed by `routeAlarm`. */
function build() {
  const stack = new Stack(new App(), 'TestStack');
  const topics = new AlertTopics(stack, 'Topics', { namePrefix: 'todo-test' });
  const routing: AlarmRouting = { namePrefix: 'todo-test', runbookBaseUrl: RUNBOOKS, topics };
  for (const severity of SEVERITIES) {
    const id = `test-signal-${severity}`;
    const alarm = new cloudwatch.Alarm(stack, `${severity}Alarm`, {
      alarmName: alarmName(routing, id),
      alarmDescription: alarmDescription(routing, doc({ id, severity })),
      metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Signal', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    routeAlarm(alarm, routing, severity);
  }
  return { stack, routing, template: Template.fromStack(stack) };
}

function doc(overrides: Partial<AlarmDocumentation> = {}): AlarmDocumentation {
  return {
    id: 'lambda-errors-warning',
    severity: 'warning',
    summary: 'A function failed 5 or more invocations in 5 minutes.',
    missingData: 'not breaching (no invocations, no errors).',
    dashboardName: 'todo-test-troubleshooting',
    ...overrides,
  };
}

const { stack, routing, template } = build();

const resolved = (value: string) => stack.resolve(value);

const topicRef = (severity: Severity) => ({ Ref: Match.stringLikeRegexp(`^Topics${pascal(severity)}Topic`) });
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

describe('alarm conventions', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('alarmName is {app}-{stage}-{id}', () => {
    expect(alarmName(routing, 'lambda-errors-warning')).toBe('todo-test-lambda-errors-warning');
  });

  test('runbookUrl is <base>/alarms/<id>.md', () => {
    expect(runbookUrl(routing, 'lambda-errors-warning')).toBe(`${RUNBOOKS}/alarms/lambda-errors-warning.md`);
  });

  test('dashboardUrl opens the named dashboard in the deployment region', () => {
    const url = resolved(dashboardUrl('todo-test-operations'));
    expect(flatten(url)).toBe(
      'https://<token>.console.aws.amazon.com/cloudwatch/home?region=<token>#dashboards/dashboard/todo-test-operations',
    );
    // Both tokens are the stack's region, not a hard-coded one.
    expect(url['Fn::Join'][1].filter((p: unknown) => typeof p !== 'string')).toEqual([
      { Ref: 'AWS::Region' },
      { Ref: 'AWS::Region' },
    ]);
  });

  test('alarmDescription is the summary, then Severity, Runbook, Dashboard and Missing data lines, in order', () => {
    const lines = flatten(resolved(alarmDescription(routing, doc()))).split('\n');
    expect(lines).toEqual([
      'A function failed 5 or more invocations in 5 minutes.',
      'Severity: warning',
      `Runbook: ${RUNBOOKS}/alarms/lambda-errors-warning.md`,
      'Dashboard: https://<token>.console.aws.amazon.com/cloudwatch/home?region=<token>#dashboards/dashboard/todo-test-troubleshooting',
      'Missing data: not breaching (no invocations, no errors).',
    ]);
  });

  test.each([
    ['lambda-errors-critical', 'warning'],
    ['lambda-errors-warnings', 'warning'],
    ['warning', 'warning'],
    ['api-availability-burn-fast-critical', 'info'],
  ] as const)('fails when the id "%s" does not end with its severity "-%s"', (id, severity) => {
    expect(() => alarmDescription(routing, doc({ id, severity }))).toThrow(
      `Alarm id "${id}" must end with its severity "-${severity}"`,
    );
  });

  test('accepts an id ending with "-<severity>" for every severity', () => {
    for (const severity of SEVERITIES) {
      expect(() => alarmDescription(routing, doc({ id: `x-${severity}`, severity }))).not.toThrow();
    }
  });

  test('routeAlarm notifies the critical topic on ALARM and on OK', () => {
    template.hasResourceProperties(ALARM, {
      AlarmName: 'todo-test-test-signal-critical',
      AlarmActions: [topicRef('critical')],
      OKActions: [topicRef('critical')],
    });
  });

  test.each(['warning', 'info'] as const)('routeAlarm notifies the %s topic on ALARM only', (severity) => {
    template.hasResourceProperties(ALARM, {
      AlarmName: `todo-test-test-signal-${severity}`,
      AlarmActions: [topicRef(severity)],
      OKActions: Match.absent(),
      InsufficientDataActions: Match.absent(),
    });
  });
});
