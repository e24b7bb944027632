import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { TodoFunction, TodoFunctionProps } from '../../../lib/api/todo-function';

const FUNCTION = 'AWS::Lambda::Function';
const ENTRY = path.join(__dirname, '..', '..', 'fixtures', 'handler.ts');

const baseProps: TodoFunctionProps = {
  entry: ENTRY,
  functionName: 'todo-test-defaults',
  description: 'Function with every default',
  serviceName: 'todo-test',
  metricsNamespace: 'TodoTest',
};

// Two functions in one stack, synthesized once: one with every default, one overriding every tunable.
const stack = new Stack(new App(), 'TestStack');
new TodoFunction(stack, 'Defaults', baseProps);
new TodoFunction(stack, 'Tuned', {
  ...baseProps,
  functionName: 'todo-test-tuned',
  description: 'Function with overrides',
  memorySizeMb: 512,
  timeout: Duration.seconds(3),
  logLevel: 'DEBUG',
  debugLogSampleRate: 0.25,
  logRetention: logs.RetentionDays.ONE_WEEK,
  environment: { TABLE: 'todos' },
  reservedConcurrency: 25,
});
const template = Template.fromStack(stack);

/** Logical IDs of the function named `functionName`, its role and the log group named after it. */
function idsOf(functionName: string): { fn: string; role: string; logGroup: string } {
  const [fn, resource] = Object.entries(
    template.findResources(FUNCTION, { Properties: { FunctionName: functionName } }),
  )[0];
  const [logGroup] = Object.keys(
    template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: `/aws/lambda/${functionName}` } }),
  );
  return { fn, role: resource.Properties.Role['Fn::GetAtt'][0], logGroup };
}

/** Every statement of the identity policies attached to `roleId`. */
function statementsOf(roleId: string): Array<Record<string, unknown>> {
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const defaults = idsOf('todo-test-defaults');

describe('TodoFunction', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates a function, a role and a log group per construct', () => {
    template.resourceCountIs(FUNCTION, 2);
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
  });

  test('runs Node.js 24 on arm64', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-defaults',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
  });

  test('traces with X-Ray in active mode', () => {
    template.hasResourceProperties(FUNCTION, { FunctionName: 'todo-test-defaults', TracingConfig: { Mode: 'Active' } });
  });

  test('logs JSON into its own log group', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-defaults',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: defaults.logGroup } }),
    });
  });

  test('names its log group /aws/lambda/<functionName> and keeps it a month by default', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/lambda/todo-test-defaults', RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
  });

  test('keeps the log group as long as logRetention says', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/todo-test-tuned',
      RetentionInDays: 7,
    });
  });

  test('configures Powertools service, namespace, log level and sample rate with defaults', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-defaults',
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'todo-test',
          POWERTOOLS_METRICS_NAMESPACE: 'TodoTest',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
        }),
      },
    });
  });

  test('passes the given log level, sample rate and extra environment', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-tuned',
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          POWERTOOLS_LOGGER_SAMPLE_RATE: '0.25',
          TABLE: 'todos',
        }),
      },
    });
  });

  test('leaves runtime source maps off (their cost at cold start: docs/cold-start.md)', () => {
    const [variables] = Object.values(
      template.findResources(FUNCTION, { Properties: { FunctionName: 'todo-test-defaults' } }),
    ).map((fn) => fn.Properties.Environment.Variables as Record<string, string>);
    expect(variables).toBeDefined();
    expect(variables.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
  });

  test('uses 1024 MB and a 10-second timeout by default', () => {
    template.hasResourceProperties(FUNCTION, { FunctionName: 'todo-test-defaults', MemorySize: 1024, Timeout: 10 });
  });

  test('uses the given memory size and timeout', () => {
    template.hasResourceProperties(FUNCTION, { FunctionName: 'todo-test-tuned', MemorySize: 512, Timeout: 3 });
  });

  test('runs with a role Lambda assumes, with no managed policies', () => {
    const role = template.toJSON().Resources[defaults.role];
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
      }),
    ]);
  });

  test('grants its role writing to its own log group only', () => {
    const logStatements = statementsOf(defaults.role).filter((s) => JSON.stringify(s.Action).includes('logs:'));
    expect(logStatements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']),
        Resource: { 'Fn::GetAtt': [defaults.logGroup, 'Arn'] },
      }),
    ]);
  });

  test('grants its role sending X-Ray trace segments', () => {
    expect(statementsOf(defaults.role)).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
      }),
    );
  });

  test('grants its role nothing beyond logs and X-Ray', () => {
    const actions = statementsOf(defaults.role).flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
  });

  test('reserves the concurrency it is given, and none by default', () => {
    template.hasResourceProperties(FUNCTION, { FunctionName: 'todo-test-tuned', ReservedConcurrentExecutions: 25 });
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-defaults',
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  test.each([0, -1, 2.5, Number.NaN])('fails when reservedConcurrency is %p (not an integer of at least 1)', (n) => {
    const scope = new Stack(new App(), 'InvalidStack');
    expect(() => new TodoFunction(scope, 'Fn', { ...baseProps, reservedConcurrency: n })).toThrow(
      /reservedConcurrency must be an integer of at least 1/,
    );
  });

  test.each([-0.1, 1.5, Number.NaN])('fails when debugLogSampleRate is %p (outside 0-1)', (rate) => {
    const scope = new Stack(new App(), 'InvalidStack');
    expect(() => new TodoFunction(scope, 'Fn', { ...baseProps, debugLogSampleRate: rate })).toThrow(
      /debugLogSampleRate must be between 0 and 1/,
    );
  });
});

describe('TodoFunction with an existing log group', () => {
  const scope = new Stack(new App(), 'ExistingLogGroupStack');
  const shared = new logs.LogGroup(scope, 'Shared', { logGroupName: '/todo/test/audit' });
  const fn = new TodoFunction(scope, 'Fn', {
    ...baseProps,
    functionName: 'todo-test-shared',
    existingLogGroup: shared,
  });
  const shares = Template.fromStack(scope);
  const [sharedId] = Object.keys(shares.findResources('AWS::Logs::LogGroup'));

  test('writes into that log group and creates none of its own', () => {
    shares.resourceCountIs('AWS::Logs::LogGroup', 1);
    shares.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-shared',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: sharedId } }),
    });
    expect(fn.logGroup).toBe(shared);
  });

  test('grants its role writing to that log group', () => {
    const [policy] = Object.values(shares.findResources('AWS::IAM::Policy'));
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']),
        Resource: { 'Fn::GetAtt': [sharedId, 'Arn'] },
      }),
    );
  });

  test.each([
    ['logRetention', { logRetention: logs.RetentionDays.ONE_WEEK }],
    ['maskPersonalData', { maskPersonalData: false }],
  ] as const)('fails when existingLogGroup is combined with %s', (_name, extra) => {
    const other = new Stack(new App(), 'ConflictStack');
    const group = new logs.LogGroup(other, 'Group');
    expect(() => new TodoFunction(other, 'Fn', { ...baseProps, existingLogGroup: group, ...extra })).toThrow(
      /existingLogGroup cannot be combined with/,
    );
  });
});
