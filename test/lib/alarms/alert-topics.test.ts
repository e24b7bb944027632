import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AlertTopics, AlertTopicsProps } from '../../../lib/alarms/alert-topics';
import { deployedText as flatten } from '../../support/template-text';

const TOPIC = 'AWS::SNS::Topic';
const SUBSCRIPTION = 'AWS::SNS::Subscription';
const EMAILS = ['oncall@example.com', 'team@example.com'];
const SECRET_NAME = 'todo/pagerduty-url';

function build(props: Partial<AlertTopicsProps> = {}): Stack {
  const stack = new Stack(new App(), 'TestStack');
  new AlertTopics(stack, 'AlertTopics', { namePrefix: 'todo-test', ...props });
  return stack;
}

const stack = build({ emails: EMAILS, pagerDutySecretName: SECRET_NAME });
const template = Template.fromStack(stack);
const bareStack = build();
const bare = Template.fromStack(bareStack);

const topicIds = Object.fromEntries(
  ['critical', 'warning', 'info'].map((severity) => [
    severity,
    Object.keys(template.findResources(TOPIC, { Properties: { TopicName: `todo-test-alerts-${severity}` } }))[0],
  ]),
);
const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));

describe('AlertTopics', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one topic per severity, named <prefix>-alerts-<severity>', () => {
    template.resourceCountIs(TOPIC, 3);
    for (const severity of ['critical', 'warning', 'info']) {
      template.hasResourceProperties(TOPIC, { TopicName: `todo-test-alerts-${severity}` });
    }
  });

  test('encrypts every topic with its own customer-managed key', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.allResourcesProperties(TOPIC, { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('rotates the key and retains it by default', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });

  test('key policy lets CloudWatch alarms use the key to publish', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
          }),
        ]),
      },
    });
  });

  test('key policy lets SNS use the key to write undelivered alerts to the encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', Match.stringLikeRegexp('^kms:GenerateDataKey')]),
          }),
        ]),
      },
    });
  });

  test('every topic refuses publishing without TLS', () => {
    template.resourceCountIs('AWS::SNS::TopicPolicy', 3);
    for (const topicId of Object.values(topicIds)) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('subscribes every e-mail address to every topic', () => {
    expect(Object.keys(template.findResources(SUBSCRIPTION, { Properties: { Protocol: 'email' } }))).toHaveLength(
      EMAILS.length * 3,
    );
    for (const topicId of Object.values(topicIds)) {
      for (const email of EMAILS) {
        template.hasResourceProperties(SUBSCRIPTION, {
          Protocol: 'email',
          Endpoint: email,
          TopicArn: { Ref: topicId },
        });
      }
    }
  });

  test('pages PagerDuty over HTTPS from the critical topic only', () => {
    const https = Object.values(template.findResources(SUBSCRIPTION, { Properties: { Protocol: 'https' } }));
    expect(https).toHaveLength(1);
    expect(https[0].Properties.TopicArn).toEqual({ Ref: topicIds.critical });
  });

  test('the PagerDuty endpoint is a Secrets Manager dynamic reference, never a plain URL', () => {
    const [subscription] = Object.values(template.findResources(SUBSCRIPTION, { Properties: { Protocol: 'https' } }));
    const endpoint = flatten(subscription.Properties.Endpoint);
    expect(endpoint).toMatch(
      /^\{\{resolve:secretsmanager:(arn:aws:secretsmanager:[^:]+:\d+:secret:)?todo\/pagerduty-url:SecretString:::\}\}$/,
    );
    expect(endpoint).not.toMatch(/https?:\/\//);
  });

  test('keeps undelivered alerts two weeks in a KMS-encrypted dead-letter queue', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'todo-test-alerts-undelivered',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test('every subscription redrives to the dead-letter queue', () => {
    const [queueId] = Object.keys(template.findResources('AWS::SQS::Queue'));
    template.allResourcesProperties(SUBSCRIPTION, {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });

  test('does not warn when a PagerDuty secret is configured', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('pagerDutySecretName'));
  });

  test('warns at synth when no PagerDuty secret is configured', () => {
    Annotations.fromStack(bareStack).hasWarning(
      '/TestStack/AlertTopics',
      Match.stringLikeRegexp('No pagerDutySecretName configured'),
    );
  });

  test('has no subscription at all without e-mails or a PagerDuty secret', () => {
    bare.resourceCountIs(SUBSCRIPTION, 0);
  });
});
