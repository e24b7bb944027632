import { App, AspectPriority, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExplicitFunctionLogs } from '../../../lib/security/explicit-function-logs';

const stack = new Stack(new App(), 'TestStack');
const key = new kms.Key(stack, 'LogKey');
// A CustomResourceProvider (raw AWS::Lambda::Function), an L2 function without a log group of its own (CDK's
// managed one only), and one that has its log group already.
new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
const code = lambda.Code.fromInline('exports.handler = async () => undefined;');
new lambda.Function(stack, 'Bare', {
  code,
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_22_X,
  loggingFormat: lambda.LoggingFormat.JSON,
});
const ownGroup = new logs.LogGroup(stack, 'OwnLogs', { logGroupName: '/todo/test/own' });
new lambda.Function(stack, 'Logged', {
  code,
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_22_X,
  logGroup: ownGroup,
});
Aspects.of(stack).add(
  new ExplicitFunctionLogs({
    encryptionKey: key,
    retention: logs.RetentionDays.TWO_WEEKS,
    removalPolicy: RemovalPolicy.DESTROY,
  }),
  { priority: AspectPriority.MUTATING },
);
const template = Template.fromStack(stack);
const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
const functions = template.findResources('AWS::Lambda::Function');
const functionId = (prefix: string) => Object.keys(functions).find((id) => id.startsWith(prefix))!;
const logGroupOf = (id: string) => {
  const ref = functions[id].Properties.LoggingConfig?.LogGroup?.Ref as string;
  return { id: ref, resource: template.findResources('AWS::Logs::LogGroup')[ref] };
};

describe('ExplicitFunctionLogs', () => {
  test("gives CDK's S3 auto-delete provider (a raw CfnResource function) a log group with retention and KMS", () => {
    const group = logGroupOf(functionId('CustomS3AutoDeleteObjectsCustomResourceProviderHandler'));
    expect(group.resource.Properties).toEqual({ RetentionInDays: 14, KmsKeyId: keyArn });
    expect(group.resource.DeletionPolicy).toBe('Delete');
  });

  test("completes an L2 function's CDK-managed /aws/lambda/<name> group with retention and KMS", () => {
    const id = functionId('Bare');
    expect(functions[id].Properties.LoggingConfig).toEqual({ LogFormat: 'JSON' });
    const [group] = Object.values(
      template.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: id }]] } },
      }),
    );
    expect(group.Properties).toMatchObject({ RetentionInDays: 14, KmsKeyId: keyArn });
    expect(group.DeletionPolicy).toBe('Delete');
  });

  test('leaves a function that names its log group alone', () => {
    expect(logGroupOf(functionId('Logged')).id).toBe(
      stack.getLogicalId(ownGroup.node.defaultChild as logs.CfnLogGroup),
    );
    // The two groups the aspect made and the one the function had: nothing more.
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
  });
});
