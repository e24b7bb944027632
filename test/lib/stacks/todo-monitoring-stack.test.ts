import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';
import { deployedText as flatten } from '../../support/template-text';

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
