import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CanaryUser } from '../../../lib/synthetics/canary-user';

const stack = new Stack(new App(), 'TestStack');
const userPool = new cognito.UserPool(stack, 'Pool');
const credentials = new secretsmanager.Secret(stack, 'Credentials');
const logKey = new kms.Key(stack, 'LogKey');
const user = new CanaryUser(stack, 'User', {
  userPool,
  credentials,
  logGroupName: '/todo-test/canary-user',
  logRetention: logs.RetentionDays.TWO_WEEKS,
  logEncryptionKey: logKey,
  removalPolicy: RemovalPolicy.DESTROY,
});
const template = Template.fromStack(stack);
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const functionId = id(user.function);

describe('CanaryUser', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test("its function's log group is encrypted with the log key and expires", () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/todo-test/canary-user',
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(logKey.node.defaultChild as kms.CfnKey), 'Arn'] },
      RetentionInDays: 14,
    });
  });

  test('a custom resource served by its own function, given the pool and the secret (never the password)', () => {
    template.hasResourceProperties('Custom::CanaryUser', {
      ServiceToken: { 'Fn::GetAtt': [functionId, 'Arn'] },
      UserPoolId: { Ref: id(userPool) },
      SecretId: { Ref: id(credentials) },
    });
    expect(JSON.stringify(template.findResources('Custom::CanaryUser'))).not.toMatch(
      /password|resolve:secretsmanager/i,
    );
  });

  test('the function: Node.js 24 on arm64, bundled from lambda/custom-resources/canary-user.ts, 30 s', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 30,
      LoggingConfig: Match.objectLike({ LogGroup: { Ref: Match.stringLikeRegexp('^UserLogs') } }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/todo-test/canary-user',
      RetentionInDays: 14,
    });
  });

  test('may read this secret and manage users of this pool, nothing else', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policy.Properties.PolicyDocument.Statement as Array<{
      Sid?: string;
      Action: string | string[];
      Resource: unknown;
    }>;
    expect(statements.find((s) => s.Sid === 'ManageCanaryUser')).toEqual({
      Sid: 'ManageCanaryUser',
      Effect: 'Allow',
      Action: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminSetUserPassword'],
      Resource: { 'Fn::GetAtt': [id(userPool), 'Arn'] },
    });
    const secretStatement = statements.find((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))!;
    expect(secretStatement.Resource).toEqual({ Ref: id(credentials) });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(
      actions.every((a) =>
        /^(cognito-idp:Admin(Create|Delete|SetUserPassword)|secretsmanager:(GetSecretValue|DescribeSecret)|logs:(CreateLogStream|PutLogEvents))/.test(
          a,
        ),
      ),
    ).toBe(true);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: 'Creates the API canary user in Cognito from its credentials secret',
      ManagedPolicyArns: Match.absent(),
    });
  });
});
