import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export interface TopicPublishTargetProps {
  /**
   * Physical name of the rule (on the default bus). Its ARN is built from the name, not read from the rule: the
   * topic's key policy names the rule, and the rule names the topic, which names the key — a reference would be a cycle.
   */
  readonly ruleName: string;
  readonly message: events.RuleTargetInput;
  /**
   * Where EventBridge puts events it could not publish after its retries.
   * @default - none: undeliverable events are dropped after 24 hours of retries
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * An SNS topic as a rule target that only this rule may publish to. `aws-events-targets.SnsTopic` grants
 * events.amazonaws.com the topic and its key for any rule of any account; here the topic policy, the key policy and
 * the dead-letter queue's policy each require `aws:SourceArn` = this rule's ARN (confused deputy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). Resource policies, no role: a role on an
 * SNS target with KMS can make delivery fail
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
 */
export class TopicPublishTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly props: TopicPublishTargetProps,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    const ruleArn = Stack.of(rule).formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: this.props.ruleName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    const sid = (purpose: string) => `AllowRule${this.props.ruleName.replace(/[^A-Za-z0-9]/g, '')}${purpose}`;
    const fromThisRule = { ArnEquals: { 'aws:SourceArn': ruleArn } };
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: sid('ToPublish'),
        principals: [eventBridge],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisRule,
      }),
    );
    // SNS encrypts with the topic's key on the publisher's behalf, so the publisher needs the key too
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html); the same grant covers the queue's key.
    const keys = new Set([this.topic.masterKey, this.props.deadLetterQueue?.encryptionMasterKey]);
    for (const key of keys) {
      key?.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: sid('ToEncrypt'),
          principals: [eventBridge],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: fromThisRule,
        }),
      );
    }
    const dlq = this.props.deadLetterQueue;
    dlq?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: sid('DeadLetters'),
        principals: [eventBridge],
        actions: ['sqs:SendMessage'],
        resources: [dlq.queueArn],
        conditions: fromThisRule,
      }),
    );
    return {
      arn: this.topic.topicArn,
      input: this.props.message,
      deadLetterConfig: dlq ? { arn: dlq.queueArn } : undefined,
    };
  }
}
