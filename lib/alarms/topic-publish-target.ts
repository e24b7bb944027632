import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';

export interface TopicPublishTargetProps {
  readonly message: events.RuleTargetInput;
  /**
   * Where EventBridge puts events it could not publish after its retries.
   * @default - none: undeliverable events are dropped after 24 hours of retries
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

/**
 * An SNS topic as a rule target that only this rule may publish to. `aws-events-targets.SnsTopic` grants
 * events.amazonaws.com the topic and its key for any rule of any account; here the topic policy and the dead-letter
 * queue's policy each require `aws:SourceArn` = this rule's ARN (confused deputy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html), and the keys let EventBridge encrypt for
 * this topic and this queue only, by encryption context. Resource policies, no role: a role on an SNS target with KMS
 * can make delivery fail (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
 */
export class TopicPublishTarget implements events.IRuleTarget {
  constructor(
    private readonly topic: sns.ITopic,
    private readonly props: TopicPublishTargetProps,
  ) {}

  public bind(rule: events.IRuleRef): events.RuleTargetConfig {
    // ARNs built from physical names, not read from the resources: the key's policy names the topic and the rule, the
    // rule names the topic, and the topic names the key — references would be a cycle.
    const ruleName = physicalName(rule, 'rule');
    const ruleArn = Stack.of(rule).formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: ruleName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    const sid = (purpose: string) => `AllowRule${ruleName.replace(/[^A-Za-z0-9]/g, '')}${purpose}`;
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
    // SNS and SQS encrypt with the key on the publisher's behalf, so EventBridge needs the key
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html). Not conditioned on aws:SourceArn: the SNS
    // guide says aws:SourceAccount, aws:SourceArn and aws:SourceOrgID in a KMS key policy are not supported for
    // EventBridge-to-encrypted topics, and delivery would fail without an error. The encryption context each service
    // sends (the topic's ARN, the queue's ARN) confines the key to these two; the resource policies confine the rule.
    const encryptFor = (purpose: string, contextKey: string, arn: string) =>
      new iam.PolicyStatement({
        sid: sid(purpose),
        principals: [eventBridge],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { [`kms:EncryptionContext:${contextKey}`]: arn } },
      });
    this.topic.masterKey?.addToResourcePolicy(
      encryptFor('ToEncryptForTopic', 'aws:sns:topicArn', arnByName(this.topic)),
    );
    const dlq = this.props.deadLetterQueue;
    if (dlq !== undefined) {
      dlq.encryptionMasterKey?.addToResourcePolicy(encryptFor('ToEncryptDeadLetters', 'aws:sqs:arn', arnByName(dlq)));
      dlq.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: sid('DeadLetters'),
          principals: [eventBridge],
          actions: ['sqs:SendMessage'],
          resources: [dlq.queueArn],
          conditions: fromThisRule,
        }),
      );
    }
    return {
      arn: this.topic.topicArn,
      input: this.props.message,
      deadLetterConfig: dlq ? { arn: dlq.queueArn } : undefined,
    };
  }
}

/** The ARN of a topic or queue built from its physical name; an imported one has its ARN as a plain value already. */
function arnByName(resource: sns.ITopic | sqs.IQueue): string {
  if (resource.node.defaultChild === undefined) return 'topicArn' in resource ? resource.topicArn : resource.queueArn;
  const [service, name] =
    'topicArn' in resource ? ['sns', physicalName(resource, 'topic')] : ['sqs', physicalName(resource, 'queue')];
  return Stack.of(resource).formatArn({ service, resource: name, arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

/** The name a rule, topic or queue of this app deploys with; one without a name cannot be named in a policy. */
function physicalName(resource: IConstruct, kind: 'rule' | 'topic' | 'queue'): string {
  const cfn = resource.node.defaultChild;
  const name =
    cfn instanceof events.CfnRule
      ? cfn.name
      : cfn instanceof sns.CfnTopic
        ? cfn.topicName
        : cfn instanceof sqs.CfnQueue
          ? cfn.queueName
          : undefined;
  // A construct without a name gives CloudFormation a lazy value that resolves to nothing.
  const resolved: unknown = Stack.of(resource).resolve(name);
  if (typeof resolved !== 'string') {
    throw new Error(
      `TopicPublishTarget: the ${kind} ${resource.node.path} needs a physical name: a policy names it by ARN, and a reference would be a cycle`,
    );
  }
  return resolved;
}
