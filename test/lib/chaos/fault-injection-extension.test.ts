import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FaultInjectionExtension, FIS_EXEC_WRAPPER } from '../../../lib/chaos/fault-injection-extension';
import { TodoFunction } from '../../../lib/api/todo-function';

const ENTRY = path.join(__dirname, '..', '..', 'fixtures', 'handler.ts');
const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';

const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
const extension = new FaultInjectionExtension(stack, 'FaultInjection', { namePrefix: 'todo-test', layerArn: LAYER });
const target = new TodoFunction(stack, 'Target', {
  entry: ENTRY,
  functionName: 'todo-test-target',
  description: 'carries the extension',
  serviceName: 'todo-test',
  metricsNamespace: 'TodoTest',
});
new TodoFunction(stack, 'Bystander', {
  entry: ENTRY,
  functionName: 'todo-test-bystander',
  description: 'does not',
  serviceName: 'todo-test',
  metricsNamespace: 'TodoTest',
});
extension.attach(target);
const template = Template.fromStack(stack);
const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket'));

function statementsOf(fn: TodoFunction): Array<Record<string, unknown>> {
  const roleId = stack.getLogicalId(fn.role.node.defaultChild as never);
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('FaultInjectionExtension', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates a private, encrypted configuration bucket named <prefix>-fis-config-<account>-<region>', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        // Pseudo parameters even with a concrete env: the chaos stack derives the same name without a reference.
        BucketName: {
          'Fn::Join': ['', ['todo-test-fis-config-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1, Status: 'Enabled' })] },
      }),
      DeletionPolicy: 'Delete',
    });
  });

  test('denies requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('attaches the layer and the extension environment to the target', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'todo-test-target',
      Layers: [LAYER],
      Environment: {
        Variables: Match.objectLike({
          AWS_LAMBDA_EXEC_WRAPPER: FIS_EXEC_WRAPPER,
          AWS_FIS_CONFIGURATION_LOCATION: {
            'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/FisConfigs/']],
          },
          AWS_FIS_POLL_MAX_WAIT_MILLISECONDS: '2000',
        }),
      },
    });
    expect(extension.functions).toEqual([target]);
  });

  test('leaves other functions alone', () => {
    const bystander = template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'todo-test-bystander' },
    });
    const [props] = Object.values(bystander).map((r) => r.Properties);
    expect(props.Layers).toBeUndefined();
    expect(Object.keys(props.Environment.Variables)).not.toContain('AWS_LAMBDA_EXEC_WRAPPER');
  });

  test('lets the target list and read the FisConfigs/ folder only', () => {
    const s3 = statementsOf(target).filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toEqual([
      {
        Sid: 'FisConfigList',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['FisConfigs/*'] } },
      },
      {
        Sid: 'FisConfigRead',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/FisConfigs/*']] },
      },
    ]);
  });

  test('fails when the layer is in another region than the stack', () => {
    const other = new Stack(new App(), 'Other', { env: { region: 'us-east-1' } });
    expect(() => new FaultInjectionExtension(other, 'F', { namePrefix: 'todo-test', layerArn: LAYER })).toThrow(
      'FaultInjectionExtension: layerArn is in eu-west-1 but the stack deploys to us-east-1',
    );
  });

  test('fails when layerArn is not a layer version ARN', () => {
    const other = new Stack(new App(), 'Other');
    expect(
      () =>
        new FaultInjectionExtension(other, 'F', {
          namePrefix: 'todo-test',
          layerArn: 'arn:aws:lambda:eu-west-1:1:layer:x',
        }),
    ).toThrow(/layerArn must be a Lambda layer version ARN/);
  });

  test.each([-1, 10_001, 1.5])('fails when pollMaxWaitMs is %p', (value) => {
    const other = new Stack(new App(), 'Other');
    expect(
      () => new FaultInjectionExtension(other, 'F', { namePrefix: 'todo-test', layerArn: LAYER, pollMaxWaitMs: value }),
    ).toThrow(/pollMaxWaitMs must be an integer from 0 to 10000/);
  });

  test('fails when namePrefix cannot start a bucket name', () => {
    const other = new Stack(new App(), 'Other');
    expect(() => new FaultInjectionExtension(other, 'F', { namePrefix: 'Todo_Prod', layerArn: LAYER })).toThrow(
      /namePrefix must be 1-21 lowercase letters/,
    );
  });
});
