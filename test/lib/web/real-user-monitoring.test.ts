import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RealUserMonitoring, RealUserMonitoringProps } from '../../../lib/web/real-user-monitoring';
import { deployedText } from '../../support/template-text';

const MONITOR = 'AWS::RUM::AppMonitor';
const POOL = 'AWS::Cognito::IdentityPool';
const ROLE = 'AWS::IAM::Role';

function synth(props: Partial<RealUserMonitoringProps> = {}): Template {
  const stack = new Stack(new App(), 'TestStack');
  new RealUserMonitoring(stack, 'Rum', {
    appMonitorName: 'todo-test-web',
    domain: 'd111111abcdef8.cloudfront.net',
    sessionSampleRate: 0.25,
    ...props,
  });
  return Template.fromStack(stack);
}

const template = synth();
const logicalId = (type: string) => Object.keys(template.findResources(type))[0];

describe('RealUserMonitoring', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('one app monitor for the CloudFront domain: web vitals, errors and HTTP, with X-Ray and custom events', () => {
    template.resourceCountIs(MONITOR, 1);
    template.hasResourceProperties(MONITOR, {
      Name: 'todo-test-web',
      Domain: 'd111111abcdef8.cloudfront.net',
      AppMonitorConfiguration: {
        AllowCookies: true,
        EnableXRay: true,
        SessionSampleRate: 0.25,
        Telemetries: ['performance', 'errors', 'http'],
        IdentityPoolId: { Ref: logicalId(POOL) },
        GuestRoleArn: { 'Fn::GetAtt': [logicalId(ROLE), 'Arn'] },
      },
      CustomEvents: { Status: 'ENABLED' },
      CwLogEnabled: false,
    });
  });

  test('publishes no custom metrics unless given; given ones go to CloudWatch', () => {
    expect(template.toJSON().Resources[logicalId(MONITOR)].Properties.AppMonitorConfiguration.MetricDestinations).toBe(
      undefined,
    );
    const definition = { name: 'TodosAdded', namespace: 'TodoWeb', eventPattern: '{"event_type":["todo.todo_added"]}' };
    synth({ customMetrics: [definition] }).hasResourceProperties(MONITOR, {
      AppMonitorConfiguration: {
        MetricDestinations: [
          {
            Destination: 'CloudWatch',
            MetricDefinitions: [{ Name: 'TodosAdded', Namespace: 'TodoWeb', EventPattern: definition.eventPattern }],
          },
        ],
      },
    });
  });

  test('the identity pool hands out guest identities through the enhanced flow only', () => {
    template.hasResourceProperties(POOL, {
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      IdentityPoolName: 'todo_test_web_rum',
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      IdentityPoolId: { Ref: logicalId(POOL) },
      Roles: { unauthenticated: { 'Fn::GetAtt': [logicalId(ROLE), 'Arn'] } },
    });
  });

  test('only unauthenticated identities of this pool may assume the guest role', () => {
    template.hasResourceProperties(ROLE, {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: logicalId(POOL) } },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
            },
          },
        ],
      },
    });
    expect(template.findResources(ROLE)[logicalId(ROLE)].Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the guest role may only put RUM events into this app monitor', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([{ Ref: logicalId(ROLE) }]);
    const statements = policies[0].Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Sid: 'PutRumEvents',
      Effect: 'Allow',
      Action: 'rum:PutRumEvents',
      Resource: expect.anything(),
    });
    expect(deployedText(statements[0].Resource)).toBe('arn:aws:rum:eu-west-1:123456789012:appmonitor/todo-test-web');
  });

  test.each([-0.1, 1.5, Number.NaN])('rejects session sample rate %p', (rate) => {
    expect(() => synth({ sessionSampleRate: rate })).toThrow(/sessionSampleRate must be from 0 to 1/);
  });

  test('the app monitor id is the RUM id attribute, not its name', () => {
    const stack = new Stack(new App(), 'IdStack');
    const rum = new RealUserMonitoring(stack, 'Rum', {
      appMonitorName: 'x',
      domain: 'd.example',
      sessionSampleRate: 1,
    });
    expect(stack.resolve(rum.appMonitorId)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(rum.appMonitor), 'Id'] });
  });
});
