/** Safe deployments of the service stack: one CodeDeploy group per function, configured per stage. */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AUDIT_PROCESSOR, API_FUNCTIONS } from '../../../contract/routes';
import { createTodoApp } from '../../../lib/todo-app';

const FUNCTIONS = [...API_FUNCTIONS.map((f) => f.name), AUDIT_PROCESSOR.name];
const serviceOf = (stage: string) =>
  Template.fromStack(createTodoApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } })).service);
const templates = { dev: serviceOf('dev'), prod: serviceOf('prod') };

describe.each([
  ['prod', 'CodeDeployDefault.LambdaCanary10Percent5Minutes'],
  ['dev', 'CodeDeployDefault.LambdaAllAtOnce'],
] as const)('%s service stack', (stage, config) => {
  const template = templates[stage];

  test(`publishes every function through a deployment group using ${config}`, () => {
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', FUNCTIONS.length);
    for (const name of FUNCTIONS) {
      template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
        DeploymentGroupName: `todo-${stage}-${name}`,
        DeploymentConfigName: config,
        AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_STOP_ON_ALARM']) },
      });
    }
  });

  test('names two rollback alarms per function by the convention, without actions', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
      FUNCTIONS.flatMap((name) => [
        `todo-${stage}-lambda-${name}-deploy-errors-info`,
        `todo-${stage}-lambda-${name}-deploy-p99-info`,
      ]).sort(),
    );
    expect(alarms.every((a) => a.AlarmActions === undefined)).toBe(true);
  });

  test('groups the deployment groups in one application, todo-<stage>-functions, run by one role', () => {
    template.resourceCountIs('AWS::CodeDeploy::Application', 1);
    template.hasResourceProperties('AWS::CodeDeploy::Application', {
      ApplicationName: `todo-${stage}-functions`,
      ComputePlatform: 'Lambda',
    });
    const roles = new Set(
      Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup')).map((g) =>
        JSON.stringify(g.Properties.ServiceRoleArn),
      ),
    );
    expect(roles.size).toBe(1);
  });
});

describe.each(['dev', 'prod'] as const)('%s deployment groups and functions', (stage) => {
  const resources = templates[stage].toJSON().Resources as Record<string, CfnResource>;
  const refOf = (value: unknown): string => (value as { Ref: string }).Ref;

  // The rollback notification shows the event's `deploymentGroup` as the function that was rolled back.
  test('names each deployment group after the function its alias shifts', () => {
    const aliases = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Alias');
    const pairs = aliases.map((alias) => {
      const group = resources[refOf(alias.UpdatePolicy?.CodeDeployLambdaAliasUpdate?.DeploymentGroupName)];
      const fn = resources[refOf(alias.Properties.FunctionName)];
      return [group.Properties.DeploymentGroupName, fn.Properties.FunctionName];
    });
    expect(pairs).toHaveLength(FUNCTIONS.length);
    for (const [groupName, functionName] of pairs) expect(groupName).toBe(functionName);
  });
});

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown> & { FunctionName?: unknown; DeploymentGroupName?: unknown };
  readonly UpdatePolicy?: { CodeDeployLambdaAliasUpdate?: { DeploymentGroupName?: unknown } };
}
