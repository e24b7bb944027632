import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import {
  DEPLOYMENT_ROLLED_BACK,
  DeploymentRollbackNotification,
} from '../../../lib/alarms/deployment-rollback-notification';
import { testAlarms, TEST_RUNBOOKS } from '../../support/alarm-fixtures';
import { deployedText } from '../../support/template-text';

const RULE = 'AWS::Events::Rule';
const NAME = 'todo-test-deployment-rolled-back-warning';
const GROUPS = ['todo-test-list-todos', 'todo-test-audit-stream-processor'];
const RULE_ARN = `arn:aws:events:eu-west-1:123456789012:rule/${NAME}`;
const RUNBOOK = `${TEST_RUNBOOKS}/alarms/deployment-rolled-back-warning.md`;

function build() {
  const stack = new Stack(new App(), 'TestStack');
  const { alarms, topics } = testAlarms(stack);
  const application = codedeploy.LambdaApplication.fromLambdaApplicationName(stack, 'App', 'todo-test-functions');
  const deploymentGroups = GROUPS.map((deploymentGroupName) =>
    codedeploy.LambdaDeploymentGroup.fromLambdaDeploymentGroupAttributes(stack, deploymentGroupName, {
      application,
      deploymentGroupName,
    }),
  );
  const notification = new DeploymentRollbackNotification(stack, 'Rollbacks', {
    alarms,
    deploymentGroups,
    dashboardName: 'todo-test-troubleshooting',
  });
  return { stack, alarms, topics, notification, template: Template.fromStack(stack) };
}

const built = build();
const { template, stack, topics } = built;
const rule = () => Object.values(template.findResources(RULE))[0].Properties;
const target = () => rule().Targets[0];
const ref = (value: unknown) => stack.resolve(value);
interface Statement {
  readonly Resource?: unknown;
  readonly Condition: Record<string, Record<string, unknown>>;
  readonly owner: Record<string, unknown>;
  readonly [key: string]: unknown;
}
/** Statements of every resource policy of `type` that name events.amazonaws.com. */
const eventBridgeStatements = (type: string, documentKey: string): Statement[] =>
  Object.values(template.findResources(type)).flatMap((r) =>
    (r.Properties[documentKey].Statement as Statement[])
      .filter((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'events.amazonaws.com' }))
      .map((s) => ({ ...s, owner: r.Properties })),
  );

describe('DeploymentRollbackNotification', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('one rule, named like an alarm and described by its summary', () => {
    template.resourceCountIs(RULE, 1);
    expect(rule().Name).toBe(NAME);
    expect(rule().State).toBe('ENABLED');
    expect(rule().Description).toMatch(/^A CodeDeploy deployment of a function ended FAILURE or STOPPED/);
  });

  test("matches FAILURE and STOPPED deployments of this app's application and deployment groups only", () => {
    expect(rule().EventPattern).toEqual({
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail: { state: ['FAILURE', 'STOPPED'], application: ['todo-test-functions'], deploymentGroup: GROUPS },
    });
  });

  test('targets the warning topic through resource policies (no role) and dead-letters to the alerts queue', () => {
    expect(target().Arn).toEqual(ref(topics.topic('warning').topicArn));
    expect(target().RoleArn).toBeUndefined();
    expect(target().DeadLetterConfig).toEqual({ Arn: ref(topics.deliveryFailures.queueArn) });
  });

  test('the message names the function, deployment, state, console link, runbook and dashboard', () => {
    const { InputPathsMap, InputTemplate } = target().InputTransformer;
    expect(InputPathsMap).toEqual({
      'detail-deploymentGroup': '$.detail.deploymentGroup',
      'detail-deploymentId': '$.detail.deploymentId',
      'detail-state': '$.detail.state',
      'detail-application': '$.detail.application',
      'detail-region': '$.detail.region',
    });
    const lines = deployedText(InputTemplate).split('\n');
    expect(lines).toEqual([
      '"Deployment <detail-deploymentId> of function <detail-deploymentGroup> ended <detail-state>: CodeDeploy rolled its live alias back."',
      '"Function: <detail-deploymentGroup>"',
      '"Deployment: <detail-deploymentId> (application <detail-application>, deployment group <detail-deploymentGroup>), state <detail-state>"',
      '"Console: https://<detail-region>.console.aws.amazon.com/codesuite/codedeploy/deployments/<detail-deploymentId>?region=<detail-region>"',
      '"Severity: warning"',
      `"Runbook: ${RUNBOOK}"`,
      expect.stringMatching(
        /^"Dashboard: https:\/\/eu-west-1\.console.*#dashboards\/dashboard\/todo-test-troubleshooting"$/,
      ),
    ]);
  });

  test('only this rule may publish to the warning topic, and to no other topic', () => {
    const statements = eventBridgeStatements('AWS::SNS::TopicPolicy', 'PolicyDocument');
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(statement.Resource).toEqual(ref(topics.topic('warning').topicArn));
    expect(statement.owner.Topics).toEqual([ref(topics.topic('warning').topicArn)]);
    expect(deployedText(statement.Condition.ArnEquals['aws:SourceArn'])).toBe(RULE_ARN);
  });

  // The SNS guide: aws:SourceAccount, aws:SourceArn and aws:SourceOrgID in a KMS key policy are not supported for
  // EventBridge-to-encrypted topics (delivery fails); the encryption context names the topic and the queue instead.
  test("the topics' key lets EventBridge encrypt for the warning topic and the alerts queue only, by encryption context", () => {
    const statements = eventBridgeStatements('AWS::KMS::Key', 'KeyPolicy');
    expect(statements.map((s) => [s.Effect, s.Action, s.Resource])).toEqual([
      ['Allow', ['kms:Decrypt', 'kms:GenerateDataKey'], '*'],
      ['Allow', ['kms:Decrypt', 'kms:GenerateDataKey'], '*'],
    ]);
    const contexts = statements.map((s) => {
      expect(Object.keys(s.Condition)).toEqual(['StringEquals']);
      return Object.entries(s.Condition.StringEquals).map(([key, value]) => [key, deployedText(value)]);
    });
    expect(contexts).toEqual([
      [['kms:EncryptionContext:aws:sns:topicArn', 'arn:aws:sns:eu-west-1:123456789012:todo-test-alerts-warning']],
      [['kms:EncryptionContext:aws:sqs:arn', 'arn:aws:sqs:eu-west-1:123456789012:todo-test-alerts-undelivered']],
    ]);
    // The ARNs are built from names (a reference would be a cycle): they are the names the topic and queue deploy with.
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'todo-test-alerts-warning' });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'todo-test-alerts-undelivered' });
  });

  test('the alerts queue accepts dead letters from this rule only', () => {
    const statements = eventBridgeStatements('AWS::SQS::QueuePolicy', 'PolicyDocument');
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sqs:SendMessage' });
    expect(statement.Resource).toEqual(ref(topics.deliveryFailures.queueArn));
    expect(statement.owner.Queues).toEqual([ref(topics.deliveryFailures.queueUrl)]);
    expect(deployedText(statement.Condition.ArnEquals['aws:SourceArn'])).toBe(RULE_ARN);
  });

  test('the registry records the rule with its runbook, apart from the alarms', () => {
    expect(built.alarms.notifyingRules()).toEqual([
      expect.objectContaining({
        id: DEPLOYMENT_ROLLED_BACK,
        name: NAME,
        runbookUrl: RUNBOOK,
        rule: built.notification.rule,
      }),
    ]);
    expect(built.alarms.notifications().map((n) => n.name)).toEqual([NAME]);
    expect(built.alarms.notifying()).toEqual([]);
  });

  test('fails when no deployment group is given', () => {
    const scope = new Stack(new App(), 'Empty');
    const { alarms } = testAlarms(scope);
    expect(
      () =>
        new DeploymentRollbackNotification(scope, 'Rollbacks', { alarms, deploymentGroups: [], dashboardName: 'd' }),
    ).toThrow('DeploymentRollbackNotification: deploymentGroups must name at least one group, got none');
  });
});
