import { compareAlarms } from '../../../scripts/review/alarms';
import { compareCost } from '../../../scripts/review/cost';
import { compareDashboards } from '../../../scripts/review/dashboards';
import { comparePacks } from '../../../scripts/review/packs';
import { compareResources } from '../../../scripts/review/resources';
import { parseDashboard } from '../../../scripts/dashboard-preview/dashboards';
import { Templates } from '../../../scripts/review/templates';

const table = { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } };
const alarm = (name: string, threshold: number, runbook = 'https://runbooks/x') => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmName: name,
    AlarmDescription: `Too many errors.\nSeverity: critical\nRunbook: ${runbook}`,
    Threshold: threshold,
    Period: 60,
    EvaluationPeriods: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    AlarmActions: [{ Ref: 'CriticalTopic' }],
  },
});
const stack = (resources: Record<string, unknown>): Templates => ({ Stateful: { Resources: resources } as never });

describe('resources', () => {
  test('a renamed table construct is a replacement and a data-loss risk', () => {
    const report = compareResources(stack({ TableA1B2: table }), stack({ RenamedTableC3D4: table }));
    expect(report.replaced).toEqual([
      expect.objectContaining({ logicalId: 'TableA1B2', type: 'AWS::DynamoDB::Table' }),
    ]);
    expect(report.dataLossRisk.map((r) => r.logicalId)).toEqual(['TableA1B2']);
    expect(report.added).toEqual([]);
  });

  test('a property that forces replacement makes the table a data-loss risk', () => {
    const changed = { ...table, Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } };
    const report = compareResources(stack({ Table: table }), stack({ Table: changed }));
    expect(report.replaced).toEqual([
      expect.objectContaining({ logicalId: 'Table', detail: expect.stringContaining('KeySchema') }),
    ]);
    expect(report.dataLossRisk).toHaveLength(1);
  });

  test('a removed topic is removed but no data-loss risk; an added one is added', () => {
    const report = compareResources(
      stack({ Table: table, Topic: { Type: 'AWS::SNS::Topic' } }),
      stack({ Table: table, Queue: { Type: 'AWS::SQS::Queue' } }),
    );
    expect(report.removed.map((r) => r.logicalId)).toEqual(['Topic']);
    expect(report.added.map((r) => r.logicalId)).toEqual(['Queue']);
    expect(report.dataLossRisk).toEqual([]);
  });

  test('a new IAM statement is a security change', () => {
    const policy = (actions: string[]) => ({
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'p',
        Roles: ['r'],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: actions.map((a) => ({ Effect: 'Allow', Action: a, Resource: '*' })),
        },
      },
    });
    const report = compareResources(
      stack({ P: policy(['s3:GetObject']) }),
      stack({ P: policy(['s3:GetObject', 's3:DeleteObject']) }),
    );
    expect(report.security).toEqual([
      expect.objectContaining({ stack: 'Stateful', kind: 'IAM statements', broadened: true }),
    ]);
    expect(JSON.stringify(report.security[0].rows)).toContain('s3:DeleteObject');
  });
});

describe('alarms', () => {
  test('a moved threshold is a change naming Threshold with both values', () => {
    const report = compareAlarms(
      stack({ A: alarm('todo-prod-api-errors-critical', 5) }),
      stack({ A: alarm('todo-prod-api-errors-critical', 10) }),
    );
    expect(report.changed).toEqual([
      { name: 'todo-prod-api-errors-critical', fields: ['Threshold'], values: { Threshold: ['5', '10'] } },
    ]);
  });

  test('a removed alarm is listed by name, and a new runbook link is a Runbook change', () => {
    const report = compareAlarms(
      stack({ A: alarm('a-critical', 5), B: alarm('b-critical', 1) }),
      stack({ A: alarm('a-critical', 5, 'https://runbooks/y') }),
    );
    expect(report.removed).toEqual(['b-critical']);
    expect(report.changed.map((c) => c.fields)).toEqual([['Runbook']]);
  });

  test('new routing is an AlarmActions change shown by topic', () => {
    const rerouted = alarm('a-critical', 5);
    rerouted.Properties.AlarmActions = [{ Ref: 'WarningTopic' }];
    const report = compareAlarms(stack({ A: alarm('a-critical', 5) }), stack({ A: rerouted }));
    expect(report.changed[0].values.AlarmActions).toEqual(['CriticalTopic', 'WarningTopic']);
  });
});

describe('dashboards', () => {
  const body = (titles: string[]) =>
    JSON.stringify({
      widgets: titles.map((title, i) => ({
        type: 'text',
        x: 0,
        y: i * 2,
        width: 6,
        height: 2,
        properties: { markdown: title },
      })),
    });
  const dashboard = (titles: string[]) => parseDashboard('todo-prod-operations', 'Monitoring/Dashboard', body(titles));

  test('a new widget is listed as added on its dashboard', () => {
    const changes = compareDashboards([dashboard(['# A'])], [dashboard(['# A', '# B'])]);
    expect(changes).toEqual([
      expect.objectContaining({
        dashboard: 'todo-prod-operations',
        status: 'changed',
        widgetsAdded: [expect.any(String)],
      }),
    ]);
  });

  test('an unchanged dashboard is not reported', () => {
    expect(compareDashboards([dashboard(['# A'])], [dashboard(['# A'])])).toEqual([]);
  });
});

describe('cost', () => {
  const level = (usd: Record<string, number>) => ({
    levels: [
      {
        rps: 10,
        components: Object.entries(usd).map(([name, monthlyUsd]) => ({ name, monthlyUsd })),
        observabilityMonthlyUsd: 0,
        serviceMonthlyUsd: Object.values(usd).reduce((a, b) => a + b, 0),
      },
    ],
  });

  test('only the lines whose monthly cost changed are listed, with both sides', () => {
    const result = compareCost(level({ alarms: 3, logs: 20 }), level({ alarms: 3.5, logs: 20, dashboards: 3 }));
    expect(result.lines).toEqual([
      { name: 'alarms', baseUsd: 3, headUsd: 3.5 },
      { name: 'dashboards', baseUsd: null, headUsd: 3 },
    ]);
    expect([result.totalBaseUsd, result.totalHeadUsd]).toEqual([23, 26.5]);
  });

  test('fails when a side has no single traffic level', () => {
    expect(() => compareCost({}, level({}))).toThrow(/base cost report/);
  });
});

describe('packs', () => {
  test('a new acknowledgement and a fixed finding are reported', () => {
    const f = (rule: string, reason?: string) => ({ pack: 'AwsSolutions', rule, construct: 'Stateful/Table', reason });
    const report = comparePacks(
      { open: [f('AwsSolutions-DDB3')], acknowledged: [] },
      { open: [], acknowledged: [f('AwsSolutions-IAM5', 'scoped')] },
    );
    expect(report.findingsRemoved.map((x) => x.rule)).toEqual(['AwsSolutions-DDB3']);
    expect(report.acknowledgementsAdded).toEqual([f('AwsSolutions-IAM5', 'scoped')]);
    expect(report.findingsAdded).toEqual([]);
  });
});
