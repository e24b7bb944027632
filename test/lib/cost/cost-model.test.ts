/** The cost model on a small hand-made template whose counts are known, and its errors. */
import { ASSUMPTIONS, CATEGORIES, estimate } from '../../../lib/cost/estimate';
import { parseRps, costReport } from '../../../lib/cost/cost-report';
import { MeasuredVolumes } from '../../../lib/cost/measured-volumes';
import { priceBook } from '../../../lib/cost/prices';
import { readUsage, TemplateJson } from '../../../lib/cost/template-usage';

const metricStat = (name: string, period = 300) => ({
  MetricStat: { Metric: { Namespace: 'N', MetricName: name }, Period: period, Stat: 'Sum' },
});

const FIXTURE: Record<string, TemplateJson> = {
  Service: {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: {} },
      Stage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': ['Access', 'Arn'] } } },
      },
      Access: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/apigateway/x/access', RetentionInDays: 30, DataProtectionPolicy: {} },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'todo-t-get-todo',
          MemorySize: 2048,
          Architectures: ['arm64'],
          LoggingConfig: { LogGroup: { Ref: 'FnLogs' } },
        },
      },
      FnLogs: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/lambda/todo-t-get-todo', RetentionInDays: 7 },
      },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}] } },
      Rum: {
        Type: 'AWS::RUM::AppMonitor',
        Properties: {
          AppMonitorConfiguration: {
            SessionSampleRate: 0.5,
            MetricDestinations: [{ Destination: 'CloudWatch', MetricDefinitions: [{}, {}] }],
          },
        },
      },
    },
  },
  Monitoring: {
    Resources: {
      Single: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'single', Period: 300 } },
      Math: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { AlarmName: 'math', Metrics: [metricStat('a'), metricStat('b'), { Expression: 'a+b' }] },
      },
      Band: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { AlarmName: 'band', Metrics: [metricStat('a'), { Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' }] },
      },
      Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'fast', Metrics: [metricStat('a', 10)] } },
      Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
      ...Object.fromEntries([1, 2, 3, 4].map((i) => [`D${i}`, { Type: 'AWS::CloudWatch::Dashboard', Properties: {} }])),
      Sampling: { Type: 'AWS::XRay::SamplingRule', Properties: { SamplingRule: { ReservoirSize: 1, FixedRate: 0.1 } } },
      Canary: {
        Type: 'AWS::Synthetics::Canary',
        Properties: { Name: 'c', Schedule: { Expression: 'rate(10 minutes)' } },
      },
      Filter: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          MetricTransformations: [{ MetricNamespace: 'L', MetricName: 'Errors', Dimensions: [{ Key: 'route' }] }],
        },
      },
    },
  },
};

/** One route only (GET /todos/{id}), every request alike. */
const VOLUMES: MeasuredVolumes = {
  measuredAt: 'fixture',
  method: 'fixture',
  routes: {
    'GET /todos/{id}': {
      share: 1,
      applicationLogBytes: 1000,
      emfBytes: 400,
      applicationLogLines: 3,
      platformLogBytes: 500,
      accessLogBytes: 600,
      auditLogBytes: 0,
      durationMs: 9.2,
      readRequestUnits: 0.5,
      writeRequestUnits: 0,
      streamRecords: 0,
    },
  },
};

const usage = readUsage(FIXTURE);
const at1 = estimate(usage, VOLUMES, priceBook('us-east-1'), 1);
const line = (prefix: string) => {
  const found = at1.components.filter((c) => c.name.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};
const month = ASSUMPTIONS.secondsPerMonth;

test('counts billed alarm metrics: 1 per single metric, each metric a math alarm reads, 3 per anomaly band', () => {
  expect(line('alarm metrics').quantity).toBe(1 + 2 + 3);
  expect(line('alarm metrics').monthlyUsd).toBeCloseTo(0.6, 6);
  expect(line('high-resolution alarm metrics')).toMatchObject({ quantity: 1, monthlyUsd: 0.3 });
  expect(line('composite alarms')).toMatchObject({ quantity: 1, monthlyUsd: 0.5 });
});

test('dashboards beyond the free three cost $3 each', () => {
  expect(line('dashboards')).toMatchObject({ quantity: 1, monthlyUsd: 3 });
});

test('log bytes land in the groups that receive them, with storage at their retention and scanning where protected', () => {
  const requests = month;
  expect(line('ingestion: function logs').quantity).toBeCloseTo((requests * 1500) / 1024 ** 3, 3);
  expect(line('ingestion: API access logs').quantity).toBeCloseTo((requests * 600) / 1024 ** 3, 3);
  const stored = (requests * 1500 * 7) / 30.4 + (requests * 600 * 30) / 30.4;
  expect(line('storage').quantity).toBeCloseTo(stored / 1024 ** 3, 3);
  expect(line('data protection').quantity).toBeCloseTo((requests * 600) / 1024 ** 3, 3);
});

test('traces follow the sampling rule: the reservoir per second plus the fixed rate of the rest', () => {
  expect(line('X-Ray traces recorded').quantity).toBe(month * 1);
  const at11 = estimate(usage, VOLUMES, priceBook('us-east-1'), 11);
  expect(at11.components.find((c) => c.name === 'X-Ray traces recorded')!.quantity).toBeCloseTo(
    month * (1 + 0.1 * 10),
    0,
  );
});

test('canary runs follow the schedule; RUM events the sample rate; WAF its rules and requests', () => {
  expect(line('canary c').quantity).toBe(month / 60 / 10);
  expect(line('RUM events').quantity).toBeCloseTo(
    (month / ASSUMPTIONS.apiRequestsPerBrowserSession) * ASSUMPTIONS.rumEventsPerSession * 0.5,
    0,
  );
  expect(line('RUM custom metrics').quantity).toBe(2);
  expect(line('rules')).toMatchObject({ quantity: 2, monthlyUsd: 2 });
  expect(line('requests inspected').quantity).toBe(month);
});

test('a metric filter with a route dimension publishes one metric per route', () => {
  expect(line('metric-filter metrics').quantity).toBe(7);
});

test('Lambda compute is measured duration, rounded up to the millisecond, times memory', () => {
  expect(line('API function compute').quantity).toBeCloseTo(month * 0.01 * 2, 3);
  expect(line('read request units').quantity).toBeCloseTo(month * 0.5, 3);
  expect(at1.serviceMonthlyUsd).toBeGreaterThan(0);
  expect(at1.observabilityMonthlyUsd).toBeGreaterThan(at1.serviceMonthlyUsd);
});

test('the report has lines in every category the JSON promises, and in no other', () => {
  expect(new Set(at1.components.map((c) => c.category))).toEqual(new Set(CATEGORIES));
});

test('a billable type without a price is an error naming it; so are an unknown region and a bad --rps', () => {
  const withUnknown = {
    ...FIXTURE,
    Extra: { Resources: { Q: { Type: 'AWS::Kinesis::Stream' }, R: { Type: 'AWS::EC2::Instance' } } },
  };
  expect(() => readUsage(withUnknown)).toThrow(
    'no price for resource type(s) AWS::EC2::Instance, AWS::Kinesis::Stream',
  );
  expect(() => costReport('dev', FIXTURE, [1], 'mars-north-1', VOLUMES)).toThrow(
    /no prices for region "mars-north-1"; priced regions: us-east-1/,
  );
  for (const bad of ['0', '-1', 'ten', '1,,2', ''])
    expect(() => parseRps(bad)).toThrow(/--rps must be positive numbers/);
  expect(parseRps('1, 10,100')).toEqual([1, 10, 100]);
});
