import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { testAlarms } from '../../support/alarm-fixtures';
import { ApiAlarms, ApiAlarmsProps } from '../../../lib/alarms/api-alarms';
import { flatten } from '../../support/template-text';
import { expectedAlarmRule, MetricDataQuery, namedAlarm } from '../../support/alarm-metrics';

const ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE = 'AWS::CloudWatch::CompositeAlarm';
const ROUTES = [
  { method: 'GET', path: '/todos', slug: 'get-todos' },
  { method: 'GET', path: '/todos/{id}', slug: 'get-todos-id' },
  { method: 'DELETE', path: '/todos/{id}', slug: 'delete-todos-id' },
];

function build(
  suppress = true,
  routes: ApiAlarmsProps['routes'] = ROUTES.map(({ method, path }) => ({ method, path })),
) {
  const stack = new Stack(new App(), 'TestStack');
  const { alarms: factory } = testAlarms(stack);
  const suppressor = suppress
    ? new cloudwatch.Alarm(stack, 'ApiDown', {
        alarmName: 'todo-test-api-down',
        metric: new cloudwatch.Metric({ namespace: 'Test', metricName: 'Down' }),
        threshold: 1,
        evaluationPeriods: 1,
      })
    : undefined;
  const props: ApiAlarmsProps = {
    apiName: 'todo-test-api',
    stageName: 'test',
    routes,
    latencyThresholdMs: 750,
    logMetricsNamespace: 'TodoTest/Logs',
    authFailuresMetricName: 'AuthFailures',
    clientErrorsMetricName: 'Http4xx',
    webAclName: 'todo-test-api',
    alarms: factory,
    dashboardName: 'todo-test-operations',
    suppressor,
  };
  const alarms = new ApiAlarms(stack, 'ApiAlarms', props);
  return { stack, alarms, template: Template.fromStack(stack) };
}

const { alarms: built, template } = build();
const metricAlarms = template.findResources(ALARM);
const composites = template.findResources(COMPOSITE);

const alarmNamed = (name: string) => namedAlarm(metricAlarms, name);
const topicRef = (severity: string) => ({ Ref: Match.stringLikeRegexp(`^Topics${severity}Topic`) });
const descriptionLines = (props: { AlarmDescription: unknown }) => flatten(props.AlarmDescription).split('\n');

/** The anomaly alarm's metric, band expression and threshold id. */
function anomalyParts(props: { Metrics: MetricDataQuery[] }) {
  const metrics = props.Metrics;
  const band = metrics.find((m) => m.Expression)!;
  const metric = metrics.find((m) => m.MetricStat)!;
  return { metrics, band, metric };
}

describe('ApiAlarms', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one latency child per route, the composite, two anomaly alarms and the WAF alarm', () => {
    // + the suppressor alarm of the fixture
    template.resourceCountIs(ALARM, ROUTES.length + 3 + 1);
    template.resourceCountIs(COMPOSITE, 1);
    expect(built.routeLatencyChildren).toHaveLength(ROUTES.length);
  });

  test.each(ROUTES)(
    '$method $path latency child: p99 over 15 minutes above 750 ms in 2 of 2 windows of at least 100 requests',
    (route) => {
      const { props } = alarmNamed(`todo-test-api-route-${route.slug}-p99-warning`);
      expect(props).toMatchObject({
        Threshold: 750,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
      });
      const metrics = props.Metrics as MetricDataQuery[];
      const byId = (id: string) => metrics.find((m) => m.Id === id)!;
      expect(metrics.find((m) => m.ReturnData !== false)!.Expression).toBe('IF(samples >= 100, p99, 0)');
      const dimensions = [
        { Name: 'ApiName', Value: 'todo-test-api' },
        { Name: 'Method', Value: route.method },
        { Name: 'Resource', Value: route.path },
        { Name: 'Stage', Value: 'test' },
      ];
      for (const [id, stat] of [
        ['p99', 'p99'],
        ['samples', 'SampleCount'],
      ]) {
        const query = byId(id);
        expect(query.MetricStat).toMatchObject({
          Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Latency' },
          Period: 900,
          Stat: stat,
        });
        expect(query.MetricStat!.Metric.Dimensions).toEqual(expect.arrayContaining(dimensions));
        expect(query.MetricStat!.Metric.Dimensions).toHaveLength(4);
      }
    },
  );

  test('latency children have no actions and name the composite they belong to', () => {
    for (const route of ROUTES) {
      const { props } = alarmNamed(`todo-test-api-route-${route.slug}-p99-warning`);
      expect(props.AlarmActions).toBeUndefined();
      expect(props.OKActions).toBeUndefined();
      // The route, its threshold and minimum traffic, and the composite (the wording is the factory's, tested there).
      for (const fact of [
        `${route.method} ${route.path} `,
        '750 ms',
        '100 requests',
        'todo-test-api-route-p99-warning',
      ]) {
        expect(props.AlarmDescription).toContain(fact);
      }
    }
  });

  test('the route latency composite fires when any route child is in ALARM', () => {
    const { props } = namedAlarm(composites, 'todo-test-api-route-p99-warning');
    const children = ROUTES.map((r) => alarmNamed(`todo-test-api-route-${r.slug}-p99-warning`).logicalId);
    expect(children).toHaveLength(3);
    expect(props.AlarmRule['Fn::Join'][1]).toEqual(expectedAlarmRule('OR', children));
  });

  test('the route latency composite is suppressed while the API is down (2 min wait, 10 min extension)', () => {
    const suppressor = alarmNamed('todo-test-api-down').logicalId;
    template.hasResourceProperties(COMPOSITE, {
      AlarmName: 'todo-test-api-route-p99-warning',
      ActionsSuppressor: { 'Fn::GetAtt': [suppressor, 'Arn'] },
      ActionsSuppressorWaitPeriod: 120,
      ActionsSuppressorExtensionPeriod: 600,
    });
  });

  test('without a suppressor the composite has no suppressor settings', () => {
    build(false).template.hasResourceProperties(COMPOSITE, {
      AlarmName: 'todo-test-api-route-p99-warning',
      ActionsSuppressor: Match.absent(),
      ActionsSuppressorWaitPeriod: Match.absent(),
      ActionsSuppressorExtensionPeriod: Match.absent(),
    });
  });

  test('the route latency composite notifies the warning topic and documents the SLO threshold', () => {
    const { props } = namedAlarm(composites, 'todo-test-api-route-p99-warning');
    expect(props.AlarmActions).toEqual([
      expect.objectContaining({ Ref: expect.stringMatching(/^TopicsWarningTopic/) }),
    ]);
    expect(props.OKActions).toBeUndefined();
    expect(descriptionLines(props)[0]).toContain('above 750 ms (the latency SLO threshold) for 30 minutes');
  });

  test('auth failures: above the 3-sigma anomaly band of the AuthFailures log metric in 3 of 3 periods', () => {
    const { props } = alarmNamed('todo-test-api-auth-failures-warning');
    const { metrics, band, metric } = anomalyParts(props);
    expect(metrics).toHaveLength(2);
    expect(metric.MetricStat).toEqual({
      Metric: { Namespace: 'TodoTest/Logs', MetricName: 'AuthFailures' },
      Period: 300,
      Stat: 'Sum',
    });
    expect(band.Expression).toBe(`ANOMALY_DETECTION_BAND(${metric.Id}, 3)`);
    expect(props).toMatchObject({
      ThresholdMetricId: band.Id,
      ComparisonOperator: 'GreaterThanUpperThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(props.Threshold).toBeUndefined();
  });

  test('4xx anomaly: above the 3-sigma band of the Http4xx log metric for 3 consecutive periods', () => {
    const { props } = alarmNamed('todo-test-api-4xx-anomaly-info');
    const { band, metric } = anomalyParts(props);
    expect(metric.MetricStat).toEqual({
      Metric: { Namespace: 'TodoTest/Logs', MetricName: 'Http4xx' },
      Period: 300,
      Stat: 'Sum',
    });
    expect(band.Expression).toBe(`ANOMALY_DETECTION_BAND(${metric.Id}, 3)`);
    expect(props).toMatchObject({
      ThresholdMetricId: band.Id,
      ComparisonOperator: 'GreaterThanUpperThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
  });

  test('the metric and its band are both returned, as CloudWatch requires of anomaly alarms', () => {
    for (const name of ['todo-test-api-auth-failures-warning', 'todo-test-api-4xx-anomaly-info']) {
      const { band, metric } = anomalyParts(alarmNamed(name).props);
      expect(metric.ReturnData).toBe(true);
      expect(band.ReturnData).toBe(true);
    }
  });

  test('WAF: more than 100 blocked requests in 5 minutes on all rules of the web ACL in this region', () => {
    const { props } = alarmNamed('todo-test-waf-blocked-requests-info');
    expect(props).toMatchObject({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(props.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'WebACL', Value: 'todo-test-api' },
        { Name: 'Region', Value: { Ref: 'AWS::Region' } },
        { Name: 'Rule', Value: 'ALL' },
      ]),
    );
    expect(props.Dimensions).toHaveLength(3);
  });

  test('security alarms route by severity: auth failures to warning, 4xx anomaly and WAF to info', () => {
    const routed = [
      ['todo-test-api-auth-failures-warning', 'Warning'],
      ['todo-test-api-4xx-anomaly-info', 'Info'],
      ['todo-test-waf-blocked-requests-info', 'Info'],
    ];
    for (const [AlarmName, severity] of routed) {
      template.hasResourceProperties(ALARM, {
        AlarmName,
        AlarmActions: [topicRef(severity)],
        OKActions: Match.absent(),
      });
    }
  });

  test('the security alarms state their thresholds and link the operations dashboard', () => {
    for (const id of ['api-auth-failures-warning', 'api-4xx-anomaly-info', 'waf-blocked-requests-info']) {
      expect(descriptionLines(alarmNamed(`todo-test-${id}`).props)[3]).toMatch(
        /#dashboards\/dashboard\/todo-test-operations$/,
      );
    }
    expect(descriptionLines(alarmNamed('todo-test-waf-blocked-requests-info').props)[0]).toContain(
      'more than 100 requests in 5 minutes',
    );
    expect(descriptionLines(alarmNamed('todo-test-api-auth-failures-warning').props)[0]).toContain(
      '3 standard deviations',
    );
  });
});

test('fails when no route is given', () => {
  expect(() => build(true, [])).toThrow('ApiAlarms: routes must list at least one route, got []');
});
