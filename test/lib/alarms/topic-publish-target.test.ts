import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { TopicPublishTarget } from '../../../lib/alarms/topic-publish-target';

function ruleAndKey() {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const rule = new events.Rule(stack, 'Rule', { ruleName: 'r', eventPattern: { source: ['aws.codedeploy'] } });
  return { stack, rule, key: new kms.Key(stack, 'Key') };
}

describe('TopicPublishTarget', () => {
  test('refuses an encrypted topic without a physical name: its key policy names it by ARN', () => {
    const { stack, rule, key } = ruleAndKey();
    const topic = new sns.Topic(stack, 'Unnamed', { masterKey: key });
    const target = new TopicPublishTarget(topic, { message: events.RuleTargetInput.fromText('x') });
    expect(() => rule.addTarget(target)).toThrow(
      'TopicPublishTarget: the topic TestStack/Unnamed needs a physical name: a policy names it by ARN, and a reference would be a cycle',
    );
  });

  test('an encrypted topic with a name gets the key statement for its own ARN', () => {
    const { stack, rule, key } = ruleAndKey();
    const topic = new sns.Topic(stack, 'Named', { topicName: 'alerts', masterKey: key });
    rule.addTarget(new TopicPublishTarget(topic, { message: events.RuleTargetInput.fromText('x') }));
    const [keyResource] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
    const statements = keyResource.Properties.KeyPolicy.Statement as Array<Record<string, unknown>>;
    expect(statements.filter((s) => s.Sid === 'AllowRulerToEncryptForTopic')).toEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:123456789012:alerts' },
        },
      }),
    ]);
  });
});
