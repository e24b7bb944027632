import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { customerManagedKey } from '../security/customer-managed-key';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `{app}-{stage}-alerts-{severity}`: the topic of one severity (the alert replay reads severities back from it). */
export function alertTopicName(namePrefix: string, severity: Severity): string {
  return `${namePrefix}-alerts-${severity}`;
}

export interface AlertTopicsProps {
  /** Prefix of the topic names, e.g. `todo-prod` gives `todo-prod-alerts-critical`. */
  readonly namePrefix: string;
  /**
   * E-mail addresses subscribed to every severity.
   * @default - no e-mail subscriptions
   */
  readonly emails?: readonly string[];
  /**
   * Name of a Secrets Manager secret whose value is the PagerDuty CloudWatch integration URL; the critical topic
   * gets an HTTPS subscription to it. The URL is resolved by CloudFormation and never appears in the template.
   * @default - no paging; synth warns
   */
  readonly pagerDutySecretName?: string;
  /**
   * What happens to the topics' KMS key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * One SNS topic per alert severity: `critical` pages now (PagerDuty), `warning` makes a ticket for business hours,
 * `info` notifies. Encrypted with a customer-managed key that CloudWatch alarms may use, and refusing plain HTTP.
 */
export class AlertTopics extends Construct {
  public readonly key: kms.Key;
  /** Dead-letter queue of every subscription: alerts that could not be delivered. */
  public readonly deliveryFailures: sqs.Queue;
  private readonly topics: Record<Severity, sns.Topic>;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);

    this.key = customerManagedKey(this, 'Key', {
      description: `Encrypts the ${props.namePrefix} alert topics`,
      removalPolicy: props.keyRemovalPolicy,
    });
    // Alarms publish to encrypted topics only if CloudWatch may use the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    // SNS must use the key to move undeliverable alerts into the encrypted dead-letter queue.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSnsToWriteDeadLetters',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    const topic = (severity: Severity, title: string): sns.Topic =>
      new sns.Topic(this, `${severity[0].toUpperCase()}${severity.slice(1)}Topic`, {
        topicName: alertTopicName(props.namePrefix, severity),
        displayName: title,
        masterKey: this.key,
        enforceSSL: true,
      });
    this.topics = {
      critical: topic('critical', 'Todo critical alerts (page)'),
      warning: topic('warning', 'Todo warnings (ticket)'),
      info: topic('info', 'Todo notices'),
    };

    // Notifications SNS could not deliver (endpoint down, PagerDuty rejecting) wait here instead of vanishing.
    this.deliveryFailures = new sqs.Queue(this, 'DeliveryFailures', {
      queueName: `${props.namePrefix}-alerts-undelivered`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    for (const email of props.emails ?? []) {
      for (const severity of SEVERITIES) {
        this.topics[severity].addSubscription(
          new subscriptions.EmailSubscription(email, { deadLetterQueue: this.deliveryFailures }),
        );
      }
    }

    if (props.pagerDutySecretName) {
      const secret = secretsmanager.Secret.fromSecretNameV2(this, 'PagerDutySecret', props.pagerDutySecretName);
      this.topics.critical.addSubscription(
        new subscriptions.UrlSubscription(secret.secretValue.unsafeUnwrap(), {
          protocol: sns.SubscriptionProtocol.HTTPS,
          deadLetterQueue: this.deliveryFailures,
        }),
      );
    } else {
      Annotations.of(this).addWarningV2(
        'todo:no-pagerduty',
        'No pagerDutySecretName configured: critical alerts are not paged (set -c pagerDutySecretName=<secret>).',
      );
    }
  }

  /** The topic alarms of `severity` notify. */
  public topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }
}
