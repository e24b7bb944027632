import { App, Duration, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { JOURNEY_STEPS } from '../../../canary/journey';
import { loadStageConfig, physicalName, StageName } from '../../../lib/config/stage-config';
import { testAlarms } from '../../support/alarm-fixtures';
import { ApiCanary, ApiCanaryProps } from '../../../lib/synthetics/api-canary';

const CANARY = 'AWS::Synthetics::Canary';
const BUCKET = 'AWS::S3::Bucket';
const ALARM = 'AWS::CloudWatch::Alarm';
const API_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/';

function build(stage: StageName, overrides: Partial<ApiCanaryProps> = {}): { stack: Stack; canary: ApiCanary } {
  const config = loadStageConfig((key) => (key === 'stage' ? stage : undefined));
  const stack = new Stack(new App(), 'TestStack');
  const namePrefix = physicalName(config);
  const canary = new ApiCanary(stack, 'Canary', {
    apiUrl: API_URL,
    siteUrl: 'https://d111111abcdef8.cloudfront.net/',
    userPool: cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_pool'),
    namePrefix,
    logGroupOwner: config,
    journeyRate: Duration.minutes(config.canary.journeyRateMinutes),
    heartbeatRate: Duration.minutes(config.canary.heartbeatRateMinutes),
    alarms: testAlarms(stack, namePrefix).alarms,
    dashboardName: `${namePrefix}-operations`,
    logEncryptionKey: new kms.Key(stack, 'LogKey'),
    ...overrides,
  });
  return { stack, canary };
}

const prod = build('prod');
const template = Template.fromStack(prod.stack);
const dev = Template.fromStack(build('dev').stack);

const logicalId = (type: string, props: Record<string, unknown>, from = template): string => {
  const ids = Object.keys(from.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0];
};
const journeyId = logicalId(CANARY, { Name: 'todo-prod-journey' });
const heartbeatId = logicalId(CANARY, { Name: 'todo-prod-heartbeat' });
const artifactsId = logicalId(BUCKET, { LoggingConfiguration: Match.anyValue() });
const [logsId] = Object.keys(template.findResources(BUCKET)).filter((id) => id !== artifactsId);

describe('ApiCanary', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates a journey and a heartbeat canary on the latest traceable Node.js runtime', () => {
    template.resourceCountIs(CANARY, 2);
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-journey',
      RuntimeVersion: 'syn-nodejs-puppeteer-13.0',
      Code: Match.objectLike({ Handler: 'journey-canary.handler' }),
    });
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-heartbeat',
      RuntimeVersion: 'syn-nodejs-puppeteer-13.0',
      Code: Match.objectLike({ Handler: 'heartbeat-canary.handler' }),
    });
  });

  test.each([
    ['prod', template, 'rate(5 minutes)', 'rate(1 minute)'],
    ['dev', dev, 'rate(15 minutes)', 'rate(5 minutes)'],
  ])('%s: runs the journey and the heartbeat on the stage schedule', (stage, from, journey, heartbeat) => {
    from.hasResourceProperties(CANARY, {
      Name: `todo-${stage}-journey`,
      Schedule: { Expression: journey, DurationInSeconds: '0' },
      StartCanaryAfterCreation: true,
    });
    from.hasResourceProperties(CANARY, {
      Name: `todo-${stage}-heartbeat`,
      Schedule: Match.objectLike({ Expression: heartbeat }),
    });
  });

  test('traces every run with X-Ray and bounds its duration', () => {
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-journey',
      RunConfig: Match.objectLike({ ActiveTracing: true, TimeoutInSeconds: 60 }),
    });
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-heartbeat',
      RunConfig: Match.objectLike({ ActiveTracing: true, TimeoutInSeconds: 30 }),
    });
  });

  test('passes the API URL, web client URL, secret, canary client and region as environment variables', () => {
    const env = new Capture();
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-journey',
      RunConfig: Match.objectLike({ EnvironmentVariables: env }),
    });
    expect(env.asObject()).toEqual({
      TODO_API_URL: API_URL,
      TODO_WEB_URL: 'https://d111111abcdef8.cloudfront.net/',
      CANARY_SECRET_ID: { Ref: logicalId('AWS::SecretsManager::Secret', {}) },
      USER_POOL_CLIENT_ID: { Ref: logicalId('AWS::Cognito::UserPoolClient', {}) },
      USER_POOL_REGION: { Ref: 'AWS::Region' },
    });
  });

  test('creates its Cognito user from the secret at deploy time; both canaries wait for it', () => {
    const [userId] = Object.keys(template.findResources('Custom::CanaryUser'));
    template.hasResourceProperties('Custom::CanaryUser', {
      UserPoolId: 'eu-west-1_pool',
      SecretId: { Ref: logicalId('AWS::SecretsManager::Secret', {}) },
    });
    for (const canary of Object.values(template.findResources(CANARY))) {
      expect(canary.DependsOn).toEqual(expect.arrayContaining([userId]));
    }
  });

  test('does not retry failed runs and deletes its Lambda resources with the canary', () => {
    template.hasResourceProperties(CANARY, {
      Schedule: Match.objectLike({ RetryConfig: Match.absent() }),
      ProvisionedResourceCleanup: 'AUTOMATIC',
      SuccessRetentionPeriod: 30,
      FailureRetentionPeriod: 30,
    });
  });

  test('writes artifacts S3-encrypted under a prefix per canary', () => {
    template.hasResourceProperties(CANARY, {
      Name: 'todo-prod-journey',
      ArtifactS3Location: { 'Fn::Join': ['', ['s3://', { Ref: artifactsId }, '/journey']] },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_S3' } },
    });
  });

  test('keeps artifacts encrypted, private and for 30 days, and logs access to them', () => {
    template.hasResourceProperties(BUCKET, {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'canary-artifacts/' },
    });
  });

  test('lets S3 deliver access logs by bucket policy (no ACL) and expires them after 90 days', () => {
    const logs = template.findResources(BUCKET)[logsId].Properties;
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 90 })]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Effect: 'Allow',
          }),
        ]),
      },
    });
  });

  test.each(['artifacts', 'access logs'])('refuses plain HTTP to the %s bucket', (which) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: which === 'artifacts' ? artifactsId : logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('generates the canary password into a secret next to its username', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'todo-prod/canary-user',
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ username: 'canary@todo-prod.invalid' }),
        GenerateStringKey: 'password',
        PasswordLength: 32,
        RequireEachIncludedType: true,
      }),
    });
  });

  test('signs in through a canary-only client that allows USER_PASSWORD_AUTH and has no secret', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'todo-prod-canary',
      UserPoolId: 'eu-west-1_pool',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  test('lets the canaries read only their own secret, artifacts prefixes and log groups', () => {
    const statements = new Capture();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      Policies: [{ PolicyName: 'canary', PolicyDocument: { Statement: statements, Version: '2012-10-17' } }],
    });
    const json = JSON.stringify(statements.asArray());
    expect(json).toContain('/aws/lambda/cwsyn-todo-prod-journey-*');
    expect(json).toContain('/aws/lambda/cwsyn-todo-prod-heartbeat-*');
    expect(json).toContain('"cloudwatch:namespace":"CloudWatchSynthetics"');
    expect(json).toContain('xray:PutTraceSegments');
    expect(statements.asArray()).toContainEqual(
      expect.objectContaining({
        Action: 's3:PutObject',
        Resource: ['heartbeat', 'journey'].map((prefix) => ({
          'Fn::Join': ['', [{ 'Fn::GetAtt': [artifactsId, 'Arn'] }, `/${prefix}/*`]],
        })),
      }),
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: { Ref: logicalId('AWS::SecretsManager::Secret', {}) },
          }),
        ],
      },
    });
  });

  test.each([
    ['journey', 300, 3],
    ['heartbeat', 60, 2],
  ])(
    '%s child alarm: SuccessPercent below 100 in %#: failed runs of 3, missing data breaching',
    (which, period, failedRuns) => {
      template.hasResourceProperties(ALARM, {
        AlarmName: `todo-prod-api-canary-failed-${which}-critical`,
        Namespace: 'CloudWatchSynthetics',
        MetricName: 'SuccessPercent',
        Dimensions: [{ Name: 'CanaryName', Value: { Ref: which === 'journey' ? journeyId : heartbeatId } }],
        Statistic: 'Average',
        Period: period,
        Threshold: 100,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: failedRuns,
        TreatMissingData: 'breaching',
        AlarmActions: Match.absent(),
      });
    },
  );

  test('child alarm periods follow the dev schedule too', () => {
    dev.hasResourceProperties(ALARM, { AlarmName: 'todo-dev-api-canary-failed-journey-critical', Period: 900 });
    dev.hasResourceProperties(ALARM, { AlarmName: 'todo-dev-api-canary-failed-heartbeat-critical', Period: 300 });
  });

  test('without a suppressor the page is never held back', () => {
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'todo-prod-api-canary-failed-critical',
      ActionsSuppressor: Match.absent(),
    });
  });

  test('with a suppressor the page waits 2 minutes for it and stays held back 5 minutes after it clears', () => {
    const { stack } = build('prod', {
      suppressor: cloudwatch.Alarm.fromAlarmArn(
        new Stack(new App(), 'Other'),
        'Fast',
        'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:fast',
      ),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'todo-prod-api-canary-failed-critical',
      ActionsSuppressor: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:fast',
      ActionsSuppressorWaitPeriod: 120,
      ActionsSuppressorExtensionPeriod: 300,
    });
  });

  test('pages (critical, ALARM and OK) when either canary fails, with the alarm convention', () => {
    const rule = new Capture();
    const description = new Capture();
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'todo-prod-api-canary-failed-critical',
      AlarmRule: rule,
      AlarmDescription: description,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^TopicsCriticalTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^TopicsCriticalTopic') }],
    });
    const ruleText = JSON.stringify(rule.asObject());
    expect(ruleText).toMatch(/ALARM\(.*\) OR ALARM\(/);
    const text = JSON.stringify(description.asObject());
    expect(text).toContain('the journey its last 3 runs, the heartbeat 2 of its last 3');
    expect(text).toContain('Severity: critical');
    expect(text).toContain('Runbook: https://runbooks.example.com/alarms/api-canary-failed-critical.md');
    expect(text).toContain('Missing data: breaching');
  });

  test('offers dashboard widgets with success per canary and duration per journey step', () => {
    const { canary } = prod;
    const widgets = JSON.stringify(
      Stack.of(canary).resolve(canary.widgets().map((w: cloudwatch.IWidget) => w.toJson())),
    );
    for (const step of JOURNEY_STEPS) expect(widgets).toContain(`"StepName","${step}"`);
    expect(widgets).toContain('"SuccessPercent"');
  });

  test('fails when a rate is not whole minutes from 1 to 60', () => {
    expect(() => build('dev', { journeyRate: Duration.seconds(90) })).toThrow(
      'ApiCanary: journeyRate must be whole minutes from 1 to 60, got 1 minute 30 seconds',
    );
    expect(() => build('dev', { heartbeatRate: Duration.hours(2) })).toThrow(/heartbeatRate must be whole minutes/);
  });

  test('fails when the name prefix makes an invalid canary name', () => {
    expect(() => build('dev', { namePrefix: 'todo-development-stage' })).toThrow(
      'ApiCanary: namePrefix "todo-development-stage" gives canary name "todo-development-stage-journey"; allowed: 1–21 lowercase letters, digits, "-" or "_"',
    );
    expect(() => build('dev', { namePrefix: 'Todo-Dev' })).toThrow(/namePrefix "Todo-Dev"/);
  });
});
