import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  FAULT_ACTIONS,
  LambdaFaultExperiment,
  LambdaFaultExperimentProps,
} from '../../../lib/chaos/lambda-fault-experiment';

const TEMPLATE = 'AWS::FIS::ExperimentTemplate';

function fixtures(scope: Stack) {
  const fn = new lambda.Function(scope, 'Fn', {
    functionName: 'todo-test-fn',
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const alarm = cloudwatch.Alarm.fromAlarmArn(scope, 'Stop', 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:stop-me');
  const bucket = s3.Bucket.fromBucketName(scope, 'Bucket', 'todo-test-fis-config');
  return { fn, alarm, bucket };
}

const stack = new Stack(new App(), 'TestStack');
const { fn, alarm, bucket } = fixtures(stack);
const base: LambdaFaultExperimentProps = {
  experimentName: 'todo-test-latency',
  description: 'Adds latency; expect the latency alarm',
  fault: { kind: 'add-delay', delay: Duration.millis(1500) },
  duration: Duration.minutes(30),
  invocationPercentage: 50,
  functions: [fn],
  configBucket: bucket,
  stopConditions: [alarm],
};
new LambdaFaultExperiment(stack, 'Latency', base);
new LambdaFaultExperiment(stack, 'Errors', {
  ...base,
  experimentName: 'todo-test-errors',
  fault: { kind: 'error', preventExecution: true },
  duration: Duration.minutes(20),
  invocationPercentage: 30,
});
new LambdaFaultExperiment(stack, 'Http', {
  ...base,
  experimentName: 'todo-test-http',
  fault: { kind: 'http-response', statusCode: 503, contentType: 'application/problem+json', preventExecution: false },
});
const template = Template.fromStack(stack);
const [fnId] = Object.keys(template.findResources('AWS::Lambda::Function'));

describe('LambdaFaultExperiment', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one template and one role per experiment', () => {
    template.resourceCountIs(TEMPLATE, 3);
    template.resourceCountIs('AWS::IAM::Role', 4); // + the fixture function's role
  });

  test('adds latency with aws:lambda:invocation-add-delay (startupDelayMilliseconds, percentage, duration)', () => {
    template.hasResourceProperties(TEMPLATE, {
      Tags: { Name: 'todo-test-latency' },
      Actions: {
        InjectFault: {
          ActionId: 'aws:lambda:invocation-add-delay',
          Parameters: { duration: 'PT30M', invocationPercentage: '50', startupDelayMilliseconds: '1500' },
          Targets: { Functions: 'Functions' },
        },
      },
    });
  });

  test('fails invocations with aws:lambda:invocation-error, without running the code', () => {
    template.hasResourceProperties(TEMPLATE, {
      Tags: { Name: 'todo-test-errors' },
      Actions: {
        InjectFault: Match.objectLike({
          ActionId: 'aws:lambda:invocation-error',
          Parameters: { duration: 'PT20M', invocationPercentage: '30', preventExecution: 'true' },
        }),
      },
    });
  });

  test('replaces responses with aws:lambda:invocation-http-integration-response', () => {
    template.hasResourceProperties(TEMPLATE, {
      Tags: { Name: 'todo-test-http' },
      Actions: {
        InjectFault: Match.objectLike({
          ActionId: FAULT_ACTIONS['http-response'],
          Parameters: Match.objectLike({
            statusCode: '503',
            contentTypeHeader: 'application/problem+json',
            preventExecution: 'false',
          }),
        }),
      },
    });
  });

  test('targets the functions by ARN, all of them, and fails when one is missing', () => {
    template.hasResourceProperties(TEMPLATE, {
      Targets: {
        Functions: {
          ResourceType: 'aws:lambda:function',
          ResourceArns: [{ 'Fn::GetAtt': [fnId, 'Arn'] }],
          SelectionMode: 'ALL',
        },
      },
      ExperimentOptions: { AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' },
    });
  });

  test('stops on the given alarms', () => {
    template.hasResourceProperties(TEMPLATE, {
      StopConditions: [
        { Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:stop-me' },
      ],
    });
  });

  test('runs as a role only FIS of this account can assume', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'fis.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  test('allows writing fault configurations, reading the targets and resolving tags, nothing more', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('Latency'),
    );
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: 'WriteFaultConfigurations',
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:PutObject'],
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::todo-test-fis-config/FisConfigs/*']],
        },
      },
      {
        Sid: 'ReadTargetFunctions',
        Effect: 'Allow',
        Action: 'lambda:GetFunction',
        Resource: { 'Fn::GetAtt': [fnId, 'Arn'] },
      },
      { Sid: 'ResolveTargets', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' },
    ]);
  });

  test.each([0, 101, 12.5])('fails when invocationPercentage is %p', (value) => {
    const scope = new Stack(new App(), 'Invalid');
    expect(() => new LambdaFaultExperiment(scope, 'E', { ...base, invocationPercentage: value })).toThrow(
      /invocationPercentage must be an integer from 1 to 100/,
    );
  });

  test.each([Duration.seconds(30), Duration.hours(13)])('fails when duration is %p', (duration) => {
    const scope = new Stack(new App(), 'Invalid');
    expect(() => new LambdaFaultExperiment(scope, 'E', { ...base, duration })).toThrow(
      /duration must be from 1 minute to 12 hours/,
    );
  });

  test('fails when there is no target function', () => {
    const scope = new Stack(new App(), 'Invalid');
    expect(() => new LambdaFaultExperiment(scope, 'E', { ...base, functions: [] })).toThrow(
      /functions must name at least one target function/,
    );
  });

  test.each([0, 6])('fails when there are %p stop conditions (a chaos experiment needs 1 to 5)', (count) => {
    const scope = new Stack(new App(), 'Invalid');
    expect(() => new LambdaFaultExperiment(scope, 'E', { ...base, stopConditions: Array(count).fill(alarm) })).toThrow(
      /stopConditions must hold 1 to 5 alarms/,
    );
  });

  test('fails when the delay exceeds 900 s', () => {
    const scope = new Stack(new App(), 'Invalid');
    expect(
      () =>
        new LambdaFaultExperiment(scope, 'E', { ...base, fault: { kind: 'add-delay', delay: Duration.minutes(16) } }),
    ).toThrow(/delay must be 0–900000 ms/);
  });

  test('fails when the HTTP status code has more than three digits', () => {
    const scope = new Stack(new App(), 'Invalid');
    expect(
      () =>
        new LambdaFaultExperiment(scope, 'E', {
          ...base,
          fault: { kind: 'http-response', statusCode: 1000, contentType: 'text/plain', preventExecution: true },
        }),
    ).toThrow(/statusCode must be an integer from 0 to 999/);
  });
});
