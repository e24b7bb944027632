/**
 * Reading a synthesized cloud assembly: stacks from manifest.json, and the intrinsics of their templates resolved to
 * what CloudFormation would deploy, so alarms and the traffic model name the same metrics.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudAssembly, REPLAY_ENVIRONMENT } from '../../../scripts/alert-replay/cloud-assembly';
import { readAlarms } from '../../../scripts/alert-replay/alarm-model';

function assembly(
  templates: Record<string, { Resources: Record<string, unknown>; Outputs?: Record<string, unknown> }>,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-assembly-'));
  const artifacts: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(templates)) {
    fs.writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify(template));
    artifacts[name] = {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: `${name}.template.json`, stackName: `app-${name.toLowerCase()}` },
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '1', artifacts }));
  return dir;
}

const service = {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'app-get' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'app-dlq' } },
  },
  Outputs: { FnName: { Value: { Ref: 'Fn' } } },
};
const monitoring = {
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'app-alerts-critical' } },
    Errors: {
      Type: 'AWS::CloudWatch::Alarm',
      Metadata: { 'aws:cdk:path': 'Monitoring/Errors/Resource' },
      Properties: {
        AlarmName: { 'Fn::Join': ['-', ['app', 'errors', 'critical']] },
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: { 'Fn::GetStackOutput': { StackName: 'app-service', OutputName: 'FnName' } } },
        ],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: 'Topic' }],
        OKActions: [{ Ref: 'Topic' }],
      },
    },
    Page: {
      Type: 'AWS::CloudWatch::CompositeAlarm',
      Properties: {
        AlarmName: 'app-page-critical',
        AlarmRule: { 'Fn::Join': ['', ['ALARM("', { 'Fn::GetAtt': ['Errors', 'Arn'] }, '")']] },
        AlarmActions: [{ Ref: 'Topic' }],
      },
    },
  },
};

test('alarms come with resolved dimensions, M of N, missing-data treatment and the severity of their topics', () => {
  const [errors, page] = readAlarms(CloudAssembly.load(assembly({ Service: service, Monitoring: monitoring })));
  expect(errors).toMatchObject({
    kind: 'metric',
    name: 'app-errors-critical',
    construct: 'Monitoring/Errors/Resource (app-monitoring)',
    periodMinutes: 5,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: 'notBreaching',
    alarmSeverities: ['critical'],
    okSeverities: ['critical'],
  });
  expect(errors.kind === 'metric' && errors.queries[0]).toMatchObject({
    metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'app-get' } },
  });
  // Alarm ARNs in a rule become alarm names.
  expect(page).toMatchObject({
    kind: 'composite',
    rule: 'ALARM("app-errors-critical")',
    alarmSeverities: ['critical'],
    okSeverities: [],
  });
});

test('pseudo parameters, Sub, Select and Split, ARNs and queue names resolve as CloudFormation would', () => {
  const loaded = CloudAssembly.load(assembly({ Service: service }));
  const stack = loaded.stacks[0];
  const { region, account } = REPLAY_ENVIRONMENT;
  expect(
    loaded.resolve(stack, {
      'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}',
    }),
  ).toBe(`arn:aws:lambda:${region}:${account}:function:app-get`);
  expect(loaded.resolve(stack, { 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
  expect(loaded.resolve(stack, { 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(`arn:aws:sqs:${region}:${account}:app-dlq`);
  expect(loaded.resolve(stack, { 'Fn::GetAtt': ['Queue', 'QueueName'] })).toBe('app-dlq');
});

test('an intrinsic the replay cannot resolve is an error naming the stack and the function', () => {
  const loaded = CloudAssembly.load(assembly({ Service: service }));
  expect(() => loaded.resolve(loaded.stacks[0], { 'Fn::FindInMap': ['M', 'k', 'v'] })).toThrow(
    'app-service: the alert replay cannot resolve Fn::FindInMap',
  );
  expect(() =>
    loaded.resolve(loaded.stacks[0], { 'Fn::GetStackOutput': { StackName: 'app-other', OutputName: 'X' } }),
  ).toThrow(/names app-other\/X, which is not in the assembly/);
});

test('a directory that is not a cloud assembly is a clear error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-empty-'));
  expect(() => CloudAssembly.load(dir)).toThrow(
    `${dir} is not a synthesized cloud assembly: ${path.join(dir, 'manifest.json')} is missing (run npm run synth)`,
  );
});

test('an alarm setting the replay does not know is an error naming the alarm and its construct', () => {
  const broken = JSON.parse(JSON.stringify(monitoring));
  broken.Resources.Errors.Properties.ExtendedStatistic = 'wm90';
  delete broken.Resources.Errors.Properties.Statistic;
  expect(() => readAlarms(CloudAssembly.load(assembly({ Service: service, Monitoring: broken })))).toThrow(
    'alarm app-errors-critical (Monitoring/Errors/Resource (app-monitoring)): statistic "wm90" is not supported',
  );
  broken.Resources.Errors.Properties.Period = 10;
  broken.Resources.Errors.Properties.ExtendedStatistic = 'p99';
  expect(() => readAlarms(CloudAssembly.load(assembly({ Service: service, Monitoring: broken })))).toThrow(
    /period 10 s is not a whole number of minutes/,
  );
});

test('an action on a topic that is not one of the severity topics is an error', () => {
  const other = JSON.parse(JSON.stringify(monitoring));
  other.Resources.Topic.Properties.TopicName = 'app-misc';
  expect(() => readAlarms(CloudAssembly.load(assembly({ Service: service, Monitoring: other })))).toThrow(
    /is not one of the severity topics/,
  );
});
