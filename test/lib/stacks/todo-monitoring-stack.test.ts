import { templateInventory } from '../../../scripts/template-inventory';
import { App, CfnElement } from 'aws-cdk-lib';
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
  test('resource inventory (types, logical ids, physical names) matches the snapshot', () => {
    expect(templateInventory(template.toJSON())).toMatchSnapshot();
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

  test.each(['operations', 'troubleshooting', 'business', 'slo', 'frontend'])(
    'creates the %s dashboard named todo-<stage>-<role> and outputs its URL',
    (role) => {
      const dashboards = template.findResources('AWS::CloudWatch::Dashboard', {
        Properties: { DashboardName: `todo-dev-${role}` },
      });
      expect(Object.keys(dashboards)).toHaveLength(1);
      const [dashboardId] = Object.keys(dashboards);
      const output = template.findOutputs(`${role[0].toUpperCase()}${role.slice(1)}DashboardUrl`);
      // The URL names the dashboard by reference; rendered as deployed, it is the dashboard's name.
      const [parts] = Object.values(output).map((o) => o.Value['Fn::Join'][1] as unknown[]);
      const rendered = parts.map((part) =>
        JSON.stringify(part) === JSON.stringify({ Ref: dashboardId }) ? `todo-dev-${role}` : flatten(part),
      );
      expect(rendered.join('')).toBe(
        `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/todo-dev-${role}`,
      );
    },
  );

  test('has exactly the five dashboards', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 5);
  });

  test("the web alarms watch the service's RUM app monitor and notify the warning topic, unsuppressed", () => {
    expect(dev.service.webAppMonitorName).toBe('todo-dev-web');
    const [warningTopicId] = Object.keys(
      template.findResources(TOPIC, { Properties: { TopicName: 'todo-dev-alerts-warning' } }),
    );
    for (const id of ['web-js-error-rate-warning', 'web-lcp-p75-warning']) {
      const [alarm] = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `todo-dev-${id}` } }),
      );
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: warningTopicId }]);
      const dimensions = (alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: { Dimensions: unknown } } }>)
        .filter((m) => m.MetricStat)
        .map((m) => m.MetricStat!.Metric.Dimensions);
      expect(dimensions.length).toBeGreaterThan(0);
      for (const d of dimensions) expect(d).toEqual([{ Name: 'application_name', Value: 'todo-dev-web' }]);
    }
  });

  test('every notifying alarm, the web alarms included, is on the operations dashboard', () => {
    const logicalIdOf = (name: string) => {
      const [id] = Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }));
      return id;
    };
    expect(dev.monitoring.alarms.notifying().map((n) => n.alarm)).toEqual(
      expect.arrayContaining([dev.monitoring.web.jsErrorRate, dev.monitoring.web.lcp]),
    );
    const [operations] = Object.values(
      template.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: 'todo-dev-operations' } }),
    );
    const body = JSON.stringify(operations.Properties.DashboardBody);
    for (const name of ['todo-dev-web-js-error-rate-warning', 'todo-dev-web-lcp-p75-warning']) {
      expect(body).toContain(`"${logicalIdOf(name)}","Arn"`);
    }
    expect(dev.monitoring.alarms.notifying().map((n) => n.alarm).length).toBeGreaterThan(2);
    for (const alarm of dev.monitoring.alarms.notifying().map((n) => n.alarm)) {
      const id = dev.monitoring.getLogicalId(alarm.node.defaultChild as CfnElement);
      expect(body).toContain(`"${id}","Arn"`);
    }
  });

  test('prod retains the topics key; dev deletes it', () => {
    prodTemplate.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });
});

describe('TodoMonitoringStack canaries and the web client', () => {
  test('both canaries know the web client URL from the service stack; the heartbeat checks it', () => {
    const distributionId = dev.service.getLogicalId(dev.service.web.distribution.node.defaultChild as CfnElement);
    for (const name of ['todo-dev-journey', 'todo-dev-heartbeat']) {
      const [canary] = Object.values(template.findResources('AWS::Synthetics::Canary', { Properties: { Name: name } }));
      const url = JSON.stringify(canary.Properties.RunConfig.EnvironmentVariables.TODO_WEB_URL);
      expect(url).toContain('"StackName":"todo-dev-service"');
      expect(url).toContain(distributionId);
      expect(url).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",.*,"\/"\]\]\}$/);
    }
  });
});
