import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { testAlarms } from '../../support/alarm-fixtures';
import { SHORT_WINDOW_THRESHOLD_FACTOR, SloBurnRateAlarms } from '../../../lib/alarms/slo-burn-rate-alarms';
import { expectedAlarmRule, namedAlarm } from '../../support/alarm-metrics';

const metric = (name: string) => (period: Duration) =>
  new cloudwatch.Metric({ namespace: 'Test', metricName: name, statistic: 'Sum', period });

function build(target = 0.999, minValidEvents = 100) {
  const stack = new Stack(new App(), 'Slo');
  const { alarms: factory } = testAlarms(stack);
  const slo = new SloBurnRateAlarms(stack, 'Availability', {
    sloName: 'availability',
    target,
    badEvents: metric('Bad'),
    validEvents: metric('Valid'),
    badEventsDescription: '5xx responses',
    minValidEvents,
    alarms: factory,
    dashboardName: 'todo-test-slo',
  });
  return { stack, slo, template: Template.fromStack(stack) };
}

const { slo, template } = build();
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const composites = template.findResources('AWS::CloudWatch::CompositeAlarm');

const alarmNamed = (name: string) => namedAlarm(alarms, name).props;
const compositeNamed = (name: string) => namedAlarm(composites, name);
/** The period and evaluation range of a window alarm (all its metrics share the period). */
function windowOf(name: string) {
  const props = alarmNamed(name);
  const period = props.Metrics.find((m: { MetricStat?: unknown }) => m.MetricStat).MetricStat.Period as number;
  return { period, periods: props.EvaluationPeriods as number, datapoints: props.DatapointsToAlarm as number, props };
}

test('snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('error budget is 1 - target', () => {
  expect(slo.errorBudget).toBeCloseTo(0.001, 12);
});

test.each([
  ['fast', 14.4, 0.0144],
  ['slow', 6, 0.006],
  ['ticket', 1, 0.001],
])('%s tier threshold = burn rate %d x error budget', (tier, burnRate, expected) => {
  const built = slo.tiers.find((t) => t.tier.name === tier)!;
  expect(built.tier.burnRate).toBe(burnRate);
  expect(built.threshold).toBeCloseTo(expected, 12);
  const severity = built.tier.severity;
  const thresholdOf = (which: string) =>
    alarmNamed(`todo-test-api-availability-burn-${tier}-${which}-window-${severity}`).Threshold;
  expect(thresholdOf('long')).toBeCloseTo(expected, 12);
  // The short window confirms the burn goes on at half the rate or more (hysteresis against flapping).
  expect(thresholdOf('short')).toBeCloseTo(expected * SHORT_WINDOW_THRESHOLD_FACTOR, 12);
});

test.each([
  // name, long period s, long periods, short period s
  ['fast-long-window-critical', 3600, 1],
  ['fast-short-window-critical', 300, 1],
  ['slow-long-window-critical', 21600, 1],
  ['slow-short-window-critical', 1800, 1],
  // 3 days = one period of 3 days, the window's average (CloudWatch: range <= 7 d for periods >= 1 h)
  ['ticket-long-window-warning', 259200, 1],
  ['ticket-short-window-warning', 21600, 1],
])('window %s evaluates the right range within CloudWatch limits', (suffix, period, periods) => {
  const w = windowOf(`todo-test-api-availability-burn-${suffix}`);
  expect([w.period, w.periods, w.datapoints]).toEqual([period, periods, periods]);
  const range = w.period * w.periods;
  expect(range).toBeLessThanOrEqual(w.period < 3600 ? 86_400 : 604_800);
  expect(w.props.TreatMissingData).toBe('notBreaching');
});

test('each window alarm is a bad/valid ratio that stays 0 below the minimum traffic or failures', () => {
  const long = alarmNamed('todo-test-api-availability-burn-fast-long-window-critical');
  const short = alarmNamed('todo-test-api-availability-burn-fast-short-window-critical');
  const expressionOf = (props: { Metrics: Array<{ Expression?: string }> }) =>
    props.Metrics.find((m) => m.Expression)!.Expression;
  expect(expressionOf(long)).toBe('IF(valid >= 100 AND bad >= 10, bad / valid, 0)');
  expect(expressionOf(short)).toBe('IF(valid >= 10 AND bad >= 1, bad / valid, 0)');
});

test('window alarms notify nobody; only the composites have actions', () => {
  for (const alarm of Object.values(alarms)) {
    expect(alarm.Properties.AlarmActions).toBeUndefined();
  }
  for (const composite of Object.values(composites)) {
    expect(composite.Properties.AlarmActions).toHaveLength(1);
  }
});

test('a composite fires only when both its windows are in ALARM', () => {
  const { props } = compositeNamed('todo-test-api-availability-burn-fast-critical');
  const logicalIdOf = (name: string) => Object.entries(alarms).find(([, a]) => a.Properties.AlarmName === name)![0];
  const [long, short] = ['long', 'short'].map((w) =>
    logicalIdOf(`todo-test-api-availability-burn-fast-${w}-window-critical`),
  );
  expect(props.AlarmRule['Fn::Join'][1]).toEqual(expectedAlarmRule('AND', [long, short]));
});

test('the faster tier suppresses the slower tier, which suppresses the ticket, until the slower one can reset', () => {
  const fast = compositeNamed('todo-test-api-availability-burn-fast-critical');
  const slow = compositeNamed('todo-test-api-availability-burn-slow-critical');
  const ticket = compositeNamed('todo-test-api-availability-burn-ticket-warning');
  expect(fast.props.ActionsSuppressor).toBeUndefined();
  expect(slow.props.ActionsSuppressor).toEqual({ 'Fn::GetAtt': [fast.logicalId, 'Arn'] });
  expect(ticket.props.ActionsSuppressor).toEqual({ 'Fn::GetAtt': [slow.logicalId, 'Arn'] });
  // The extension lasts the suppressed tier's short window: 30 min for the slow tier, 6 h for the ticket.
  expect([slow.props.ActionsSuppressorExtensionPeriod, ticket.props.ActionsSuppressorExtensionPeriod]).toEqual([
    1800, 21600,
  ]);
});

test('pages go to the critical topic with OK notifications; the ticket tier to the warning topic', () => {
  const topicRef = (severity: string) => ({
    Ref: Match.stringLikeRegexp(`Topics${severity}Topic`),
  });
  template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
    AlarmName: 'todo-test-api-availability-burn-fast-critical',
    AlarmActions: [topicRef('Critical')],
    OKActions: [topicRef('Critical')],
  });
  template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
    AlarmName: 'todo-test-api-availability-burn-ticket-warning',
    AlarmActions: [topicRef('Warning')],
    OKActions: Match.absent(),
  });
});

test('descriptions follow the convention and link the runbook named after the alarm', () => {
  const { props } = compositeNamed('todo-test-api-availability-burn-slow-critical');
  const lines = String(JSON.stringify(props.AlarmDescription)).split('\\n');
  expect(lines[0]).toContain('burning its error budget at 6x or more');
  expect(lines).toContain('Severity: critical');
  expect(lines).toContain('Runbook: https://runbooks.example.com/alarms/api-availability-burn-slow-critical.md');
});

test('fails when the target is outside 0.9-0.9999', () => {
  expect(() => build(0.99999)).toThrow('SloBurnRateAlarms: target must be between 0.9 and 0.9999, got 0.99999');
  expect(() => build(0.8)).toThrow(/target must be between/);
});

test('fails when the minimum traffic is not a positive integer', () => {
  expect(() => build(0.999, 0)).toThrow(/minValidEvents must be a positive integer/);
});
