import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Aws } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The services whose spend is observability, as Cost Explorer's SERVICE dimension names them (the values AWS Budgets
 * cost filters take; `aws ce get-dimension-values --dimension SERVICE` lists them for an account).
 */
export const OBSERVABILITY_SERVICES = [
  'AmazonCloudWatch',
  'AWS X-Ray',
  'AWS WAF',
  'AWS Key Management Service',
  'Amazon Simple Notification Service',
  'AWS Secrets Manager',
] as const;

/** Percentages of the budget at which the topic is notified (actual spend, not forecast). */
export const BUDGET_THRESHOLDS = [80, 100] as const;

export interface ObservabilityBudgetProps {
  readonly budgetName: string;
  readonly monthlyUsd: number;
  /** The warning topic (a ticket, not a page) and the key that encrypts it. */
  readonly topic: sns.ITopic;
  readonly topicKey: kms.IKey;
}

/**
 * An AWS Budgets budget on the observability services' monthly spend that notifies the warning topic at 80% and 100%
 * of it. AWS Budgets publishes only if the topic policy and the topic's key let budgets.amazonaws.com do so
 * (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html).
 */
export class ObservabilityBudget extends Construct {
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: ObservabilityBudgetProps) {
    super(scope, id);
    const budgetsService = new iam.ServicePrincipal('budgets.amazonaws.com');
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBudgetsToPublish',
        principals: [budgetsService],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        conditions: fromThisAccount,
      }),
    );
    props.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBudgetsToPublishEncrypted',
        principals: [budgetsService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyUsd, unit: 'USD' },
        costFilters: { Service: [...OBSERVABILITY_SERVICES] },
      },
      notificationsWithSubscribers: BUDGET_THRESHOLDS.map((threshold) => ({
        notification: {
          notificationType: 'ACTUAL',
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers: [{ subscriptionType: 'SNS', address: props.topic.topicArn }],
      })),
    });
  }
}
