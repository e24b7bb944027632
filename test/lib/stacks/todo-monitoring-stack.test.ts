import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';

const TOPIC = 'AWS::SNS::Topic';
const SUBSCRIPTION = 'AWS::SNS::Subscription';
const SECRET_NAME = 'todo/pagerduty-url';

/**
 * The real app. Bundling is skipped (`aws:cdk:bundling-stacks`): this file asserts the monitoring stack only, and
 * the service stack's handlers are bundled by its own test.
 */
function appFor(context: Record<string, string>) {
  return createTodoApp(new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }));
}

const dev = appFor({ stage: 'dev' });
const prod = appFor({ stage: 'prod', pagerDutySecretName: SECRET_NAME });
const template = Template.fromStack(dev.monitoring);
const prodTemplate = Template.fromStack(prod.monitoring);

/** A CloudFormation string value (literal or Fn::Join of literals and pseudo parameters) as deployed. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'eu-west-1',
    'AWS::AccountId': '123456789012',
  };
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flatten).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref && pseudo[ref]) return pseudo[ref];
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}

describe('TodoMonitoringStack', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('is named after app and stage', () => {
    expect(dev.monitoring.stackName).toBe('todo-dev-monitoring');
  });

  test('creates the three alert topics named todo-<stage>-alerts-<severity>', () => {
    template.resourceCountIs(TOPIC, 3);
    for (const severity of ['critical', 'warning', 'info']) {
      template.hasResourceProperties(TOPIC, { TopicName: `todo-dev-alerts-${severity}` });
      prodTemplate.hasResourceProperties(TOPIC, { TopicName: `todo-prod-alerts-${severity}` });
    }
  });

  test.each(['Critical', 'Warning', 'Info'])('outputs the %s topic ARN', (severity) => {
    const [topicId] = Object.keys(
      template.findResources(TOPIC, { Properties: { TopicName: `todo-dev-alerts-${severity.toLowerCase()}` } }),
    );
    template.hasOutput(`${severity}TopicArn`, { Value: { Ref: topicId } });
  });

  test('dev pages nobody: no HTTPS subscription', () => {
    expect(Object.keys(template.findResources(SUBSCRIPTION, { Properties: { Protocol: 'https' } }))).toEqual([]);
  });

  test('dev warns at synth that critical alerts are not paged', () => {
    Annotations.fromStack(dev.monitoring).hasWarning('*', Match.stringLikeRegexp('No pagerDutySecretName configured'));
  });

  test('prod with -c pagerDutySecretName subscribes PagerDuty to the critical topic over HTTPS', () => {
    const [criticalId] = Object.keys(
      prodTemplate.findResources(TOPIC, { Properties: { TopicName: 'todo-prod-alerts-critical' } }),
    );
    const https = Object.values(prodTemplate.findResources(SUBSCRIPTION, { Properties: { Protocol: 'https' } }));
    expect(https).toHaveLength(1);
    expect(https[0].Properties.TopicArn).toEqual({ Ref: criticalId });
  });

  test('prod resolves the PagerDuty URL from Secrets Manager at deploy time, never in the template', () => {
    const [subscription] = Object.values(
      prodTemplate.findResources(SUBSCRIPTION, { Properties: { Protocol: 'https' } }),
    );
    const endpoint = flatten(subscription.Properties.Endpoint);
    expect(endpoint).toMatch(
      /^\{\{resolve:secretsmanager:(arn:aws:secretsmanager:[^:]+:\d+:secret:)?todo\/pagerduty-url:SecretString:::\}\}$/,
    );
    expect(JSON.stringify(prodTemplate.toJSON())).not.toMatch(/https:\/\/events\.pagerduty\.com/);
  });

  test('prod does not warn about paging', () => {
    Annotations.fromStack(prod.monitoring).hasNoWarning('*', Match.stringLikeRegexp('pagerDutySecretName'));
  });

  test('prod retains the topics key; dev deletes it', () => {
    prodTemplate.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});
