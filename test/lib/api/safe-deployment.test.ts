import { AlarmFactory } from '../../../lib/alarms/alarm-factory';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { deploymentConfigOf, SafeDeployment, SafeDeploymentProps } from '../../../lib/api/safe-deployment';
import { LIVE_ALIAS_NAME, TodoFunction } from '../../../lib/api/todo-function';

const ENTRY = path.join(__dirname, '..', '..', 'fixtures', 'handler.ts');

function fixture(scope: Stack, id: string): lambda.Alias {
  const fn = new lambda.Function(scope, id, {
    functionName: `todo-test-${id.toLowerCase()}`,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  return new lambda.Alias(scope, `${id}Alias`, { aliasName: 'live', version: fn.currentVersion });
}

const stack = new Stack(new App(), 'TestStack');
const application = new codedeploy.LambdaApplication(stack, 'Application', { applicationName: 'todo-test-functions' });
const baseProps = (alias: lambda.Alias): SafeDeploymentProps => ({
  alias,
  application,
  deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  deploymentGroupName: 'todo-test-fn',
  alarms: new AlarmFactory({ namePrefix: 'todo-test', runbookBaseUrl: 'https://runbooks.example' }),
  component: 'lambda-fn',
  runbookUrl: 'https://runbooks.example/incident/recovery-rollback.md',
  dashboardName: 'todo-test-troubleshooting',
  p99ThresholdMs: 1000,
});
const alias = fixture(stack, 'Fn');
new SafeDeployment(stack, 'Deployment', baseProps(alias));
const template = Template.fromStack(stack);
const [aliasId] = Object.keys(template.findResources('AWS::Lambda::Alias'));
const [versionId] = Object.keys(template.findResources('AWS::Lambda::Version'));
const [fnId] = Object.keys(template.findResources('AWS::Lambda::Function'));

describe('SafeDeployment', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one deployment group with two rollback alarms', () => {
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  test('shifts traffic with the given deployment configuration and rolls back on failure, stop and alarm', () => {
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentGroupName: 'todo-test-fn',
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayEquals(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']),
      },
    });
  });

  test('the deployment group watches exactly its two rollback alarms', () => {
    const alarms = new Capture();
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AlarmConfiguration: { Enabled: true, Alarms: alarms },
    });
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(
      alarms
        .asArray()
        .map((a: { Name: { Ref: string } }) => a.Name.Ref)
        .sort(),
    ).toEqual(alarmIds.sort());
  });

  test('the alias is updated through CodeDeploy (UpdatePolicy), not in place', () => {
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.objectLike({ DeploymentGroupName: Match.anyValue() }) },
    });
  });

  test.each([
    ['Errors', 'Sum', 'todo-test-lambda-fn-deploy-errors-info', 0, 1, 1],
    ['Duration', undefined, 'todo-test-lambda-fn-deploy-p99-info', 1000, 3, 2],
  ])(
    'alarms on %s of the new version only (alias Resource + ExecutedVersion)',
    (metric, statistic, name, threshold, periods, points) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: name,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        ...(statistic ? { Statistic: statistic } : { ExtendedStatistic: 'p99' }),
        Period: 60,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: periods,
        DatapointsToAlarm: points,
        TreatMissingData: 'notBreaching',
        // Exactly the dimension set Lambda publishes for alias invocations, per executed version.
        Dimensions: [
          { Name: 'ExecutedVersion', Value: { 'Fn::GetAtt': [versionId, 'Version'] } },
          { Name: 'FunctionName', Value: { Ref: fnId } },
          { Name: 'Resource', Value: { 'Fn::Join': ['', [{ Ref: fnId }, ':live']] } },
        ],
      });
    },
  );

  test('rollback alarms notify nobody (CodeDeploy polls them) and link the rollback runbook', () => {
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
      const description = JSON.stringify(alarm.Properties.AlarmDescription);
      expect(description).toContain('Severity: info');
      expect(description).toContain('Runbook: https://runbooks.example/incident/recovery-rollback.md');
      expect(description).toContain('#dashboards/dashboard/todo-test-troubleshooting');
    }
  });

  test('the alias points at the current version', () => {
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
    });
    expect(aliasId).toBeDefined();
  });

  test.each([0, 1.5, 900_001])('fails when p99ThresholdMs is %p', (value) => {
    const scope = new Stack(new App(), 'Invalid');
    const props = {
      ...baseProps(fixture(scope, 'Fn')),
      application: codedeploy.LambdaApplication.fromLambdaApplicationName(scope, 'App', 'a'),
    };
    expect(() => new SafeDeployment(scope, 'D', { ...props, p99ThresholdMs: value })).toThrow(
      /p99ThresholdMs must be an integer from 1 to 900000/,
    );
  });

  test('fails when the component has characters an alarm name should not', () => {
    const scope = new Stack(new App(), 'InvalidName');
    const props = {
      ...baseProps(fixture(scope, 'Fn')),
      application: codedeploy.LambdaApplication.fromLambdaApplicationName(scope, 'App', 'a'),
    };
    expect(() => new SafeDeployment(scope, 'D', { ...props, component: 'lambda fn/x' })).toThrow(
      /component must be lower-case kebab-case/,
    );
  });
});

describe('deploymentConfigOf', () => {
  test('maps each stage strategy to its CodeDeploy configuration', () => {
    expect(deploymentConfigOf('canary-10-percent-5-minutes')).toBe(
      codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    );
    expect(deploymentConfigOf('all-at-once')).toBe(codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE);
  });
});

describe('TodoFunction publishing', () => {
  const scope = new Stack(new App(), 'TodoFunctionStack');
  const app = new codedeploy.LambdaApplication(scope, 'Application');
  const plain = new TodoFunction(scope, 'Plain', {
    entry: ENTRY,
    functionName: 'todo-test-plain',
    description: 'no deployment group',
    serviceName: 'todo-test',
    metricsNamespace: 'TodoTest',
  });
  const deployed = new TodoFunction(scope, 'Deployed', {
    entry: ENTRY,
    functionName: 'todo-test-deployed',
    description: 'with a deployment group',
    serviceName: 'todo-test',
    metricsNamespace: 'TodoTest',
    deployment: { ...baseProps(plain.alias), application: app, deploymentConfig: deploymentConfigOf('all-at-once') },
  });
  const t = Template.fromStack(scope);

  test('always publishes a live alias on the current version, keeping old versions for rollback', () => {
    expect(plain.alias.aliasName).toBe(LIVE_ALIAS_NAME);
    t.resourceCountIs('AWS::Lambda::Alias', 2);
    t.resourcePropertiesCountIs('AWS::Lambda::Version', {}, 2);
    for (const version of Object.values(t.findResources('AWS::Lambda::Version'))) {
      expect(version.DeletionPolicy).toBe('Retain');
    }
  });

  test('creates a deployment group named after the function only when deployment is set', () => {
    expect(plain.deployment).toBeUndefined();
    expect(deployed.deployment).toBeDefined();
    t.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentGroupName: 'todo-test-deployed',
      DeploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
    });
  });
});
