import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { testAlarms } from '../../support/alarm-fixtures';
import { BusinessAlarms } from '../../../lib/alarms/business-alarms';
import { flatten } from '../../support/template-text';

const ALARM = 'AWS::CloudWatch::Alarm';

const stack = new Stack(new App(), 'TestStack');
const { alarms: factory } = testAlarms(stack);
new BusinessAlarms(stack, 'BusinessAlarms', {
  sources: { metricsNamespace: 'TodoTest', serviceName: 'todo-api' },
  alarms: factory,
  dashboardName: 'todo-test-business',
});
const template = Template.fromStack(stack);

const alarms = Object.values(template.findResources(ALARM));
const alarm = alarms[0].Properties;
type MetricDataQuery = {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: { Metric: Record<string, unknown>; Stat: string; Period: number };
};
const metrics = alarm.Metrics as MetricDataQuery[];
const band = metrics.find((m) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND'))!;
const filled = metrics.find((m) => m.Expression?.startsWith('FILL'))!;
const created = metrics.find((m) => m.MetricStat)!;

describe('BusinessAlarms', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one alarm, the todo creations drop', () => {
    template.resourceCountIs(ALARM, 1);
    expect(alarm.AlarmName).toBe('todo-test-business-todo-creations-low-warning');
  });

  test('watches the hourly Sum of TodoCreated of the service', () => {
    expect(created.MetricStat).toEqual({
      Metric: {
        Namespace: 'TodoTest',
        MetricName: 'TodoCreated',
        Dimensions: [{ Name: 'service', Value: 'todo-api' }],
      },
      Stat: 'Sum',
      Period: 3600,
    });
    expect(created.ReturnData).toBe(false);
  });

  test('fills hours without creations with 0, so a silent stop is a drop', () => {
    expect(filled.Expression).toBe(`FILL(${created.Id}, 0)`);
    expect(filled.ReturnData).toBe(true);
  });

  test('alarms below the 2-sigma anomaly band of the filled series for 3 of 3 hours', () => {
    expect(band.Expression).toBe(`ANOMALY_DETECTION_BAND(${filled.Id}, 2)`);
    expect(alarm).toMatchObject({
      ThresholdMetricId: band.Id,
      ComparisonOperator: 'LessThanLowerThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Threshold).toBeUndefined();
  });

  test('notifies the warning topic on ALARM only', () => {
    template.hasResourceProperties(ALARM, {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^TopicsWarningTopic') }],
      OKActions: Match.absent(),
    });
  });

  test('the summary states the band width and how long creations stay below it', () => {
    const summary = flatten(alarm.AlarmDescription).split('\n')[0];
    expect(summary).toContain('2 standard deviations');
    expect(summary).toContain('3 consecutive hours');
  });
});
